"""The explanation a determination carries: each step names its rule, the facts it used and its source.

Two readers: the jurist reads the steps (``uitkomst`` with the facts and message references, ``bron`` with the
article of the person's own law); the consulent reads the plain-Dutch summary (``samenvatting``), built from the
same steps through their structured facts (``gegevens``).

A step is stored with the determination as JSON (``als_dict``). Rows stored before sources were cited per law
have only ``regel``, ``uitkomst`` and ``bron`` (the citation); ``uit_dict`` reads both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .bronnen import Bron


@dataclass(frozen=True, slots=True)
class Stap:
    regel: str  # short rule name as shown, e.g. "begindatum"
    uitkomst: str  # Dutch sentence with the facts used (for the jurist)
    bron: Bron  # the article of the person's law (``bronnen.bron(grond, wet)``)
    grond: str = ""  # the rule's key in ``bronnen.BRONNEN`` ("" in rows stored before)
    gegevens: dict[str, Any] = field(default_factory=dict)  # the facts, structured as JSON values (dates ISO)

    def als_dict(self) -> dict:
        return {"regel": self.regel, "uitkomst": self.uitkomst, "bron": self.bron.naam, "url": self.bron.url,
                "versie": self.bron.versie.isoformat() if self.bron.versie else None, "wet": self.bron.wet,
                "grond": self.grond, "gegevens": self.gegevens}

    @classmethod
    def uit_dict(cls, d: dict) -> Stap:
        versie = d.get("versie")
        bron = Bron(d.get("bron") or "", d.get("url") or "", date.fromisoformat(versie) if versie else None,
                    d.get("wet"))
        return cls(d.get("regel") or "", d.get("uitkomst") or "", bron, d.get("grond") or "",
                   dict(d.get("gegevens") or {}))


def regel_met_bron(s: Stap) -> str:
    """One step for the jurist: the outcome, then the citation with its link and version."""
    if not s.bron.url:
        return f"{s.uitkomst} [{s.bron.naam}]"
    versie = f", tekst geldig op {s.bron.versie.isoformat()}" if s.bron.versie else ""
    return f"{s.uitkomst} [{s.bron.naam}{versie}: {s.bron.url}]"
