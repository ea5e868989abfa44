"""Crash safety on Celery with real worker processes (PostgreSQL; Redis and RabbitMQ): a ``celery worker`` killed
with SIGKILL while it is inside a chunk's transaction. Its chunk is left undone; a new worker takes over the
rest of the queue, the run is completed by running the same run id again (RabbitMQ already hands the
killed worker's unacknowledged task to the new worker), and the end state equals an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from brokers import BROKERS, broker_url
from inburgering.dienst import herbeoordeling, taken
from inburgering.keten import models as m

from .conftest import bouw, eindstand, ss190
from .test_kill import _andere_sessies, _url, _wacht, _wachtend_op_slot

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.broker, pytest.mark.django_db(transaction=True)]


def _werker(broker: str, naam: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _url(), "CELERY_BROKER_URL": broker}
    return subprocess.Popen([sys.executable, "-m", "celery", "-A", "inburgering.dienst.taken", "worker", "-Q",
                             "herbeoordeling", "-c", "1", "-n", f"{naam}@%h", "--without-mingle", "--without-gossip",
                             "-l", "WARNING"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


@pytest.fixture(params=sorted(BROKERS))
def broker(request, settings):
    if connection.vendor != "postgresql":
        pytest.skip("de kill-test met Celery draait op PostgreSQL (zet DATABASE_URL)")
    url = broker_url(request.param)
    settings.CELERY_BROKER_URL = url
    taken.zet_broker(url)
    taken.app.control.purge()
    yield request.param
    taken.app.control.purge()
    taken.zet_broker("")


def test_kill_9_of_a_celery_worker_inside_a_chunk(broker):
    bouw()
    run = herbeoordeling.plan(True, "referentie", deelgrootte=10_000)
    assert herbeoordeling.voer_uit(run.pk, via="lokaal") == "klaar"
    referentie = eindstand()
    assert ss190(referentie)

    call_command("flush", interactive=False, verbosity=0)
    bouw()
    run = herbeoordeling.plan(True, "onderbroken", deelgrootte=8)
    connection.close()
    werkers = []
    try:
        with psycopg.connect(_url()) as slot:
            slot.execute("SELECT id FROM keten_herbeoordelingdeel WHERE run_id = %s AND nummer = 3 FOR UPDATE",
                         [run.pk])
            herbeoordeling.voer_uit(run.pk, via="celery", wacht=False)
            connection.close()
            eerste = _werker(taken.app.conf.broker_url, "eerste")
            werkers.append(eerste)
            with psycopg.connect(_url(), autocommit=True) as kijk:
                assert _wacht(lambda: _wachtend_op_slot(kijk) == 1, 120), eerste.stderr.read() if eerste.poll() else "timeout"
                os.killpg(eerste.pid, signal.SIGKILL)
                eerste.wait(30)
                slot.rollback()
                assert _wacht(lambda: _andere_sessies(kijk, slot.info.backend_pid) == 0)
                assert kijk.execute("SELECT status FROM keten_herbeoordelingdeel WHERE run_id = %s AND nummer = 3",
                                    [run.pk]).fetchone()[0] != "klaar"
        werkers.append(_werker(taken.app.conf.broker_url, "tweede"))
        wachten = 60 if broker == "rabbitmq" else 15
        klaar_zonder_hervatten = herbeoordeling.wacht_op(run.pk, interval=0.3, tot=wachten) == "klaar"
        if broker == "rabbitmq":
            assert klaar_zonder_hervatten  # the unacknowledged task went to the new worker
        if not klaar_zonder_hervatten:  # Redis keeps it until its visibility timeout: run the same run id again
            assert herbeoordeling.voer_uit(run.pk, via="celery", interval=0.3, tot=120) == "klaar"
    finally:
        for w in werkers:
            if w.poll() is None:
                os.killpg(w.pid, signal.SIGTERM)
                try:
                    w.wait(30)
                except subprocess.TimeoutExpired:
                    os.killpg(w.pid, signal.SIGKILL)
    assert m.Herbeoordeling.objects.get(pk=run.pk).status == "klaar"
    stand = eindstand()
    assert stand == referentie
    assert len(ss190(stand)) == len(set(ss190(stand)))
