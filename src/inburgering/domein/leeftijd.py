"""Age rules: the obligation starts at 18 and does not apply from the AOW age on."""

from datetime import date
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from . import bronnen
from .parameters import AOW_TABEL, MEERDERJARIG_LEEFTIJD


@lru_cache(maxsize=65536)
def achttiende_verjaardag(geboortedatum: date) -> date:
    """Source: Wi2021 art. 3 (obligation from 18). 29 February birthdays count from 1 March."""
    d = geboortedatum + relativedelta(years=MEERDERJARIG_LEEFTIJD)
    if geboortedatum.month == 2 and geboortedatum.day == 29:
        d = date(d.year, 3, 1)
    return d


def aow_leeftijd_in(jaar: int) -> tuple[int, int]:
    """AOW age (years, months) for people who reach it in ``jaar`` (AOW art. 7a table)."""
    gekozen = AOW_TABEL[0]
    for rij in AOW_TABEL:
        if rij[0] <= jaar:
            gekozen = rij
    return gekozen[1], gekozen[2]


@lru_cache(maxsize=65536)
def aow_datum(geboortedatum: date) -> date:
    """The day a person reaches the AOW age.

    The table gives the age per calendar year in which it is reached; the age is non-decreasing, so
    the first year Y in which birth + age(Y) falls in or before Y is the year the person reaches it.
    """
    jaar = geboortedatum.year + 65
    while True:
        jaren, maanden = aow_leeftijd_in(jaar)
        d = geboortedatum + relativedelta(years=jaren, months=maanden)
        if d.year <= jaar:
            return d
        jaar += 1


BRON_18 = bronnen.MEERDERJARIG
BRON_AOW = bronnen.AOW_LEEFTIJD
