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


@dataclass(frozen=True, slots=True)
class Variant:
    begindatum: str = "bekendmaking"  # or "vaststelling" (fault: the day DUO determined it)
    koppeling: str = "coa"  # or "brp_adresfilter" (fault: only known COA addresses filtered)

    @property
    def wettelijk(self) -> bool:
        return self == WETTELIJK

    def __str__(self) -> str:
        return f"{self.begindatum}+{self.koppeling}"


WETTELIJK = Variant()
JANUARI_2022 = Variant("vaststelling", "brp_adresfilter")
