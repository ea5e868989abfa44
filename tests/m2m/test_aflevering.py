"""Delivery of the engine's outbox to gemeenten's Notificatie APIs, against real HTTP receivers (the reference
receiver), in this process; Celery is in test_celery.py."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from datetime import timedelta

import pytest

from inburgering.m2m import aflevering
from inburgering.keten.models import Gemeente, Notificatie
from inburgering.m2m.models import Afleverpoging, Afleverstatus
from inburgering.m2m.ontvanger import maak_server

from .keten import AMSTERDAM, ASIEL, DEN_HAAG, GEZIN, HAAG, OIN, OUD, UTRECHT, Keten


class Ontvanger:
    def __init__(self, pad, **kw):
        self.server = maak_server("127.0.0.1", 0, str(pad), **kw)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.draad = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.draad.start()

    def notificaties(self) -> list[dict]:
        with urllib.request.urlopen(self.url + "/notificaties", timeout=5) as r:
            return json.load(r)

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


def vrije_poort() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p


@pytest.fixture
def ontvangers(keten, tmp_path):
    """A reference receiver per gemeente, registered as its notificatie_url (a duo.gemeente message)."""
    out = {code: Ontvanger(tmp_path / f"{code}.sqlite3", oin=OIN[code], duo_oin=Keten.DUO_OIN) for code in OIN}
    keten.neem_op([keten.gemeente(code, o.url, ontvangen=keten.dag) for code, o in out.items()])
    keten.verwerk(keten.dag)
    yield out
    for o in out.values():
        o.stop()


def test_each_notification_is_delivered_once_with_a_stable_berichtid_per_the_spec(keten, ontvangers):
    u = aflevering.lever_af()
    assert u.mislukt == 0 and u.afgeleverd > 0
    te_leveren = Notificatie.objects.filter(wet="Wi2021")
    assert not aflevering.openstaand().exists()
    for n in te_leveren:
        ontvangen = [x for x in ontvangers[n.gemeente].notificaties() if x["berichtId"] == str(n.bericht_uuid)]
        assert len(ontvangen) == 1
        x = ontvangen[0]
        assert n.bericht_uuid == aflevering.bericht_uuid(n.id)
        assert x["bron"] == Keten.DUO_OIN and x["bsn"] == n.bsn and x["gebeurtenisId"] == n.gebeurtenis
        assert x["vNummer"] == n.vnummer
        assert x["registratieDatumTijd"].startswith(n.dag.isoformat())
    gezin = [x["gebeurtenisId"] for x in ontvangers[AMSTERDAM].notificaties() if x["bsn"] == GEZIN]
    assert gezin == ["SS139"]  # lives in Amsterdam outside COA care: one first notification (contract §5.6)
    assert {x["bsn"] for x in ontvangers[UTRECHT].notificaties()} == {ASIEL}
    assert {x["bsn"] for x in ontvangers[DEN_HAAG].notificaties()} == {HAAG}
    assert Afleverpoging.objects.filter(gelukt=True).count() == te_leveren.count()
    assert aflevering.lever_af().afgeleverd == 0  # nothing twice


def test_only_the_wi2021_environment_is_pushed(keten, ontvangers):
    assert Notificatie.objects.filter(bsn=OUD, wet="Wi2013").exists()
    aflevering.lever_af()
    assert not [x for x in ontvangers[AMSTERDAM].notificaties() if x["bsn"] == OUD]
    assert Notificatie.objects.get(bsn=OUD, wet="Wi2013").afgeleverd_op is None


def test_retry_with_backoff_keeps_the_order_per_person(keten, ontvangers, settings):
    settings.INBURGERING_AFLEVERING = {**settings.INBURGERING_AFLEVERING, "basis": 0.3, "maximum": 1.0}
    # a second notification for the same person: DUO registers an exam result (SS199)
    keten.neem_op([keten.bericht("duo.examenresultaat", keten.dag, bsn=GEZIN, examendatum="2024-02-20",
                                 onderdeel="LE", resultaat="Geslaagd")])
    keten.verwerk(keten.dag)
    a = ontvangers[AMSTERDAM]
    handler_ontvanger = _ontvanger_van(a)
    handler_ontvanger.storing = 1.0  # Amsterdam answers 503 to everything
    u = aflevering.lever_af()
    assert u.mislukt >= 1
    ss139 = Notificatie.objects.get(bsn=GEZIN, gebeurtenis="SS139")
    ss199 = Notificatie.objects.get(bsn=GEZIN, gebeurtenis="SS199")
    assert ss139.pogingen == 1 and ss139.volgende_poging is not None and "HTTP 503" in ss139.laatste_fout
    assert ss199.pogingen == 0  # never sent while SS139 is undelivered
    assert not Afleverpoging.objects.filter(notificatie_id=ss199.id).exists()
    assert Notificatie.objects.filter(gemeente=UTRECHT, afgeleverd_op__isnull=False).exists()  # others go on

    handler_ontvanger.storing = 0.0
    aflevering.lever_af()  # SS139 waits for its retry time: nothing for GEZIN yet
    assert Notificatie.objects.get(id=ss139.id).afgeleverd_op is None
    time.sleep(0.4)
    aflevering.lever_af_tot_leeg(tot=10)
    gezin = [x["gebeurtenisId"] for x in a.notificaties() if x["bsn"] == GEZIN]
    assert gezin == ["SS139", "SS199"]
    ss139.refresh_from_db()
    assert ss139.pogingen == 2 and ss139.afgeleverd_op is not None
    log = list(Afleverpoging.objects.filter(notificatie_id=ss139.id).order_by("tijdstip").values_list("gelukt", "status"))
    assert log == [(False, 503), (True, 201)]


def test_a_lost_answer_is_retried_and_the_receiver_drops_the_duplicate(keten, ontvangers):
    o = _ontvanger_van(ontvangers[UTRECHT])
    o.verbreek = 1.0  # stores, then drops the connection before answering
    aflevering.lever_af()
    n = Notificatie.objects.get(bsn=ASIEL, gebeurtenis="SS101")
    assert n.afgeleverd_op is None and n.laatste_fout.startswith("geen verbinding")
    o.verbreek = 0.0
    time.sleep(0.1)
    aflevering.lever_af_tot_leeg(tot=10)
    ontvangen = [x for x in ontvangers[UTRECHT].notificaties() if x["berichtId"] == str(aflevering.bericht_uuid(n.id))]
    assert len(ontvangen) == 1 and ontvangen[0]["herhaald"] >= 1


def test_a_gemeente_that_is_down_is_paused_and_does_not_block_the_others(keten, ontvangers, settings):
    settings.INBURGERING_AFLEVERING = {**settings.INBURGERING_AFLEVERING, "drempel": 1, "gemeente_maximum": 60.0,
                                       "basis": 30.0}
    ontvangers[UTRECHT].stop()  # Utrecht's endpoint is gone (connection refused)
    u = aflevering.lever_af()
    assert UTRECHT in u.gepauzeerd
    st = Afleverstatus.objects.get(gemeente=UTRECHT)
    assert st.storing_sinds is not None and st.volgende_poging is not None and st.fouten_op_rij == 1
    assert not aflevering.openstaand().exclude(gemeente=UTRECHT).filter(
        gemeente__in=Gemeente.objects.exclude(notificatie_url="").values("code")).exists()
    assert UTRECHT not in aflevering.gemeenten_met_werk()  # paused: not tried again before volgende_poging
    assert aflevering.lever_af().gemeenten == len(aflevering.gemeenten_met_werk())
    overzicht = {r["gemeente"]: r for r in aflevering.overzicht()}
    assert overzicht[UTRECHT]["openstaand"] == 1 and overzicht[UTRECHT]["gepauzeerd_tot"]


def test_the_lease_lets_one_worker_deliver_a_gemeente_at_a_time(keten, ontvangers):
    beleid = aflevering.Beleid.uit_instellingen()
    assert aflevering._neem(AMSTERDAM, "ander", beleid)
    assert aflevering.lever_af_gemeente(AMSTERDAM).afgeleverd == 0  # held by "ander"
    aflevering._laat_los(AMSTERDAM, "ander")
    assert aflevering.lever_af_gemeente(AMSTERDAM).afgeleverd > 0


def test_new_notifications_after_an_api_report_reach_the_receiver(api, keten, ontvangers):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.neem_op([keten.adres(GEZIN, keten.dag + timedelta(days=1), UTRECHT, "3511AA", 9)])
    keten.volgende_dag()
    aflevering.lever_af_tot_leeg(tot=10)
    assert [x["gebeurtenisId"] for x in ontvangers[UTRECHT].notificaties() if x["bsn"] == GEZIN] == ["SS121"]
    assert "SS122" in [x["gebeurtenisId"] for x in ontvangers[AMSTERDAM].notificaties() if x["bsn"] == GEZIN]


def test_body_without_vnummer_when_none():
    from datetime import datetime, timezone

    body = json.loads(aflevering.notificatiebericht({"registratie": datetime(2022, 3, 1, 5, tzinfo=timezone.utc),
                                                    "bsn": "163923322", "gebeurtenis": "SS190", "vnummer": None}))
    assert body == {"registratieDatumTijd": "2022-03-01T06:00:00+01:00", "bsn": "163923322", "gebeurtenisId": "SS190"}


def test_reference_receiver_fetches_the_data_back_through_the_api_end_to_end(api, keten, live_server, tmp_path):
    """`inburgering gemeente-ontvanger` as a process: DUO pushes, the gemeente fetches (raadpleging)."""
    poort = vrije_poort()
    proc = subprocess.Popen(
        [sys.executable, "-m", "inburgering.cli", "gemeente-ontvanger", "--port", str(poort), "--data",
         str(tmp_path / "ontvanger.sqlite3"), "--oin", OIN[AMSTERDAM], "--duo", live_server.url + "/v1",
         "--duo-oin", Keten.DUO_OIN], stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        proc.stderr.readline()  # "luistert op …"
        url = f"http://127.0.0.1:{poort}"
        keten.neem_op([keten.gemeente(AMSTERDAM, url, ontvangen=keten.dag)])
        keten.verwerk(keten.dag)
        aflevering.lever_af_tot_leeg(tot=10)
        eind = time.monotonic() + 20
        while time.monotonic() < eind:
            with urllib.request.urlopen(url + "/notificaties", timeout=5) as r:
                ontvangen = json.load(r)
            gezin = [x for x in ontvangen if x["bsn"] == GEZIN]
            # the receiver consults both APIs one after the other: wait for both answers
            if gezin and all({"inburgeringsplicht", "doelgroep"} <= set(x["raadpleging"]) for x in gezin):
                break
            time.sleep(0.1)
        assert [x["gebeurtenisId"] for x in gezin] == ["SS139"]
        plicht = gezin[0]["raadpleging"]["inburgeringsplicht"]
        assert plicht["status"] == 200
        assert plicht["antwoord"]["indicatorInburgeringsplicht"] is True
        assert gezin[0]["raadpleging"]["doelgroep"]["antwoord"]["indeling"] == "Gezinsmigrant en overige migrant"
    finally:
        proc.terminate()
        proc.wait(10)


def _ontvanger_van(o: Ontvanger):
    """The receiver's settings object (for switching its simulated faults during a test)."""
    return o.server.ontvanger


def test_the_background_loop_runs_the_engine_then_delivers(keten, ontvangers):
    """What `inburgering serve` runs next to the web server (in-process, no broker)."""
    from inburgering.dienst import taken

    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.zet_dag(keten.dag + timedelta(days=1))  # the clock moves on; the loop processes up to "today"
    taken.achtergrond(aflevering.lever_af, interval=60, aflever_interval=0, rondes=1)
    assert [x["gebeurtenisId"] for x in ontvangers[UTRECHT].notificaties() if x["bsn"] == GEZIN] == ["SS120"]
    assert not aflevering.openstaand().exists()
