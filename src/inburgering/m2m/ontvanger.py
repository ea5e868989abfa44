"""A reference receiver: a gemeente's side of the notification chain (``inburgering gemeente-ontvanger``).

It implements ``POST /notificaties`` of ``../shared/duo-m2m/Notificatie.openapi.yml``: checks the headers and
the body, stores each notification once (a repeated ``berichtId`` is answered 201 and counted, not stored
again) and then fetches the data behind it from DUO's APIs — the raadpleging pattern — and stores those
answers too. ``GET /notificaties`` shows what it has, with what it fetched; ``GET /status`` counts.

It also does what the handreiking (§4.2, §4.3) asks of a gemeente after the January 2022 incident. On SS190
(a person wrongly placed under Wi2021) it removes, in one transaction, everything it stored about that person
under Wi2021 (notifications and fetched data), keeps the correction itself in a list of its own that is
never deleted (``GET /correcties``), and tells every third party it had passed the person to (registered with
``--derde URL``: a language school, the leerbaarheidstoets provider) to stop processing that person. The
reference passes a newly obligated person (SS101, SS128, SS139, SS120, SS121, SS129) on to each registered
third party once: a ``aanmelding`` with the BSN only. Messages to third parties go through a persistent
outbox (``uitgaand``): at least once, a stable ``berichtId`` per message, in order per third party and
person, retried with capped exponential backoff and jitter, and picked up again after a restart.

It is deliberately small and standalone (standard library only, no Django): a gemeente's software would
look like this. ``--storing P`` and ``--verbreek P`` make it fail on purpose, for tests and the benchmark.
"""

from __future__ import annotations

import http.client
import json
import logging
import queue
import random
import re
import sqlite3
import ssl
import threading
import time
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from ..domein.catalogus import Gebeurtenis
from ..domein.wet import M2M_WET

log = logging.getLogger("inburgering.ontvanger")

_GEBEURTENIS = re.compile(r"[0-9A-Z]{1,6}")
CORRECTIE = Gebeurtenis.SS190
NIEUWE_PERSOON = frozenset({"SS101", "SS128", "SS139", "SS120", "SS121", "SS129"})  # passed on to third parties
_NAAMRUIMTE_DERDEN = uuid.UUID("5b0d7c62-1f3a-5e8e-9c41-2a7d3e6f0190")
_BSN = re.compile(r"\d{9}")

# Which of DUO's APIs to consult for a notification: by the catalogue's API name (domein.catalogus).
_RAADPLEGING = {
    "Inburgeringsplicht": ("inburgeringsplicht", "doelgroep"),
    "Inburgeringstermijn": ("inburgeringstermijn",),
    "Leerbaarheidstoets": ("lbt/resultaten",),
    "Inburgeringsaanbod": ("PIP",),
    "Beschikking voldaan inburgeringsplicht": ("inburgeringsplicht",),
    "Eindoordeel vrijstelling": ("vrijstellingen",),
    "Beslissing ontheffing": ("ontheffingen",),
    "Beoordeling aanvraag verlenging": ("inburgeringstermijn",),
}


def raadpleegpaden(gebeurtenis: str) -> tuple[str, ...]:
    from ..domein.catalogus import CATALOGUS

    api = CATALOGUS.get(gebeurtenis, ("", "Inburgeringsplicht"))[1]
    return _RAADPLEGING.get(api, ("inburgeringsplicht",))


