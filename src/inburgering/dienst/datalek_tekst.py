"""The breach report as plain Dutch text for the terminal (``inburgering datalek --samenvatting``): the figures of
a notification to the Autoriteit Persoonsgegevens, without the list of persons."""

from __future__ import annotations

from .datalek import Rapport


def _d(x) -> str:
    return x.strftime("%d-%m-%Y") if x else "—"


def maatregelregels(r: Rapport) -> list[tuple[str, str]]:
    """What was done, as (onderwerp, tekst): shared by the terminal, the portal page and the exports."""
    m = r.maatregelen
    corr = (f"{m['correcties']} correctiesignalen (SS190) aan gemeenten die een ten onrechte onder de Wi2021 "
            "geplaatste persoon zagen")
    if m["correcties"]:
        corr += f", verstuurd van {_d(m['correctie_eerste'])} tot en met {_d(m['correctie_laatste'])}"
        corr += f"; {m['correcties_afgeleverd_m2m']} ook afgeleverd via de Notificatie API"
    if m["zonder_correctie"]:
        corr += f"; {m['zonder_correctie']} keer nog geen correctie voor iemand die ten onrechte onder de Wi2021 viel"
    if m["brieven"] is None:
        brieven = "niet bekend (geen bron van brieven geregistreerd: dienst.datalek.registreer_brieven)"
    else:
        brieven = f"{m['brieven']} brieven" + (" (" + ", ".join(f"{k}: {n}" for k, n in sorted(m["brieven_per_soort"].items())) + ")"
                                               if m["brieven_per_soort"] else "")
    return [
        ("Opgeschoond", f"{m['signalen_geschoond']} signalen verwijderd uit de omgeving van de gemeente; "
                        f"{m['zicht_beeindigd_door_herbeoordeling']} keer het zicht beëindigd door de herbeoordeling"),
        ("Correcties", corr),
        ("Brieven aan betrokkenen", brieven),
    ]


def schrijf_samenvatting(r: Rapport, out) -> None:
    w = lambda s="": print(s, file=out)  # noqa: E731
    w("Datalekrapport: inzage door gemeenten die de wet niet gaf")
    w(f"Gegevens verwerkt tot en met {_d(r.einde)}" + (f"; venster {_d(r.van)} – {_d(r.tot)}" if r.van or r.tot else ""))
    w()
    if not r.lekken:
        w("Geen perioden gevonden: elke gemeente zag alleen wie zij volgens de wet mocht zien.")
        return
    w(f"Periode:              {_d(r.eerste_dag)} tot en met {_d(r.laatste_dag)}")
    w(f"Betrokkenen:          {r.betrokkenen}")
    w(f"Perioden van inzage:  {len(r.lekken)}")
    w()
    w("Oorzaak (regelvariant)")
    for v in r.per_variant:
        w(f"  {v['variant']:<32} {v['personen']:>6} personen  {v['omschrijving']}")
    w()
    w("Per gemeente")
    for g in r.per_gemeente:
        w(f"  {g['gemeente']} {g['naam'][:22]:<22} {g['personen']:>6} personen {g['perioden']:>6} perioden  "
          f"{_d(g['van'])} – {_d(g['tot'])}")
    w()
    w("Getoonde gegevens")
    for c in r.categorieen:
        w(f"  {c['categorie']:<52} {c['personen']:>6} personen  ({c['kanaal']})")
    w()
    w("Genomen maatregelen")
    for onderwerp, tekst in maatregelregels(r):
        w(f"  {onderwerp}: {tekst}")
