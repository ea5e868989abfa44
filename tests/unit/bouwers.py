"""Running chain messages through the domain core: ``lees_regels`` → ``bouw_feiten`` → ``bepaal``.

The messages themselves are built by ``berichtbouwers`` (the one builder module of the tests); its builders
are importable from here too.
"""

from __future__ import annotations

from datetime import date

from berichtbouwers import (  # noqa: F401  (re-exported: the tests import the builders from here)
    BSN, BSN2, BSN3, BSN4, BSN5, BSN6, persoon, verblijfplaats, vertrek, overlijden, nationaliteit,
    verblijfsrecht, document, intrekking, locatie, koppeling, uitstroom, gemeente, procesbesturing,
    interpretatie, vrijstelling, ontheffing, voldaan, termijnverlenging, examenresultaat, verzoek_doelgroep,
    opt_in,
)
from berichtbouwers import regels_json
from inburgering.domein.bepaling import Bepaling, bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.variant import WETTELIJK, Variant


# --- running the rules -------------------------------------------------------------------------------

def regels(berichten) -> list[str]:
    return regels_json(berichten)


def lees(berichten):
    return lees_regels(regels(berichten))


def bepaal_alle(berichten, peildatum, variant: Variant = WETTELIJK, **kw) -> dict[str, Bepaling]:
    """Every BSN in the messages → its determination on ``peildatum``."""
    personen, locaties = bouw_feiten(lees(berichten))
    pd = date.fromisoformat(peildatum) if isinstance(peildatum, str) else peildatum
    uit = {bsn: bepaal(p, pd, variant, locaties, **kw) for bsn, p in sorted(personen.items())}
    for b in uit.values():
        controleer_uitleg(b)
    return uit


def bepaal_een(berichten, peildatum, bsn=BSN, variant: Variant = WETTELIJK, **kw) -> Bepaling:
    return bepaal_alle(berichten, peildatum, variant, **kw)[bsn]


def contract(b: Bepaling) -> dict:
    return b.als_contract()


def uitleg(b: Bepaling) -> str:
    """The whole explanation as one text (outcomes and sources), for assertions."""
    return "\n".join(f"{s.regel}: {s.uitkomst} [{s.bron.naam}]" for s in b.stappen)


def bronnen_van(b: Bepaling) -> dict[str, str]:
    """rule name → source name, for each step of the explanation."""
    return {s.regel: s.bron.naam for s in b.stappen}


CONTRACT_SLEUTELS = {"bsn", "inburgeringsplichtig", "wet", "begindatum", "doelgroep", "gemeente",
                     "redenGeenInburgeringsplicht"}


def stap(b: Bepaling, regel: str):
    """The (last) explanation step with this rule name; fails if there is none."""
    gevonden = [s for s in b.stappen if s.regel == regel]
    assert gevonden, f"geen stap {regel!r} in de uitleg:\n{uitleg(b)}"
    return gevonden[-1]


def controleer_uitleg(b: Bepaling) -> None:
    """Every determination explains itself: each step has an outcome and names a source."""
    assert b.stappen, "een bepaling zonder uitleg"
    for s in b.stappen:
        assert s.uitkomst.strip(), s
        assert s.bron.naam.strip(), s
