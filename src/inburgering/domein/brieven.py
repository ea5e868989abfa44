"""Letters DUO sends to the person (contract §5.3), decided from what the chain actually delivered.

- ``kennisgeving``: the notice that the person is obligated under a law (Wi2021 art. 2 and 3: DUO determines
  the obligation and tells the person; seed §2.6: "DUO start het proces van kennisgeven naar de inburgeraar
  tegelijk met het proces van signalen in de PIB naar gemeenten"). It goes out with the person's first
  notification to a gemeente under that law, the same day. A held (paused) determination delivers no
  notification, so no letter either. Never twice for the same law, also not after a correction and a later
  return to that law (an opt-in, a second obligation): the person already has the notice.
- ``correctie``: the person was told they fall under a law and turned out not to (seed §3: "Inburgeraars die
  ten onrechte onder Wi2021 zijn geplaatst, hebben hierover een brief ontvangen van DUO"). It goes out the day
  the correction does: SS190 under Wi2021; under Wi2013/Wi2007, which have no SS190, the day the person's
  environment under that law is purged because they no longer fall under it. Only after a kennisgeving of that
  law, and once per kennisgeving.

Letters are DUO's correspondence with the person: no gemeente sees them (seed §3: "De correspondentie tussen
DUO en de inburgeraar is niet zichtbaar voor gemeenten in de PIB van DUO"); the API shows only the date of the
kennisgeving, to the gemeenten in scope.

The 10-week PIP term: the seed and domain.md count it from the registration in the gemeente (see
``bepaling._pip_termijn_start``), not from the kennisgeving, and this project does not have the text of the
Besluit inburgering 2021 to say otherwise; the kennisgeving does not move that term here.

Pure: the engine persists the letters in the same transaction as the notifications that cause them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .wet import WI2021, wet_van

KENNISGEVING = "kennisgeving"
CORRECTIE = "correctie"
SOORTEN = (KENNISGEVING, CORRECTIE)


@dataclass(frozen=True, slots=True)
class Brief:
    """One letter to a person; ``signaal``: the index of the notification it goes out with (sending order)."""

    bsn: str
    wet: str
    soort: str
    dag: date
    signaal: int | None = None


def volgen(bsn: str, dag: date, signalen: Iterable, wetten_voor: Iterable[str], wetten_na: Iterable[str],
           opschonen: Iterable[tuple[str, str]], eerder: Iterable[tuple[str, str]]) -> list[Brief]:
    """The letters that follow from one processing of a person.

    ``signalen``: the notifications released now (objects with ``wet`` and ``gebeurtenis``), in delivery order;
    ``wetten_voor``/``wetten_na``: the law environments the person was published in before and after;
    ``opschonen``: (wet, gemeente) purged now; ``eerder``: (wet, soort) of every letter sent before, in order.
    """
    verzonden = list(eerder)
    na = set(wetten_na)
    gezuiverd = {w for w, _ in opschonen}
    out: list[Brief] = []

    def open_kennisgeving(wet: str) -> bool:
        """Told about ``wet`` and not yet corrected since."""
        laatste = [s for w, s in verzonden if w == wet]
        return bool(laatste) and laatste[-1] == KENNISGEVING

    def stuur(wet: str, soort: str, i: int | None) -> None:
        verzonden.append((wet, soort))
        out.append(Brief(bsn, wet, soort, dag, i))

    for i, s in enumerate(signalen):
        if s.gebeurtenis == wet_van(s.wet).correctie:
            if open_kennisgeving(s.wet):
                stuur(s.wet, CORRECTIE, i)
        elif (s.wet, KENNISGEVING) not in verzonden:
            stuur(s.wet, KENNISGEVING, i)
    for wet in sorted(set(wetten_voor) - na):
        if wet in gezuiverd and open_kennisgeving(wet):  # left a law without SS190 (Wi2013, Wi2007): purged
            stuur(wet, CORRECTIE, None)
    return out


@dataclass(frozen=True, slots=True)
class OptInLid:
    """A member of the opt-in group (contract §5.4)."""

    bsn: str
    wet: str | None  # the law that applies now
    kennisgeving: date
    correctie: date

    def als_contract(self) -> dict:
        return {"bsn": self.bsn, "wet": self.wet, "kennisgeving": self.kennisgeving.isoformat(),
                "correctie": self.correctie.isoformat()}


def opt_in_groep(brieven: Iterable[tuple[str, str, str, date]], wet_nu: dict[str, str | None],
                 tot: date | None = None) -> list[OptInLid]:
    """Who may choose between Wi2013 and Wi2021 (seed §1.6): wrongly placed under Wi2021 (a correction went out)
    AND received a Wi2021 kennisgeving before it. ``brieven``: (bsn, wet, soort, dag) in sending order;
    ``wet_nu``: the law that applies now per BSN; ``tot``: only letters up to that day. Sorted by BSN.

    "Before" is strict (contract §5.4): a notice dated the day of the correction reached the person together with
    it, so they never acted on it; the correction that counts is the first one after an earlier notice."""
    kennis: dict[str, date] = {}
    leden: dict[str, OptInLid] = {}
    for bsn, wet, soort, dag in brieven:
        if wet != WI2021.code or (tot is not None and dag > tot):
            continue
        if soort == KENNISGEVING:
            kennis.setdefault(bsn, dag)
        elif soort == CORRECTIE and bsn in kennis and kennis[bsn] < dag and bsn not in leden:
            leden[bsn] = OptInLid(bsn, wet_nu.get(bsn), kennis[bsn], dag)
    return [leden[b] for b in sorted(leden)]
