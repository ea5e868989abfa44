"""The chain without a database: the functional core (``domein.kern.beoordeel_persoon``) run day by day over a
list of messages, its state threaded through as JSON the way the engine stores it. What the engine adds around
the core — loading, numbering, writing — is not here; the decisions all are."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import orjson

from berichtbouwers import regels_bytes
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.kern import Vorig, beoordeel_persoon
from inburgering.domein.variant import WETTELIJK, Variant


def _json(x):
    return orjson.loads(orjson.dumps(x))


@dataclass
class Keten:
    """The chain's outcome: every notification (dag, gemeente, wet, gebeurtenis, bsn) in order, every purge
    (dag, bsn, wet, gemeente), who sees whom now, and the persons' stored state."""

    signalen: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    opgeschoond: list[tuple[str, str, str, str]] = field(default_factory=list)
    zicht: dict[str, dict[str, set[str]]] = field(default_factory=dict)
    vorig: dict[str, Vorig] = field(default_factory=dict)

    def zichtbaar(self) -> set[tuple[str, str, str]]:
        return {(g, w, bsn) for bsn, per in self.zicht.items() for w, gs in per.items() for g in gs}


def draai(berichten, tot: str, van: str | None = None, pauzes: dict[str, set] | None = None,
          varianten: dict[str, Variant] | None = None) -> Keten:
    """Run every person every day from ``van`` (default: the first message day) to ``tot``. ``pauzes``: day → the
    (wet, procesgroep) pairs paused from that day on; ``varianten``: day → the rule variant from that day on (a
    change re-determines everyone that day, as a rules fix)."""
    log = lees_regels(regels_bytes(berichten))
    pauzes, varianten = pauzes or {}, varianten or {}
    dag = date.fromisoformat(van) if van else min(b.dag for b in log)
    eind = date.fromisoformat(tot)
    k, gepauzeerd, variant = Keten(), frozenset(), WETTELIJK
    while dag <= eind:
        d = dag.isoformat()
        gepauzeerd = frozenset(pauzes.get(d, gepauzeerd))
        herbeoordeling = d in varianten and varianten[d] != variant
        variant = varianten.get(d, variant)
        personen, locaties = bouw_feiten([b for b in log if b.dag <= dag])
        for bsn, f in sorted(personen.items()):
            w = beoordeel_persoon(f, k.vorig.get(bsn, Vorig()), dag, variant, gepauzeerd, locaties, herbeoordeling)
            k.signalen += [(d, n.gemeente, n.wet, n.gebeurtenis, bsn) for n in w.meldingen]
            k.opgeschoond += [(d, bsn, wet, g) for wet, g in w.opschonen]
            zicht = k.zicht.setdefault(bsn, {})
            for wet, g, _ in w.zicht_dicht:
                zicht[wet].discard(g)
            for wet, g in w.zicht_open:
                zicht.setdefault(wet, set()).add(g)
            k.vorig[bsn] = Vorig(_json(w.persoon.bepaling), _json(w.persoon.toestand),
                                 {wet: set(gs) for wet, gs in zicht.items() if gs})
        dag += timedelta(days=1)
    return k
