"""A re-determination as a run in chunks: planned once, its chunks done anywhere, in any order, any number of times.

- ``plan`` fixes what the run is about — the processed day, the rule variant, the log up to its highest
  volgnummer, the persons split into BSN ranges — in a ``Herbeoordeling`` with one ``HerbeoordelingDeel``
  per range.
- ``voer_deel_uit`` does one chunk in one transaction: the engine re-determines the range, and the chunk is
  marked done in that same transaction (a dry run rolls the engine's changes back to a savepoint and keeps
  only the impact). A second execution of a done chunk does nothing, so a chunk is applied exactly once,
  whoever runs it and however often: a worker killed halfway leaves no trace, and running the run again
  does what is left. The transaction that marks the last chunk done also combines the impact (the run's
  report) and closes the run, so completion needs no result backend and no coordinator that stays alive.
- ``voer_uit`` runs the open chunks: as Celery tasks (queue ``herbeoordeling``) on any number of worker
  machines sharing the database, in local processes (PostgreSQL), or one after another in this process.

While an applying run is open the engine does not move on to another day (``uitvoering_open``); a dry run
does not hold the engine up, and becomes "verouderd" if the engine moves on before it is done.
Notifications of chunk k are numbered above ``volgorde_basis + k * STAP``: a person lies in one chunk, so
the order per person is the engine's, and everything after the run is numbered above all of them.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections import Counter
from collections.abc import Callable
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import Count, Max, Sum
from django.utils import timezone

from ..keten import models as m
from . import opslag
from .slot import engine_slot

log = logging.getLogger(__name__)

STAP = 10**9  # notification numbers per chunk: far above what a chunk of persons can produce
DEELGROOTTE = 5000  # persons per chunk (INBURGERING_DEELGROOTTE)
_SLEUTEL = 0x1B0C  # advisory lock class for "a worker is at this chunk"


GEPLAND, KLAAR = m.Herbeoordeling.GEPLAND, m.Herbeoordeling.KLAAR  # a run's status, for the portal


def recente_runs(n: int = 50) -> list[m.Herbeoordeling]:
    """The newest runs first (counts per gemeente only: no personal data)."""
    return list(m.Herbeoordeling.objects.order_by("-id")[:n])


def run_of_niets(pk, status: str | None = None) -> m.Herbeoordeling | None:
    """The run ``pk`` (in ``status`` if given), or None."""
    q = m.Herbeoordeling.objects.filter(pk=pk)
    if status is not None:
        q = q.filter(status=status)
    return q.first()


def laatste_run_id() -> int | None:
    return m.Herbeoordeling.objects.order_by("-id").values_list("id", flat=True).first()


class HerbeoordelingLoopt(Exception):
    """An applying run is still open: finish it (``hervat``) before starting another."""


def deelgrootte() -> int:
    return int(os.environ.get("INBURGERING_DEELGROOTTE", DEELGROOTTE))


def uitvoering_open() -> m.Herbeoordeling | None:
    return m.Herbeoordeling.objects.filter(status=m.Herbeoordeling.GEPLAND, uitgevoerd=True).order_by("id").first()


# --- planning ------------------------------------------------------------------------------------------------

def plan(uitvoeren: bool, aanleiding: str, klok=None, deelgrootte: int | None = None) -> m.Herbeoordeling:
    """Create the run and its chunks (under the engine's lock, so it starts between two engine days)."""
    from .engine import variant_van
    from .klok import huidige_klok

    grootte = max(1, deelgrootte or globals()["deelgrootte"]())
    with engine_slot(), transaction.atomic():
        if uitvoeren and (open_ := uitvoering_open()) is not None:
            raise HerbeoordelingLoopt(f"herbeoordeling {open_.pk} wordt nog uitgevoerd; hervat die eerst")
        stand, _ = m.Ketenstand.objects.get_or_create(id=1)
        dag = stand.verwerkt_tot or (klok or huidige_klok()).vandaag()
        v = str(variant_van(stand))
        bsns = list(m.Persoon.objects.order_by("bsn").values_list("bsn", flat=True))
        run = m.Herbeoordeling.objects.create(
            dag=dag, uitgevoerd=uitvoeren, variant_oud=v, variant_nieuw=v, aanleiding=aanleiding[:200],
            rapport={"dag": dag.isoformat(), "personen": 0, "rijen": [], "notificaties": 0},
            status=m.Herbeoordeling.GEPLAND, personen_totaal=len(bsns),
            hoogste_volgnummer=m.Bericht.objects.aggregate(v=Max("volgnummer"))["v"] or 0,
            volgorde_basis=m.Notificatie.objects.aggregate(v=Max("volgorde"))["v"] or 0,
        )
        m.HerbeoordelingDeel.objects.bulk_create([
            m.HerbeoordelingDeel(run=run, nummer=k, bsn_van=bsns[i], bsn_tot=bsns[min(i + grootte, len(bsns)) - 1],
                                 personen=min(grootte, len(bsns) - i))
            for k, i in enumerate(range(0, len(bsns), grootte))
        ], batch_size=1000)
        if not bsns:
            _rond_af(run)
    return run


# --- one chunk -----------------------------------------------------------------------------------------------

def _werker() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:100]


