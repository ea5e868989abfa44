"""Residence rights over time: the runs of non-temporary lawful residence that each carry one obligation
(Wi2021 art. 3, Wi2013 art. 3: lawful residence with a purpose that is not temporary).

Rules, and the choices where the sources are silent:
- A right acts for the obligation from the later of its decision (``datum_beschikking``) and its
  ``ingangsdatum``: a decision does not act before it exists, a right not before it starts.
- A later right replaces the earlier one from that day. Rights are chained by ``ingangsdatum``: a right
  that starts no later than the day after the previous right's ``einddatum`` continues the same residence,
  however late it was decided. A late renewal therefore neither ends the obligation nor changes its law.
- A right that starts after a gap: the run ended the day after the old ``einddatum`` (reden ``Overig``);
  the new right starts a new run, and so a new obligation under the law of its own begin date.
- An expired right with no renewal known: a renewal can still come, so the run goes on until the wait in
  ``parameters`` (four weeks and six months) has passed; then it ended the day after the ``einddatum``.
  The IND's withdrawal (``ind.verblijfsrecht_ingetrokken``) ends it on its date, at once.
- A right whose purpose does not oblige (temporary, or Union law) ends the run on the day it acts
  (reden ``Verblijfsdoel gewijzigd``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .feiten import Feit, PersoonFeiten, Recht
from .parameters import VERBLIJFSDOELEN, VERLENGING_BESLISTERMIJN_MAANDEN, VERLENGING_TE_LAAT_WEKEN, Reden

_DAG = timedelta(days=1)


def recht(f: Feit) -> Recht:
    return f.waarde[0]


def werking(r: Recht) -> date:
    """The day a right starts to act for the obligation: the later of decision and ingangsdatum."""
    return max(r.datum_beschikking, r.ingangsdatum)


def wacht_tot(einddatum: date) -> date:
    """The first day an expired right (last valid day ``einddatum``) counts as ended without renewal."""
    return einddatum + _DAG + relativedelta(weeks=VERLENGING_TE_LAAT_WEKEN, months=VERLENGING_BESLISTERMIJN_MAANDEN)


@dataclass(slots=True)
class Verblijfsperiode:
    """A run of rights with an obliging purpose, without a gap, and how it closed (if it did)."""

    rechten: list[Feit]  # in the order they act
    eind: date | None = None  # first day without the basis
    reden: str | None = None
    eind_uitleg: str = ""
    eind_grond: str = "geen_verblijf"  # the rule that ended it (``bronnen.BRONNEN``)
    eind_gegevens: dict | None = None  # the same, structured (``Stap.gegevens``)
    verlopen: date | None = None  # the last right expired on this day (einddatum) ...
    wacht_tot: date | None = None  # ... and DUO waits for a renewal until this day
    ketens: int = 0  # how many rights continued the run after its first

    @property
    def start(self) -> date:
        return werking(recht(self.rechten[0]))

    def recht_op(self, d: date) -> Feit:
        """The right that acts on day d (the first one before the run starts)."""
        gekozen = self.rechten[0]
        for f in self.rechten:
            if werking(recht(f)) <= d:
                gekozen = f
        return gekozen


def _sluit(run: Verblijfsperiode, eind: date, reden: str, uitleg: str, grond: str, **gegevens) -> None:
    run.eind, run.reden, run.eind_uitleg, run.eind_grond = eind, reden, uitleg, grond
    run.eind_gegevens = gegevens


def _sluit_verlopen(run: Verblijfsperiode) -> None:
    laatste = run.rechten[-1]
    einddatum = recht(laatste).einddatum
    _sluit(run, einddatum + _DAG, Reden.OVERIG,
           f"verblijfsrecht verlopen op {einddatum} (bericht {laatste.bron}) zonder aansluitende verlenging",
           "verlopen_recht", oorzaak="verlopen", verlopen=einddatum.isoformat())


def perioden(p: PersoonFeiten, peildatum: date) -> tuple[list[Verblijfsperiode], set[date]]:
    """The runs of obliging residence known on ``peildatum``, and the later days on which they may change."""
    later: set[date] = set()
    gebeurtenissen = []
    for f in p.rechten:
        d = werking(recht(f))
        if d <= peildatum:
            gebeurtenissen.append((d, f.volgorde, "recht", f))
        else:
            later.add(d)
    gebeurtenissen += [(f.datum, f.volgorde, "intrekking", f) for f in p.intrekkingen if f.datum <= peildatum]
    gebeurtenissen.sort(key=lambda g: (g[0], g[1]))

    out: list[Verblijfsperiode] = []
    open_: Verblijfsperiode | None = None
    for d, _, soort, f in gebeurtenissen:
        if open_ is not None:
            einddatum = recht(open_.rechten[-1]).einddatum
            sluit_aan = soort == "recht" and (einddatum is None or recht(f).ingangsdatum <= einddatum + _DAG)
            if einddatum is not None and d > einddatum + _DAG and not sluit_aan:
                _sluit_verlopen(open_)  # expired before this event, and this event does not continue it
                open_ = None
        if soort == "intrekking":
            if open_ is not None:
                _sluit(open_, d, Reden.OVERIG, f"verblijfsrecht ingetrokken op {d} (bericht {f.bron})", "geen_verblijf",
                       oorzaak="ingetrokken")
                open_ = None
            continue
        doel = VERBLIJFSDOELEN[recht(f).verblijfsdoel]
        if not doel.plichtig:
            if open_ is not None:
                waarom = "gezinslid van een EU/EER/Zwitserse burger" if doel.grond == "unierecht" else "tijdelijk"
                _sluit(open_, d, Reden.VERBLIJFSDOEL_GEWIJZIGD,
                       f"nieuw verblijfsdoel {doel.code} ({waarom}) vanaf {d} (bericht {f.bron})",
                       "unierecht" if doel.grond == "unierecht" else "tijdelijk_doel",
                       oorzaak="verblijfsdoel", verblijfsdoel=doel.code)
                open_ = None
            continue
        if open_ is None:
            open_ = Verblijfsperiode([f])
            out.append(open_)
        else:
            open_.rechten.append(f)
            open_.ketens += 1
    if open_ is not None:
        einddatum = recht(open_.rechten[-1]).einddatum
        if einddatum is not None and einddatum < date.max - _DAG:
            if einddatum + _DAG > peildatum:
                later.add(einddatum + _DAG)
            elif peildatum >= wacht_tot(einddatum):
                _sluit_verlopen(open_)
            else:
                open_.verlopen, open_.wacht_tot = einddatum, wacht_tot(einddatum)
                later.add(open_.wacht_tot)
    return out, later
