"""Delivery: the engine's outbox (``Notificatie``) pushed to each gemeente's Notificatie API.

``POST {notificatie_url}/notificaties`` as ``../shared/duo-m2m/Notificatie.openapi.yml`` has it, headers
``bron`` (DUO's OIN), ``doel`` (the gemeente's OIN) and ``berichtId``, body ``{registratieDatumTijd, bsn,
vNummer?, gebeurtenisId}``. The gemeente then fetches the data from DUO's APIs (raadpleging).

Guarantees:
- at least once: a notification counts as delivered only after a 2xx answer; anything else is retried;
- a stable ``berichtId`` per notification (uuid5 of its id, kept in ``bericht_uuid``), so a receiver drops
  the duplicates that at-least-once brings;
- order per person: a later notification for a BSN to a gemeente is never sent while an earlier one is
  undelivered (failed, or waiting for its retry);
- retries with exponential backoff and jitter, capped; every attempt is logged (``m2m.Afleverpoging``);
- one gemeente at a time per worker (a lease in ``m2m.Afleverstatus``), gemeenten side by side: a gemeente
  whose endpoint does not answer is paused with its own capped backoff and never holds up the others.

Which notifications: those of the Wi2021 environment (DUO's M2M chain; Wi2007/Wi2013 signals appear in the
portal only), not purged, to gemeenten that registered a ``notificatie_url``.
"""

from __future__ import annotations

import http.client
import logging
import random
import ssl
import threading
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit

import orjson
from django.conf import settings
from django.db import IntegrityError, connection, connections, transaction
from django.db.models import Count, Q
from django.utils import timezone

from ..dienst import taken
from ..domein.wet import PERIODEN
from ..keten.models import Gemeente, Notificatie
from .models import Afleverpoging, Afleverstatus

log = logging.getLogger(__name__)

WETTEN = tuple(w.code for w in PERIODEN if w.m2m)  # the environments DUO's M2M chain serves (Wi2021)
NAAMRUIMTE = uuid.UUID("0d9c1f3e-6a4b-5e0f-8c2d-7b1a2e3f2021")


def bericht_uuid(notificatie_id: int) -> uuid.UUID:
    """The stable berichtId of a notification: the same on every attempt, in every process."""
    return uuid.uuid5(NAAMRUIMTE, f"notificatie:{notificatie_id}")


@dataclass(frozen=True)
class Beleid:
    """Retry and concurrency policy. Settings: ``INBURGERING_AFLEVERING = {name: value}``."""

    basis: float = 30.0  # seconds before the first retry of a notification; doubles per attempt
    maximum: float = 3600.0  # cap on a notification's backoff
    gemeente_maximum: float = 900.0  # cap on the pause of an unreachable gemeente
    timeout: float = 10.0  # per HTTP request
    lease: float = 120.0  # seconds a worker holds a gemeente without renewing
    drempel: int = 3  # connection faults in a row that pause a gemeente
    verbindingen: int = 2  # parallel connections per gemeente (persons are split over them)
    parallel: int = 16  # gemeenten delivered side by side (in-process)
    batch: int = 500  # results written per batch

    @classmethod
    def uit_instellingen(cls) -> Beleid:
        return cls(**getattr(settings, "INBURGERING_AFLEVERING", {}))

    def wachttijd(self, pogingen: int, cap: float | None = None) -> float:
        s = min(cap or self.maximum, self.basis * 2 ** max(0, pogingen - 1))
        return s * random.uniform(0.8, 1.2)


@dataclass
class Uitslag:
    afgeleverd: int = 0
    mislukt: int = 0
    gemeenten: int = 0
    gepauzeerd: list[str] = field(default_factory=list)

    def __iadd__(self, o: Uitslag) -> Uitslag:
        self.afgeleverd += o.afgeleverd
        self.mislukt += o.mislukt
        self.gemeenten += o.gemeenten
        self.gepauzeerd += o.gepauzeerd
        return self


