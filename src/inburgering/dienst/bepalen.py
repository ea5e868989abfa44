"""Service: determine every person in a file (contract §2) with the law's rules.

Uses an in-memory store: the file's messages folded into facts, then the domain rules. The same
rules serve the engine; only the store differs (no database needed for a one-off answer).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import orjson

from ..domein.bepaling import bepaal
from ..domein.berichten import lees_bestand
from ..domein.feiten import bouw_feiten
from ..domein.variant import WETTELIJK


def bepaal_bestand(pad, peildatum: date, uitleg: bool = False) -> Iterator[bytes]:
    berichten = lees_bestand(pad)
    personen, locaties = bouw_feiten(berichten)
    del berichten
    return _uitvoer(personen, locaties, peildatum, uitleg)


def _uitvoer(personen, locaties, peildatum, uitleg) -> Iterator[bytes]:
    for bsn in sorted(personen):
        b = bepaal(personen[bsn], peildatum, WETTELIJK, locaties)
        d = b.als_contract()
        d["gedetailleerdeDoelgroep"] = b.gedetailleerde_doelgroep
        d["einddatum"] = b.einddatum.isoformat() if b.einddatum else None
        if uitleg:
            d["uitleg"] = [f"{s.uitkomst} [{s.bron.naam}]" for s in b.stappen]
        yield orjson.dumps(d)
