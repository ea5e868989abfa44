"""Test helpers: build chain messages, push them through intake and the real engine, read the results."""

from __future__ import annotations

import itertools
from datetime import date

import orjson

from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.keten.models import Notificatie, Zichtbaarheid

_ids = itertools.count(1)

GEMEENTEN = {"0363": "Amsterdam", "0344": "Utrecht", "0518": "'s-Gravenhage", "1706": "Cranendonck", "0599": "Rotterdam"}


def msg(type_: str, ontvangen: str, **velden) -> dict:
    return {"id": f"t{next(_ids)}", "type": type_, "ontvangen": ontvangen, **velden}


def gemeenten(ontvangen="2012-01-01") -> list[dict]:
    return [msg("duo.gemeente", ontvangen, gemeentecode=c, naam=n, oin=f"000000010{c}0000000"[:20].ljust(20, "0"))
            for c, n in GEMEENTEN.items()]


def persoon(bsn, geboren="1990-01-01", nat=("SYR",), ontvangen="2012-01-01", **kw) -> dict:
    return msg("brp.persoon", ontvangen, bsn=bsn, geboortedatum=geboren, geslachtsnaam="Test", nationaliteiten=list(nat), **kw)


def adres(bsn, datum, gemeente, postcode="1011AB", huisnummer=1, ontvangen=None) -> dict:
    return msg("brp.verblijfplaats", ontvangen or datum, bsn=bsn, datum=datum, gemeentecode=gemeente,
               postcode=postcode, huisnummer=huisnummer)


def recht(bsn, doel, beschikking, ingang=None, ontvangen=None, **kw) -> dict:
    return msg("ind.verblijfsrecht", ontvangen or beschikking, bsn=bsn, verblijfsdoel=doel,
               datum_beschikking=beschikking, ingangsdatum=ingang or beschikking, **kw)


def document(bsn, datum, ontvangen=None) -> dict:
    return msg("ind.document_uitgereikt", ontvangen or datum, bsn=bsn, datum=datum)


def koppeling(bsn, datum, gemeente, ontvangen=None) -> dict:
    return msg("coa.koppeling", ontvangen or datum, bsn=bsn, datum=datum, gemeentecode=gemeente)


def locatie(naam, soort, gemeente, postcode, huisnummer, van="2010-01-01", ontvangen="2012-01-01") -> dict:
    return msg("coa.locatie", ontvangen, locatie=naam, soort=soort, gemeentecode=gemeente, postcode=postcode,
               huisnummer=huisnummer, van=van)


def simpel(type_, bsn, datum, ontvangen=None) -> dict:
    return msg(type_, ontvangen or datum, bsn=bsn, datum=datum)


def procesbesturing(ontvangen, actie, wet="alle", procesgroep="alle") -> dict:
    return msg("duo.procesbesturing", ontvangen, actie=actie, wet=wet, procesgroep=procesgroep)


def interpretatie(ontvangen, begindatum="bekendmaking", koppeling_="coa") -> dict:
    return msg("duo.interpretatie", ontvangen, begindatum=begindatum, koppeling=koppeling_)


def regels(berichten) -> list[bytes]:
    return [orjson.dumps(b) for b in berichten]


def draai(berichten, tot: str) -> list[tuple[str, str, str, str, str]]:
    """Ingest and run the engine to ``tot``; return all notifications as (dag, gemeente, wet, id, bsn)."""
    neem_regels_op(regels(berichten), "test")
    dag = date.fromisoformat(tot)
    Engine(VasteKlok(dag)).verwerk_tot(dag)
    return signalen()


def signalen() -> list[tuple[str, str, str, str, str]]:
    return [(n.dag.isoformat(), n.gemeente, n.wet, n.gebeurtenis, n.bsn)
            for n in Notificatie.objects.order_by("volgorde")]


def zichtbaar() -> set[tuple[str, str, str]]:
    return set(Zichtbaarheid.objects.filter(tot__isnull=True).values_list("gemeente", "wet", "bsn"))
