"""Injectable clock: the engine never reads the time itself."""

from __future__ import annotations

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
