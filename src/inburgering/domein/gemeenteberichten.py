"""What gemeenten report to DUO (through the M2M API) enters the message log as chain messages of
type ``gemeente.*`` — an extension of the contract — so the one engine processes it like any source.

This module registers their validation, reads the PIP history the scope rule needs, and folds the rest
of what was reported about a person (``Dossier``) for the M2M API to read back.

The same goes for the few other parties whose data DUO's M2M APIs show: the leerbaarheidstoets provider
(``lbt.resultaat``), DUO's own back office for exemptions, dispensations and exams (``duo.vrijstelling``,
``duo.ontheffing``, ``duo.examenresultaat``, ``duo.gratispogingen``) and DUO's register of course
institutions (``duo.instelling``, no BSN). They are appended with ``inburgering ingest`` like any source;
the engine passes over the types it has no rule for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from .berichten import (
    O, R, SCHEMA, _datum, _Fout, _gemeentecode, _geheel, _huisnummer, _keuze, _postcode, _tekst,
    registreer_uitbreiding,
)
from .scope import Pip, nietig

if TYPE_CHECKING:
    from .feiten import PersoonFeiten

LEERROUTES = ("B1-route", "Onderwijsroute", "Z-route")
LEERROUTE_CODES = {"B": "B1-route", "O": "Onderwijsroute", "Z": "Z-route"}  # DUO's PIP API codes
LEERROUTE_CODE = {v: k for k, v in LEERROUTE_CODES.items()}
NIVEAUS = ("A2", "B1")
ALFABETISERING = ("A", "AA", "NVT")
URENSOORTEN = ("taalles_knm_bredeintake", "participatieactiviteiten", "participatie_taalles")
EXAMENONDERDELEN = ("KNM", "LE", "LU", "SC", "SP")


def _janee(v):
    if not isinstance(v, bool):
        raise _Fout("moet true of false zijn")
    return v


def _bereik(laag: int, hoog: int):
    def check(v):
        v = _geheel(v)
        if not laag <= v <= hoog:
            raise _Fout(f"moet tussen {laag} en {hoog} liggen")
        return v

    return check


def _instellingsnummer(v):
    if not isinstance(v, str) or len(v) != 10 or not v.isascii() or not v.isalnum():
        raise _Fout("moet een instellingsnummer van 10 letters of cijfers zijn")
    return v


def _score(v):
    if not isinstance(v, str) or not (4 <= len(v) <= 6) or v.count(",") != 1:
        raise _Fout("moet een score als 12,34 zijn")
    heel, deel = v.split(",")
    if not (heel.isdigit() and len(heel) <= 3 and deel.isdigit() and len(deel) == 2):
        raise _Fout("moet een score als 12,34 zijn")
    return v


_ALLES = (lambda v: v, O)

registreer_uitbreiding("gemeente.pip", {
    "gemeentecode": (_gemeentecode, R), "dagtekening": (_datum, R), "leerroute": (_keuze(*LEERROUTES), R),
    "datum": (_datum, O), "gegevens": _ALLES,
    "niveau": (_keuze(*NIVEAUS), O), "geschatte_intensiteit": (_bereik(1, 9999), O),
    "mag_opleiding_afmaken": (_janee, O), "alfabetisering": (_keuze(*ALFABETISERING), O),
})
registreer_uitbreiding("gemeente.pip_verwijderd", {"gemeentecode": (_gemeentecode, R), "datum": (_datum, O)})
registreer_uitbreiding("gemeente.melding", {
    "gemeentecode": (_gemeentecode, R), "soort": (_tekst, R), "datum": (_datum, O), "gegevens": _ALLES,
})
registreer_uitbreiding("gemeente.inburgeringsaanbod", {
    "gemeentecode": (_gemeentecode, R), "instellingsnummer": (_instellingsnummer, R),
    "alfabetisering": (_keuze(*ALFABETISERING), R), "datum_aanbod": (_datum, O),
    "verwachte_start": (_datum, O), "verwachte_einde": (_datum, O),
})
registreer_uitbreiding("gemeente.inburgeringsaanbod_verwijderd", {
    "gemeentecode": (_gemeentecode, R), "instellingsnummer": (_instellingsnummer, R),
})
for _soort, _datumveld in (("map", "datum_eindgesprek"), ("pvt", "datum_ondertekening")):
    registreer_uitbreiding(f"gemeente.{_soort}", {
        "gemeentecode": (_gemeentecode, R), _datumveld: (_datum, O), "verwijtbaar": (_keuze("Ja", "Nee"), O),
    })
registreer_uitbreiding("gemeente.zroute", {"gemeentecode": (_gemeentecode, R), "datum_afronding": (_datum, R)})
registreer_uitbreiding("gemeente.uren", {
    "gemeentecode": (_gemeentecode, R), "soort": (_keuze(*URENSOORTEN), R), "uren": (_bereik(0, 9999), R),
})
registreer_uitbreiding("gemeente.lbt_overgeslagen", {"gemeentecode": (_gemeentecode, R)})
registreer_uitbreiding("gemeente.contactpersoon", {
    "gemeentecode": (_gemeentecode, R), "contactpersoon": (_bereik(1, 99999), R),
    "actie": (_keuze("koppel", "ontkoppel"), R),
})
# The leerbaarheidstoets provider reports a result (Wi2021 art. 14 lid 3).
registreer_uitbreiding("lbt.resultaat", {
    "datum_afname": (_datum, R), "resultaat": (_keuze("B1-route haalbaar", "B1-route niet haalbaar", "Onbekend"), R),
    "behaalde_score": (_score, R), "benodigde_score": (_score, R),
})
# DUO's own decisions and exam results, as its back office registers them (contract §5.1).


def _vrijstelling_samenhang(v):
    start = v.get("startdatum") or v["datum_oordeel"]
    if v.get("einddatum") is not None and v["einddatum"] < start:
        return [("einddatum", f"ligt vóór '{'startdatum' if v.get('startdatum') else 'datum_oordeel'}' ({start}): "
                 "een tijdelijke vrijstelling kan niet eindigen voordat zij begint")]
    return []


def _verlenging_samenhang(v):
    if v["oordeel"] == "Toekenning" and v.get("nieuwe_einddatum") is None:
        return [("nieuwe_einddatum", "ontbreekt (verplicht bij oordeel Toekenning)")]
    return []


registreer_uitbreiding("duo.vrijstelling", {
    "soort": (_keuze("geheel", "tijdelijk", "gedeeltelijk"), R),
    "oordeel": (_keuze("Toekenning", "Afwijzing", "Intrekking"), R),
    "reden": (_keuze("AVI", "DIP", "DOC", "GED", "INB", "INS", "OPL"), R), "datum_oordeel": (_datum, R),
    "startdatum": (_datum, O), "einddatum": (_datum, O), "examenonderdeel": (_keuze("LE", "LU", "SC", "SP"), O),
    "examenniveau": (_keuze(*NIVEAUS), O),
}, _vrijstelling_samenhang)
registreer_uitbreiding("duo.ontheffing", {
    "soort": (_keuze("geheel", "gedeeltelijk"), R), "oordeel": (_keuze("Toekenning", "Afwijzing"), R),
    "datum_oordeel": (_datum, R), "grond": (_keuze("BIO", "MED"), R),
    "examenonderdeel": (_keuze(*EXAMENONDERDELEN), O), "uren_belastbaarheid": (_bereik(0, 9999), O),
})
registreer_uitbreiding("duo.examenresultaat", {
    "examendatum": (_datum, R), "onderdeel": (_keuze(*EXAMENONDERDELEN), R),
    "resultaat": (_keuze("Geslaagd", "Gezakt", "Geen"), R),
    "reden_geen_resultaat": (_keuze("Verwijtbaar", "Nietverwijtbaar", "Afgemeld", "Absent"), O),
    "niveau": (_keuze("A2", "B1", "B2"), O),
})
registreer_uitbreiding("duo.voldaan", {"datum": (_datum, R)})
registreer_uitbreiding("duo.termijnverlenging", {
    "soort": (_keuze("ambtshalve", "op_verzoek"), R), "oordeel": (_keuze("Toekenning", "Afwijzing"), R),
    "datum_oordeel": (_datum, R), "nieuwe_einddatum": (_datum, O),
}, _verlenging_samenhang)
# The opt-in group's choice: its effect is in domein/opt_in.py, its bad input in dienst/brieven.py.
registreer_uitbreiding("duo.opt_in", {"wet": (_keuze("Wi2013", "Wi2021"), R), "datum": (_datum, R)})
registreer_uitbreiding("duo.verzoek_doelgroep", {
    "rechten": (_keuze("gezins_en_overige_migrant", "asiel"), R), "datum": (_datum, R),
})
registreer_uitbreiding("duo.gratispogingen", {
    "onderdeel": (_keuze(*EXAMENONDERDELEN), R), "aantal": (_bereik(0, 99), R),
})
# DUO's register of course institutions (no person): Blik op Werk and taalschakel marks.
SCHEMA["duo.instelling"] = {
    "instellingsnummer": (_instellingsnummer, R), "naam": (_tekst, R), "postcode": (_postcode, R),
    "huisnummer": (_huisnummer, R), "huisnummertoevoeging": (_tekst, O), "plaatsnaam": (_tekst, R),
    "bow": (_tekst, O), "brin": (_tekst, O), "bow_keurmerk": (_janee, O), "tst_keurmerk": (_janee, O),
}


def _gemeentefeiten(p: "PersoonFeiten", nietig_tot: Mapping[str, date] | None = None):
    """(soort, velden, registratiedag) of what was reported about the person, in registration order; without what a
    gemeente reported that the repair of a rules fault voided (``scope.geldige_pips``, ``Toestand.nietig``)."""
    for f in sorted(p.gemeente_berichten, key=lambda f: (f.ontvangen, f.volgorde)):
        soort, v = f.soort, f.velden
        dag = f.ontvangen.date()
        if nietig_tot and soort.startswith("gemeente.") and nietig(v["gemeentecode"], dag, nietig_tot):
            continue
        yield soort, v, dag


@dataclass(frozen=True, slots=True)
class PipRegistratie:
    """One registered PIP with what the gemeente reported in it."""

    gemeente: str
    dagtekening: date
    leerroute: str  # one of LEERROUTES
    geregistreerd: date
    niveau: str | None = None
    geschatte_intensiteit: int | None = None
    mag_opleiding_afmaken: bool | None = None
    alfabetisering: str | None = None

    @property
    def pip(self) -> Pip:
        return Pip(self.gemeente, self.dagtekening, self.geregistreerd)


def pip_registraties(p: "PersoonFeiten", nietig_tot: Mapping[str, date] | None = None) -> list[PipRegistratie]:
    """The person's PIPs in registration order; a deletion removes that gemeente's latest PIP."""
    out: list[PipRegistratie] = []
    for soort, v, dag in _gemeentefeiten(p, nietig_tot):
        if soort == "gemeente.pip":
            out.append(PipRegistratie(
                v["gemeentecode"], v["dagtekening"], v["leerroute"], dag, v.get("niveau"),
                v.get("geschatte_intensiteit"), v.get("mag_opleiding_afmaken"), v.get("alfabetisering"),
            ))
        elif soort == "gemeente.pip_verwijderd":
            for i in range(len(out) - 1, -1, -1):
                if out[i].gemeente == v["gemeentecode"]:
                    del out[i]
                    break
    return out


def pips(p: "PersoonFeiten", nietig_tot: Mapping[str, date] | None = None) -> list[Pip]:
    """The person's PIPs in registration order, deletions applied (and, with ``nietig_tot``, the void ones left out:
    the engine passes them all and ``signalering`` leaves those out itself)."""
    return [r.pip for r in pip_registraties(p, nietig_tot)]


@dataclass(slots=True)
class Dossier:
    """Everything reported about one person by gemeenten, the LBT provider and DUO's back office.

    Later reports replace earlier ones of the same kind (per gemeente and kind for hours, per institution
    for course offers); a deletion removes. Values are the validated message fields.
    """

    pips: list[PipRegistratie] = field(default_factory=list)
    aanbod: dict[str, dict[str, Any]] = field(default_factory=dict)  # instellingsnummer → fields
    map: dict[str, Any] | None = None
    pvt: dict[str, Any] | None = None
    zroute: dict[str, Any] | None = None
    uren: dict[str, dict[str, int]] = field(default_factory=dict)  # gemeente → soort → uren
    lbt_overgeslagen: bool = False
    lbt_resultaten: list[dict[str, Any]] = field(default_factory=list)
    contactpersonen: dict[str, int] = field(default_factory=dict)  # gemeente → contactpersoon id
    vrijstellingen: list[dict[str, Any]] = field(default_factory=list)
    ontheffingen: list[dict[str, Any]] = field(default_factory=list)
    examenresultaten: list[dict[str, Any]] = field(default_factory=list)
    gratispogingen: dict[str, int] = field(default_factory=dict)

    @property
    def huidige_pip(self) -> PipRegistratie | None:
        return self.pips[-1] if self.pips else None

    @property
    def eerste_pip(self) -> PipRegistratie | None:
        return self.pips[0] if self.pips else None

    def cursusuren(self) -> int:
        """Course hours (taalles at a course institution within the leerroute) reported by any gemeente."""
        return sum(u.get("participatie_taalles", 0) for u in self.uren.values())


def dossier(p: "PersoonFeiten", nietig_tot: Mapping[str, date] | None = None) -> Dossier:
    d = Dossier(pips=pip_registraties(p, nietig_tot))
    for soort, v, _ in _gemeentefeiten(p, nietig_tot):
        if soort.startswith("gemeente."):
            _gemeentemelding(d, soort, v)
        else:
            _melding_van_derden(d, soort, v)
    return d


def _gemeentemelding(d: Dossier, soort: str, v: dict[str, Any]) -> None:
    """What a gemeente reported (PIPs are folded by ``pip_registraties``)."""
    if soort == "gemeente.inburgeringsaanbod":
        d.aanbod[v["instellingsnummer"]] = v
    elif soort == "gemeente.inburgeringsaanbod_verwijderd":
        d.aanbod.pop(v["instellingsnummer"], None)
    elif soort == "gemeente.map":
        d.map = v
    elif soort == "gemeente.pvt":
        d.pvt = v
    elif soort == "gemeente.zroute":
        d.zroute = v
    elif soort == "gemeente.uren":
        d.uren.setdefault(v["gemeentecode"], {})[v["soort"]] = v["uren"]
    elif soort == "gemeente.lbt_overgeslagen":
        d.lbt_overgeslagen = True
    elif soort == "gemeente.contactpersoon":
        if v["actie"] == "koppel":
            d.contactpersonen[v["gemeentecode"]] = v["contactpersoon"]
        elif d.contactpersonen.get(v["gemeentecode"]) == v["contactpersoon"]:
            del d.contactpersonen[v["gemeentecode"]]


def _melding_van_derden(d: Dossier, soort: str, v: dict[str, Any]) -> None:
    """What the LBT provider and DUO's back office reported."""
    if soort == "lbt.resultaat":
        d.lbt_resultaten.append(v)
    elif soort == "duo.vrijstelling":
        if v["oordeel"] == "Intrekking":
            _trek_in(d.vrijstellingen, v)
        else:
            d.vrijstellingen.append(v)
    elif soort == "duo.ontheffing":
        d.ontheffingen.append(v)
    elif soort == "duo.examenresultaat":
        d.examenresultaten.append(v)
    elif soort == "duo.gratispogingen":
        d.gratispogingen[v["onderdeel"]] = v["aantal"]


