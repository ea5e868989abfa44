"""Background work — the engine by the clock, notification delivery, re-determination chunks — as Celery
tasks on Redis or RabbitMQ when ``CELERY_BROKER_URL`` is set (``redis://127.0.0.1:6379/0``,
``amqp://guest:guest@127.0.0.1:5672//``), in this process otherwise.

Workers: ``celery -A inburgering.dienst.taken worker``. The scheduler is ``inburgering achtergrond`` (started
by ``inburgering serve``): once a minute the engine up to today, every few seconds a delivery round; with a
broker it only enqueues, and the workers do the work.

Delivery is the M2M component's (``m2m.aflevering``, next to its models): its tasks are registered on this
app, which lists that module among its task modules and queues a round by the task's name; the loop gets the
in-process round handed in. So the service layer runs delivery without importing an edge component.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

import django
from celery import Celery
from django.apps import apps
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
if not apps.ready:  # a Celery worker imports this module first
    django.setup()

from django.conf import settings  # noqa: E402

from . import samenstelling  # noqa: E402
from .klok import Klok, huidige_klok  # noqa: E402
from .slot import engine_slot  # noqa: E402

log = logging.getLogger(__name__)

AFLEVERRONDE = "inburgering.lever_af"  # the delivery round's task (m2m.aflevering)

app = Celery("inburgering", include=["inburgering.m2m.aflevering"])
app.conf.update(
    broker_url=settings.CELERY_BROKER_URL or "memory://",
    task_ignore_result=True,
    task_acks_late=True,  # a task lost with its worker is done again: delivery is at least once anyway
    task_reject_on_worker_lost=True,
    worker_prefetch_multiplier=1,
    broker_connection_retry_on_startup=True,
    task_default_queue="inburgering",
    # Chunks of a re-determination run on a queue of their own: a worker machine can take only those
    # (-Q herbeoordeling), and long chunks never wait behind delivery or the other way round.
    task_queues=(Queue("inburgering"), Queue("herbeoordeling")),
    task_routes={"inburgering.herbeoordeling_deel": {"queue": "herbeoordeling"}},
    worker_hijack_root_logger=False,
)


def celery_aan() -> bool:
    return bool(settings.CELERY_BROKER_URL)


def zet_broker(url: str) -> None:
    """Point this process's producer at another broker (the broker URL is read once, at import)."""
    app.conf.broker_url = url or "memory://"
    app._after_fork()  # drops the cached broker connection and producer pools


# --- tasks ----------------------------------------------------------------------------------------------------

@app.task(name="inburgering.verwerk")
def verwerk_taak() -> int:
    """The engine up to today by the clock, then a delivery round."""
    n = verwerk()
    app.send_task(AFLEVERRONDE)
    return n


@app.task(name="inburgering.herbeoordeling_deel")
def herbeoordeling_deel_taak(run_id: int, nummer: int) -> str:
    """One chunk of a run, in one transaction. Acknowledged late: a chunk whose worker dies is delivered
    again, and a chunk that is already done is left alone, so it is applied once."""
    from .herbeoordeling import voer_deel_uit

    return voer_deel_uit(run_id, nummer, na_notificaties=na_notificaties)


# --- entry points for the rest of the code ------------------------------------------------------------------------

_werk = threading.Event()  # in-process: new notifications → deliver soon


def na_notificaties(nieuw: list) -> None:
    """The engine committed new notifications (its ``na_notificaties`` callback): deliver soon."""
    if not nieuw:
        return
    if celery_aan():
        app.send_task(AFLEVERRONDE)
    else:
        _werk.set()


def verwerk(klok: Klok | None = None) -> int:
    """The chain up to and including today by the clock, its new notifications on their way to delivery (after
    a gemeente's report, and from the background loop); returns the number of new notifications. Engine runs are
    serialised across threads and processes by ``engine_slot``."""
    klok = klok or huidige_klok()
    with engine_slot():
        return samenstelling.engine(klok).verwerk_tot(klok.vandaag())


def achtergrond(aflevering: Callable[[], object], interval: float = 60.0, aflever_interval: float = 5.0,
                stop: threading.Event | None = None, rondes: int | None = None) -> None:
    """The scheduler loop of ``serve``: the engine every ``interval`` s, delivery every ``aflever_interval`` s.
    ``aflevering``: one delivery round in this process (``m2m.aflevering.lever_af``); with a broker the loop
    queues the round instead."""
    from django.db import close_old_connections

    from .herbeoordeling import voer_open_runs_uit

    stop = stop or threading.Event()
    volgende_engine = 0.0
    n = 0
    while not stop.is_set() and (rondes is None or n < rondes):
        n += 1
        close_old_connections()
        try:
            if not celery_aan():  # re-determination runs planned by the portal (or left open by a crash)
                voer_open_runs_uit(na_notificaties=na_notificaties)
            if time.monotonic() >= volgende_engine:
                volgende_engine = time.monotonic() + interval
                if celery_aan():
                    verwerk_taak.delay()
                else:
                    verwerk()
            if celery_aan():
                app.send_task(AFLEVERRONDE)
            else:
                _werk.clear()
                aflevering()
        except Exception:
            log.exception("achtergrondronde mislukt; volgende ronde probeert opnieuw")
        if rondes is not None and n >= rondes:
            break
        eind = time.monotonic() + aflever_interval
        while not stop.is_set() and time.monotonic() < eind and not _werk.is_set():
            stop.wait(min(0.2, max(0.0, eind - time.monotonic())))
