"""The explanation a determination carries: each step names its rule, the facts it used and its source."""

from dataclasses import dataclass

from .bronnen import Bron


@dataclass(frozen=True, slots=True)
class Stap:
    regel: str  # short rule name, e.g. "begindatum"
    uitkomst: str  # Dutch sentence with the facts used
    bron: Bron

    def als_dict(self) -> dict:
        return {"regel": self.regel, "uitkomst": self.uitkomst, "bron": self.bron.naam}


def leesbaar(stappen) -> str:
    return "\n".join(f"  {i}. {s.uitkomst}\n     [{s.bron.naam}]" for i, s in enumerate(stappen, 1))
