"""The operations of DUO's M2M APIs (``../shared/duo-m2m/*.openapi.yml``), Wi2021 environment.

A handler for a path with ``{bsn}`` gets the person already resolved through the scope function
(``ctx.persoon``, a ``keten.scope.ZichtbarePersoon``; see ``api``'s request cycle) and reads only through
it: the released determination, the released history on days the gemeente could see the person, and the
log as far as released (``m2m.dossier``). Reports by gemeenten are validated by DUO's rules in the domain
(``domein.gemeenteregels``) and appended to the log as ``gemeente.*`` chain messages, after which the one
engine runs. Nothing here decides an
obligation, and nothing here queries personal data itself.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta

import orjson
from dateutil.relativedelta import relativedelta
from django.db import IntegrityError, transaction
from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from ..dienst.intake import neem_regels_op
from ..domein import gemeenteregels
from ..domein.gemeenteberichten import LEERROUTE_CODE, LEERROUTE_CODES
from ..domein.parameters import INBURGERINGSTERMIJN_JAREN
from ..keten import stamgegevens
from ..domein.signalering import Publicatie, Termijn
from ..keten.scope import ZichtbarePersoon
from . import dossier as ds
from .api import (
    CONTACTPERSOON, EXAMEN, GEVOLGDE_UREN, INBURGERINGSAANBOD, INBURGERINGSPLICHT, INBURGERINGSTERMIJN,
    LEERBAARHEIDSTOETS, MAP_PVT_ZROUTE, ONTHEFFING, PIP, VRIJSTELLING, Antwoord, Context, Fout, Verwerkt,
    niet_gevonden, operatie,
)
from .models import Contactpersoon
from .referentie import VERLENGINGSGRONDEN

_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")


# --- request bodies ------------------------------------------------------------------------------------------

def _object(ctx: Context) -> dict:
    obj = ctx.json()
    if not isinstance(obj, dict):
        raise Fout(400, "De body moet een JSON-object zijn.")
    return obj


def _datum(obj: dict, naam: str, verplicht: bool = False) -> date | None:
    v = obj.get(naam)
    if v is None:
        if verplicht:
            raise Fout(400, f"Het veld {naam} ontbreekt.")
        return None
    if not isinstance(v, str) or not _DATUM.fullmatch(v):
        raise Fout(400, f"Het veld {naam} moet een datum JJJJ-MM-DD zijn.")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise Fout(400, f"Het veld {naam} is geen bestaande datum.") from None


def _keuze(obj: dict, naam: str, waarden, verplicht: bool = False):
    v = obj.get(naam)
    if v is None:
        if verplicht:
            raise Fout(400, f"Het veld {naam} ontbreekt.")
        return None
    if v not in waarden:
        raise Fout(400, f"Het veld {naam} moet een van {', '.join(waarden)} zijn.")
    return v


def _geheel(obj: dict, naam: str, laag: int, hoog: int, verplicht: bool = False) -> int | None:
    v = obj.get(naam)
    if v is None:
        if verplicht:
            raise Fout(400, f"Het veld {naam} ontbreekt.")
        return None
    if isinstance(v, bool) or not isinstance(v, int) or not laag <= v <= hoog:
        raise Fout(400, f"Het veld {naam} moet een geheel getal van {laag} tot en met {hoog} zijn.")
    return v


def _janee(obj: dict, naam: str) -> bool | None:
    v = obj.get(naam)
    if v is not None and not isinstance(v, bool):
        raise Fout(400, f"Het veld {naam} moet true of false zijn.")
    return v


def _meld(ctx: Context, type_: str, **velden) -> None:
    """Append the gemeente's report to the chain's message log (validated like any chain message)."""
    bericht = {"id": ctx.bericht_id_log(), "type": type_, "ontvangen": ctx.klok.nu().isoformat(), "bsn": ctx.persoon.bsn,
               "gemeentecode": ctx.gemeente.code}
    bericht.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in velden.items() if v is not None})
    neem_regels_op([orjson.dumps(bericht)], f"m2m {ctx.gemeente.code} {ctx.request.method} {type_}")


def _weiger(fouten: list[str]) -> None:
    if fouten:
        raise Fout(403, *fouten)


def _iso(d):
    return d.isoformat() if isinstance(d, date) else d


def _zonder_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


# --- Inburgeringsplicht API ------------------------------------------------------------------------------------

def _wet_rijen(zp: ZichtbarePersoon) -> list:
    """The released Wi2021 determinations this gemeente saw, of the rule variant in force (history of changes)."""
    rijen = zp.bepalingen()
    if not rijen:
        return []
    laatste = rijen[-1].variant
    return [r for r in rijen if r.variant == laatste]


def _publicatie(zp: ZichtbarePersoon) -> Publicatie:
    pub = zp.publicatie()
    if pub is None:  # cannot happen for a person in scope: scope follows the environment's publication
        raise niet_gevonden()
    return pub


def _kern(zp: ZichtbarePersoon, pub: Publicatie) -> dict:
    """The released determination, if it is what the Wi2021 environment shows."""
    kern = zp.kern
    if kern.get("wet") == ds.WET and kern.get("inburgeringsplichtig") == pub.inburgeringsplichtig \
            and kern.get("doelgroep") == pub.doelgroep:
        return kern
    return {}


def inburgeringsplicht(ctx: Context) -> Antwoord:
    zp = ctx.persoon
    pub = zp.publicatie()
    if pub is None:
        raise niet_gevonden()
    einddatum = None
    if not pub.inburgeringsplichtig:  # the end date is in the determination, not the publication
        kern = zp.kern
        if kern.get("wet") == ds.WET and kern.get("inburgeringsplichtig") is False:
            einddatum = kern.get("einddatum")
    return Antwoord(200, _zonder_none({
        "indicatorInburgeringsplicht": pub.inburgeringsplichtig,
        "begindatum": _iso(pub.begindatum),
        "einddatum": einddatum,
        "wijzigingsdatum": _wijzigingsdatum(zp),
        "datumKennisgevingInburgeringsplicht": _iso(zp.datum_kennisgeving()),
        "redenGeenInburgeringsplicht": pub.reden,
    }))


def _wijzigingsdatum(zp: ZichtbarePersoon) -> str | None:
    """The day the obligation (indicator, begin, end) last changed for gemeenten: the newest entry of its history."""
    vorige, dag = None, None
    for r in reversed(zp.bepalingen()):
        sleutel = (r.inburgeringsplichtig, r.begindatum, r.einddatum)
        if vorige is not None and sleutel != vorige:
            break
        vorige, dag = sleutel, r.vrijgegeven_op
    return _iso(dag)


def inburgeringsplicht_historie(ctx: Context) -> Antwoord:
    out, vorige = [], None
    for r in _wet_rijen(ctx.persoon):
        sleutel = (r.inburgeringsplichtig, r.begindatum, r.einddatum)
        if sleutel == vorige:
            continue
        vorige = sleutel
        out.append(_zonder_none({
            "indicatorInburgeringsplicht": r.inburgeringsplichtig, "begindatum": _iso(r.begindatum),
            "einddatum": _iso(r.einddatum) if not r.inburgeringsplichtig else None,
            "wijzigingsdatum": _iso(r.vrijgegeven_op),
        }))
    return Antwoord(200, out)


def _doelgroepperioden(zp: ZichtbarePersoon) -> list[dict]:
    perioden: list[dict] = []
    for r in _wet_rijen(zp):
        if r.doelgroep is None:
            continue
        if perioden and perioden[-1]["indeling"] == r.doelgroep:
            perioden[-1]["gedetailleerdeDoelgroep"] = r.gedetailleerde_doelgroep
            perioden[-1]["_eind"] = r.einddatum if not r.inburgeringsplichtig else None
            continue
        begin = r.begindatum if not perioden else r.vrijgegeven_op
        if perioden:
            perioden[-1]["einddatum"] = begin - timedelta(days=1)
        perioden.append({"indeling": r.doelgroep, "begindatum": begin, "gedetailleerdeDoelgroep":
                         r.gedetailleerde_doelgroep, "_eind": r.einddatum if not r.inburgeringsplichtig else None})
    for per in perioden:
        eind = per.pop("_eind")
        per.setdefault("einddatum", eind)
    return perioden


def doelgroep(ctx: Context) -> Antwoord:
    zp = ctx.persoon
    pub = _publicatie(zp)
    if not pub.doelgroep:
        raise niet_gevonden()
    perioden = _doelgroepperioden(zp)
    huidig = perioden[-1] if perioden and perioden[-1]["indeling"] == pub.doelgroep else None
    detail = zp.gedetailleerde_doelgroep if _kern(zp, pub) else None
    return Antwoord(200, _zonder_none({
        "indeling": pub.doelgroep,
        "begindatum": _iso(huidig["begindatum"] if huidig else pub.begindatum),
        "gedetailleerdeDoelgroep": detail or (huidig or {}).get("gedetailleerdeDoelgroep"),
        "asielrechtenWijzigingVerblijfsdoel": zp.asielrechten if _kern(zp, pub) else None,
    }))


def doelgroep_historie(ctx: Context) -> Antwoord:
    return Antwoord(200, [_zonder_none({"indeling": per["indeling"], "begindatum": _iso(per["begindatum"]),
                                        "einddatum": _iso(per["einddatum"])})
                          for per in _doelgroepperioden(ctx.persoon)])


# --- Inburgeringstermijn API -------------------------------------------------------------------------------------

def _termijn_historie(t: Termijn) -> list[dict]:
    """The term as set (SS102), then each granted extension (SS103/SS104): the last one holds."""
    eerste = t.start + relativedelta(years=INBURGERINGSTERMIJN_JAREN)
    return [{"einddatum": eerste.isoformat(), "wijzigingsdatum": _iso(t.gestart_op)}] + [
        {"einddatum": _iso(eind), "wijzigingsdatum": _iso(max(dag, t.gestart_op))} for dag, eind in t.verlengd]


def inburgeringstermijn(ctx: Context) -> Antwoord:
    t = ctx.persoon.termijn()
    if t is None:
        raise niet_gevonden()
    return Antwoord(200, {"startdatum": _iso(t.start), "einddatum": _iso(t.eind),
                          "wijzigingsdatum": _termijn_historie(t)[-1]["wijzigingsdatum"]})


def inburgeringstermijn_historie(ctx: Context) -> Antwoord:
    t = ctx.persoon.termijn()
    return Antwoord(200, [] if t is None else _termijn_historie(t))


def verlengingsgronden(ctx: Context) -> Antwoord:
    return Antwoord(200, [{"code": c, "omschrijving": o} for c, o in VERLENGINGSGRONDEN])


# --- PIP API ------------------------------------------------------------------------------------------------------

def _pip_json(r) -> dict:
    return _zonder_none({
        "dagtekeningPip": r.dagtekening.isoformat(), "leerroute": LEERROUTE_CODE[r.leerroute], "niveau": r.niveau,
        "geschatteIntensiteitB1Route": r.geschatte_intensiteit, "indicatorMagOpleidingAfmaken": r.mag_opleiding_afmaken,
        "indicatorAlfabetiseringsonderwijs": r.alfabetisering,
    })


def pip_opvragen(ctx: Context) -> Antwoord:
    huidig = ds.dossier_van(ctx.persoon).huidige_pip
    if huidig is None:
        raise niet_gevonden()
    return Antwoord(200, {"gemeentecode": huidig.gemeente, "pip": _pip_json(huidig)})


def pip_registreren(ctx: Context) -> Antwoord:
    p = ctx.persoon
    obj = _object(ctx)
    invoer = gemeenteregels.PipInvoer(
        dagtekening=_datum(obj, "dagtekeningPip", verplicht=True),
        leerroute=_keuze(obj, "leerroute", ("B", "O", "Z"), verplicht=True),
        niveau=_keuze(obj, "niveau", ("A2", "B1")),
        geschatte_intensiteit=_geheel(obj, "geschatteIntensiteitB1Route", 1, 9999),
        mag_opleiding_afmaken=_janee(obj, "indicatorMagOpleidingAfmaken"),
        alfabetisering=_keuze(obj, "indicatorAlfabetiseringsonderwijs", ("A", "AA", "NVT")),
    )
    s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
    _weiger(gemeenteregels.pip_fouten(invoer, s))
    invoer = invoer.met_standaardniveau()
    _meld(ctx, "gemeente.pip", dagtekening=invoer.dagtekening, leerroute=LEERROUTE_CODES[invoer.leerroute],
          niveau=invoer.niveau, geschatte_intensiteit=invoer.geschatte_intensiteit,
          mag_opleiding_afmaken=invoer.mag_opleiding_afmaken, alfabetisering=invoer.alfabetisering)
    return Verwerkt(201)


def pip_verwijderen(ctx: Context) -> Antwoord:
    p = ctx.persoon
    s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
    if s.dossier.huidige_pip is None:
        raise niet_gevonden()
    _weiger(gemeenteregels.pip_verwijderen_fouten(s))
    _meld(ctx, "gemeente.pip_verwijderd")
    return Verwerkt(200)


# --- Leerbaarheidstoets API ------------------------------------------------------------------------------------------

_LBT_NS = uuid.UUID("5b0e8c4e-8d0a-4f7e-9a52-1f3f2a7c2021")


def examennummer(bsn: str) -> str:
    """A stable exam number for the person's leerbaarheidstoets (12 digits, not the BSN)."""
    return str(uuid.uuid5(_LBT_NS, bsn).int % 10**12).zfill(12)


