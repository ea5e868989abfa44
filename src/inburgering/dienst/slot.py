"""One runner at a time: the engine assumes it is alone, so every run takes this lock first — a PostgreSQL
advisory lock, or a file lock beside the SQLite database — across threads and processes. Re-entrant
within a thread, so a caller that already holds it can call the engine."""

from __future__ import annotations

import fcntl
import threading
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import connection

_SLOT_SLEUTEL = 0x1B0B_2021  # advisory lock id for "the engine runs"
_draad_slot = threading.RLock()
_lokaal = threading.local()


def _slotbestand() -> Path:
    naam = settings.DATABASES["default"]["NAME"]
    if isinstance(naam, str | Path) and str(naam) not in ("", ":memory:") and not str(naam).startswith("file:"):
        return Path(f"{naam}.engine.lock")
    return Path(settings.DATA_DIR) / "engine.lock"


@contextmanager
def engine_slot():
    """Exclusive right to run the engine, for this process's threads and for other processes."""
    with _draad_slot:
        if getattr(_lokaal, "diepte", 0):
            _lokaal.diepte += 1
            try:
                yield
            finally:
                _lokaal.diepte -= 1
            return
        _lokaal.diepte = 1
        try:
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
        finally:
            _lokaal.diepte = 0
