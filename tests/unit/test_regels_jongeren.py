"""Young people (issue 8 item 2; domain.md §2.7), phrased as legal cases: the age of 18 per law, eight years
at school-attendance age (Wi2013 art. 5 lid 1 b; the same rule under Wi2021), and a temporary exemption while
in education that suspends the obligation."""

from datetime import date

from bouwers import (
    BSN, bepaal_een, contract, koppeling, persoon, stap, uitstroom, verblijfplaats, verblijfsrecht, vertrek,
    vrijstelling,
)
from inburgering.domein import bronnen


def kind_met_asielvergunning(adres_vanaf, geboren="2005-03-01", extra=()):
    """Kind met de ouders als asielstatushouder (beschikking 2010-01-10), uitgestroomd; BRP-adres vanaf
    ``adres_vanaf`` in Utrecht."""
    return [
        persoon(geboortedatum=geboren), verblijfsrecht("asiel", "2010-01-10"), koppeling("2010-01-15"),
        uitstroom("2010-02-01"), verblijfplaats(adres_vanaf, "0344", "3511AA", 9), *extra,
    ]


def test_a_child_who_grew_up_here_is_not_obligated_at_18():
    """Aangekomen op 4-jarige leeftijd (BRP-adres sinds 2009-06-01), geboren 2005-03-01: in de leerplichtige
    leeftijd (2010-04-01 tot en met 2021-07-31) ruim acht jaar in Nederland → op de 18e verjaardag
    (2023-03-01, Wi2021) niet inburgeringsplichtig."""
    b = bepaal_een(kind_met_asielvergunning("2009-06-01"), "2023-06-01")
    assert contract(b) == {"bsn": BSN, "inburgeringsplichtig": False, "wet": None, "begindatum": None,
                           "doelgroep": None, "gemeente": None, "redenGeenInburgeringsplicht": None}
    s = stap(b, "leerplichtige leeftijd")
    assert s.bron == bronnen.LEERPLICHT_WI2021
    assert "2010-04-01 tot en met 2021-07-31" in s.uitkomst and "ten minste acht jaar" in s.uitkomst


def test_eight_years_is_counted_to_the_day():
    """De leerplichtige leeftijd loopt van 2010-04-01 tot en met 2021-07-31. Sinds 2013-07-31 hier: 2 923 dagen,
    ten minste acht jaar (8 × 365,25 = 2 922). Sinds 2013-08-02: 2 921 dagen, net niet → wel plichtig."""
    assert bepaal_een(kind_met_asielvergunning("2013-07-31"), "2023-06-01").wet is None
    b = bepaal_een(kind_met_asielvergunning("2013-08-02"), "2023-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2023, 3, 1))
    assert "2921 dagen" in stap(b, "leerplichtige leeftijd").uitkomst


def test_years_abroad_do_not_count():
    """Hier sinds 2009-06-01, maar van 2012-01-01 tot 2016-12-01 in het buitenland: in de leerplichtige leeftijd
    640 + 1 704 dagen hier, minder dan acht jaar."""
    berichten = kind_met_asielvergunning("2009-06-01", extra=[
        vertrek("2012-01-01"), verblijfplaats("2016-12-01", "0344", "3511AA", 9)])
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.wet) == (True, "Wi2021")
    assert "2344 dagen" in stap(b, "leerplichtige leeftijd").uitkomst


def test_a_child_who_arrived_at_twelve_is_obligated_at_18():
    """Aangekomen met 12 (BRP sinds 2017-03-01): ruim vier jaar in de leerplichtige leeftijd, minder dan acht."""
    berichten = [persoon(geboortedatum="2005-03-01"), verblijfsrecht("asiel", "2017-03-01"), koppeling("2017-03-05"),
                 uitstroom("2017-04-01"), verblijfplaats("2017-03-01", "0344", "3511AA", 9)]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.gemeente) == (True, "Wi2021", date(2023, 3, 1), "0344")
    assert "minder dan acht jaar" in stap(b, "leerplichtige leeftijd").uitkomst


