"""Injectable clock: the engine never reads the time itself."""

from __future__ import annotations

import os

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

NL = ZoneInfo("Europe/Amsterdam")


class Klok:
    def vandaag(self) -> date:
        return datetime.now(NL).date()

    def nu(self) -> datetime:
        return datetime.now(NL)


@dataclass
class VasteKlok(Klok):
    dag: date

    def vandaag(self) -> date:
        return self.dag

    def nu(self) -> datetime:
        return datetime.combine(self.dag, datetime.min.time(), NL)


_vast: Klok | None = None


def zet_klok(klok: Klok | None) -> None:
    """Pin the clock for this process (tests); ``None``: back to the environment or the real time."""
    global _vast
    _vast = klok


def huidige_klok() -> Klok:
    """The clock every entry point hands to the engine: pinned (``zet_klok``), ``INBURGERING_VANDAAG``
    (JJJJ-MM-DD, for demos and tests of a whole process), or the real date in Europe/Amsterdam."""
    if _vast is not None:
        return _vast
    vandaag = os.environ.get("INBURGERING_VANDAAG")
    if vandaag:
        return VasteKlok(date.fromisoformat(vandaag))
    return Klok()