def openstaand():
    """The outbox: notifications still to be delivered (whatever their retry time)."""
    return Notificatie.objects.filter(wet__in=WETTEN, afgeleverd_op__isnull=True, verwijderd_op__isnull=True)


def gemeenten_met_werk(nu: datetime | None = None) -> list[str]:
    """Gemeenten with a notificatie_url, something in the outbox, and not paused."""
    nu = nu or timezone.now()
    met_url = set(Gemeente.objects.exclude(notificatie_url="").values_list("code", flat=True))
    if not met_url:
        return []
    gepauzeerd = set(Afleverstatus.objects.filter(volgende_poging__gt=nu).values_list("gemeente", flat=True))
    codes = set(openstaand().filter(gemeente__in=met_url).values_list("gemeente", flat=True).distinct())
    return sorted(codes - gepauzeerd)


# --- the lease: one worker per gemeente ---------------------------------------------------------------------

def _neem(code: str, token: str, beleid: Beleid) -> bool:
    nu = timezone.now()
    try:
        Afleverstatus.objects.get_or_create(gemeente=code)
    except IntegrityError:
        pass
    return Afleverstatus.objects.filter(gemeente=code).filter(Q(bezet_tot__isnull=True) | Q(bezet_tot__lt=nu)).update(
        bezet_tot=nu + timedelta(seconds=beleid.lease), bezet_door=token) == 1


def _verleng(code: str, token: str, beleid: Beleid) -> bool:
    return Afleverstatus.objects.filter(gemeente=code, bezet_door=token).update(
        bezet_tot=timezone.now() + timedelta(seconds=beleid.lease)) == 1


def _laat_los(code: str, token: str) -> None:
    Afleverstatus.objects.filter(gemeente=code, bezet_door=token).update(bezet_tot=None, bezet_door="")


# --- HTTP ------------------------------------------------------------------------------------------------------

def _ssl_context() -> ssl.SSLContext:
    """DUO's own PKIoverheid certificate towards gemeenten (settings INBURGERING_AFLEVERING_CERT/KEY/CA)."""
    ctx = ssl.create_default_context(cafile=getattr(settings, "INBURGERING_AFLEVERING_CA", None) or None)
    cert = getattr(settings, "INBURGERING_AFLEVERING_CERT", None)
    if cert:
        ctx.load_cert_chain(cert, getattr(settings, "INBURGERING_AFLEVERING_KEY", None) or None)
    return ctx


