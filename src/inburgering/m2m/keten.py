"""Running the one engine from the M2M side: after a gemeente's report, and from the background loop.

Engine runs are serialised across threads and processes by ``dienst.slot.engine_slot``.
"""

from __future__ import annotations

from ..dienst.engine import Engine
from ..dienst.slot import engine_slot  # noqa: F401  (also used by dienst.taken)
from ..dienst.klok import Klok
from .klok import klok as huidige_klok


def _na_notificaties(nieuw) -> None:
    from ..dienst import taken

    taken.meld_nieuwe_notificaties(len(nieuw))


def verwerk(klok: Klok | None = None) -> int:
    """Process the chain up to and including today by the clock; returns the number of new notifications."""
    klok = klok or huidige_klok()
    with engine_slot():
        return Engine(klok, na_notificaties=_na_notificaties).verwerk_tot(klok.vandaag())
