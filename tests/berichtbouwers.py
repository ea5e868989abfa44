"""The one place where tests build chain messages (contract §1), as plain dicts exactly as they would appear in
a JSON Lines file. The helpers that run them (through the domain rules, intake and the engine, the API) stay
with their tests (``unit/bouwers.py``, ``integratie/keten.py``, ``m2m/keten.py``) and import from here.

- The builders by kind of message (``persoon``, ``verblijfplaats``, ``verblijfsrecht``, …) take ``ontvangen``
  (default: the day of the fact itself, i.e. DUO learns it at once) and an optional ``id``.
- ``Ketenbouwer`` gives every message an id of its own (``t1``, ``t2``, …), so ingesting the same list again is
  idempotent; its shorthands take the BSN first. ``M2mBouwer`` is the same with the M2M tests' population
  (gemeenten with OINs, institutions).
"""

from __future__ import annotations

import itertools
import json
from datetime import date

import orjson


# Valid BSNs (eleven-test) from the contract examples.
BSN = "111222333"  # Rania
BSN2 = "123456782"  # Youssef
BSN3 = "163923322"
BSN4 = "468819733"
BSN5 = "693563278"
BSN6 = "495181754"


def _d(x) -> str | None:
    if x is None:
        return None
    return x.isoformat() if isinstance(x, date) else x


def _bericht(type_: str, ontvangen, id_=None, **velden) -> dict:
    b = {"type": type_, "ontvangen": _d(ontvangen)}
    if id_ is not None:
        b["id"] = id_
    for k, v in velden.items():
        if v is None:
            continue
        b[k] = _d(v) if isinstance(v, date) else v
    return b


# --- BRP ---------------------------------------------------------------------------------------------

def persoon(bsn=BSN, geboortedatum="1990-01-01", nationaliteiten=("SYR",), ontvangen="2015-01-01", id=None,
            geslachtsnaam="Testpersoon", **extra) -> dict:
    return _bericht("brp.persoon", ontvangen, id, bsn=bsn, geboortedatum=_d(geboortedatum),
                    geslachtsnaam=geslachtsnaam, nationaliteiten=list(nationaliteiten), **extra)


def verblijfplaats(datum, gemeentecode="0363", postcode="1011AB", huisnummer=1, bsn=BSN, ontvangen=None,
                   id=None, **extra) -> dict:
    return _bericht("brp.verblijfplaats", ontvangen or datum, id, bsn=bsn, datum=_d(datum),
                    gemeentecode=gemeentecode, postcode=postcode, huisnummer=huisnummer, **extra)


