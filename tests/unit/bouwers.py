"""Builders for chain messages (contract §1) and a one-call route through the domain core.

Tests build a person's history as plain dicts, exactly as they would appear in a JSON Lines file, and
run them through ``lees_regels`` → ``bouw_feiten`` → ``bepaal``. Every builder takes ``ontvangen``
(default: the day of the fact itself, i.e. DUO learns it at once) and an optional ``id``.
"""

from __future__ import annotations

import json
from datetime import date

from inburgering.domein.bepaling import Bepaling, bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.variant import WETTELIJK, Variant


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


# --- running the rules -------------------------------------------------------------------------------

def regels(berichten) -> list[str]:
    return [json.dumps(b) for b in berichten]


def lees(berichten):
    return lees_regels(regels(berichten))


def bepaal_alle(berichten, peildatum, variant: Variant = WETTELIJK, **kw) -> dict[str, Bepaling]:
    """Every BSN in the messages → its determination on ``peildatum``."""
    personen, locaties = bouw_feiten(lees(berichten))
    pd = date.fromisoformat(peildatum) if isinstance(peildatum, str) else peildatum
    uit = {bsn: bepaal(p, pd, variant, locaties, **kw) for bsn, p in sorted(personen.items())}
    for b in uit.values():
        controleer_uitleg(b)
    return uit


def bepaal_een(berichten, peildatum, bsn=BSN, variant: Variant = WETTELIJK, **kw) -> Bepaling:
    return bepaal_alle(berichten, peildatum, variant, **kw)[bsn]


def contract(b: Bepaling) -> dict:
    return b.als_contract()


def uitleg(b: Bepaling) -> str:
    """The whole explanation as one text (outcomes and sources), for assertions."""
    return "\n".join(f"{s.regel}: {s.uitkomst} [{s.bron.naam}]" for s in b.stappen)


def bronnen_van(b: Bepaling) -> dict[str, str]:
    """rule name → source name, for each step of the explanation."""
    return {s.regel: s.bron.naam for s in b.stappen}


CONTRACT_SLEUTELS = {"bsn", "inburgeringsplichtig", "wet", "begindatum", "doelgroep", "gemeente",
                     "redenGeenInburgeringsplicht"}


def stap(b: Bepaling, regel: str):
    """The (last) explanation step with this rule name; fails if there is none."""
    gevonden = [s for s in b.stappen if s.regel == regel]
    assert gevonden, f"geen stap {regel!r} in de uitleg:\n{uitleg(b)}"
    return gevonden[-1]


def controleer_uitleg(b: Bepaling) -> None:
    """Every determination explains itself: each step has an outcome and names a source."""
    assert b.stappen, "een bepaling zonder uitleg"
    for s in b.stappen:
        assert s.uitkomst.strip(), s
        assert s.bron.naam.strip(), s