def voer_deel_uit(run_id: int, nummer: int, na_notificaties: Callable[[list], None] | None = None) -> str:
    """Do one chunk (if it is not done yet) in one transaction; returns the chunk's or the run's status."""
    from ..domein.kern import Impact
    from . import samenstelling
    from .engine import variant_van

    t0 = time.perf_counter()
    voor = Counter(opslag.tijden)
    try:
        with transaction.atomic():
            deel = m.HerbeoordelingDeel.objects.select_related("run").get(run_id=run_id, nummer=nummer)
            if connection.vendor == "postgresql":  # another worker at this chunk: wait for its outcome
                with connection.cursor() as c:
                    c.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_SLEUTEL, deel.pk])
                deel.refresh_from_db(fields=["status"])
            run = deel.run
            if deel.status == m.HerbeoordelingDeel.KLAAR:
                return deel.status
            run.refresh_from_db(fields=["status"])
            if run.status != m.Herbeoordeling.GEPLAND:
                return run.status
            stand = m.Ketenstand.objects.get(id=1)
            if stand.verwerkt_tot != run.dag or str(variant_van(stand)) != run.variant_nieuw:
                m.Herbeoordeling.objects.filter(pk=run.pk, status=m.Herbeoordeling.GEPLAND).update(
                    status=m.Herbeoordeling.VEROUDERD)
                return m.Herbeoordeling.VEROUDERD
            impact = Impact()
            terug = None if run.uitgevoerd else transaction.savepoint()
            t1 = time.perf_counter()
            with opslag.proef() if terug is not None else nullcontext():
                nieuw = samenstelling.engine(afleveren=False).herbeoordeel_reeks(deel.bsn_van, deel.bsn_tot, run.dag,
                                                    run.volgorde_basis + nummer * STAP, run.hoogste_volgnummer, impact)
            t2 = time.perf_counter()
            if terug is not None:
                transaction.savepoint_rollback(terug)  # a dry run keeps the impact, nothing else
            if len(nieuw) >= STAP:
                raise RuntimeError("te veel notificaties in één deel; kies een kleinere deelgrootte")
            na = Counter(opslag.tijden)
            lezen, vouwen, schrijven = (na[k] - voor[k] for k in ("lezen", "vouwen", "schrijven"))
            deel.status = m.HerbeoordelingDeel.KLAAR
            deel.impact = {"personen": impact.personen, "rijen": impact.als_lijst()}
            deel.notificaties = len(nieuw)
            deel.tijden = {"totaal": round(time.perf_counter() - t0, 3), "lezen": round(lezen, 3),
                           "vouwen": round(vouwen, 3), "schrijven": round(schrijven, 3),
                           "bepalen": round(t2 - t1 - lezen - vouwen - schrijven, 3)}
            deel.werker, deel.fout, deel.klaar_op = _werker(), "", timezone.now()
            deel.save(update_fields=["status", "impact", "notificaties", "tijden", "werker", "fout", "klaar_op"])
            _rond_af_als_laatste(run.pk)
            if nieuw and run.uitgevoerd and na_notificaties is not None:
                transaction.on_commit(lambda: na_notificaties(nieuw))
        return m.HerbeoordelingDeel.KLAAR
    except Exception as e:
        # The chunk's changes are rolled back; record that it failed (the class only: no personal data).
        m.HerbeoordelingDeel.objects.filter(run_id=run_id, nummer=nummer).exclude(
            status=m.HerbeoordelingDeel.KLAAR).update(status=m.HerbeoordelingDeel.MISLUKT, fout=type(e).__name__,
                                                      werker=_werker())
        raise