def lbt_examennummer(ctx: Context) -> Antwoord:
    if ds.dossier_van(ctx.persoon).lbt_overgeslagen:
        raise niet_gevonden()
    return Antwoord(200, {"examennummer": examennummer(ctx.persoon.bsn)})


def lbt_overslaan(ctx: Context) -> Antwoord:
    d = ds.dossier_van(ctx.persoon)
    if d.lbt_overgeslagen:
        raise niet_gevonden()
    _weiger(gemeenteregels.lbt_overslaan_fouten(d))
    _meld(ctx, "gemeente.lbt_overgeslagen")
    return Verwerkt(200)


def lbt_resultaten(ctx: Context) -> Antwoord:
    return Antwoord(200, [{"resultaat": r["resultaat"], "behaaldeScore": r["behaalde_score"],
                           "benodigdeScore": r["benodigde_score"], "datumAfname": _iso(r["datum_afname"])}
                          for r in ds.dossier_van(ctx.persoon).lbt_resultaten])


# --- Inburgeringsaanbod API ------------------------------------------------------------------------------------------

def instellingen(ctx: Context) -> Antwoord:
    out = []
    for nummer, v in sorted(stamgegevens.instellingen().items())[:200]:
        out.append(_zonder_none({
            "instellingsnummer": nummer, "naam": v["naam"][:128], "postcode": v["postcode"],
            "huisnummer": v["huisnummer"], "huisnummertoevoeging": (v.get("huisnummertoevoeging") or None),
            "plaatsnaam": v["plaatsnaam"][:40], "bow": v.get("bow"), "brin": v.get("brin"),
            "indicatieBowKeurmerk": bool(v.get("bow_keurmerk")), "indicatieTstKeurmerk": bool(v.get("tst_keurmerk")),
        }))
    return Antwoord(200, out)