class _Verbinding:
    """One persistent HTTP(S) connection to a gemeente's Notificatie API."""

    def __init__(self, url: str, timeout: float):
        u = urlsplit(url)
        self.https = u.scheme == "https"
        self.host, self.port = u.hostname, u.port or (443 if self.https else 80)
        self.pad = (u.path.rstrip("/") or "") + "/notificaties"
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def post(self, body: bytes, headers: dict) -> tuple[int, bytes]:
        if self.conn is None:
            if self.https:
                self.conn = http.client.HTTPSConnection(self.host, self.port, timeout=self.timeout,
                                                        context=_ssl_context())
            else:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request("POST", self.pad, body=body, headers=headers)
            r = self.conn.getresponse()
            inhoud = r.read()
            if r.will_close:
                self.sluit()
            return r.status, inhoud
        except BaseException:
            self.sluit()
            raise

    def sluit(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def notificatiebericht(n: dict) -> bytes:
    """The body per Notificatie.openapi.yml (SS190 carries the BSN only: no vNummer)."""
    body = {"registratieDatumTijd": timezone.localtime(n["registratie"]).isoformat(), "bsn": n["bsn"],
            "gebeurtenisId": n["gebeurtenis"]}
    if n["vnummer"] is not None:
        body["vNummer"] = n["vnummer"]
    return orjson.dumps(body)


# --- one gemeente ------------------------------------------------------------------------------------------------

_VELDEN = ("id", "bsn", "vnummer", "gebeurtenis", "registratie", "volgorde", "pogingen", "volgende_poging")


class _Run:
    """One worker's delivery run for one gemeente: lanes of persons, shared fault count and results."""

    def __init__(self, gemeente: Gemeente, token: str, beleid: Beleid):
        self.g, self.token, self.beleid = gemeente, token, beleid
        self.slot = threading.Lock()
        self.fouten_op_rij = 0
        self.stop = threading.Event()
        self.uitslag = Uitslag(gemeenten=1)
        self.laatste_fout = ""

    def kop(self, bid: uuid.UUID) -> dict:
        return {"Content-Type": "application/json", "bron": settings.INBURGERING_OIN, "doel": self.g.oin,
                "berichtId": str(bid)}

    def baan(self, rijen: list[dict]) -> None:
        """Deliver one lane's notifications in order; a person is blocked after a failure or a pending retry."""
        verbinding = _Verbinding(self.g.notificatie_url, self.beleid.timeout)
        try:
            geblokkeerd: set[str] = set()
            klaar: list[tuple] = []
            poging_log: list[tuple] = []
            for n in rijen:
                if self.stop.is_set():
                    break
                if n["bsn"] in geblokkeerd:
                    continue
                nu = timezone.now()
                if n["volgende_poging"] is not None and n["volgende_poging"] > nu:
                    geblokkeerd.add(n["bsn"])
                    continue
                bid = bericht_uuid(n["id"])
                t0 = time.monotonic()
                status, fout = None, ""
                try:
                    status, inhoud = verbinding.post(notificatiebericht(n), self.kop(bid))
                    if not 200 <= status < 300:
                        fout = f"HTTP {status}: {inhoud[:200].decode('utf-8', 'replace')}"
                except (OSError, http.client.HTTPException) as e:
                    fout = f"geen verbinding: {type(e).__name__}: {e}"[:300]
                duur = int((time.monotonic() - t0) * 1000)
                pogingen = n["pogingen"] + 1
                gelukt = not fout
                poging_log.append((n["id"], self.g.code, bid, nu, status, gelukt, fout[:300], duur))
                if gelukt:
                    klaar.append((bid, timezone.now(), pogingen, None, "", n["id"]))
                    with self.slot:
                        self.fouten_op_rij = 0
                        self.uitslag.afgeleverd += 1
                else:
                    geblokkeerd.add(n["bsn"])
                    volgende = nu + timedelta(seconds=self.beleid.wachttijd(pogingen))
                    klaar.append((bid, None, pogingen, volgende, fout[:300], n["id"]))
                    with self.slot:
                        self.uitslag.mislukt += 1
                        self.laatste_fout = fout
                        if status is None:  # no answer at all: counts towards pausing the gemeente
                            self.fouten_op_rij += 1
                            if self.fouten_op_rij >= self.beleid.drempel:
                                self.stop.set()
                        else:  # an HTTP answer, even an error: the gemeente is reachable
                            self.fouten_op_rij = 0
                if len(klaar) >= self.beleid.batch:
                    self.schrijf(klaar, poging_log)
            self.schrijf(klaar, poging_log)
        finally:
            verbinding.sluit()

    def baan_in_draad(self, rijen: list[dict]) -> None:
        try:
            self.baan(rijen)
        except Exception:
            log.exception("aflevering aan gemeente %s mislukt", self.g.code)
            self.stop.set()
        finally:
            connections.close_all()

    def schrijf(self, klaar: list, poging_log: list) -> None:
        """Write a batch of outcomes: one executemany each (Django's bulk_update builds CASE expressions that cost
        more than the deliveries themselves)."""
        if klaar:
            _schrijf_uitkomsten(klaar, poging_log)
            klaar.clear()
            poging_log.clear()
            if not _verleng(self.g.code, self.token, self.beleid):
                self.stop.set()  # another worker took the gemeente over: stop, keep the order


_UITKOMST = ("bericht_uuid", "afgeleverd_op", "pogingen", "volgende_poging", "laatste_fout")
_POGING = ("notificatie_id", "gemeente", "bericht_uuid", "tijdstip", "status", "gelukt", "fout", "duur_ms")


def _schrijf_uitkomsten(klaar: list[tuple], poging_log: list[tuple]) -> None:
    """``klaar``: (bericht_uuid, afgeleverd_op, pogingen, volgende_poging, laatste_fout, id) per notification;
    ``poging_log``: the delivery log's columns per attempt."""
    def omzetters(model, velden):
        return [model._meta.get_field(v) for v in velden]

    def zet_om(velden, rij):
        return tuple(v if f is None else f.get_db_prep_save(v, connection) for f, v in zip(velden, rij))

    q = connection.ops.quote_name
    uitkomst = omzetters(Notificatie, _UITKOMST) + [None]
    poging = omzetters(Afleverpoging, _POGING)
    with transaction.atomic(), connection.cursor() as c:
        c.executemany(f"UPDATE {q(Notificatie._meta.db_table)} SET " + ", ".join(f"{q(v)} = %s" for v in _UITKOMST)
                      + " WHERE id = %s", [zet_om(uitkomst, r) for r in klaar])
        c.executemany(f"INSERT INTO {q(Afleverpoging._meta.db_table)} (" + ", ".join(q(v) for v in _POGING)
                      + ") VALUES (" + ", ".join(["%s"] * len(_POGING)) + ")", [zet_om(poging, r) for r in poging_log])


def lever_af_gemeente(code: str, beleid: Beleid | None = None) -> Uitslag:
    """Deliver what is due for one gemeente. Safe to call from many workers: one gets the gemeente."""
    beleid = beleid or Beleid.uit_instellingen()
    token = uuid.uuid4().hex
    if not _neem(code, token, beleid):
        return Uitslag()
    try:
        g = Gemeente.objects.filter(code=code).first()
        st = Afleverstatus.objects.get(gemeente=code)
        if g is None or not g.notificatie_url or (st.volgende_poging and st.volgende_poging > timezone.now()):
            return Uitslag()
        run = _Run(g, token, beleid)
        banen: list[list[dict]] = [[] for _ in range(max(1, beleid.verbindingen))]
        laatste = -1
        while True:  # the gemeente's whole outbox, in delivery order, split into lanes by person
            deel = list(openstaand().filter(gemeente=code, volgorde__gt=laatste).order_by("volgorde")
                        .values(*_VELDEN)[:5000])
            if not deel:
                break
            laatste = deel[-1]["volgorde"]
            for n in deel:
                banen[zlib.crc32(n["bsn"].encode()) % len(banen)].append(n)
        banen = [b for b in banen if b]
        if len(banen) == 1:
            run.baan(banen[0])
        elif banen:
            draden = [threading.Thread(target=run.baan_in_draad, args=(b,), name=f"aflevering-{code}-{i}")
                      for i, b in enumerate(banen)]
            for d in draden:
                d.start()
            for d in draden:
                d.join()
        nu = timezone.now()
        if run.stop.is_set() and run.fouten_op_rij >= beleid.drempel:
            st.refresh_from_db()
            st.fouten_op_rij += 1
            st.storing_sinds = st.storing_sinds or nu
            st.volgende_poging = nu + timedelta(seconds=beleid.wachttijd(st.fouten_op_rij, beleid.gemeente_maximum))
            st.laatste_fout = run.laatste_fout[:300]
            st.save(update_fields=["fouten_op_rij", "storing_sinds", "volgende_poging", "laatste_fout"])
            run.uitslag.gepauzeerd.append(code)
            log.warning("gemeente %s onbereikbaar (%s); volgende poging %s", code, run.laatste_fout,
                        st.volgende_poging)
        elif run.uitslag.afgeleverd:
            Afleverstatus.objects.filter(gemeente=code).update(fouten_op_rij=0, storing_sinds=None,
                                                               volgende_poging=None, laatst_afgeleverd=nu)
        return run.uitslag
    finally:
        _laat_los(code, token)


def lever_af(beleid: Beleid | None = None, gemeenten: list[str] | None = None) -> Uitslag:
    """One delivery round in this process: every gemeente with due work, side by side in threads."""
    beleid = beleid or Beleid.uit_instellingen()
    codes = gemeenten if gemeenten is not None else gemeenten_met_werk()
    totaal = Uitslag()
    if not codes:
        return totaal

    def een(code):
        try:
            return lever_af_gemeente(code, beleid)
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=max(1, min(beleid.parallel, len(codes))),
                            thread_name_prefix="aflevering") as ex:
        for u in ex.map(een, codes):
            totaal += u
    return totaal