def _rond_af_als_laatste(run_id: int) -> None:
    """In the chunk's transaction: if every chunk is done now, combine the impact and close the run.
    The run row's lock makes chunks that finish together take turns, so exactly one of them closes it."""
    run = m.Herbeoordeling.objects.select_for_update().get(pk=run_id)
    if run.status == m.Herbeoordeling.GEPLAND and not run.delen.exclude(status=m.HerbeoordelingDeel.KLAAR).exists():
        _rond_af(run)


def _rond_af(run: m.Herbeoordeling) -> None:
    from ..domein.kern import Impact

    impact = Impact()
    notificaties = 0
    for deel_impact, n in run.delen.values_list("impact", "notificaties"):
        impact.personen += deel_impact.get("personen", 0)
        notificaties += n
        for r in deel_impact.get("rijen", []):
            for wat, aantal in r.items():
                if wat not in ("gemeente", "wet"):
                    impact.tel(r["gemeente"], r["wet"], wat, aantal)
    run.rapport = {"dag": run.dag.isoformat(), "personen": impact.personen, "rijen": impact.als_lijst(),
                   "notificaties": notificaties, "delen": run.delen.count(), "id": run.pk}
    run.status, run.klaar_op = m.Herbeoordeling.KLAAR, timezone.now()
    run.save(update_fields=["rapport", "status", "klaar_op"])


# --- running the open chunks ------------------------------------------------------------------------------------

def open_delen(run_id: int, ook_mislukt: bool = True) -> list[int]:
    q = m.HerbeoordelingDeel.objects.filter(run_id=run_id).exclude(status=m.HerbeoordelingDeel.KLAAR)
    if not ook_mislukt:
        q = q.exclude(status=m.HerbeoordelingDeel.MISLUKT)
    return list(q.order_by("nummer").values_list("nummer", flat=True))


def voer_uit(run_id: int, werkers: int = 1, na_notificaties: Callable[[list], None] | None = None,
             via: str = "lokaal", wacht: bool = True, meld: Callable[[dict], None] | None = None,
             interval: float = 1.0, tot: float | None = None, ook_mislukt: bool = True) -> str:
    """Run the open chunks of a run. ``via``: "lokaal" (this process, or ``werkers`` processes on PostgreSQL),
    "celery" (tasks for the workers; ``wacht``: poll until the run is closed), or "auto" (Celery when a broker
    is configured). Returns the run's status."""
    from . import taken

    if via == "auto":
        via = "celery" if taken.celery_aan() else "lokaal"
    run = m.Herbeoordeling.objects.get(pk=run_id)
    if run.status != m.Herbeoordeling.GEPLAND:
        return run.status
    open_ = open_delen(run_id, ook_mislukt)
    if via == "celery":
        for k in open_:
            taken.herbeoordeling_deel_taak.delay(run_id, k)
        return wacht_op(run_id, meld, interval, tot) if wacht else m.Herbeoordeling.GEPLAND
    if werkers > 1 and len(open_) > 1 and connection.vendor == "postgresql":
        _in_processen(run_id, open_, werkers, meld)
        if na_notificaties is not None and run.uitgevoerd:  # in batches: a million notifications don't fit
            nieuw = []
            for n in m.Notificatie.objects.filter(volgorde__gt=run.volgorde_basis).iterator(chunk_size=10_000):
                nieuw.append(n)
                if len(nieuw) == 10_000:
                    na_notificaties(nieuw)
                    nieuw = []
            if nieuw:
                na_notificaties(nieuw)
    else:
        for k in open_:
            status = voer_deel_uit(run_id, k, na_notificaties)
            if status == m.Herbeoordeling.VEROUDERD:
                break
            if meld is not None:
                meld(voortgang(run_id))
    return m.Herbeoordeling.objects.values_list("status", flat=True).get(pk=run_id)


