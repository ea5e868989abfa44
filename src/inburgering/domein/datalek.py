"""The breach report (contract §5.5): the recorded visibility held against the law.

For one person: every period in which a gemeente could see them under a law (the engine's recorded
visibility, ``Zichtbaarheid``) while the law's rules (``WETTELIJK``: bekendmaking + coa), applied to what
DUO knew that day, would not have shown them to that gemeente under that law. Nothing here decides
anything of its own: ``bepaling.bepaal`` determines and ``scope.zichtbaar_voor`` is the scope rule, the
same functions the engine uses. Pure: the service layer loads the history (``dienst/datalek.py``).

Choices (README, docs/datalek.md):
- A day counts as seen when the gemeente could see the person at the end of that day's processing (the
  engine runs a day in one transaction): a recorded period ``[van, tot)`` covers ``van`` … ``tot - 1``;
  the report's ``tot`` is that last day.
- "What DUO knew on day d": every message received (``ontvangen``) on or before d, and the COA locations
  received by then.
- A PIP counts for the scope under a rule variant only if its gemeente could see the person under that
  variant on the day it was registered or the day before (the API checks against the last processed
  day): a PIP a wrongly shown gemeente made does not make its view right, neither under the law nor
  when a single fault is re-applied.
- Cause (``variant``): the faults of the rule variant in force that day, plus those of the variant under
  which the period was recorded (a view can outlive the variant that opened it). Each fault is re-applied
  alone; the report names the faults that alone would have shown the person there, or, when neither
  alone does, all candidate faults joined by ``+``.
- Only days where something can change are evaluated: period boundaries, days messages about the person
  arrived, days COA locations became known or start or end, variant changes, and the next change the
  rules themselves announce (``Bepaling.volgende_wijziging``, the end of a PIP grace month).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from . import gemeenteberichten
from .bepaling import bepaal
from .berichten import Bericht
from .feiten import CoaLocatie, Locaties, PersoonFeiten, voeg_toe
from .scope import Pip, volgende_scopewijziging, zichtbaar_voor
from .variant import WETTELIJK, Begindatumregel, Koppelingsregel, Variant
from .wet import wet_van

FOUTEN = (Begindatumregel.VASTSTELLING, Koppelingsregel.BRP_ADRESFILTER)  # the January 2022 faults, in the report's order
_ALLEEN = {Begindatumregel.VASTSTELLING: Variant(Begindatumregel.VASTSTELLING, Koppelingsregel.COA),
           Koppelingsregel.BRP_ADRESFILTER: Variant(Begindatumregel.BEKENDMAKING, Koppelingsregel.BRP_ADRESFILTER)}
WETTELIJK_LABEL = "wettelijk"  # no fault in force: only late-arriving facts can cause this (see dienst/datalek.py)


def fouten_van(variant: Variant | str) -> frozenset[str]:
    """The January 2022 faults a rule variant contains."""
    if isinstance(variant, str):
        begindatum, _, koppeling = variant.partition("+")
        variant = Variant(begindatum or Begindatumregel.BEKENDMAKING, koppeling or Koppelingsregel.COA)
    return frozenset(f for f in (variant.begindatum, variant.koppeling) if f in FOUTEN)


def _met_pip(wet: str | None) -> bool:
    """Whether a gemeente's PIP gives sight under this law (Wi2021)."""
    w = wet_van(wet)
    return w is not None and w.pip


@dataclass(frozen=True, slots=True)
class Zicht:
    """One recorded visibility period: ``tot`` is the day it ended (exclusive), None while it runs."""

    gemeente: str
    wet: str
    van: date
    tot: date | None
    variant: str  # the rule variant in force when it was recorded


@dataclass(frozen=True, slots=True)
class Lek:
    """One reported period: ``tot`` is the last day the gemeente could see the person (inclusive)."""

    gemeente: str
    wet: str
    bsn: str
    van: date
    tot: date
    variant: str

    def als_contract(self) -> dict:
        return {"gemeente": self.gemeente, "wet": self.wet, "bsn": self.bsn, "van": self.van.isoformat(),
                "tot": self.tot.isoformat(), "variant": self.variant}

    @property
    def dagen(self) -> int:
        return (self.tot - self.van).days + 1


@dataclass(frozen=True, slots=True)
class Kennisbericht:
    """A message about the person with the day DUO received it and its place in the log."""

    dag: date
    volgnummer: int
    bericht: Bericht