def _instellingsnummer(ctx: Context) -> str:
    nummer = ctx.kwargs["instellingsnummer"]
    if len(nummer) != 10:
        raise Fout(400, "Het instellingsnummer moet 10 tekens lang zijn.")
    return nummer


def aanbod_registreren(ctx: Context) -> Antwoord:
    nummer = _instellingsnummer(ctx)
    p = ctx.persoon
    obj = _object(ctx)
    invoer = gemeenteregels.AanbodInvoer(
        alfabetisering=_keuze(obj, "indicatorAlfabetiseringsonderwijs", ("A", "AA", "NVT"), verplicht=True),
        datum_aanbod=_datum(obj, "datumInburgeringsaanbod"),
        verwachte_start=_datum(obj, "verwachteStartdatumOpleiding"),
        verwachte_einde=_datum(obj, "verwachteEinddatumOpleiding"),
    )
    s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
    _weiger(gemeenteregels.aanbod_fouten(invoer, nummer, ds.instelling(nummer), s))
    _meld(ctx, "gemeente.inburgeringsaanbod", instellingsnummer=nummer, alfabetisering=invoer.alfabetisering,
          datum_aanbod=invoer.datum_aanbod, verwachte_start=invoer.verwachte_start,
          verwachte_einde=invoer.verwachte_einde)
    return Verwerkt(201)


