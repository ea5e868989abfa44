"""Which law applies, and what each law implies for the chain.

Base rule: the obligation begins on the day the residence right is made known to the person
(bekendmaking) — for asylum the day of the IND decision, for other purposes the day the person received
the residence document; not the effective date (ingangsdatum), not the day DUO processes the data.
Exception (minors): who is under 18 on that day becomes obligated on the 18th birthday.
The law follows from the begin date: from 2022-01-01 Wi2021, from 2013-01-01 Wi2013, before that Wi2007.

Each law is a ``Wet``: its period of begin dates and, as data with their sources, what it implies for the chain —
the PIP and its 10-week term, which signals go out (SS139, SS126, SS102), the correction event (SS190), whether
DUO's M2M chain serves it, whether gemeenten may only read its environment. The rules ask the law
(``wet_van(code).ss126``) instead of comparing its name.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from . import bronnen
from .bronnen import Bron
from .catalogus import Gebeurtenis
from .feiten import Feit, PersoonFeiten, Recht
from .parameters import PIP_TERMIJN_WEKEN


class Termijnstart(StrEnum):
    """From when the chain sets the three-year inburgeringstermijn."""

    EERSTE_PIP = "eerste_pip"  # Wi2021 art. 11: the day after the first PIP's dagtekening (``signalering``)
    BEGINDATUM = "begindatum"  # Wi2013 art. 7: the begin date (``bepaling``)


@dataclass(frozen=True, slots=True)
class Wet:
    """One integration law: the begin dates it covers and what it implies for the chain.

    ``vanaf`` (inclusive) to ``tot`` (exclusive, None: open) is the period of begin dates under this law; an
    obligation keeps its law until it really ends. ``bronnen`` gives, per consequence (the field's name), the source
    that says so; a consequence that does not hold under the law has none.
    """

    code: str  # "Wi2021": as stored and shown
    naam: str  # in full, for the consulent
    vanaf: date
    tot: date | None
    pip: bool  # the gemeente draws up a PIP: it gives sight (scope rule), a purge voids it, SS121 and SS129/SS130
    pip_termijn_weken: int | None  # the PIP term from living in the gemeente outside COA care (SS139, SS126)
    ss139: bool  # first signal "inburgeringsplichtig en termijn PIP gestart" once the term runs
    ss126: bool  # "10 weken verstreken zonder PIP"
    inburgeringstermijn: Termijnstart | None  # None: the chain sets no term (Wi2007)
    correctie: Gebeurtenis | None  # told to every gemeente ever notified when the person leaves this law
    m2m: bool  # DUO's M2M chain (notifications, APIs) serves this environment
    alleen_inzien: bool  # gemeenten may read the environment, not handle its signals
    bronnen: Mapping[str, Bron]

    @property
    def ss102(self) -> bool:
        """SS102 "inburgeringstermijn gestart": the term the first PIP starts."""
        return self.inburgeringstermijn is Termijnstart.EERSTE_PIP

    def __str__(self) -> str:
        return self.code


WI2021 = Wet(
    "Wi2021", "Wet inburgering 2021", date(2022, 1, 1), None,
    pip=True, pip_termijn_weken=PIP_TERMIJN_WEKEN, ss139=True, ss126=True,
    inburgeringstermijn=Termijnstart.EERSTE_PIP, correctie=Gebeurtenis.SS190, m2m=True, alleen_inzien=False,
    bronnen={
        "periode": bronnen.WET_WI2021,
        "pip": bronnen.SIGNALEN_WI2021,
        "pip_termijn_weken": bronnen.PIP_TERMIJN,
        "ss139": bronnen.SIGNALEN_WI2021,
        "ss126": bronnen.SS126_DIENST,
        "inburgeringstermijn": bronnen.INBURGERINGSTERMIJN_WI2021,
        "correctie": bronnen.CORRECTIE_SS190,
        "m2m": bronnen.M2M_WI2021,
    },
)
WI2013 = Wet(
    "Wi2013", "Wet inburgering 2013", date(2013, 1, 1), date(2022, 1, 1),
    pip=False, pip_termijn_weken=None, ss139=False, ss126=False,
    inburgeringstermijn=Termijnstart.BEGINDATUM, correctie=None, m2m=False, alleen_inzien=False,
    bronnen={
        "periode": bronnen.WET_WI2013,
        "inburgeringstermijn": bronnen.INBURGERINGSTERMIJN_WI2013,
    },
)
WI2007 = Wet(
    "Wi2007", "Wet inburgering 2007", date.min, date(2013, 1, 1),
    pip=False, pip_termijn_weken=None, ss139=False, ss126=False,
    inburgeringstermijn=None, correctie=None, m2m=False, alleen_inzien=True,
    bronnen={
        "periode": bronnen.WET_WI2007,
        "alleen_inzien": bronnen.PIB_WI2007_INZIEN,
    },
)

PERIODEN: tuple[Wet, ...] = (WI2021, WI2013, WI2007)  # newest first
_PER_CODE = {w.code: w for w in PERIODEN}
M2M_WET = next(w.code for w in PERIODEN if w.m2m)  # the one environment DUO's M2M chain serves


def wet_van(code: str | None) -> Wet | None:
    """The law with this code ("Wi2021"); None for no law (KeyError for an unknown code)."""
    return None if code is None else _PER_CODE[code]


def wet_op(begindatum: date) -> Wet:
    """The law an obligation beginning on ``begindatum`` falls under; its source is rule ``wet``."""
    for wet in PERIODEN:
        if begindatum >= wet.vanaf:
            return wet
    raise AssertionError("unreachable: the last period starts at date.min")


def bekendmaking(p: PersoonFeiten, recht_feit: Feit, tot: date) -> tuple[date | None, str]:
    """The day the right in ``recht_feit`` was made known, if known on or before ``tot``.

    Asylum: the decision day. Other purposes: the first document receipt on or after the decision.
    """
    recht: Recht = recht_feit.waarde[0]
    if recht.verblijfsdoel == "asiel":
        return recht.datum_beschikking, (
            f"asielbeschikking van {recht.datum_beschikking} (bericht {recht_feit.bron})"
        )
    for doc in p.documenten:
        if recht.datum_beschikking <= doc.datum <= tot:
            return doc.datum, (
                f"verblijfsdocument ontvangen op {doc.datum} (bericht {doc.bron}; beschikking "
                f"{recht.datum_beschikking}, ingangsdatum {recht.ingangsdatum})"
            )
    return None, f"nog geen verblijfsdocument ontvangen na de beschikking van {recht.datum_beschikking}"
