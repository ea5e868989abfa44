"""Nationality rules: Dutch, EU/EEA and Swiss nationals are not obligated; Turkish nationals only under Wi2021."""

from datetime import date

from . import bronnen
from .feiten import PersoonFeiten
from .parameters import NIET_PLICHTIG_ONDER, VRIJGESTELDE_NATIONALITEITEN

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
    return tuple(huidig.waarde), huidig.bron


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


def uitgesloten_onder_wet(nationaliteiten, wet: str) -> str | None:
    """A nationality that excludes the obligation under this law only (Turkish under Wi2007/Wi2013)."""
    for n in nationaliteiten:
        if wet in NIET_PLICHTIG_ONDER.get(n, ()):
            return n
    return None


BRON = bronnen.NATIONALITEIT
BRON_TURKIJE = bronnen.TURKIJE_WI2013
