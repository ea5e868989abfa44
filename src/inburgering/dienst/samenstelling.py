"""The composition root: the one place that builds the engine with its wiring, for every entry point.

``ingest``, ``demo``, ``serve``'s loop, a gemeente's report through the API, process control from the CLI or the
portal and re-determination chunks all take their engine from here, so new notifications are handed to
delivery (``taken.na_notificaties``: a delivery round queued, or the background loop woken) as soon as the day
that made them commits. Tests and benchmarks may build a bare ``Engine(klok)``: nothing is delivered then.
"""

from __future__ import annotations

from .engine import Engine
from .klok import Klok


def engine(klok: Klok | None = None, afleveren: bool = True) -> Engine:
    """The engine by ``klok`` (default: the configured clock). ``afleveren=False``: nothing is handed to delivery
    (``replay`` into a throwaway database, whose notifications go nowhere)."""
    if not afleveren:
        return Engine(klok)
    from .taken import na_notificaties  # the Celery app; imported when an engine that delivers is built

    return Engine(klok, na_notificaties=na_notificaties)
