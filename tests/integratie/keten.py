"""Test helpers: push chain messages through intake and the real engine, read the results. The messages come
from ``berichtbouwers`` (one id sequence for this process); the shorthands are importable from here."""

from __future__ import annotations

from datetime import date

from berichtbouwers import GEMEENTEN, Ketenbouwer, regels_bytes  # noqa: F401  (GEMEENTEN: re-exported)
from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.keten.models import Notificatie, Zichtbaarheid

_bouwer = Ketenbouwer()
msg = _bouwer.bericht
gemeenten = _bouwer.gemeenten
persoon = _bouwer.persoon
adres = _bouwer.adres
recht = _bouwer.recht
document = _bouwer.document
koppeling = _bouwer.koppeling
locatie = _bouwer.locatie
simpel = _bouwer.simpel
procesbesturing = _bouwer.procesbesturing
interpretatie = _bouwer.interpretatie
pip = _bouwer.pip
regels = regels_bytes


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