def aanbod_verwijderen(ctx: Context) -> Antwoord:
    nummer = _instellingsnummer(ctx)
    aanbod = ds.dossier_van(ctx.persoon).aanbod.get(nummer)
    if aanbod is None:
        raise niet_gevonden()
    _weiger(gemeenteregels.aanbod_verwijderen_fouten(aanbod, ctx.gemeente.code))
    _meld(ctx, "gemeente.inburgeringsaanbod_verwijderd", instellingsnummer=nummer)
    return Verwerkt(204)


# --- MAP, PVT en Z-route API -----------------------------------------------------------------------------------------

_MAP_PVT = {
    "map": ("datumEindgesprekMap", "datum_eindgesprek"),
    "pvt": ("datumOndertekeningPvt", "datum_ondertekening"),
}


def _map_pvt_opvragen(soort: str):
    veld, intern = _MAP_PVT[soort]

    def handler(ctx: Context) -> Antwoord:
        v = getattr(ds.dossier_van(ctx.persoon), soort)
        if v is None or v.get(intern) is None:
            raise niet_gevonden()
        return Antwoord(200, {veld: _iso(v[intern])})

    return handler


def _map_pvt_registreren(soort: str):
    veld, intern = _MAP_PVT[soort]

    def handler(ctx: Context) -> Antwoord:
        p = ctx.persoon
        obj = _object(ctx)
        datum = _datum(obj, veld)
        verwijtbaar = _keuze(obj, "verwijtbaar", ("Ja", "Nee"))
        if datum is None and verwijtbaar is None:
            raise Fout(400, f"Geef {veld} of verwijtbaar op.")
        s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
        _weiger(gemeenteregels.map_pvt_fouten(soort, datum, verwijtbaar, s))
        _meld(ctx, f"gemeente.{soort}", **{intern: datum, "verwijtbaar": verwijtbaar})
        return Verwerkt(200)

    return handler