def start_op_achtergrond(run_id: int, hervat: bool = False) -> None:
    """Have the run done in the background: its chunks queued for the Celery workers, or (without a broker)
    picked up by the background loop of ``inburgering serve`` (``voer_open_runs_uit``). ``hervat``: failed
    chunks are tried again too."""
    from . import taken

    if hervat:
        m.HerbeoordelingDeel.objects.filter(run_id=run_id, status=m.HerbeoordelingDeel.MISLUKT).update(
            status=m.HerbeoordelingDeel.WACHT, fout="")
    if taken.celery_aan():
        voer_uit(run_id, via="celery", wacht=False)


def voer_open_runs_uit(werkers: int | None = None, na_notificaties=None) -> int:
    """Run every open run in this machine's processes (the background loop without a broker); a run left
    open by a crash is completed the same way. Returns the number of runs closed."""
    if werkers is None:
        werkers = int(os.environ.get("INBURGERING_WERKERS") or max(1, (os.cpu_count() or 1)))
    gedaan = 0
    for run_id in m.Herbeoordeling.objects.filter(status=m.Herbeoordeling.GEPLAND).order_by("id").values_list("id", flat=True):
        try:
            # Failed chunks wait for an operator's "hervat": a chunk that fails every time must not keep the
            # loop (and with it the engine and delivery) busy.
            status = voer_uit(run_id, werkers=werkers, na_notificaties=na_notificaties, via="lokaal", ook_mislukt=False)
        except Exception:  # noqa: BLE001  (recorded on the chunk; the loop goes on)
            log.exception("herbeoordeling %s: een deel is mislukt", run_id)
            continue
        if status != m.Herbeoordeling.GEPLAND:
            gedaan += 1
    return gedaan


def _in_processen(run_id: int, nummers: list[int], werkers: int, meld) -> None:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from django.conf import settings
    from django.db import connections

    from .werker import herbeoordeel_deel

    db = settings.DATABASES["default"]["NAME"]
    connections.close_all()  # nothing of this connection goes along to the workers
    with ProcessPoolExecutor(min(werkers, len(nummers)), mp_context=multiprocessing.get_context("spawn")) as pool:
        for f in as_completed([pool.submit(herbeoordeel_deel, (run_id, k, db)) for k in nummers]):
            f.result()
            if meld is not None:
                meld(voortgang(run_id))


def wacht_op(run_id: int, meld=None, interval: float = 1.0, tot: float | None = None) -> str:
    """Poll the database until the run is closed (done by workers elsewhere)."""
    eind = None if tot is None else time.monotonic() + tot
    while True:
        status = m.Herbeoordeling.objects.values_list("status", flat=True).get(pk=run_id)
        if status != m.Herbeoordeling.GEPLAND or (eind is not None and time.monotonic() > eind):
            return status
        if meld is not None:
            meld(voortgang(run_id))
        time.sleep(interval)


# --- progress and report --------------------------------------------------------------------------------------

def voortgang(run_id: int) -> dict:
    """Persons done, chunks done and failed, an estimate of the time left (counts only)."""
    run = m.Herbeoordeling.objects.get(pk=run_id)
    delen = run.delen.values("status").annotate(n=Count("id"), personen=Sum("personen"))
    per = {d["status"]: d for d in delen}
    klaar = per.get(m.HerbeoordelingDeel.KLAAR, {})
    gedaan, totaal = klaar.get("personen") or 0, run.personen_totaal
    verstreken = ((run.klaar_op or timezone.now()) - run.aangemaakt).total_seconds()
    resterend = None
    if run.status == m.Herbeoordeling.GEPLAND and gedaan:
        resterend = round(verstreken / gedaan * (totaal - gedaan))
    return {"id": run.pk, "status": run.status, "uitgevoerd": run.uitgevoerd, "personen_klaar": gedaan,
            "personen_totaal": totaal, "delen_klaar": klaar.get("n") or 0,
            "delen_mislukt": (per.get(m.HerbeoordelingDeel.MISLUKT) or {}).get("n") or 0,
            "delen_totaal": sum(d["n"] for d in delen), "seconden": round(verstreken),
            "seconden_resterend": resterend}


def rapport(run_id: int) -> dict:
    run = m.Herbeoordeling.objects.get(pk=run_id)
    return {**run.rapport, "id": run.pk, "status": run.status}