class Opslag:
    """The receiver's own store (SQLite). ``correctie`` rows are never deleted: no statement here does."""

    def __init__(self, pad: str):
        self.db = sqlite3.connect(pad, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")  # the outbox must survive a crash of the process
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS notificatie (
                volgnr INTEGER PRIMARY KEY AUTOINCREMENT, bericht_id TEXT UNIQUE NOT NULL, bron TEXT NOT NULL,
                ontvangen_op TEXT NOT NULL, registratie TEXT NOT NULL, bsn TEXT, vnummer INTEGER,
                gebeurtenis TEXT NOT NULL, herhaald INTEGER NOT NULL DEFAULT 0);
            CREATE INDEX IF NOT EXISTS notificatie_bsn ON notificatie (bsn);
            CREATE TABLE IF NOT EXISTS raadpleging (
                bericht_id TEXT NOT NULL, pad TEXT NOT NULL, status INTEGER, antwoord TEXT, opgehaald_op TEXT,
                PRIMARY KEY (bericht_id, pad));
            -- every berichtId ever handled (ids only): a late duplicate of a removed notification stays removed
            CREATE TABLE IF NOT EXISTS gezien (bericht_id TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS correctie (
                volgnr INTEGER PRIMARY KEY AUTOINCREMENT, bericht_id TEXT UNIQUE NOT NULL, bron TEXT NOT NULL,
                ontvangen_op TEXT NOT NULL, registratie TEXT NOT NULL, bsn TEXT NOT NULL,
                verwijderd_notificaties INTEGER NOT NULL, verwijderd_raadplegingen INTEGER NOT NULL,
                derden_ingelicht INTEGER NOT NULL, herhaald INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS derde (url TEXT PRIMARY KEY, sinds TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS doorgegeven (derde TEXT NOT NULL, bsn TEXT NOT NULL, sinds TEXT NOT NULL,
                PRIMARY KEY (derde, bsn));
            CREATE TABLE IF NOT EXISTS uitgaand (
                volgnr INTEGER PRIMARY KEY AUTOINCREMENT, bericht_id TEXT UNIQUE NOT NULL, derde TEXT NOT NULL,
                bsn TEXT NOT NULL, soort TEXT NOT NULL, body TEXT NOT NULL, aangemaakt TEXT NOT NULL,
                pogingen INTEGER NOT NULL DEFAULT 0, volgende_poging REAL NOT NULL DEFAULT 0,
                afgeleverd_op TEXT, laatste_fout TEXT NOT NULL DEFAULT '');
            CREATE INDEX IF NOT EXISTS uitgaand_open ON uitgaand (afgeleverd_op, derde, bsn, volgnr);
        """)
        self.slot = threading.Lock()
        self.oin = ""  # this gemeente's OIN, put in messages to third parties
        self.nieuw_uitgaand = threading.Event()
        self._klaargezet = False

    def registreer_derde(self, url: str) -> None:
        with self.slot:
            self.db.execute("INSERT OR IGNORE INTO derde VALUES (?, ?)", (url, datetime.now().isoformat()))

    def derden(self) -> list[str]:
        with self.slot:
            return [r[0] for r in self.db.execute("SELECT url FROM derde ORDER BY url")]

    def bewaar(self, bericht_id: str, bron: str, body: dict) -> bool:
        """True if new; a repeated berichtId only increments its count. SS190 cleans up (see the module)."""
        nu = datetime.now().isoformat()
        with self.slot:
            self._klaargezet = False  # under the lock: set by _zet_klaar in this transaction
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("INSERT OR IGNORE INTO gezien VALUES (?)", (bericht_id,)).rowcount == 0:
                    for tabel in ("notificatie", "correctie"):
                        self.db.execute(f"UPDATE {tabel} SET herhaald = herhaald + 1 WHERE bericht_id = ?", (bericht_id,))
                    nieuw = False
                elif body["gebeurtenisId"] == CORRECTIE and body.get("bsn"):
                    self._correctie(bericht_id, bron, body, nu)
                    nieuw = True
                else:
                    self.db.execute(
                        "INSERT INTO notificatie (bericht_id, bron, ontvangen_op, registratie, bsn, vnummer, "
                        "gebeurtenis) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (bericht_id, bron, nu, body["registratieDatumTijd"], body.get("bsn"), body.get("vNummer"),
                         body["gebeurtenisId"]))
                    if body["gebeurtenisId"] in NIEUWE_PERSOON and body.get("bsn"):
                        self._geef_door(bericht_id, body["bsn"], nu)
                    nieuw = True
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            if self._klaargezet:  # wake the sender only when there is something for it
                self.nieuw_uitgaand.set()
        return nieuw

    def _correctie(self, bericht_id: str, bron: str, body: dict, nu: str) -> None:
        bsn = body["bsn"]
        ids = [r[0] for r in self.db.execute("SELECT bericht_id FROM notificatie WHERE bsn = ?", (bsn,))]
        raad = 0
        for i in range(0, len(ids), 500):
            deel = ids[i:i + 500]
            raad += self.db.execute(f"DELETE FROM raadpleging WHERE bericht_id IN ({','.join('?' * len(deel))})",
                                    deel).rowcount
        weg = self.db.execute("DELETE FROM notificatie WHERE bsn = ?", (bsn,)).rowcount
        derden = [r[0] for r in self.db.execute("SELECT derde FROM doorgegeven WHERE bsn = ? ORDER BY derde", (bsn,))]
        for derde in derden:
            self._zet_klaar(derde, bsn, "stop", bericht_id, nu, {
                "reden": "Correctie: de persoon valt niet onder de Wet inburgering 2021 (SS190). Stop met het "
                         "verwerken van de gegevens die u voor de Wi2021 van ons kreeg en verwijder ze."})
        self.db.execute("DELETE FROM doorgegeven WHERE bsn = ?", (bsn,))
        self.db.execute(
            "INSERT INTO correctie (bericht_id, bron, ontvangen_op, registratie, bsn, verwijderd_notificaties, "
            "verwijderd_raadplegingen, derden_ingelicht) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (bericht_id, bron, nu, body["registratieDatumTijd"], bsn, weg, raad, len(derden)))

    def _geef_door(self, bericht_id: str, bsn: str, nu: str) -> None:
        for (derde,) in self.db.execute("SELECT url FROM derde WHERE url NOT IN "
                                        "(SELECT derde FROM doorgegeven WHERE bsn = ?) ORDER BY url", (bsn,)).fetchall():
            self.db.execute("INSERT INTO doorgegeven VALUES (?, ?, ?)", (derde, bsn, nu))
            self._zet_klaar(derde, bsn, "aanmelding", bericht_id, nu, {})

    def _zet_klaar(self, derde: str, bsn: str, soort: str, aanleiding: str, nu: str, extra: dict) -> None:
        bid = str(uuid.uuid5(_NAAMRUIMTE_DERDEN, f"{derde}|{soort}|{aanleiding}"))  # the same on every attempt
        body = {"berichtId": bid, "soort": soort, "bsn": bsn, "wet": M2M_WET, "gemeente": self.oin,
                "datum": nu[:10], **extra}
        self.db.execute("INSERT OR IGNORE INTO uitgaand (bericht_id, derde, bsn, soort, body, aangemaakt) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (bid, derde, bsn, soort, json.dumps(body), nu))
        self._klaargezet = True

    def bewaar_raadpleging(self, bericht_id: str, pad: str, status: int | None, antwoord: str) -> None:
        with self.slot:  # only while the notification is still there: a correction may have removed it meanwhile
            self.db.execute("INSERT OR REPLACE INTO raadpleging SELECT ?, ?, ?, ?, ? "
                            "WHERE EXISTS (SELECT 1 FROM notificatie WHERE bericht_id = ?)",
                            (bericht_id, pad, status, antwoord, datetime.now().isoformat(), bericht_id))

    # --- the outbox to third parties ------------------------------------------------------------------------
    def te_versturen(self, nu: float) -> list[tuple]:
        """Per (third party, person) the oldest undelivered message, if its time has come (order per person)."""
        with self.slot:
            rijen = self.db.execute(
                "SELECT u.volgnr, u.bericht_id, u.derde, u.body, u.pogingen, u.volgende_poging FROM uitgaand u "
                "WHERE u.afgeleverd_op IS NULL AND u.volgnr = (SELECT MIN(v.volgnr) FROM uitgaand v "
                "WHERE v.afgeleverd_op IS NULL AND v.derde = u.derde AND v.bsn = u.bsn) ORDER BY u.volgnr").fetchall()
        return [r[:5] for r in rijen if r[5] <= nu]

    def eerstvolgende_poging(self) -> float | None:
        with self.slot:
            return self.db.execute("SELECT MIN(volgende_poging) FROM uitgaand WHERE afgeleverd_op IS NULL").fetchone()[0]

    def afgeleverd(self, volgnr: int) -> None:
        with self.slot:
            self.db.execute("UPDATE uitgaand SET afgeleverd_op = ?, pogingen = pogingen + 1, laatste_fout = '' "
                            "WHERE volgnr = ?", (datetime.now().isoformat(), volgnr))

    def mislukt(self, volgnr: int, volgende: float, fout: str) -> None:
        with self.slot:
            self.db.execute("UPDATE uitgaand SET pogingen = pogingen + 1, volgende_poging = ?, laatste_fout = ? "
                            "WHERE volgnr = ?", (volgende, fout[:300], volgnr))

    def uitgaand(self) -> list[dict]:
        with self.slot:
            rijen = self.db.execute("SELECT volgnr, bericht_id, derde, bsn, soort, aangemaakt, pogingen, afgeleverd_op, "
                                    "laatste_fout FROM uitgaand ORDER BY volgnr").fetchall()
        velden = ("volgnr", "berichtId", "derde", "bsn", "soort", "aangemaakt", "pogingen", "afgeleverdOp", "laatsteFout")
        return [dict(zip(velden, r)) for r in rijen]

    def notificaties(self) -> list[dict]:
        with self.slot:
            rijen = self.db.execute("SELECT volgnr, bericht_id, bron, ontvangen_op, registratie, bsn, vnummer, "
                                    "gebeurtenis, herhaald FROM notificatie ORDER BY volgnr").fetchall()
            raad = self.db.execute("SELECT bericht_id, pad, status, antwoord FROM raadpleging").fetchall()
        per: dict[str, dict] = {}
        for bid, pad, status, antwoord in raad:
            try:
                inhoud = json.loads(antwoord) if antwoord else None
            except ValueError:
                inhoud = antwoord
            per.setdefault(bid, {})[pad] = {"status": status, "antwoord": inhoud}
        velden = ("volgnr", "berichtId", "bron", "ontvangenOp", "registratieDatumTijd", "bsn", "vNummer",
                  "gebeurtenisId", "herhaald")
        return [{**dict(zip(velden, r)), "raadpleging": per.get(r[1], {})} for r in rijen]

    def status(self) -> dict:
        with self.slot:
            n, herhaald = self.db.execute("SELECT COUNT(*), COALESCE(SUM(herhaald), 0) FROM notificatie").fetchone()
            r = self.db.execute("SELECT COUNT(*) FROM raadpleging").fetchone()[0]
            c = self.db.execute("SELECT COUNT(*) FROM correctie").fetchone()[0]
            open_, klaar = self.db.execute("SELECT COALESCE(SUM(afgeleverd_op IS NULL), 0), "
                                           "COALESCE(SUM(afgeleverd_op IS NOT NULL), 0) FROM uitgaand").fetchone()
        return {"notificaties": n, "herhaald": herhaald, "raadplegingen": r, "correcties": c,
                "derden_openstaand": open_, "derden_afgeleverd": klaar}

    def correcties(self) -> list[dict]:
        with self.slot:
            rijen = self.db.execute("SELECT volgnr, bericht_id, bron, ontvangen_op, registratie, bsn, "
                                    "verwijderd_notificaties, verwijderd_raadplegingen, derden_ingelicht, herhaald "
                                    "FROM correctie ORDER BY volgnr").fetchall()
        velden = ("volgnr", "berichtId", "bron", "ontvangenOp", "registratieDatumTijd", "bsn", "verwijderdNotificaties",
                  "verwijderdRaadplegingen", "derdenIngelicht", "herhaald")
        return [dict(zip(velden, r)) for r in rijen]

class Raadpleger(threading.Thread):
    """Fetches the data behind each new notification from DUO's APIs (bron = this gemeente)."""

    def __init__(self, opslag: Opslag, duo: str, oin: str, duo_oin: str, ssl_ctx: ssl.SSLContext | None):
        super().__init__(daemon=True, name="raadpleging")
        self.opslag, self.oin, self.duo_oin, self.ssl_ctx = opslag, oin, duo_oin, ssl_ctx
        u = urlsplit(duo)
        self.https, self.host, self.port = u.scheme == "https", u.hostname, u.port or (443 if u.scheme == "https" else 80)
        self.basis = u.path.rstrip("/")
        self.wachtrij: queue.Queue = queue.Queue()
        self.conn = None

    def _get(self, pad: str) -> tuple[int, str]:
        for poging in range(5):
            try:
                if self.conn is None:
                    self.conn = (http.client.HTTPSConnection(self.host, self.port, timeout=10, context=self.ssl_ctx)
                                 if self.https else http.client.HTTPConnection(self.host, self.port, timeout=10))
                self.conn.request("GET", f"{self.basis}/{pad}", headers={
                    "bron": self.oin, "doel": self.duo_oin, "berichtId": str(uuid.uuid4())})
                r = self.conn.getresponse()
                return r.status, r.read().decode("utf-8", "replace")
            except (OSError, http.client.HTTPException):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                time.sleep(0.2 * (poging + 1))
        return 0, "DUO niet bereikbaar"

    def run(self):
        while True:
            bericht_id, bsn, gebeurtenis = self.wachtrij.get()
            for pad in raadpleegpaden(gebeurtenis):
                status, antwoord = self._get(f"personen/{bsn}/{pad}")
                self.opslag.bewaar_raadpleging(bericht_id, pad, status, antwoord)
            self.wachtrij.task_done()


class Afzender(threading.Thread):
    """Delivers the outbox to the third parties: POST {url} with the message as JSON, header ``berichtId``.

    A message counts as delivered only after a 2xx answer; anything else is retried after
    ``basis * 2**(pogingen-1)`` seconds (capped at ``maximum``, ±20 % jitter). The outbox is in the store,
    so a restarted receiver carries on where it stopped.
    """

    def __init__(self, opslag: Opslag, basis: float = 5.0, maximum: float = 900.0, timeout: float = 10.0):
        super().__init__(daemon=True, name="derden")
        self.opslag, self.basis, self.maximum, self.timeout = opslag, basis, maximum, timeout
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            try:
                self.ronde()
            except Exception:  # the loop must outlive any one fault; the message stays in the outbox
                log.exception("afleveren aan derden mislukt")
            volgende = self.opslag.eerstvolgende_poging()
            wacht = 5.0 if volgende is None else max(0.05, min(5.0, volgende - time.time()))
            self.opslag.nieuw_uitgaand.wait(wacht)
            self.opslag.nieuw_uitgaand.clear()

    def ronde(self) -> int:
        n = 0
        onbereikbaar: set[str] = set()
        for volgnr, bericht_id, derde, body, pogingen in self.opslag.te_versturen(time.time()):
            if derde in onbereikbaar:  # one refused connection is enough for this round
                continue
            fout = self._post(derde, bericht_id, body)
            if fout is None:
                self.opslag.afgeleverd(volgnr)
                n += 1
                continue
            if fout.startswith("geen verbinding"):
                onbereikbaar.add(derde)
            wacht = min(self.maximum, self.basis * 2 ** pogingen) * random.uniform(0.8, 1.2)
            self.opslag.mislukt(volgnr, time.time() + wacht, fout)
        return n

    def _post(self, url: str, bericht_id: str, body: str) -> str | None:
        u = urlsplit(url)
        cls = http.client.HTTPSConnection if u.scheme == "https" else http.client.HTTPConnection
        conn = cls(u.hostname, u.port, timeout=self.timeout)
        try:
            conn.request("POST", u.path or "/", body=body.encode(), headers={
                "Content-Type": "application/json", "berichtId": bericht_id})
            r = conn.getresponse()
            r.read()
            return None if 200 <= r.status < 300 else f"HTTP {r.status}"
        except (OSError, http.client.HTTPException) as e:
            return f"geen verbinding: {type(e).__name__}"
        finally:
            conn.close()


class Ontvanger:
    def __init__(self, opslag: Opslag, oin: str | None = None, duo_oin: str | None = None,
                 raadpleger: Raadpleger | None = None, storing: float = 0.0, verbreek: float = 0.0):
        self.opslag, self.oin, self.duo_oin, self.raadpleger = opslag, oin, duo_oin, raadpleger
        self.storing, self.verbreek = storing, verbreek

    def handler(self) -> type[BaseHTTPRequestHandler]:
        return type("Handler", (_Handler,), {"ontvanger": self})


class _Handler(BaseHTTPRequestHandler):
    """The receiver's HTTP side; ``Ontvanger.handler`` makes a subclass bound to one receiver."""

    ontvanger: Ontvanger
    protocol_version = "HTTP/1.1"
    server_version = "gemeente-ontvanger"

    def log_message(self, *args):
        pass

    def _stuur(self, status: int, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("API-Version", "1.8.0")
        if body is not None:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/notificaties":
            self._stuur(200, self.ontvanger.opslag.notificaties())
        elif self.path == "/correcties":
            self._stuur(200, self.ontvanger.opslag.correcties())
        elif self.path == "/derden":
            self._stuur(200, {"derden": self.ontvanger.opslag.derden(), "uitgaand": self.ontvanger.opslag.uitgaand()})
        elif self.path == "/status":
            self._stuur(200, self.ontvanger.opslag.status())
        else:
            self._stuur(404, {"fouttekst": "Niet gevonden"})

    def do_POST(self):
        lengte = int(self.headers.get("Content-Length") or 0)
        ruw = self.rfile.read(lengte)
        if self.path != "/notificaties":
            return self._stuur(404, {"fouttekst": "Niet gevonden"})
        if self.ontvanger.storing and random.random() < self.ontvanger.storing:
            return self._stuur(503, {"fouttekst": "Tijdelijk niet beschikbaar (gesimuleerde storing)"})
        fout = self._controleer_koppen()
        if fout:
            return self._stuur(*fout)
        try:
            body = json.loads(ruw)
            _controleer_body(body)
        except (ValueError, TypeError) as e:
            return self._stuur(400, {"fouttekst": f"Het verzoek voldoet niet aan de specificatie: {e}"[:200]})
        nieuw = self.ontvanger.opslag.bewaar(self.headers["berichtId"], self.headers["bron"], body)
        if (nieuw and self.ontvanger.raadpleger is not None and body.get("bsn")
                and body["gebeurtenisId"] != CORRECTIE):  # a correction carries nothing to fetch
            self.ontvanger.raadpleger.wachtrij.put((self.headers["berichtId"], body["bsn"], body["gebeurtenisId"]))
        if self.ontvanger.verbreek and random.random() < self.ontvanger.verbreek:
            self.close_connection = True  # stored, but the answer is lost: DUO must retry
            self.connection.shutdown(2)
            return None
        return self._stuur(201)

    def _controleer_koppen(self):
        bron, doel, bid = (self.headers.get(k) for k in ("bron", "doel", "berichtId"))
        if not bron or len(bron) != 20 or not doel or len(doel) != 20 or not bid:
            return 400, {"fouttekst": "De headers bron, doel en berichtId zijn verplicht."}
        try:
            uuid.UUID(bid)
        except ValueError:
            return 400, {"fouttekst": "berichtId is geen UUID."}
        if self.ontvanger.oin and doel != self.ontvanger.oin:
            return 403, {"fouttekst": "doel is niet het OIN van deze gemeente."}
        if self.ontvanger.duo_oin and bron != self.ontvanger.duo_oin:
            return 403, {"fouttekst": "bron is niet het OIN van DUO."}
        return None


def _controleer_body(body) -> None:
    if not isinstance(body, dict):
        raise ValueError("de body moet een object zijn")
    r = body.get("registratieDatumTijd")
    if not isinstance(r, str):
        raise ValueError("registratieDatumTijd ontbreekt")
    datetime.fromisoformat(r.replace("Z", "+00:00"))
    g = body.get("gebeurtenisId")
    if not isinstance(g, str) or not _GEBEURTENIS.fullmatch(g):
        raise ValueError("gebeurtenisId ontbreekt of is ongeldig")
    if "bsn" in body and (not isinstance(body["bsn"], str) or not _BSN.fullmatch(body["bsn"])):
        raise ValueError("bsn moet 9 cijfers zijn")
    v = body.get("vNummer")
    if v is not None and (isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 9999999999):
        raise ValueError("vNummer is ongeldig")


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256


def maak_server(host: str, port: int, data: str, oin: str | None = None, duo: str | None = None,
                duo_oin: str | None = None, ssl_ctx: ssl.SSLContext | None = None, storing: float = 0.0,
                verbreek: float = 0.0, derden: list[str] | tuple[str, ...] = (), derde_basis: float = 5.0,
                derde_maximum: float = 900.0) -> ThreadingHTTPServer:
    opslag = Opslag(data)
    opslag.oin = oin or ""
    for url in derden:
        opslag.registreer_derde(url)
    afzender = Afzender(opslag, derde_basis, derde_maximum)
    afzender.start()
    raadpleger = None
    if duo and oin:
        raadpleger = Raadpleger(opslag, duo, oin, duo_oin or "", ssl_ctx)
        raadpleger.start()
    ontvanger = Ontvanger(opslag, oin, duo_oin, raadpleger, storing, verbreek)
    server = _Server((host, port), ontvanger.handler())
    server.ontvanger = ontvanger
    server.afzender = afzender
    return server
