"""A re-determination run's chunks as Celery tasks, consumed by a real worker from a real broker (Redis and
RabbitMQ): the run closes itself when its last chunk is done, with the end state of a run in one chunk."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from brokers import BROKERS, broker_url
from inburgering.dienst import herbeoordeling, taken

from .conftest import bouw, eindstand, ss190

pytestmark = [pytest.mark.broker, pytest.mark.django_db(transaction=True)]

@pytest.fixture(params=sorted(BROKERS))
def broker(request, settings):
    url = broker_url(request.param)
    settings.CELERY_BROKER_URL = url
    taken.zet_broker(url)
    taken.app.control.purge()
    yield url
    taken.zet_broker("")


def test_chunks_as_celery_tasks_end_as_one_chunk(broker):
    from celery.contrib.testing.worker import start_worker

    bouw()
    run = herbeoordeling.plan(True, "referentie", deelgrootte=10_000)
    assert herbeoordeling.voer_uit(run.pk, via="lokaal") == "klaar"
    referentie = eindstand()
    assert ss190(referentie)

    call_command("flush", interactive=False, verbosity=0)
    bouw()
    proef = herbeoordeling.plan(False, "proef", deelgrootte=9)
    # SQLite takes one writer at a time; on PostgreSQL the chunks run side by side.
    tegelijk = 3 if connection.vendor == "postgresql" else 1
    with start_worker(taken.app, pool="threads", concurrency=tegelijk, perform_ping_check=False, loglevel="WARNING",
                      shutdown_timeout=30):
        assert herbeoordeling.voer_uit(proef.pk, via="celery", interval=0.2, tot=120) == "klaar"
        run = herbeoordeling.plan(True, "via celery", deelgrootte=9)
        assert run.delen.count() > 10
        assert herbeoordeling.voer_uit(run.pk, via="auto", interval=0.2, tot=120) == "klaar"
    assert eindstand() == referentie
    assert herbeoordeling.rapport(proef.pk)["rijen"] == herbeoordeling.rapport(run.pk)["rijen"]
    werkers = set(run.delen.values_list("werker", flat=True))
    assert all(w for w in werkers)  # every chunk recorded who did it
