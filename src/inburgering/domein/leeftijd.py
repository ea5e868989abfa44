"""Age rules: the obligation starts at 18 and does not apply from the AOW age on; who lived here at least
eight years at school-attendance age is not obligated (Wi2013 art. 5 lid 1 b; the same rule under Wi2021).

School-attendance age follows the Leerplichtwet 1969: from the first day of the month after the 5th
birthday to the end of the school year (31 July) in which the child turns 16. Living in the Netherlands is
read from the BRP: from a registered address until a registered departure. Eight years are counted in days
(8 × 365.25), so periods abroad in between are left out and leap days do not decide.
"""

from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from . import bronnen
from .parameters import (AOW_TABEL, DAGEN_PER_JAAR, LEERPLICHT_JAREN_IN_NL, LEERPLICHT_TOT_JAAR,
                         LEERPLICHT_VANAF_JAAR, MEERDERJARIG_LEEFTIJD, SCHOOLJAAR_EINDE)


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


def leerplichtperiode(geboortedatum: date) -> tuple[date, date]:
    """First and last day (inclusive) of full-time school attendance (Leerplichtwet 1969)."""
    vijf = geboortedatum + relativedelta(years=LEERPLICHT_VANAF_JAAR)
    van = vijf.replace(day=1) + relativedelta(months=1)
    zestien = geboortedatum + relativedelta(years=LEERPLICHT_TOT_JAAR)
    maand, dag = SCHOOLJAAR_EINDE
    jaar = zestien.year if (zestien.month, zestien.day) <= (maand, dag) else zestien.year + 1
    return van, date(jaar, maand, dag)


def dagen_in_nederland(p, van: date, tot: date) -> int:
    """Days in [van, tot] on which the BRP shows the person living in the Netherlands."""
    wissels = sorted([(f.datum, f.ontvangen, f.volgorde, True) for f in p.verblijfplaatsen if f.datum <= tot]
                     + [(f.datum, f.ontvangen, f.volgorde, False) for f in p.vertrekken if f.datum <= tot])
    totaal, sinds = 0, None

    def tel(a: date, b: date) -> int:
        a, b = max(a, van), min(b, tot)
        return (b - a).days + 1 if a <= b else 0

    for d, _, _, adres in wissels:
        if adres and sinds is None:
            sinds = d
        elif not adres and sinds is not None:
            totaal += tel(sinds, d - timedelta(days=1))
            sinds = None
    if sinds is not None:
        totaal += tel(sinds, tot)
    return totaal


def acht_jaar_leerplichtig_in_nederland(p, geboortedatum: date, tot: date) -> tuple[bool, int, date, date]:
    """(whether, days, first, last school-attendance day): at least eight years here at that age, up to ``tot``."""
    van, eind = leerplichtperiode(geboortedatum)
    dagen = dagen_in_nederland(p, van, min(eind, tot))
    return dagen >= round(LEERPLICHT_JAREN_IN_NL * DAGEN_PER_JAAR), dagen, van, eind


BRON_18_PER_WET = {"Wi2021": bronnen.MEERDERJARIG, "Wi2013": bronnen.MEERDERJARIG_WI2013,
                   "Wi2007": bronnen.MEERDERJARIG_WI2007}
BRON_LEERPLICHT_PER_WET = {"Wi2021": bronnen.LEERPLICHT_WI2021, "Wi2013": bronnen.LEERPLICHT_WI2013,
                           "Wi2007": bronnen.LEERPLICHT_WI2013}
BRON_AOW = bronnen.AOW_LEEFTIJD
