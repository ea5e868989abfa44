"""Nationality rules: Dutch, EU/EEA and Swiss nationals are not obligated; Turkish nationals only under Wi2021,
except Turkish asylum status holders and their family members, obligated under Wi2013 when their obligation
begins on or after 1 May 2020 (the purpose of the right on the begin date decides)."""

from datetime import date

from .feiten import PersoonFeiten
from .parameters import NIET_PLICHTIG_ONDER, TURKIJE_ASIEL, VRIJGESTELDE_NATIONALITEITEN

_VRIJ = {}
for _code, _van, _tot in VRIJGESTELDE_NATIONALITEITEN:
    _VRIJ.setdefault(_code, []).append((_van or date.min, _tot or date.max))


def nationaliteiten_op(p: PersoonFeiten, d: date) -> tuple[tuple[str, ...], str]:
    """The person's nationalities on day d and the message they come from."""
    huidig = p.nationaliteit_persoon
    for f in p.nationaliteiten:
        if f.datum <= d:
            huidig = f
    if huidig is None:
        return (), ""
    return huidig.nationaliteiten, huidig.bron


def vrijgestelde_nationaliteit(nationaliteiten, d: date) -> str | None:
    """The first nationality that excludes the obligation on day d (dual nationals included), or None."""
    for n in nationaliteiten:
        for van, tot in _VRIJ.get(n, ()):
            if van <= d <= tot:
                return n
    return None


def toetredingen(code: str) -> list[date]:
    """Days from which this nationality starts to exclude the obligation (EU/EEA accession)."""
    return [van for van, _ in _VRIJ.get(code, ()) if van != date.min]


def uitgesloten_onder_wet(nationaliteiten, wet: str, verblijfsdoel: str | None = None,
                         begin: date | None = None) -> tuple[str | None, str | None]:
    """(nationality that excludes the obligation under this law only, or None;
    nationality for which the asylum exception applied instead, or None)."""
    uitzondering = None
    for n in nationaliteiten:
        if wet not in NIET_PLICHTIG_ONDER.get(n, ()):
            continue
        asiel = TURKIJE_ASIEL.get(n)
        if (asiel and wet == asiel[0] and begin is not None and begin >= asiel[1]
                and verblijfsdoel in asiel[2]):
            uitzondering = n
            continue
        return n, None
    return None, uitzondering

