"""The clock the M2M component hands to the engine, so tests and demos can pin the day.

``INBURGERING_VANDAAG=JJJJ-MM-DD`` (also read by the portal) fixes "today" for a whole server process;
tests in the same process call ``zet_klok``. Otherwise: the real clock, Europe/Amsterdam.
"""

from __future__ import annotations

import os
from datetime import date

from ..dienst.klok import Klok, VasteKlok

_vast: Klok | None = None


def zet_klok(klok: Klok | None) -> None:
    """Pin the clock for this process (``None``: back to the environment / real time)."""
    global _vast
    _vast = klok


def klok() -> Klok:
    if _vast is not None:
        return _vast
    vandaag = os.environ.get("INBURGERING_VANDAAG")
    if vandaag:
        return VasteKlok(date.fromisoformat(vandaag))
    return Klok()