def _trek_in(vrijstellingen: list[dict[str, Any]], intrekking: dict[str, Any]) -> None:
    """A withdrawal is no decision of its own in the Vrijstelling API: it shortens the temporary exemptions that
    run on its ``datum_oordeel`` to the day before (one that had not started yet goes), as ``besluiten`` reads
    it. A withdrawal of a full or partial exemption changes nothing (see ``besluiten``)."""
    if intrekking["soort"] != "tijdelijk":
        return
    d = intrekking["datum_oordeel"]
    for i in range(len(vrijstellingen) - 1, -1, -1):
        v = vrijstellingen[i]
        if v["soort"] != "tijdelijk" or v["oordeel"] != "Toekenning":
            continue
        start = v.get("startdatum") or v["datum_oordeel"]
        if start >= d:
            del vrijstellingen[i]
        elif v.get("einddatum") is None or v["einddatum"] >= d:
            vrijstellingen[i] = {**v, "einddatum": d - timedelta(days=1)}


def vestigingsdatum(p: "PersoonFeiten", gemeentecode: str) -> date | None:
    """Since when the gemeente has the person: the start of the current uninterrupted run of BRP addresses
    in the gemeente, or the latest COA coupling to it, whichever is earlier. None if neither applies."""
    kandidaten = []
    adressen = sorted(p.verblijfplaatsen, key=lambda f: (f.datum, f.ontvangen, f.volgorde))
    vertrek = max((f.datum for f in p.vertrekken), default=None)
    if adressen and adressen[-1].adres.gemeentecode == gemeentecode and (
            vertrek is None or vertrek < adressen[-1].datum):
        start = adressen[-1].datum
        for f in reversed(adressen[:-1]):
            if f.adres.gemeentecode != gemeentecode or (vertrek is not None and f.datum <= vertrek):
                break
            start = f.datum
        kandidaten.append(start)
    koppelingen = sorted(p.koppelingen, key=lambda f: (f.datum, f.ontvangen, f.volgorde))
    if koppelingen and koppelingen[-1].gemeentecode == gemeentecode:
        kandidaten.append(koppelingen[-1].datum)
    return min(kandidaten) if kandidaten else None
