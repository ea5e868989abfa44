"""Operational figures for Prometheus (prometheus_client), and the readiness checks behind ``/gereed``.

Counts only: per gemeente, per run, per route — never a BSN or anything else about a person.

- engine lag in days (today by the clock minus the last processed day);
- outbox backlog and failures per gemeente (Wi2021 notifications not yet delivered; those with at least one
  failed attempt; failed attempts in the delivery log), collected by delivery itself (``m2m.aflevering.Cijfers``)
  and handed in by ``project.operatie``;
- re-determination progress per open run (persons done and in total, chunks failed);
- API latency per route (a histogram filled by ``project.operatie.api_latentie``).

The database figures are read at scrape time by a collector. With several gunicorn workers the histogram is
kept per process in ``PROMETHEUS_MULTIPROC_DIR`` (``inburgering serve`` sets one) and summed at scrape time.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

API_LATENTIE = Histogram(
    "inburgering_api_duur_seconden", "Duur van verzoeken aan DUO's M2M API per route",
    ["methode", "route", "status"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)


def achterstand_dagen() -> int | None:
    from ..keten.models import Ketenstand
    from .klok import huidige_klok

    stand = Ketenstand.objects.filter(id=1).first()
    if stand is None or stand.verwerkt_tot is None:
        return None
    return (huidige_klok().vandaag() - stand.verwerkt_tot).days


class _Keten:
    """Figures read from the database at scrape time."""

    def collect(self):
        from ..keten.models import Herbeoordeling
        from .herbeoordeling import voortgang

        lag = GaugeMetricFamily("inburgering_engine_achterstand_dagen",
                                "Dagen tussen vandaag en de laatst door de engine verwerkte dag")
        dagen = achterstand_dagen()
        if dagen is not None:
            lag.add_metric([], dagen)
        yield lag

        klaar = GaugeMetricFamily("inburgering_herbeoordeling_personen_klaar",
                                  "Herbeoordeling die loopt: personen beoordeeld", labels=["run", "soort"])
        totaal = GaugeMetricFamily("inburgering_herbeoordeling_personen_totaal",
                                   "Herbeoordeling die loopt: personen in totaal", labels=["run", "soort"])
        fout = GaugeMetricFamily("inburgering_herbeoordeling_delen_mislukt",
                                 "Herbeoordeling die loopt: mislukte delen", labels=["run", "soort"])
        for run in Herbeoordeling.objects.filter(status=Herbeoordeling.GEPLAND):
            v = voortgang(run.pk)
            labels = [str(run.pk), "uitvoeren" if run.uitgevoerd else "proefrun"]
            klaar.add_metric(labels, v["personen_klaar"])
            totaal.add_metric(labels, v["personen_totaal"])
            fout.add_metric(labels, v["delen_mislukt"])
        yield klaar
        yield totaal
        yield fout


def exporteer(*verzamelaars) -> bytes:
    """The exposition text: the chain's figures, those of the ``verzamelaars`` handed in (the outbox:
    ``m2m.aflevering.Cijfers``) and the API histogram (of every worker process)."""
    registry = CollectorRegistry()
    registry.register(_Keten())
    for v in verzamelaars:
        registry.register(v)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(API_LATENTIE)
    return generate_latest(registry)


def gereed() -> tuple[bool, dict]:
    """Readiness: the database answers, the broker (if configured) answers, the engine is not behind."""
    from django.conf import settings
    from django.db import connection

    controles: dict[str, dict] = {}
    try:
        with connection.cursor() as c:
            c.execute("SELECT 1")
        controles["database"] = {"ok": True}
    except Exception as e:  # noqa: BLE001  (any failure means not ready)
        controles["database"] = {"ok": False, "fout": type(e).__name__}
        return False, controles
    if settings.CELERY_BROKER_URL:
        from kombu import Connection

        try:
            with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as verbinding:
                verbinding.ensure_connection(max_retries=1, timeout=2)
            controles["broker"] = {"ok": True}
        except Exception as e:  # noqa: BLE001
            controles["broker"] = {"ok": False, "fout": type(e).__name__}
    from .herbeoordeling import uitvoering_open

    maximum = int(os.environ.get("INBURGERING_GEREED_MAX_ACHTERSTAND", "1"))
    dagen = achterstand_dagen()
    run = uitvoering_open()
    engine = {"ok": dagen is None or dagen <= maximum or run is not None, "achterstand_dagen": dagen,
              "maximum": maximum}
    if run is not None:
        engine["herbeoordeling"] = run.pk  # the engine waits for it on purpose
    controles["engine"] = engine
    return all(c["ok"] for c in controles.values()), controles
