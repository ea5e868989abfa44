"""Rule variants (contract `duo.interpretatie`). The legal one is the default; the other two are the
January 2022 faults, kept as named variants so the incident can be replayed and repaired."""

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
