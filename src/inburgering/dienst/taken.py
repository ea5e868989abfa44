"""Background work — the engine by the clock, notification delivery, bulk jobs — as Celery tasks on Redis or
RabbitMQ when ``CELERY_BROKER_URL`` is set (``redis://127.0.0.1:6379/0``, ``amqp://guest:guest@127.0.0.1:5672//``),
in this process otherwise.

Workers: ``celery -A inburgering.dienst.taken worker``. The scheduler is ``inburgering achtergrond`` (started
by ``inburgering serve``): once a minute the engine up to today, every few seconds a delivery round; with a
broker it only enqueues, and the workers do the work. Delivery per gemeente is a task of its own, so a
gemeente that is down for days occupies one task now and then, never the others.
"""

from __future__ import annotations

import logging
import os
import threading
import time

import django
from celery import Celery
from django.apps import apps
from kombu import Queue

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
if not apps.ready:  # a Celery worker imports this module first
    django.setup()

from django.conf import settings  # noqa: E402

log = logging.getLogger(__name__)

app = Celery("inburgering")
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

@app.task(name="inburgering.lever_af")
def lever_af_taak() -> int:
    """Dispatcher: one task per gemeente with due work."""
    from . import aflevering

    codes = aflevering.gemeenten_met_werk()
    for code in codes:
        lever_af_gemeente_taak.delay(code)
    return len(codes)


@app.task(name="inburgering.lever_af_gemeente")
def lever_af_gemeente_taak(code: str) -> int:
    from . import aflevering

    return aflevering.lever_af_gemeente(code).afgeleverd


@app.task(name="inburgering.verwerk")
def verwerk_taak() -> int:
    """The engine up to today by the clock, then a delivery round."""
    from ..m2m.keten import verwerk

    n = verwerk()
    lever_af_taak.delay()
    return n


@app.task(name="inburgering.herbeoordeling")
def herbeoordeling_taak(uitvoeren: bool, aanleiding: str = "op verzoek") -> int:
    """Plan a re-determination run and queue its chunks; returns the run id."""
    from ..m2m.klok import klok
    from . import herbeoordeling

    run = herbeoordeling.plan(uitvoeren, aanleiding, klok=klok())
    herbeoordeling.voer_uit(run.pk, via="celery", wacht=False)
    return run.pk


@app.task(name="inburgering.herbeoordeling_deel")
def herbeoordeling_deel_taak(run_id: int, nummer: int) -> str:
    """One chunk of a run, in one transaction. Acknowledged late: a chunk whose worker dies is delivered
    again, and a chunk that is already done is left alone, so it is applied once."""
    from .herbeoordeling import voer_deel_uit

    return voer_deel_uit(run_id, nummer, na_notificaties=lambda nieuw: meld_nieuwe_notificaties(len(nieuw)))


@app.task(name="inburgering.ingest")
def ingest_taak(pad: str) -> int:
    """Append a file of chain messages (bulk) and process it."""
    from .intake import neem_bestand_op

    _, nieuw, _ = neem_bestand_op(pad)
    verwerk_taak.delay()
    return nieuw


# --- entry points for the rest of the code ------------------------------------------------------------------------

_werk = threading.Event()  # in-process: new notifications → deliver soon


def meld_nieuwe_notificaties(aantal: int) -> None:
    """The engine committed new notifications (its ``na_notificaties`` callback)."""
    if not aantal:
        return
    if celery_aan():
        lever_af_taak.delay()
    else:
        _werk.set()


def start_aflevering() -> None:
    """A delivery round now: queued for the workers, or in this process."""
    if celery_aan():
        lever_af_taak.delay()
    else:
        from . import aflevering

        aflevering.lever_af()


def achtergrond(interval: float = 60.0, aflever_interval: float = 5.0, stop: threading.Event | None = None,
                rondes: int | None = None) -> None:
    """The scheduler loop of ``serve``: the engine every ``interval`` s, delivery every ``aflever_interval`` s."""
    from django.db import close_old_connections

    from . import aflevering

    stop = stop or threading.Event()
    volgende_engine = 0.0
    n = 0
    while not stop.is_set() and (rondes is None or n < rondes):
        n += 1
        close_old_connections()
        try:
            if not celery_aan():  # re-determination runs planned by the portal (or left open by a crash)
                from ..m2m.keten import _na_notificaties
                from .herbeoordeling import voer_open_runs_uit

                voer_open_runs_uit(na_notificaties=_na_notificaties)
            if time.monotonic() >= volgende_engine:
                volgende_engine = time.monotonic() + interval
                if celery_aan():
                    verwerk_taak.delay()
                else:
                    from ..m2m.keten import verwerk

                    verwerk()
            if celery_aan():
                lever_af_taak.delay()
            else:
                _werk.clear()
                aflevering.lever_af()
        except Exception:
            log.exception("achtergrondronde mislukt; volgende ronde probeert opnieuw")
        if rondes is not None and n >= rondes:
            break
        eind = time.monotonic() + aflever_interval
        while not stop.is_set() and time.monotonic() < eind and not _werk.is_set():
            stop.wait(min(0.2, max(0.0, eind - time.monotonic())))