def lever_af_tot_leeg(beleid: Beleid | None = None, tot: float = 120.0, pauze: float = 0.05) -> Uitslag:
    """Rounds until the outbox is empty or ``tot`` seconds passed (for the reference tests and benchmark)."""
    beleid = beleid or Beleid.uit_instellingen()
    eind = time.monotonic() + tot
    totaal = Uitslag()
    while time.monotonic() < eind:
        totaal += lever_af(beleid)
        if not openstaand().filter(gemeente__in=Gemeente.objects.exclude(notificatie_url="").values("code")).exists():
            break
        time.sleep(pauze)
    return totaal


def overzicht() -> list[dict]:
    """Per gemeente: outbox size, delivered, paused until, last fault (for `inburgering aflevering`)."""
    open_per = dict(openstaand().values_list("gemeente").annotate(n=Count("id")))
    status = {s.gemeente: s for s in Afleverstatus.objects.all()}
    out = []
    for g in Gemeente.objects.all():
        s = status.get(g.code)
        out.append({
            "gemeente": g.code, "naam": g.naam, "notificatie_url": g.notificatie_url,
            "openstaand": open_per.get(g.code, 0),
            "gepauzeerd_tot": s.volgende_poging.isoformat() if s and s.volgende_poging else None,
            "storing_sinds": s.storing_sinds.isoformat() if s and s.storing_sinds else None,
            "laatste_fout": s.laatste_fout if s else "",
        })
    return out


