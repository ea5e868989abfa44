"""Crash safety with real processes on PostgreSQL: ``inburgering herbeoordeling`` killed with SIGKILL (the whole
process group: coordinator and worker processes) while its workers are in the middle of applying chunks; the
same run id run again completes it, and the end state equals an uninterrupted run — no SS190 lost or sent
twice, nobody corrected twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from brokers import wacht
from inburgering.dienst import herbeoordeling
from inburgering.keten import models as m

from .conftest import bouw, eindstand, ss190

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _url() -> str:
    db = settings.DATABASES["default"]
    return (f"postgresql://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/"
            f"{db['NAME']}")


def _inburgering(*args, **kw) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _url(), "CELERY_BROKER_URL": ""}
    return subprocess.Popen([sys.executable, "-m", "inburgering.cli", "herbeoordeling", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _wacht(voorwaarde, tot: float = 120.0) -> bool:
    return wacht(voorwaarde, tot)


def _wachtend_op_slot(c) -> int:
    """Sessions of this database (not ours) waiting for a lock: workers stuck inside a chunk's transaction."""
    return c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()").fetchone()[0]


def _andere_sessies(c, behalve: int) -> int:
    return c.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                     "AND pid <> pg_backend_pid() AND pid <> %s AND backend_type = 'client backend'",
                     [behalve]).fetchone()[0]


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":  # CI runs the suite a second time on PostgreSQL: there it runs
        pytest.skip("de kill-test draait op PostgreSQL (zet DATABASE_URL)")


def test_kill_9_while_applying_then_the_same_run_completes_as_if_uninterrupted(postgres):
    bouw()
    run = herbeoordeling.plan(True, "referentie", deelgrootte=10_000)
    assert herbeoordeling.voer_uit(run.pk) == "klaar"
    referentie = eindstand()
    assert ss190(referentie)

    call_command("flush", interactive=False, verbosity=0)
    bouw()
    run = herbeoordeling.plan(True, "onderbroken", deelgrootte=8)
    delen = run.delen.count()
    assert delen >= 8
    connection.close()  # the workers must not wait for this test's session
    with psycopg.connect(_url()) as slot:
        # Chunks 3 and on cannot mark themselves done while this transaction holds their rows: the workers
        # do a chunk's whole work and then wait, inside its transaction, for the kill.
        slot.execute("SELECT id FROM keten_herbeoordelingdeel WHERE run_id = %s AND nummer >= 3 FOR UPDATE", [run.pk])
        proces = _inburgering("--hervat", str(run.pk), "--werkers", "2", "--lokaal", start_new_session=True)
        with psycopg.connect(_url(), autocommit=True) as kijk:
            assert _wacht(lambda: _wachtend_op_slot(kijk) == 2), proces.stderr.read() if proces.poll() else "timeout"
            assert kijk.execute("SELECT count(*) FROM keten_herbeoordelingdeel WHERE run_id = %s AND status = 'klaar'",
                                [run.pk]).fetchone()[0] == 3
            os.killpg(proces.pid, signal.SIGKILL)  # coordinator and both workers at once
            proces.wait(30)
            slot.rollback()
            assert _wacht(lambda: _andere_sessies(kijk, slot.info.backend_pid) == 0), "the killed workers' sessions did not end"
    # The killed chunks left nothing; the run is open and the engine keeps to its day.
    assert herbeoordeling.voortgang(run.pk)["delen_klaar"] == 3
    assert m.Herbeoordeling.objects.get(pk=run.pk).status == "gepland"
    assert herbeoordeling.uitvoering_open().pk == run.pk

    opnieuw = _inburgering("--hervat", str(run.pk), "--werkers", "2", "--lokaal")
    uit, fout = opnieuw.communicate(timeout=300)
    assert opnieuw.returncode == 0, fout
    assert m.Herbeoordeling.objects.get(pk=run.pk).status == "klaar"
    stand = eindstand()
    assert stand == referentie
    assert len(ss190(stand)) == len(set(ss190(stand)))
