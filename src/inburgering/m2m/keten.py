"""Running the one engine from the M2M side: after a gemeente's report, and from the background loop.

Engine runs are serialised across threads and processes (the engine itself assumes one runner): a
PostgreSQL advisory lock, or a file lock beside the SQLite database.
"""

from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

from ..dienst.engine import Engine
from ..dienst.klok import Klok
from .klok import klok as huidige_klok

_SLOT_SLEUTEL = 0x1B0B_2021  # advisory lock id for "the engine runs"
_draad_slot = threading.Lock()


def _slotbestand() -> Path:
    naam = settings.DATABASES["default"]["NAME"]
    if isinstance(naam, str | Path) and str(naam) not in ("", ":memory:") and not str(naam).startswith("file:"):
        return Path(f"{naam}.engine.lock")
    return Path(settings.DATA_DIR) / "engine.lock"


@contextmanager
def engine_slot():
    """Exclusive right to run the engine, for this process's threads and for other processes."""
    with _draad_slot:
        if connection.vendor == "postgresql":
            with connection.cursor() as c:
                c.execute("SELECT pg_advisory_lock(%s)", [_SLOT_SLEUTEL])
            try:
                yield
            finally:
                with connection.cursor() as c:
                    c.execute("SELECT pg_advisory_unlock(%s)", [_SLOT_SLEUTEL])
        else:
            pad = _slotbestand()
            pad.parent.mkdir(parents=True, exist_ok=True)
            with open(pad, "a") as f:
                fcntl.flock(f, fcntl.LOCK_EX)
                try:
                    yield
                finally:
                    fcntl.flock(f, fcntl.LOCK_UN)


def _na_notificaties(nieuw) -> None:
    from ..dienst import taken

    taken.meld_nieuwe_notificaties(len(nieuw))


def verwerk(klok: Klok | None = None) -> int:
    """Process the chain up to and including today by the clock; returns the number of new notifications."""
    klok = klok or huidige_klok()
    with engine_slot():
        return Engine(klok, na_notificaties=_na_notificaties).verwerk_tot(klok.vandaag())