def test_the_age_of_18_is_cited_from_the_law_that_applies():
    """18e verjaardag in 2021: de Wi2013 geldt, dus Wi2013 art. 3; in 2023: Wi2021 art. 3."""
    wi2013 = bepaal_een([persoon(geboortedatum="2003-06-01"), verblijfsrecht("asiel", "2019-01-10"),
                         koppeling("2019-01-15")], "2022-01-01")
    assert (wi2013.wet, wi2013.begindatum) == ("Wi2013", date(2021, 6, 1))
    assert stap(wi2013, "minderjarig").bron == bronnen.MEERDERJARIG_WI2013
    wi2021 = bepaal_een([persoon(geboortedatum="2005-06-01"), verblijfsrecht("asiel", "2019-01-10"),
                         koppeling("2019-01-15")], "2024-01-01")
    assert stap(wi2021, "minderjarig").bron == bronnen.MEERDERJARIG_WI2021


def achttienjarige_met_tijdelijke_vrijstelling(**kw):
    """Asielstatushouder, 18 op 2023-09-01 (Wi2021), nog op school: tijdelijke vrijstelling (OPL) vanaf de 18e
    verjaardag tot en met 2025-07-31."""
    return [
        persoon(geboortedatum="2005-09-01"), verblijfsrecht("asiel", "2019-02-01"), koppeling("2019-02-05"),
        uitstroom("2019-03-01"), verblijfplaats("2019-03-01", "0363"),
        vrijstelling("tijdelijk", "Toekenning", "2023-06-15", reden="OPL", startdatum="2023-09-01",
                     einddatum="2025-07-31", **kw),
    ]


def test_a_temporary_exemption_while_in_education_suspends_the_obligation():
    """Contract §5.1, DUO Vrijstelling API (reden OPL): de plicht begint op de 18e verjaardag maar is opgeschort
    tot en met de einddatum; reden 'Tijdelijke vrijstelling'; wet en begindatum blijven."""
    b = bepaal_een(achttienjarige_met_tijdelijke_vrijstelling(), "2024-01-01")
    assert contract(b) == {"bsn": BSN, "inburgeringsplichtig": False, "wet": "Wi2021", "begindatum": "2023-09-01",
                           "doelgroep": "Asielstatushouder", "gemeente": None,
                           "redenGeenInburgeringsplicht": "Tijdelijke vrijstelling"}
    s = stap(b, "tijdelijke vrijstelling")
    assert (s.gegevens["tot"], b.volgende_wijziging) == ("2025-07-31", date(2025, 8, 1))
    assert s.bron == bronnen.TIJDELIJKE_VRIJSTELLING_WI2021


def test_after_the_temporary_exemption_the_obligation_runs_again():
    b = bepaal_een(achttienjarige_met_tijdelijke_vrijstelling(), "2025-08-01")
    assert (b.inburgeringsplichtig, b.reden, b.begindatum, b.hervat_op, b.gemeente) == (
        True, None, date(2023, 9, 1), date(2025, 8, 1), "0363")
    assert b.pip_termijn_start == date(2025, 8, 1)  # the 10 weeks for a PIP run from the resumption


def test_withdrawal_of_the_temporary_exemption_ends_the_suspension_on_its_date():
    """Contract §5.1: een Intrekking van de tijdelijke vrijstelling beëindigt de opschorting op datum_oordeel."""
    berichten = achttienjarige_met_tijdelijke_vrijstelling() + [
        vrijstelling("tijdelijk", "Intrekking", "2024-02-01", reden="OPL")]
    assert bepaal_een(berichten, "2024-01-31").reden == "Tijdelijke vrijstelling"
    b = bepaal_een(berichten, "2024-02-01")
    assert (b.inburgeringsplichtig, b.hervat_op) == (True, date(2024, 2, 1))
