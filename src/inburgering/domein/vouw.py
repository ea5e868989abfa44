"""The one fold of the stored log into facts.

Every reader of the log (the engine per day, a re-determination chunk, ``keten.scope`` for what a gemeente may
know) folds stored messages the same way: rebuilt with ``berichten.herstel`` (the log holds only messages that
were validated when they arrived; a message that would not validate under today's rules still happened and is
never dropped), in effect order, into ``PersoonFeiten`` per person.
"""

from __future__ import annotations

from collections.abc import Iterable

import orjson

from .berichten import herstel
from .feiten import PersoonFeiten, voeg_toe


def vouw(rijen: Iterable[tuple[int, str | bytes | dict, int]]) -> dict[str, PersoonFeiten]:
    """Fold stored person messages (log number, content as JSON text or parsed, input line) in effect order into
    facts per BSN."""
    out: dict[str, PersoonFeiten] = {}
    for volgnummer, inhoud, regel in rijen:
        b = herstel(inhoud if isinstance(inhoud, dict) else orjson.loads(inhoud), regel)
        p = out.get(b.bsn)
        if p is None:
            p = out[b.bsn] = PersoonFeiten(b.bsn)
        voeg_toe(p, b, volgnummer)
    for p in out.values():
        p.sorteer()
    return out