class Varianten:
    """The rule variant in force at the end of each day: ``wijzigingen`` is [(day, variant)] in log order."""

    def __init__(self, wijzigingen: Sequence[tuple[date, Variant]] = ()):
        self.dagen = [d for d, _ in wijzigingen]
        self.varianten = [v for _, v in wijzigingen]

    def op(self, d: date) -> Variant:
        i = bisect_right(self.dagen, d)
        return self.varianten[i - 1] if i else WETTELIJK


class Kennis:
    """What DUO knew about one person (and the COA locations) on any day; facts built once per prefix."""

    def __init__(self, bsn: str, berichten: Sequence[Kennisbericht], locaties: Sequence[CoaLocatie]):
        self.bsn = bsn
        self.berichten = sorted(berichten, key=lambda k: (k.dag, k.bericht.ontvangen, k.volgnummer))
        self._dagen = [k.dag for k in self.berichten]
        self.locaties = sorted(locaties, key=lambda loc: loc.bekend_vanaf)
        self._locdagen = [loc.bekend_vanaf for loc in self.locaties]
        self._feiten: dict[int, PersoonFeiten] = {}
        self._loc: dict[int, Locaties] = {}

    def feiten(self, d: date) -> PersoonFeiten:
        n = bisect_right(self._dagen, d)
        f = self._feiten.get(n)
        if f is None:
            f = PersoonFeiten(self.bsn)
            for k in self.berichten[:n]:
                voeg_toe(f, k.bericht, k.volgnummer)
            f.sorteer()
            self._feiten[n] = f
        return f

    def locaties_op(self, d: date) -> Locaties:
        n = bisect_right(self._locdagen, d)
        loc = self._loc.get(n)
        if loc is None:
            loc = self._loc[n] = Locaties.uit(self.locaties[:n])
        return loc

    def wijzigdagen(self) -> set[date]:
        """Days on which what DUO knew, or which COA location is where, changed."""
        out = set(self._dagen) | set(self._locdagen)
        for loc in self.locaties:
            out.add(loc.van)
            if loc.tot is not None and loc.tot < date.max:
                out.add(loc.tot + timedelta(days=1))
        return out


class _Beoordelaar:
    """The scope under one rule variant for one person, on any day, with the next day it may change."""

    def __init__(self, kennis: Kennis, vastgesteld_op: date | None):
        self.kennis = kennis
        self.vastgesteld_op = vastgesteld_op
        self._cache: dict[tuple[Variant, date], tuple[dict[str, frozenset[str]], date | None]] = {}
        self._pip_geldig: dict[tuple[Variant, Pip], bool] = {}

    def zicht(self, variant: Variant, d: date) -> tuple[dict[str, frozenset[str]], date | None]:
        """{wet: gemeenten that may see the person} under ``variant`` on day d, and the next day to look."""
        sleutel = (variant, d)
        if sleutel not in self._cache:
            self._cache[sleutel] = self._bereken(variant, d)
        return self._cache[sleutel]

    def _bereken(self, variant: Variant, d: date):
        f = self.kennis.feiten(d)
        b = bepaal(f, d, variant, self.kennis.locaties_op(d), vastgesteld_op=self._vo(d), kennis_op=d)
        pips = self._pips_onder(variant, gemeenteberichten.pips(f)) if _met_pip(b.wet) else []
        volgende = [x for x in (b.volgende_wijziging, volgende_scopewijziging(pips, d)) if x is not None and x > d]
        if not b.wet:
            return {}, min(volgende, default=None)
        return {b.wet: zichtbaar_voor(b.woongemeente, True, pips, d)}, min(volgende, default=None)

    def _vo(self, d: date) -> date | None:
        return self.vastgesteld_op if self.vastgesteld_op is not None and self.vastgesteld_op <= d else None

    def _pips_onder(self, variant: Variant, pips: list[Pip]) -> list[Pip]:
        """The PIPs whose gemeente could see the person under ``variant`` when it registered them (in order):
        a PIP that only a fault made possible does not count under a variant without that fault."""
        out: list[Pip] = []
        for p in pips:
            ok = self._pip_geldig.get((variant, p))
            if ok is None:
                ok = any(p.gemeente in self._zicht_zonder_pip(variant, p, out, dag)
                         for dag in (p.geregistreerd - timedelta(days=1), p.geregistreerd))
                self._pip_geldig[(variant, p)] = ok
            if ok:
                out.append(p)
        return out

    def _zicht_zonder_pip(self, variant: Variant, p: Pip, eerder: list[Pip], dag: date) -> frozenset[str]:
        f = self.kennis.feiten(dag)
        b = bepaal(f, dag, variant, self.kennis.locaties_op(dag), vastgesteld_op=self._vo(dag), kennis_op=dag)
        if not _met_pip(b.wet):
            return frozenset()
        return zichtbaar_voor(b.woongemeente, True, [q for q in eerder if q.geregistreerd <= dag and q != p], dag)


