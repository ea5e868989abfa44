"""Delivery and bulk jobs as Celery tasks, with a real worker consuming from a real broker (Redis, RabbitMQ)."""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlsplit

import pytest

from inburgering.dienst import taken
from inburgering.m2m import aflevering
from inburgering.keten.models import Notificatie

from .keten import GEZIN, UTRECHT
from .test_aflevering import ontvangers  # noqa: F401  (fixture)

pytestmark = pytest.mark.broker

BROKERS = {
    "redis": os.environ.get("INBURGERING_TEST_REDIS", "redis://127.0.0.1:6379/15"),
    "rabbitmq": os.environ.get("INBURGERING_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672//"),
}


def _bereikbaar(url: str) -> bool:
    u = urlsplit(url)
    try:
        with socket.create_connection((u.hostname, u.port or {"redis": 6379, "amqp": 5672}[u.scheme]), timeout=2):
            return True
    except OSError:
        return False


@pytest.fixture(params=sorted(BROKERS))
def worker(request, settings):
    url = BROKERS[request.param]
    if not _bereikbaar(url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"broker {request.param} ({url}) is niet bereikbaar, en op CI moet hij er zijn")
        pytest.skip(f"broker {request.param} ({url}) is niet bereikbaar; start Redis/RabbitMQ om deze test te draaien")
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_BROKER_URL = url
    app = taken.app
    taken.zet_broker(url)
    app.control.purge()
    with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=30):
        yield request.param
    taken.zet_broker("")


def _wacht(voorwaarde, tot: float = 30.0) -> bool:
    eind = time.monotonic() + tot
    while time.monotonic() < eind:
        if voorwaarde():
            return True
        time.sleep(0.1)
    return False


def test_delivery_runs_as_celery_tasks_per_gemeente(keten, ontvangers, worker):  # noqa: F811
    assert taken.celery_aan()
    aflevering.start_ronde()  # enqueues the dispatcher; the worker fans out one task per gemeente
    assert _wacht(lambda: not aflevering.openstaand().filter(
        gemeente__in=list(ontvangers)).exists()), f"outbox not emptied via {worker}"
    totaal = sum(len(o.notificaties()) for o in ontvangers.values())
    assert totaal == Notificatie.objects.filter(wet="Wi2021").count()


def test_engine_run_and_new_notifications_go_through_the_broker(api, keten, ontvangers, worker):  # noqa: F811
    keten.neem_op([keten.adres(GEZIN, "2024-03-01", UTRECHT, "3511AA", 9)])
    taken.verwerk_taak.delay()  # the engine by the (pinned) clock as a task, then a delivery round
    assert _wacht(lambda: any(x["bsn"] == GEZIN for x in ontvangers[UTRECHT].notificaties()))
    assert [x["gebeurtenisId"] for x in ontvangers[UTRECHT].notificaties() if x["bsn"] == GEZIN] == ["SS120"]