def zroute_registreren(ctx: Context) -> Antwoord:
    p = ctx.persoon
    datum = _datum(_object(ctx), "datumAfrondingZroute", verplicht=True)
    s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
    _weiger(gemeenteregels.zroute_fouten(datum, s))
    _meld(ctx, "gemeente.zroute", datum_afronding=datum)
    return Verwerkt(200)


# --- Vrijstelling, Ontheffing, Examen ---------------------------------------------------------------------------------

_VRIJSTELLING = {"geheel": "GeheleVrijstelling", "tijdelijk": "TijdelijkeVrijstelling",
                 "gedeeltelijk": "GedeeltelijkeVrijstelling"}


def vrijstellingen(ctx: Context) -> Antwoord:
    out = []
    for v in ds.dossier_van(ctx.persoon).vrijstellingen[:200]:
        item = {"oordeel": v["oordeel"], "reden": v["reden"], "datumOordeel": _iso(v.get("datum_oordeel"))}
        if v["soort"] == "tijdelijk":
            item.update(startdatum=_iso(v.get("startdatum")), einddatum=_iso(v.get("einddatum")))
        if v["soort"] == "gedeeltelijk":
            item.update(examenonderdeel=v.get("examenonderdeel"), examenniveau=v.get("examenniveau"))
        out.append({_VRIJSTELLING[v["soort"]]: _zonder_none(item)})
    return Antwoord(200, out)


def ontheffingen(ctx: Context) -> Antwoord:
    out = []
    for v in ds.dossier_van(ctx.persoon).ontheffingen[:200]:
        item = {"oordeel": v["oordeel"], "datumOordeel": _iso(v["datum_oordeel"]), "grond": v["grond"]}
        if v["soort"] == "gedeeltelijk":
            item.update(examenonderdeel=v.get("examenonderdeel"),
                        urenBelastbaarheidParticipatieactiviteit=v.get("uren_belastbaarheid"))
            out.append({"GedeeltelijkeOntheffing": _zonder_none(item)})
        else:
            out.append({"GeheleOntheffing": item})
    return Antwoord(200, out)


def examenresultaten(ctx: Context) -> Antwoord:
    return Antwoord(200, [_zonder_none({
        "examendatum": _iso(r["examendatum"]), "resultaat": r["resultaat"],
        "redenGeenResultaat": r.get("reden_geen_resultaat"), "onderdeel": r["onderdeel"], "niveau": r.get("niveau"),
    }) for r in ds.dossier_van(ctx.persoon).examenresultaten[:500]])


def gratispogingen(ctx: Context) -> Antwoord:
    return Antwoord(200, [{"onderdeel": o, "gratisPogingenTegoed": n}
                          for o, n in sorted(ds.dossier_van(ctx.persoon).gratispogingen.items())])


# --- Gevolgde uren API ----------------------------------------------------------------------------------------------------

_UREN = {
    "taalles_knm_bredeintake": "TaallesEnKnmBredeIntake",
    "participatieactiviteiten": "ParticipatieactiviteitenBredeIntake",
    "participatie_taalles": "ParticipatieAlsTaalles",
}


