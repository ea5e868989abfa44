"""Operations endpoints: liveness, readiness (database, broker, engine lag) and Prometheus metrics — counts
only, never a BSN."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from inburgering.dienst import herbeoordeling
from inburgering.keten import models as m

from .conftest import bouw

pytestmark = pytest.mark.django_db


@pytest.fixture
def vandaag():
    from inburgering.dienst.klok import VasteKlok, zet_klok

    zet_klok(VasteKlok(date(2024, 1, 3)))
    yield date(2024, 1, 3)
    zet_klok(None)


@pytest.mark.slow  # waits for a broker that does not answer
def test_liveness_and_readiness(settings, vandaag):
    c = Client()
    assert c.get("/gezond").json() == {"gezond": True}
    leeg = c.get("/gereed")
    assert leeg.status_code == 200 and leeg.json()["controles"]["engine"]["achterstand_dagen"] is None
    bouw(personen=20)  # processed up to 2024-01-01: two days behind
    r = c.get("/gereed")
    assert r.status_code == 503 and r.json()["controles"]["database"] == {"ok": True}
    assert r.json()["controles"]["engine"]["achterstand_dagen"] == 2
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    m.Ketenstand.objects.update(verwerkt_tot=vandaag)
    r = c.get("/gereed")
    assert r.status_code == 503 and r.json()["controles"]["broker"]["ok"] is False
    assert r.json()["controles"]["engine"]["ok"] is True


def test_metrics_show_lag_outbox_progress_and_api_latency_without_personal_data(vandaag):
    bouw(personen=40)
    m.Gemeente.objects.update(notificatie_url="http://127.0.0.1:9/")
    run = herbeoordeling.plan(True, "test", deelgrootte=10)
    herbeoordeling.voer_deel_uit(run.pk, 0)
    c = Client()
    bsn = m.Persoon.objects.values_list("bsn", flat=True).first()
    c.get(f"/v1/personen/{bsn}/inburgeringsplicht")  # refused (no caller identified), but timed
    tekst = c.get("/metrics").content.decode()
    assert "inburgering_engine_achterstand_dagen 2.0" in tekst
    assert 'inburgering_uitbus_wachtend{gemeente="' in tekst
    assert f'inburgering_herbeoordeling_personen_klaar{{run="{run.pk}",soort="uitvoeren"}} 10.0' in tekst
    assert f'inburgering_herbeoordeling_personen_totaal{{run="{run.pk}",soort="uitvoeren"}}' in tekst
    assert 'inburgering_api_duur_seconden_count{methode="GET",route="personen/{bsn}/inburgeringsplicht"' in tekst
    assert bsn not in tekst
    herbeoordeling.voer_uit(run.pk)
