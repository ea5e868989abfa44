"""A reference receiver: a gemeente's side of the notification chain (``inburgering gemeente-ontvanger``).

It implements ``POST /notificaties`` of ``../shared/duo-m2m/Notificatie.openapi.yml``: checks the headers and
the body, stores each notification once (a repeated ``berichtId`` is answered 201 and counted, not stored
again) and then fetches the data behind it from DUO's APIs — the raadpleging pattern — and stores those
answers too. ``GET /notificaties`` shows what it has, with what it fetched; ``GET /status`` counts.

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

log = logging.getLogger("inburgering.ontvanger")

_GEBEURTENIS = re.compile(r"[0-9A-Z]{1,6}")
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
    """The receiver's own store (SQLite)."""

    def __init__(self, pad: str):
        self.db = sqlite3.connect(pad, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS notificatie (
                volgnr INTEGER PRIMARY KEY AUTOINCREMENT, bericht_id TEXT UNIQUE NOT NULL, bron TEXT NOT NULL,
                ontvangen_op TEXT NOT NULL, registratie TEXT NOT NULL, bsn TEXT, vnummer INTEGER,
                gebeurtenis TEXT NOT NULL, herhaald INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS raadpleging (
                bericht_id TEXT NOT NULL, pad TEXT NOT NULL, status INTEGER, antwoord TEXT, opgehaald_op TEXT,
                PRIMARY KEY (bericht_id, pad));
        """)
        self.slot = threading.Lock()

    def bewaar(self, bericht_id: str, bron: str, body: dict) -> bool:
        """True if new; a repeated berichtId only increments its count."""
        with self.slot:
            c = self.db.execute(
                "INSERT OR IGNORE INTO notificatie (bericht_id, bron, ontvangen_op, registratie, bsn, vnummer, "
                "gebeurtenis) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (bericht_id, bron, datetime.now().isoformat(), body["registratieDatumTijd"], body.get("bsn"),
                 body.get("vNummer"), body["gebeurtenisId"]))
            if c.rowcount == 0:
                self.db.execute("UPDATE notificatie SET herhaald = herhaald + 1 WHERE bericht_id = ?", (bericht_id,))
                return False
            return True

    def bewaar_raadpleging(self, bericht_id: str, pad: str, status: int | None, antwoord: str) -> None:
        with self.slot:
            self.db.execute("INSERT OR REPLACE INTO raadpleging VALUES (?, ?, ?, ?, ?)",
                            (bericht_id, pad, status, antwoord, datetime.now().isoformat()))

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
        return {"notificaties": n, "herhaald": herhaald, "raadplegingen": r}


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


class Ontvanger:
    def __init__(self, opslag: Opslag, oin: str | None = None, duo_oin: str | None = None,
                 raadpleger: Raadpleger | None = None, storing: float = 0.0, verbreek: float = 0.0):
        self.opslag, self.oin, self.duo_oin, self.raadpleger = opslag, oin, duo_oin, raadpleger
        self.storing, self.verbreek = storing, verbreek

    def handler(self):
        ontvanger = self

        class Handler(BaseHTTPRequestHandler):
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
                    self._stuur(200, ontvanger.opslag.notificaties())
                elif self.path == "/status":
                    self._stuur(200, ontvanger.opslag.status())
                else:
                    self._stuur(404, {"fouttekst": "Niet gevonden"})

            def do_POST(self):
                lengte = int(self.headers.get("Content-Length") or 0)
                ruw = self.rfile.read(lengte)
                if self.path != "/notificaties":
                    return self._stuur(404, {"fouttekst": "Niet gevonden"})
                if ontvanger.storing and random.random() < ontvanger.storing:
                    return self._stuur(503, {"fouttekst": "Tijdelijk niet beschikbaar (gesimuleerde storing)"})
                fout = self._controleer_koppen()
                if fout:
                    return self._stuur(*fout)
                try:
                    body = json.loads(ruw)
                    _controleer_body(body)
                except (ValueError, TypeError) as e:
                    return self._stuur(400, {"fouttekst": f"Het verzoek voldoet niet aan de specificatie: {e}"[:200]})
                nieuw = ontvanger.opslag.bewaar(self.headers["berichtId"], self.headers["bron"], body)
                if nieuw and ontvanger.raadpleger is not None and body.get("bsn"):
                    ontvanger.raadpleger.wachtrij.put((self.headers["berichtId"], body["bsn"], body["gebeurtenisId"]))
                if ontvanger.verbreek and random.random() < ontvanger.verbreek:
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
                if ontvanger.oin and doel != ontvanger.oin:
                    return 403, {"fouttekst": "doel is niet het OIN van deze gemeente."}
                if ontvanger.duo_oin and bron != ontvanger.duo_oin:
                    return 403, {"fouttekst": "bron is niet het OIN van DUO."}
                return None

        return Handler


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
                verbreek: float = 0.0) -> ThreadingHTTPServer:
    opslag = Opslag(data)
    raadpleger = None
    if duo and oin:
        raadpleger = Raadpleger(opslag, duo, oin, duo_oin or "", ssl_ctx)
        raadpleger.start()
    ontvanger = Ontvanger(opslag, oin, duo_oin, raadpleger, storing, verbreek)
    server = _Server((host, port), ontvanger.handler())
    server.ontvanger = ontvanger
    return server