def uren(ctx: Context) -> Antwoord:
    d = ds.dossier_van(ctx.persoon)
    out = []
    for gemeente, soorten in sorted(d.uren.items())[:99]:
        item = {"gemeentecode": gemeente}
        for soort, naam in _UREN.items():
            if soort in soorten:
                item[naam] = {"uren": soorten[soort]}
        out.append(item)
    return Antwoord(200, out)


def _uren_registreren(soort: str):
    def handler(ctx: Context) -> Antwoord:
        p = ctx.persoon
        aantal = _geheel(_object(ctx), "uren", 0, 9999, verplicht=True)
        s = ds.situatie(p, ctx.gemeente.code, ctx.klok.vandaag())
        _weiger(gemeenteregels.uren_fouten(soort, s))
        _meld(ctx, "gemeente.uren", soort=soort, uren=aantal)
        return Verwerkt(200)

    return handler


# --- Contactpersoon API -------------------------------------------------------------------------------------------------

_TELEFOON = re.compile(r"(\+|[0-9])((\s|\s?(-|\(0\))\s?)?[0-9]){2,15}([,][1-9][0-9]{1,8})?")


def _contactgegevens(ctx: Context) -> dict:
    """Contactpersoongegevens as the spec has them (its naam pattern is unanchored, so only the length counts)."""
    obj = _object(ctx)
    out = {}
    for veld, laag, hoog in (("naam", 0, 100), ("email", 4, 241), ("telefoonnummer", 3, 22)):
        v = obj.get(veld)
        if not isinstance(v, str):
            raise Fout(400, f"Het veld {veld} ontbreekt of is geen tekst.")
        if not laag <= len(v) <= hoog:
            raise Fout(400, f"Het veld {veld} moet {laag} tot {hoog} tekens lang zijn.")
        if "\x00" in v:  # no database stores a NUL character in text
            raise Fout(400, f"Het veld {veld} bevat ongeldige tekens.")
        out[veld] = v
    if not _TELEFOON.fullmatch(out["telefoonnummer"]):
        raise Fout(400, "Het veld telefoonnummer is geen geldig telefoonnummer.")
    return out


def _eigen_contactpersoon(ctx: Context) -> Contactpersoon:
    c = Contactpersoon.objects.filter(nummer=_contact_id(ctx), gemeente=ctx.gemeente.code,
                                      verwijderd_op__isnull=True).first()
    if c is None:
        raise niet_gevonden()
    return c


def _contact_id(ctx: Context) -> int:
    ruw = ctx.kwargs["id"]
    if not (ruw.isascii() and ruw.isdigit()) or not 1 <= int(ruw) <= 99999:
        raise Fout(400, "Het id moet een geheel getal van 1 tot en met 99999 zijn.")
    return int(ruw)


def contactpersoon_aanmaken(ctx: Context) -> Antwoord:
    """Ids are numbered per gemeente (1–99999, never reused); a gemeente keeps at most
    ``INBURGERING_CONTACTPERSONEN_MAX`` contact persons at a time."""
    gegevens = _contactgegevens(ctx)
    g = ctx.gemeente.code
    eigen = Contactpersoon.objects.filter(gemeente=g)
    if eigen.filter(verwijderd_op__isnull=True).count() >= settings.INBURGERING_CONTACTPERSONEN_MAX:
        raise Fout(403, f"Uw gemeente heeft al {settings.INBURGERING_CONTACTPERSONEN_MAX} contactpersonen; "
                        "verwijder er eerst een.")
    for _ in range(5):  # two creates at once take the same number: the loser takes the next
        nummer = (eigen.aggregate(n=Max("nummer"))["n"] or 0) + 1
        if nummer > 99999:
            raise Fout(403, "Het maximum aantal contactpersonen is bereikt.")
        try:
            with transaction.atomic():
                c = Contactpersoon.objects.create(gemeente=g, nummer=nummer, **gegevens)
            break
        except IntegrityError:
            continue
    else:
        raise Fout(403, "Er werden tegelijk te veel contactpersonen aangemaakt; probeer het opnieuw.")
    return Antwoord(201, {"id": c.nummer, "contactpersoongegevens": gegevens})


def contactpersoon_wijzigen(ctx: Context) -> Antwoord:
    c = _eigen_contactpersoon(ctx)
    for k, v in _contactgegevens(ctx).items():
        setattr(c, k, v)
    c.save()
    return Antwoord(200)


def contactpersoon_verwijderen(ctx: Context) -> Antwoord:
    c = _eigen_contactpersoon(ctx)
    c.verwijderd_op = timezone.now()
    c.save(update_fields=["verwijderd_op"])
    return Antwoord(200)


