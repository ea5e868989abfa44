"""Delivery and bulk jobs as Celery tasks, with a real worker consuming from a real broker (Redis, RabbitMQ)."""

from __future__ import annotations

import pytest

from brokers import BROKERS, broker_url
from brokers import wacht as _wacht
from inburgering.dienst import taken
from inburgering.m2m import aflevering
from inburgering.keten.models import Notificatie

from .keten import GEZIN, UTRECHT
from .test_aflevering import ontvangers  # noqa: F401  (fixture)

pytestmark = pytest.mark.broker

@pytest.fixture(params=sorted(BROKERS))
def worker(request, settings):
    url = broker_url(request.param)
    from celery.contrib.testing.worker import start_worker

    settings.CELERY_BROKER_URL = url
    app = taken.app
    taken.zet_broker(url)
    app.control.purge()
    with start_worker(app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=30):
        yield request.param
    taken.zet_broker("")


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
