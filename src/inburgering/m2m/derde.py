"""A reference third party of a gemeente (``inburgering derde-ontvanger``): a language school or the
leerbaarheidstoets provider, as far as the clean-up after a correction concerns it.

``POST /berichten`` takes the gemeente's messages (JSON: ``berichtId``, ``soort``, ``bsn``, ``wet``,
``gemeente``, ``datum``, ``reden``?):
- ``aanmelding``: the third party starts processing the person and stores what it got;
- ``stop``: it stops processing the person and removes what it stored, keeping only the fact that it was
  told to stop (BSN, when, by whom) as its own accountability.
Each ``berichtId`` is applied once (a repeat is answered 200 and counted), so the gemeente's at-least-once
delivery does no harm, also not a late repeat of an old ``aanmelding`` after the ``stop``.
``GET /personen`` lists the persons it processes, ``GET /gestopt`` the stop instructions, ``GET /status`` counts.
Standard library only, like the gemeente's reference receiver.
"""

from __future__ import annotations

import json
import random
import re
import sqlite3
import threading
import uuid
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_BSN = re.compile(r"\d{9}")
SOORTEN = ("aanmelding", "stop")


class Opslag:
    def __init__(self, pad: str):
        self.db = sqlite3.connect(pad, check_same_thread=False, isolation_level=None, timeout=30)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS bericht (bericht_id TEXT PRIMARY KEY, soort TEXT NOT NULL,
                ontvangen_op TEXT NOT NULL, herhaald INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS persoon (bsn TEXT PRIMARY KEY, gemeente TEXT NOT NULL, wet TEXT NOT NULL,
                sinds TEXT NOT NULL, bericht_id TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS gestopt (bericht_id TEXT PRIMARY KEY, bsn TEXT NOT NULL, gemeente TEXT NOT NULL,
                op TEXT NOT NULL, had_gegevens INTEGER NOT NULL, reden TEXT NOT NULL);
        """)
        self.slot = threading.Lock()

    def verwerk(self, b: dict) -> bool:
        """Apply one message; False when its berichtId was already applied."""
        nu = datetime.now().isoformat()
        with self.slot:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if self.db.execute("INSERT OR IGNORE INTO bericht VALUES (?, ?, ?, 0)",
                                   (b["berichtId"], b["soort"], nu)).rowcount == 0:
                    self.db.execute("UPDATE bericht SET herhaald = herhaald + 1 WHERE bericht_id = ?", (b["berichtId"],))
                    self.db.execute("COMMIT")
                    return False
                if b["soort"] == "aanmelding":
                    self.db.execute("INSERT OR REPLACE INTO persoon VALUES (?, ?, ?, ?, ?)",
                                    (b["bsn"], b.get("gemeente", ""), b.get("wet", ""), nu, b["berichtId"]))
                else:
                    had = self.db.execute("DELETE FROM persoon WHERE bsn = ?", (b["bsn"],)).rowcount
                    self.db.execute("INSERT INTO gestopt VALUES (?, ?, ?, ?, ?, ?)",
                                    (b["berichtId"], b["bsn"], b.get("gemeente", ""), nu, had, b.get("reden", "")))
                self.db.execute("COMMIT")
                return True
            except BaseException:
                self.db.execute("ROLLBACK")
                raise

    def _lijst(self, sql: str, velden: tuple[str, ...]) -> list[dict]:
        with self.slot:
            return [dict(zip(velden, r)) for r in self.db.execute(sql)]

    def personen(self) -> list[dict]:
        return self._lijst("SELECT bsn, gemeente, wet, sinds, bericht_id FROM persoon ORDER BY bsn",
                           ("bsn", "gemeente", "wet", "sinds", "berichtId"))

    def gestopt(self) -> list[dict]:
        return self._lijst("SELECT bericht_id, bsn, gemeente, op, had_gegevens, reden FROM gestopt ORDER BY op, bericht_id",
                           ("berichtId", "bsn", "gemeente", "op", "hadGegevens", "reden"))

    def status(self) -> dict:
        with self.slot:
            berichten, herhaald = self.db.execute("SELECT COUNT(*), COALESCE(SUM(herhaald), 0) FROM bericht").fetchone()
            personen = self.db.execute("SELECT COUNT(*) FROM persoon").fetchone()[0]
            gestopt = self.db.execute("SELECT COUNT(*) FROM gestopt").fetchone()[0]
        return {"berichten": berichten, "herhaald": herhaald, "personen": personen, "gestopt": gestopt}


def controleer(b) -> str | None:
    if not isinstance(b, dict):
        return "de body moet een object zijn"
    try:
        uuid.UUID(str(b.get("berichtId")))
    except ValueError:
        return "berichtId is geen UUID"
    if b.get("soort") not in SOORTEN:
        return "soort moet aanmelding of stop zijn"
    if not isinstance(b.get("bsn"), str) or not _BSN.fullmatch(b["bsn"]):
        return "bsn moet 9 cijfers zijn"
    for k in ("gemeente", "wet", "reden", "datum"):
        if k in b and not isinstance(b[k], str):
            return f"{k} moet tekst zijn"
    return None


class _Server(ThreadingHTTPServer):
    daemon_threads = True


def maak_server(host: str, port: int, data: str, storing: float = 0.0, verbreek: float = 0.0) -> ThreadingHTTPServer:
    opslag = Opslag(data)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "derde-ontvanger"

        def log_message(self, *args):
            pass

        def _stuur(self, status: int, body=None):
            data = b"" if body is None else json.dumps(body).encode()
            self.send_response(status)
            if body is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            paden = {"/personen": opslag.personen, "/gestopt": opslag.gestopt, "/status": opslag.status}
            if self.path in paden:
                return self._stuur(200, paden[self.path]())
            return self._stuur(404, {"fouttekst": "Niet gevonden"})

        def do_POST(self):
            ruw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != "/berichten":
                return self._stuur(404, {"fouttekst": "Niet gevonden"})
            if server.storing and random.random() < server.storing:
                return self._stuur(503, {"fouttekst": "Tijdelijk niet beschikbaar (gesimuleerde storing)"})
            try:
                b = json.loads(ruw)
            except ValueError:
                return self._stuur(400, {"fouttekst": "Geen geldige JSON"})
            fout = controleer(b)
            if fout:
                return self._stuur(400, {"fouttekst": fout})
            nieuw = opslag.verwerk(b)
            if server.verbreek and random.random() < server.verbreek:
                self.close_connection = True  # applied, but the answer is lost: the gemeente must retry
                self.connection.shutdown(2)
                return None
            return self._stuur(200, {"verwerkt": nieuw})

    server = _Server((host, port), Handler)
    server.opslag, server.storing, server.verbreek = opslag, storing, verbreek
    return server
