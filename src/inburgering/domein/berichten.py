"""Chain messages (ketenberichten): the input format of contract §1, and its validation.

A file is read whole and either accepted whole or rejected with every fault as ``regel N: reden``.
The domain rules never see an unvalidated message.

A decision of DUO's back office (contract §5.1) about a person DUO does not know is a fault: DUO knows a
person once a ``brp.persoon`` for that BSN took effect before the decision (effect order: ``ontvangen``,
ties in file order) in the same file, or is in the message log already. The log is the service layer's:
it hands ``lees_regels`` a function that answers which BSNs it knows, so the domain needs no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import orjson
from stdnum.nl import bsn as stdnum_bsn
from zoneinfo import ZoneInfo

from .parameters import PROCESGROEPEN, VERBLIJFSDOELEN, WETTEN


class InvoerFout(Exception):
    """A file with bad lines; ``fouten`` holds one ``regel N: reden`` per fault."""

    def __init__(self, fouten: list[str]):
        super().__init__("\n".join(fouten))
        self.fouten = fouten


@dataclass(frozen=True, slots=True)
class Bericht:
    regel: int  # line number in its file (1-based)
    type: str
    ontvangen: datetime  # when DUO received it; a date-only value is midnight
    id: str | None
    velden: dict[str, Any]  # validated fields, dates as ``date``
    ruw: bytes = field(repr=False, default=b"")  # canonical JSON of the original object

    @property
    def dag(self) -> date:
        return self.ontvangen.date()

    @property
    def bsn(self) -> str | None:
        return self.velden.get("bsn")


# --- field kinds ---------------------------------------------------------------------------------

_NL = ZoneInfo("Europe/Amsterdam")
_DIGITS = {n: re.compile(rf"\d{{{n}}}") for n in (4, 9, 20)}  # used with fullmatch
_POSTCODE = re.compile(r"[1-9]\d{3} ?[A-Za-z]{2}")
_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")  # fromisoformat alone would also take week dates
_NAT = re.compile(r"[A-Z]{3}")
_URL = re.compile(r"https?://[^\s/$.?#][^\s]*")


class _Fout(ValueError):
    pass


def _bsn(v):
    if not isinstance(v, str) or not _DIGITS[9].fullmatch(v):
        raise _Fout("moet een tekst van 9 cijfers zijn")
    if not stdnum_bsn.is_valid(v):
        raise _Fout(f"{v} voldoet niet aan de elfproef")
    return v


def _datum(v):
    if not isinstance(v, str) or not _DATUM.fullmatch(v):
        raise _Fout("moet een datum JJJJ-MM-DD zijn")
    try:
        return date.fromisoformat(v)
    except ValueError:
        raise _Fout(f"{v!r} is geen bestaande datum (JJJJ-MM-DD)") from None


def _geboortedatum(v):
    d = _datum(v)
    if not date(1880, 1, 1) <= d <= date(2200, 12, 31):
        raise _Fout("moet tussen 1880 en 2200 liggen")
    return d


def _gemeentecode(v):
    if not isinstance(v, str) or not _DIGITS[4].fullmatch(v):
        raise _Fout("moet een gemeentecode van 4 cijfers zijn")
    return v


def _oin(v):
    if not isinstance(v, str) or not _DIGITS[20].fullmatch(v):
        raise _Fout("moet een OIN van 20 cijfers zijn")
    return v


def _tekst(v):
    if not isinstance(v, str) or not v.strip():
        raise _Fout("moet een niet-lege tekst zijn")
    return v


def _geheel(v):
    if isinstance(v, bool) or not isinstance(v, int):
        raise _Fout("moet een geheel getal zijn")
    return v


def _huisnummer(v):
    v = _geheel(v)
    if not 1 <= v <= 99999:
        raise _Fout("moet tussen 1 en 99999 liggen")
    return v


def _vnummer(v):
    v = _geheel(v)
    if not 0 <= v <= 9999999999:
        raise _Fout("moet tussen 0 en 9999999999 liggen")
    return v


def _postcode(v):
    if not isinstance(v, str) or not _POSTCODE.fullmatch(v):
        raise _Fout("moet een postcode als 1234AB zijn")
    return v.replace(" ", "").upper()


def _nationaliteiten(v):
    if not isinstance(v, list):
        raise _Fout("moet een lijst van landcodes (ISO 3166-1 alpha-3) zijn")
    for n in v:
        if not isinstance(n, str) or not _NAT.fullmatch(n):
            raise _Fout(f"{n!r} is geen landcode van 3 hoofdletters (ISO 3166-1 alpha-3)")
    return tuple(v)


def _url(v):
    if not isinstance(v, str) or not _URL.fullmatch(v):
        raise _Fout("moet een http(s)-adres zijn")
    return v.rstrip("/")


def _keuze(*waarden):
    def check(v):
        if v not in waarden:
            raise _Fout(f"{v!r} is geen geldige waarde; kies uit {', '.join(waarden)}")
        return v

    return check


_CONVERSIES = {
    _datum: date.fromisoformat, _geboortedatum: date.fromisoformat, _nationaliteiten: tuple, _postcode: lambda v: v.replace(" ", "").upper(),
    _url: lambda v: v.rstrip("/"),
}

# type -> {field: (kind, required)}
R, O = True, False
SCHEMA: dict[str, dict[str, tuple[Any, bool]]] = {
    "brp.persoon": {
        "bsn": (_bsn, R), "geboortedatum": (_geboortedatum, R), "geslachtsnaam": (_tekst, R),
        "voornamen": (_tekst, O), "nationaliteiten": (_nationaliteiten, R), "vnummer": (_vnummer, O),
    },
    "brp.verblijfplaats": {
        "bsn": (_bsn, R), "datum": (_datum, R), "gemeentecode": (_gemeentecode, R), "postcode": (_postcode, R),
        "huisnummer": (_huisnummer, R), "huisletter": (_tekst, O), "straat": (_tekst, O), "woonplaats": (_tekst, O),
    },
    "brp.vertrek": {"bsn": (_bsn, R), "datum": (_datum, R)},
    "brp.overlijden": {"bsn": (_bsn, R), "datum": (_datum, R)},
    "brp.nationaliteit": {"bsn": (_bsn, R), "datum": (_datum, R), "nationaliteiten": (_nationaliteiten, R)},
    "ind.verblijfsrecht": {
        "bsn": (_bsn, R), "verblijfsdoel": (_keuze(*VERBLIJFSDOELEN), R), "datum_beschikking": (_datum, R),
        "ingangsdatum": (_datum, R), "einddatum": (_datum, O),
    },
    "ind.document_uitgereikt": {"bsn": (_bsn, R), "datum": (_datum, R)},
    "ind.verblijfsrecht_ingetrokken": {"bsn": (_bsn, R), "datum": (_datum, R)},
    "coa.locatie": {
        "locatie": (_tekst, R), "soort": (_keuze("azc", "noodopvang", "overig"), R),
        "gemeentecode": (_gemeentecode, R), "postcode": (_postcode, R), "huisnummer": (_huisnummer, R),
        "van": (_datum, R), "tot": (_datum, O),
    },
    "coa.koppeling": {"bsn": (_bsn, R), "gemeentecode": (_gemeentecode, R), "datum": (_datum, R)},
    "coa.uitstroom": {"bsn": (_bsn, R), "datum": (_datum, R)},
    "duo.gemeente": {
        "gemeentecode": (_gemeentecode, R), "naam": (_tekst, R), "oin": (_oin, R), "notificatie_url": (_url, O),
    },
    "duo.procesbesturing": {
        "actie": (_keuze("pauzeer", "hervat"), R), "wet": (_keuze(*WETTEN, "alle"), R),
        "procesgroep": (_keuze(*PROCESGROEPEN, "alle"), R),
    },
    "duo.interpretatie": {
        "begindatum": (_keuze("bekendmaking", "vaststelling"), R), "koppeling": (_keuze("coa", "brp_adresfilter"), R),
    },
}
GLOBALE_TYPES = frozenset({"coa.locatie", "duo.gemeente", "duo.procesbesturing", "duo.interpretatie"})

# Extension (contract: "extend it, never change it"): what gemeenten report through the M2M API
# enters the same log as a message; see ``registreer_uitbreiding``.
SAMENHANG: dict[str, Any] = {}  # type -> function(velden) -> list of (veld, reden): checks across fields

# Contract §5.1: DUO's decisions about one person; the person must be known to DUO (see the module docstring).
PERSOONSBESLUITEN = frozenset({
    "duo.vrijstelling", "duo.ontheffing", "duo.voldaan", "duo.termijnverlenging", "duo.examenresultaat",
    "duo.opt_in", "duo.verzoek_doelgroep",
})


def registreer_uitbreiding(type_: str, velden: dict[str, tuple[Any, bool]], samenhang=None) -> None:
    SCHEMA[type_] = {"bsn": (_bsn, R), **velden}
    if samenhang is not None:
        SAMENHANG[type_] = samenhang


def _ontvangen(v) -> datetime:
    if not isinstance(v, str):
        raise _Fout("moet een datum (JJJJ-MM-DD) of ISO datum-tijd zijn")
    try:
        if not _DATUM.fullmatch(v[:10]) or (len(v) > 10 and v[10] not in "T "):
            raise ValueError
        if len(v) == 10:
            return datetime.combine(date.fromisoformat(v), datetime.min.time())
        t = datetime.fromisoformat(v)
    except ValueError:
        raise _Fout(f"{v!r} is geen datum (JJJJ-MM-DD) of ISO datum-tijd") from None
    # Ordering is on DUO's local time: an offset is converted to Amsterdam time, then dropped.
    if t.tzinfo is not None:
        t = t.astimezone(_NL)
    return t.replace(tzinfo=None)


def valideer_object(obj: Any, regel: int) -> tuple[Bericht | None, list[str]]:
    """One parsed JSON value -> a Bericht, or the faults of that line."""
    if not isinstance(obj, dict):
        return None, [f"regel {regel}: een regel moet één JSON-object zijn"]
    fouten: list[str] = []
    type_ = obj.get("type")
    if type_ is None:
        return None, [f"regel {regel}: veld 'type' ontbreekt"]
    schema = SCHEMA.get(type_) if isinstance(type_, str) else None
    if schema is None:
        return None, [f"regel {regel}: veld 'type': onbekend berichttype {type_!r}"]
    ontvangen = None
    if "ontvangen" not in obj:
        fouten.append(f"regel {regel}: veld 'ontvangen' ontbreekt")
    else:
        try:
            ontvangen = _ontvangen(obj["ontvangen"])
        except _Fout as e:
            fouten.append(f"regel {regel}: veld 'ontvangen': {e}")
    bid = obj.get("id")
    if bid is not None and not (isinstance(bid, str) and bid.strip()) and not (
        isinstance(bid, int) and not isinstance(bid, bool)
    ):
        fouten.append(f"regel {regel}: veld 'id': moet een niet-lege tekst zijn")
    velden: dict[str, Any] = {}
    for naam, (soort, verplicht) in schema.items():
        if naam not in obj or obj[naam] is None:
            if verplicht:
                fouten.append(f"regel {regel}: veld '{naam}' ontbreekt (verplicht bij {type_})")
            continue
        try:
            velden[naam] = soort(obj[naam])
        except _Fout as e:
            fouten.append(f"regel {regel}: veld '{naam}': {e}")
    if not fouten:
        fouten.extend(_samenhang(type_, velden, regel))
    if fouten:
        return None, fouten
    ruw = bytes(memoryview(orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)))  # a tight copy: orjson's buffer is larger
    return Bericht(regel, type_, ontvangen, None if bid is None else str(bid), velden, ruw), []


def herstel(obj: dict, regel: int) -> Bericht:
    """Rebuild a message from the log, where it was stored after validation: only conversions, no checks."""
    type_ = obj["type"]
    velden: dict[str, Any] = {}
    for naam, (soort, _) in SCHEMA[type_].items():
        v = obj.get(naam)
        if v is None:
            continue
        conversie = _CONVERSIES.get(soort)
        velden[naam] = conversie(v) if conversie else v
    bid = obj.get("id")
    return Bericht(regel, type_, _ontvangen(obj["ontvangen"]), None if bid is None else str(bid), velden)


def _samenhang(type_, v, regel) -> list[str]:
    if type_ == "coa.locatie" and v.get("tot") and v["tot"] < v["van"]:
        return [f"regel {regel}: veld 'tot': ligt vóór 'van'"]
    if type_ == "ind.verblijfsrecht" and v.get("einddatum") and v["einddatum"] < v["ingangsdatum"]:
        return [f"regel {regel}: veld 'einddatum': ligt vóór 'ingangsdatum'"]
    controle = SAMENHANG.get(type_)
    if controle is not None:
        return [f"regel {regel}: veld '{veld}': {reden}" for veld, reden in controle(v)]
    return []


def onbekende_personen(berichten: list[Bericht], bekend_in_log=None) -> list[str]:
    """Faults for DUO decisions about a person DUO does not know. ``berichten`` in effect order;
    ``bekend_in_log``: function(set of BSNs) -> the BSNs the message log already has a ``brp.persoon`` for."""
    bekend: set[str] = set()
    verdacht = []
    for b in berichten:
        if b.type == "brp.persoon":
            bekend.add(b.bsn)
        elif b.type in PERSOONSBESLUITEN and b.bsn not in bekend:
            verdacht.append(b)
    if not verdacht:
        return []
    uit_log = bekend_in_log({b.bsn for b in verdacht}) if bekend_in_log is not None else set()
    return [f"regel {b.regel}: veld 'bsn': persoon {b.bsn} is bij DUO niet bekend (geen brp.persoon vóór dit "
            f"besluit, in het bestand of in het berichtenlog)"
            for b in sorted(verdacht, key=lambda b: b.regel) if b.bsn not in uit_log]


def lees_regels(regels: Iterable[bytes | str], bekend_in_log=None) -> list[Bericht]:
    """Validate every line; return the messages in effect order, or raise InvoerFout with all faults.

    Blank lines are skipped. The same ``id`` twice with the same content is one message; with other
    content it is a fault. Order: ``ontvangen``, ties in file order. ``bekend_in_log``: see
    ``onbekende_personen`` (without it, only the file itself makes a person known).
    """
    berichten: list[Bericht] = []
    fouten: list[str] = []
    per_id: dict[str, Bericht] = {}
    for nr, regel in enumerate(regels, start=1):
        if not regel.strip():
            continue
        try:
            obj = orjson.loads(regel)
        except orjson.JSONDecodeError as e:
            fouten.append(f"regel {nr}: geen geldige JSON ({str(e).split(':')[0]})")
            continue
        b, f = valideer_object(obj, nr)
        if f:
            fouten.extend(f)
            continue
        if b.id is not None:
            eerder = per_id.get(b.id)
            if eerder is not None:
                if eerder.ruw != b.ruw:
                    fouten.append(
                        f"regel {nr}: veld 'id': {b.id!r} staat al op regel {eerder.regel} met andere inhoud"
                    )
                continue
            per_id[b.id] = b
        berichten.append(b)
        if len(fouten) > 1000:
            fouten.append("… meer fouten niet getoond")
            break
    if fouten:
        raise InvoerFout(fouten)
    berichten.sort(key=lambda b: b.ontvangen)  # stable: file order on ties
    fouten = onbekende_personen(berichten, bekend_in_log)
    if fouten:
        raise InvoerFout(fouten)
    return berichten


def lees_bestand(pad, bekend_in_log=None) -> list[Bericht]:
    try:
        with open(pad, "rb") as f:
            return lees_regels(f, bekend_in_log)
    except OSError as e:
        raise InvoerFout([f"bestand {pad}: kan niet gelezen worden ({e.strerror})"]) from None
    except UnicodeDecodeError:
        raise InvoerFout([f"bestand {pad}: geen UTF-8"]) from None


from . import gemeenteberichten  # noqa: E402,F401  registers the gemeente.* extension types