def vertrek(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("brp.vertrek", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


def overlijden(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("brp.overlijden", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


def nationaliteit(datum, nationaliteiten, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("brp.nationaliteit", ontvangen or datum, id, bsn=bsn, datum=_d(datum),
                    nationaliteiten=list(nationaliteiten))


# --- IND ---------------------------------------------------------------------------------------------

def verblijfsrecht(verblijfsdoel, datum_beschikking, ingangsdatum=None, einddatum=None, bsn=BSN, ontvangen=None,
                   id=None) -> dict:
    return _bericht("ind.verblijfsrecht", ontvangen or datum_beschikking, id, bsn=bsn, verblijfsdoel=verblijfsdoel,
                    datum_beschikking=_d(datum_beschikking), ingangsdatum=_d(ingangsdatum or datum_beschikking),
                    einddatum=_d(einddatum))


def document(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("ind.document_uitgereikt", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


def intrekking(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("ind.verblijfsrecht_ingetrokken", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


# --- COA ---------------------------------------------------------------------------------------------

def locatie(locatie="AZC-BUDEL", soort="azc", gemeentecode="1706", postcode="6021PA", huisnummer=2,
            van="2015-01-01", tot=None, ontvangen="2015-01-01", id=None) -> dict:
    return _bericht("coa.locatie", ontvangen, id, locatie=locatie, soort=soort, gemeentecode=gemeentecode,
                    postcode=postcode, huisnummer=huisnummer, van=_d(van), tot=_d(tot))


def koppeling(datum, gemeentecode="0344", bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("coa.koppeling", ontvangen or datum, id, bsn=bsn, gemeentecode=gemeentecode, datum=_d(datum))


def uitstroom(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("coa.uitstroom", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


# --- DUO ---------------------------------------------------------------------------------------------

def gemeente(gemeentecode="0363", naam="Amsterdam", oin="00000001002564440000", ontvangen="2015-01-01",
             id=None, **extra) -> dict:
    return _bericht("duo.gemeente", ontvangen, id, gemeentecode=gemeentecode, naam=naam, oin=oin, **extra)


def procesbesturing(actie="pauzeer", wet="alle", procesgroep="alle", ontvangen="2022-01-19", id=None) -> dict:
    return _bericht("duo.procesbesturing", ontvangen, id, actie=actie, wet=wet, procesgroep=procesgroep)


def interpretatie(begindatum="vaststelling", koppeling="brp_adresfilter", ontvangen="2022-01-01", id=None) -> dict:
    return _bericht("duo.interpretatie", ontvangen, id, begindatum=begindatum, koppeling=koppeling)


# --- DUO's back office (contract §5.1) ---------------------------------------------------------------

def vrijstelling(soort, oordeel, datum_oordeel, reden="OPL", startdatum=None, einddatum=None, bsn=BSN, ontvangen=None,
                 id=None, **extra) -> dict:
    return _bericht("duo.vrijstelling", ontvangen or datum_oordeel, id, bsn=bsn, soort=soort, oordeel=oordeel,
                    reden=reden, datum_oordeel=_d(datum_oordeel), startdatum=_d(startdatum), einddatum=_d(einddatum),
                    **extra)


def ontheffing(soort, oordeel, datum_oordeel, grond="MED", bsn=BSN, ontvangen=None, id=None, **extra) -> dict:
    return _bericht("duo.ontheffing", ontvangen or datum_oordeel, id, bsn=bsn, soort=soort, oordeel=oordeel,
                    datum_oordeel=_d(datum_oordeel), grond=grond, **extra)


def voldaan(datum, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("duo.voldaan", ontvangen or datum, id, bsn=bsn, datum=_d(datum))


def termijnverlenging(soort, oordeel, datum_oordeel, nieuwe_einddatum=None, bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("duo.termijnverlenging", ontvangen or datum_oordeel, id, bsn=bsn, soort=soort, oordeel=oordeel,
                    datum_oordeel=_d(datum_oordeel), nieuwe_einddatum=_d(nieuwe_einddatum))


def examenresultaat(examendatum, onderdeel="LE", resultaat="Geslaagd", bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("duo.examenresultaat", ontvangen or examendatum, id, bsn=bsn, examendatum=_d(examendatum),
                    onderdeel=onderdeel, resultaat=resultaat)


def verzoek_doelgroep(datum, rechten="gezins_en_overige_migrant", bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("duo.verzoek_doelgroep", ontvangen or datum, id, bsn=bsn, rechten=rechten, datum=_d(datum))


def opt_in(datum, wet="Wi2013", bsn=BSN, ontvangen=None, id=None) -> dict:
    return _bericht("duo.opt_in", ontvangen or datum, id, bsn=bsn, wet=wet, datum=_d(datum))


def regels_json(berichten) -> list[str]:
    """The messages as lines of a file (text)."""
    return [json.dumps(b) for b in berichten]


def regels_bytes(berichten) -> list[bytes]:
    """The messages as lines for intake (bytes)."""
    return [orjson.dumps(b) for b in berichten]


# --- with an id per message, BSN first (runs of the chain) ----------------------------------------------------

GEMEENTEN = {"0363": "Amsterdam", "0344": "Utrecht", "0518": "'s-Gravenhage", "1706": "Cranendonck", "0599": "Rotterdam"}


class Ketenbouwer:
    """Messages for a run of the chain through intake and the engine; each gets the next id of this builder."""

    def __init__(self):
        self._ids = itertools.count(1)

    def bericht(self, type_: str, ontvangen, **velden) -> dict:
        return {"id": f"t{next(self._ids)}", "type": type_, "ontvangen": _d(ontvangen),
                **{k: _d(v) for k, v in velden.items()}}

    def gemeenten(self, ontvangen="2012-01-01") -> list[dict]:
        return [self.bericht("duo.gemeente", ontvangen, gemeentecode=c, naam=n,
                             oin=f"000000010{c}0000000"[:20].ljust(20, "0")) for c, n in GEMEENTEN.items()]

    def persoon(self, bsn, geboren="1990-01-01", nat=("SYR",), ontvangen="2012-01-01", **kw) -> dict:
        return self.bericht("brp.persoon", ontvangen, bsn=bsn, geboortedatum=geboren, geslachtsnaam="Test",
                            nationaliteiten=list(nat), **kw)

    def adres(self, bsn, datum, gemeente, postcode="1011AB", huisnummer=1, ontvangen=None) -> dict:
        return self.bericht("brp.verblijfplaats", ontvangen or datum, bsn=bsn, datum=datum, gemeentecode=gemeente,
                            postcode=postcode, huisnummer=huisnummer)

    def recht(self, bsn, doel, beschikking, ingang=None, ontvangen=None, **kw) -> dict:
        return self.bericht("ind.verblijfsrecht", ontvangen or beschikking, bsn=bsn, verblijfsdoel=doel,
                            datum_beschikking=beschikking, ingangsdatum=ingang or beschikking, **kw)

    def document(self, bsn, datum, ontvangen=None) -> dict:
        return self.bericht("ind.document_uitgereikt", ontvangen or datum, bsn=bsn, datum=datum)

    def koppeling(self, bsn, datum, gemeente, ontvangen=None) -> dict:
        return self.bericht("coa.koppeling", ontvangen or datum, bsn=bsn, datum=datum, gemeentecode=gemeente)

    def locatie(self, naam, soort, gemeente, postcode, huisnummer, van="2010-01-01", ontvangen="2012-01-01") -> dict:
        return self.bericht("coa.locatie", ontvangen, locatie=naam, soort=soort, gemeentecode=gemeente,
                            postcode=postcode, huisnummer=huisnummer, van=van)

    def simpel(self, type_, bsn, datum, ontvangen=None) -> dict:
        return self.bericht(type_, ontvangen or datum, bsn=bsn, datum=datum)

    def procesbesturing(self, ontvangen, actie, wet="alle", procesgroep="alle") -> dict:
        return self.bericht("duo.procesbesturing", ontvangen, actie=actie, wet=wet, procesgroep=procesgroep)

    def interpretatie(self, ontvangen, begindatum="bekendmaking", koppeling_="coa") -> dict:
        return self.bericht("duo.interpretatie", ontvangen, begindatum=begindatum, koppeling=koppeling_)

    def pip(self, bsn, dagtekening, gemeente, leerroute="B1-route", ontvangen=None) -> dict:
        """A gemeente's PIP, as its report enters the log (contract §5)."""
        return self.bericht("gemeente.pip", ontvangen or dagtekening, bsn=bsn, gemeentecode=gemeente,
                            dagtekening=dagtekening, leerroute=leerroute)


# --- the M2M tests' population -------------------------------------------------------------------------------

AMSTERDAM, UTRECHT, DEN_HAAG, CRANENDONCK = "0363", "0344", "0518", "1706"
OIN = {AMSTERDAM: "00000001002564440000", UTRECHT: "00000001002220647000", DEN_HAAG: "00000001002269117000",
       CRANENDONCK: "00000001001234567000"}
NAAM = {AMSTERDAM: "Amsterdam", UTRECHT: "Utrecht", DEN_HAAG: "'s-Gravenhage", CRANENDONCK: "Cranendonck"}


class M2mBouwer(Ketenbouwer):
    """The M2M tests' messages: gemeenten with their OINs and Notificatie APIs, course institutions; values that
    are None are left out."""

    def bericht(self, type_: str, ontvangen, **velden) -> dict:
        return super().bericht(type_, ontvangen, **{k: v for k, v in velden.items() if v is not None})

    def gemeente(self, code: str, url: str | None = None, ontvangen="2023-01-01") -> dict:
        return self.bericht("duo.gemeente", ontvangen, gemeentecode=code, naam=NAAM[code], oin=OIN[code],
                            notificatie_url=url)

    def persoon(self, bsn, nat="SYR", geboren="1990-05-05", vnummer=None):
        return self.bericht("brp.persoon", "2023-06-01", bsn=bsn, geboortedatum=geboren, geslachtsnaam="Test",
                            nationaliteiten=[nat], vnummer=vnummer)

    def adres(self, bsn, datum, gemeente, postcode="1011AB", huisnummer=5, ontvangen=None):
        return super().adres(bsn, datum, gemeente, postcode, huisnummer, ontvangen)

    def recht(self, bsn, doel, beschikking, ontvangen=None):
        return super().recht(bsn, doel, beschikking, ontvangen=ontvangen)

    def instelling(self, nummer, bow=False, tst=False):
        return self.bericht("duo.instelling", "2023-01-01", instellingsnummer=nummer, naam=f"Taalschool {nummer}",
                            postcode="1011AB", huisnummer=1, plaatsnaam="Amsterdam", bow_keurmerk=bow,
                            tst_keurmerk=tst)
