"""The scope rule: which gemeente may see which person under which law (domain.md §3; DUO's M2M scope).

One function, used for everything that shows personal data: the engine materialises its answer and
the portal, the API, downloads and notifications all read that answer.

A gemeente sees a person under a law when the person falls under that law and is known to DUO there
(released, not held) and at least one of:
  - the person lives in the gemeente, not at a COA location;
  - the person lives at a COA location (is in COA's care) and is coupled to the gemeente;
  - the person's current PIP is the gemeente's;
  - the current PIP is less than a month old and the previous PIP was the gemeente's.
The first two are the responsible gemeente of the active rule variant (``Publicatie.gemeente``).

A PIP counts only while it is valid (``geldige_pips``): what a gemeente that should never have seen the person
reported meanwhile — its PIP above all — is part of the wrongly processed data the repair purges (handreiking §2.1:
the PIB Wi2021 was purged of the signals and data of the wrongly placed persons; §2.2: only the SS190 remains; §3.4:
the term starts with the PIP). The engine records, per person, up to which day each purged gemeente's reports are
void (``Toestand.nietig``); from then on such a PIP gives that gemeente no sight, is no "previous PIP", and starts
no inburgeringstermijn. What the right gemeenten reported stays (§2.1: correctly placed persons reappear with their
data).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta


@dataclass(frozen=True, slots=True)
class Pip:
    gemeente: str
    dagtekening: date
    geregistreerd: date  # day DUO registered it


def nietig(gemeente: str, geregistreerd: date, nietig_tot: Mapping[str, date]) -> bool:
    """Whether a report the gemeente registered on ``geregistreerd`` was purged as wrongly processed."""
    tot = nietig_tot.get(gemeente)
    return tot is not None and geregistreerd <= tot


def geldige_pips(pips: list[Pip], nietig_tot: Mapping[str, date]) -> list[Pip]:
    """The PIPs that still count, in registration order: not those a purged gemeente registered up to its purge."""
    if not nietig_tot:
        return pips
    return [p for p in pips if not nietig(p.gemeente, p.geregistreerd, nietig_tot)]


def huidige_pips(pips: list[Pip]) -> tuple[Pip | None, Pip | None]:
    """(current, previous) PIP."""
    if not pips:
        return None, None
    return pips[-1], (pips[-2] if len(pips) > 1 else None)


def zichtbaar_voor(gemeente_van_publicatie: str | None, bekend: bool, pips: list[Pip], dag: date) -> frozenset[str]:
    """The gemeenten that may see the person in one law environment on ``dag``.

    ``bekend``: the person falls under this law and is released there (not held, not purged).
    ``gemeente_van_publicatie``: the responsible gemeente (residence outside COA, or COA coupling).
    """
    if not bekend:
        return frozenset()
    out = set()
    if gemeente_van_publicatie:
        out.add(gemeente_van_publicatie)
    huidig, vorig = huidige_pips(pips)
    if huidig is not None:
        out.add(huidig.gemeente)
        if vorig is not None and dag < huidig.geregistreerd + relativedelta(months=1):
            out.add(vorig.gemeente)
    return frozenset(out)


def volgende_scopewijziging(pips: list[Pip], dag: date) -> date | None:
    """The day the 'previous PIP' grace month ends, if it is still running."""
    huidig, vorig = huidige_pips(pips)
    if huidig is not None and vorig is not None:
        einde = huidig.geregistreerd + relativedelta(months=1)
        if einde > dag:
            return einde
    return None