def lekken(bsn: str, berichten: Sequence[Kennisbericht], zicht: Sequence[Zicht], locaties: Sequence[CoaLocatie],
           varianten: Varianten, vastgesteld_op: date | None, einde: date) -> list[Lek]:
    """The reported periods of one person, sorted by (gemeente, wet, van).

    ``zicht``: the recorded visibility periods; ``einde``: the last day the chain has processed (a period
    still open runs up to and including it); ``vastgesteld_op``: the day DUO first determined an
    obligation (what the fault ``vaststelling`` takes as begin date).
    """
    perioden = [(z, z.van, min(z.tot, einde + timedelta(days=1)) if z.tot else einde + timedelta(days=1))
                for z in zicht]
    perioden = [p for p in perioden if p[1] < p[2]]
    if not perioden:
        return []
    kennis = Kennis(bsn, berichten, locaties)
    oordeel = _Beoordelaar(kennis, vastgesteld_op)
    start = min(p[1] for p in perioden)
    stop = max(p[2] for p in perioden)
    punten = {p[1] for p in perioden} | {p[2] for p in perioden} | kennis.wijzigdagen() | set(varianten.dagen)
    punten = sorted(d for d in punten if start <= d < stop)

    # Per day segment [d, volgende): (gemeente, wet) → cause, for the recorded views the law did not give.
    open_: dict[tuple[str, str], tuple[date, str]] = {}  # (g, w) → (van, variant) of the running period
    uit: list[Lek] = []

    def sluit(sleutel, tot: date):
        van, label = open_.pop(sleutel)
        uit.append(Lek(sleutel[0], sleutel[1], bsn, van, tot - timedelta(days=1), label))

    i = 0
    d = start
    while d < stop:
        wettelijk, volgende_w = oordeel.zicht(WETTELIJK, d)
        fout: dict[tuple[str, str], str] = {}
        volgende = [volgende_w]
        for z, van, tot in perioden:
            if not (van <= d < tot) or z.gemeente in wettelijk.get(z.wet, ()):
                continue
            label = _oorzaak(oordeel, fouten_van(varianten.op(d)) | fouten_van(z.variant), z, d, volgende)
            sleutel = (z.gemeente, z.wet)
            if sleutel not in fout or label < fout[sleutel]:  # two overlapping records: one deterministic cause
                fout[sleutel] = label
        for sleutel in [s for s in open_ if fout.get(s) != open_[s][1]]:
            sluit(sleutel, d)
        for sleutel, label in fout.items():
            if sleutel not in open_:
                open_[sleutel] = (d, label)
        while i < len(punten) and punten[i] <= d:
            i += 1
        kandidaten_dag = [x for x in volgende if x is not None and x > d]
        if i < len(punten):
            kandidaten_dag.append(punten[i])
        d = min(kandidaten_dag, default=stop)
    for sleutel in list(open_):
        sluit(sleutel, min(d, stop))
    uit.sort(key=lambda x: (x.gemeente, x.wet, x.van))
    return uit


def _oorzaak(oordeel: _Beoordelaar, kandidaten: frozenset[str], z: Zicht, d: date, volgende: list) -> str:
    """The fault that explains a recorded view the law did not give: each candidate fault applied alone
    (those that alone show the person), else all candidates together; adds to ``volgende`` the days on
    which each answer may change."""
    alleen = []
    for f in FOUTEN:
        if f in kandidaten:
            gezien, v = oordeel.zicht(_ALLEEN[f], d)
            volgende.append(v)
            if z.gemeente in gezien.get(z.wet, ()):
                alleen.append(f)
    return "+".join(alleen or [f for f in FOUTEN if f in kandidaten]) or WETTELIJK_LABEL


def knip(lek: Lek, van: date | None, tot: date | None) -> Lek | None:
    """The part of a reported period inside [van, tot] (both inclusive, either open), or None."""
    a = max(lek.van, van) if van else lek.van
    b = min(lek.tot, tot) if tot else lek.tot
    if a > b:
        return None
    return Lek(lek.gemeente, lek.wet, lek.bsn, a, b, lek.variant)