# --- in the background: Celery tasks, or this process -------------------------------------------------------------
# The tasks are registered on the service layer's Celery app (``dienst.taken``), which names this module among
# its task modules and queues a round by the task's name; with a broker a round is one task per gemeente, so a
# gemeente that is down for days occupies one task now and then, never the others.

@taken.app.task(name=taken.AFLEVERRONDE)
def lever_af_taak() -> int:
    """Dispatcher: one task per gemeente with due work."""
    codes = gemeenten_met_werk()
    for code in codes:
        lever_af_gemeente_taak.delay(code)
    return len(codes)


@taken.app.task(name="inburgering.lever_af_gemeente")
def lever_af_gemeente_taak(code: str) -> int:
    return lever_af_gemeente(code).afgeleverd


def start_ronde() -> Uitslag | None:
    """A delivery round now: queued for the workers (None), or done in this process."""
    if taken.celery_aan():
        lever_af_taak.delay()
        return None
    return lever_af()


class Cijfers:
    """The outbox for Prometheus, read at scrape time: backlog and failures per gemeente (counts only)."""

    def collect(self):
        from prometheus_client.core import GaugeMetricFamily

        wachtend = GaugeMetricFamily("inburgering_uitbus_wachtend", "Notificaties (Wi2021) nog niet afgeleverd",
                                     labels=["gemeente"])
        mislukt = GaugeMetricFamily("inburgering_uitbus_met_fout",
                                    "Notificaties nog niet afgeleverd na minstens één mislukte poging",
                                    labels=["gemeente"])
        for r in openstaand().values("gemeente").annotate(n=Count("id"), fout=Count("id", filter=Q(pogingen__gt=0))):
            wachtend.add_metric([r["gemeente"]], r["n"])
            mislukt.add_metric([r["gemeente"]], r["fout"])
        yield wachtend
        yield mislukt
        pogingen = GaugeMetricFamily("inburgering_afleverpogingen_mislukt", "Mislukte afleverpogingen in het log",
                                     labels=["gemeente"])
        for g, n in Afleverpoging.objects.filter(gelukt=False).values_list("gemeente").annotate(n=Count("id")):
            pogingen.add_metric([g], n)
        yield pogingen