def contactpersoon_koppelen(ctx: Context) -> Antwoord:
    c = _eigen_contactpersoon(ctx)
    _meld(ctx, "gemeente.contactpersoon", contactpersoon=c.nummer, actie="koppel")
    return Verwerkt(201)


def contactpersoon_ontkoppelen(ctx: Context) -> Antwoord:
    c = _eigen_contactpersoon(ctx)
    if ds.dossier_van(ctx.persoon).contactpersonen.get(ctx.gemeente.code) != c.nummer:
        raise niet_gevonden()
    _meld(ctx, "gemeente.contactpersoon", contactpersoon=c.nummer, actie="ontkoppel")
    return Verwerkt(200)


# --- the operations, by path ---------------------------------------------------------------------------------------------

OPERATIES = {
    "personen/{bsn}/inburgeringsplicht": operatie(INBURGERINGSPLICHT, get=inburgeringsplicht),
    "personen/{bsn}/inburgeringsplicht/historie": operatie(INBURGERINGSPLICHT, get=inburgeringsplicht_historie),
    "personen/{bsn}/doelgroep": operatie(INBURGERINGSPLICHT, get=doelgroep),
    "personen/{bsn}/doelgroep/historie": operatie(INBURGERINGSPLICHT, get=doelgroep_historie),
    "personen/{bsn}/inburgeringstermijn": operatie(INBURGERINGSTERMIJN, get=inburgeringstermijn),
    "personen/{bsn}/inburgeringstermijn/historie": operatie(INBURGERINGSTERMIJN, get=inburgeringstermijn_historie),
    "verlengingsgronden": operatie(INBURGERINGSTERMIJN, met_403=False, get=verlengingsgronden),
    "personen/{bsn}/PIP": operatie(PIP, get=pip_opvragen, post=pip_registreren, delete=pip_verwijderen),
    "personen/{bsn}/lbt/examennummer": operatie(LEERBAARHEIDSTOETS, get=lbt_examennummer, delete=lbt_overslaan),
    "personen/{bsn}/lbt/resultaten": operatie(LEERBAARHEIDSTOETS, get=lbt_resultaten),
    "instellingen": operatie(INBURGERINGSAANBOD, met_403=False, get=instellingen),
    "personen/{bsn}/Inburgeringsaanbod/{instellingsnummer}": operatie(
        INBURGERINGSAANBOD, post=aanbod_registreren, delete=aanbod_verwijderen),
    "personen/{bsn}/map": operatie(MAP_PVT_ZROUTE, get=_map_pvt_opvragen("map"), put=_map_pvt_registreren("map")),
    "personen/{bsn}/pvt": operatie(MAP_PVT_ZROUTE, get=_map_pvt_opvragen("pvt"), put=_map_pvt_registreren("pvt")),
    "personen/{bsn}/zroute": operatie(MAP_PVT_ZROUTE, put=zroute_registreren),
    "personen/{bsn}/vrijstellingen": operatie(VRIJSTELLING, get=vrijstellingen),
    "personen/{bsn}/ontheffingen": operatie(ONTHEFFING, get=ontheffingen),
    "personen/{bsn}/examens/gratispogingen": operatie(EXAMEN, get=gratispogingen),
    "personen/{bsn}/examens/resultaten": operatie(EXAMEN, get=examenresultaten),
    "personen/{bsn}/uren": operatie(GEVOLGDE_UREN, get=uren),
    "personen/{bsn}/uren/bredeintake/taallesknm": operatie(
        GEVOLGDE_UREN, put=_uren_registreren("taalles_knm_bredeintake")),
    "personen/{bsn}/uren/participatieactiviteiten": operatie(
        GEVOLGDE_UREN, put=_uren_registreren("participatieactiviteiten")),
    "personen/{bsn}/uren/participatietaalles": operatie(GEVOLGDE_UREN, put=_uren_registreren("participatie_taalles")),
    "contactpersonen": operatie(CONTACTPERSOON, post=contactpersoon_aanmaken),
    "contactpersonen/{id}": operatie(CONTACTPERSOON, put=contactpersoon_wijzigen, delete=contactpersoon_verwijderen),
    "contactpersonen/{id}/personen/{bsn}": operatie(
        CONTACTPERSOON, post=contactpersoon_koppelen, delete=contactpersoon_ontkoppelen),
}
