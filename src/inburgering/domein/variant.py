"""Rule variants (contract `duo.interpretatie`). The legal one is the default; the other two are the
January 2022 faults, kept as named variants so the incident can be replayed and repaired.

``vaststelling`` (handreiking §1.1): the begin date is the day DUO determined the obligation instead of the day
the right was made known. Kept coherent: it re-dates an obligation that ran (or was suspended) on the day DUO
determined it — that is how people with a 2021 document came under Wi2021 — but not one that had already ended
before that day (expiry, withdrawal, death, a decision, …): DUO determined no obligation then, so it keeps the
law's begin date and its law (``bepaling._geeindigd_voor_vaststelling``). Before, such a person came out under
Wi2021 with an end before the begin, was shown to a gemeente without any notification, and so was never told
SS190 either. Independently of the variant, no obligation begins after the residence it rests on ended (a right
that ended before the 18th birthday gives none): no determination ends before it begins.
"""

from dataclasses import dataclass
from enum import StrEnum


class Begindatumregel(StrEnum):
    """Which day the obligation begins on (contract ``duo.interpretatie.begindatum``)."""

    BEKENDMAKING = "bekendmaking"  # the law: the day the right was made known
    VASTSTELLING = "vaststelling"  # the fault: the day DUO determined the obligation


class Koppelingsregel(StrEnum):
    """How COA care is recognised (contract ``duo.interpretatie.koppeling``)."""

    COA = "coa"  # the law: COA's own registration (coupling, outflow)
    BRP_ADRESFILTER = "brp_adresfilter"  # the fault: only known COA addresses in the BRP filtered


@dataclass(frozen=True, slots=True)
class Variant:
    begindatum: Begindatumregel = Begindatumregel.BEKENDMAKING
    koppeling: Koppelingsregel = Koppelingsregel.COA

    def __post_init__(self) -> None:
        # stored as text (the process state, the message): read back as the rule it names
        object.__setattr__(self, "begindatum", Begindatumregel(self.begindatum))
        object.__setattr__(self, "koppeling", Koppelingsregel(self.koppeling))

    @property
    def wettelijk(self) -> bool:
        return self == WETTELIJK

    def __str__(self) -> str:
        return f"{self.begindatum}+{self.koppeling}"


WETTELIJK = Variant()
JANUARI_2022 = Variant(Begindatumregel.VASTSTELLING, Koppelingsregel.BRP_ADRESFILTER)
