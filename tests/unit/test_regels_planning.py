"""When a determination may change without new facts (``volgende_wijziging``), as legal cases: the rules report the
days they depend on — the begin date of a minor, the AOW age, an accession, the end of a year abroad — and the
engine looks again on the first of them. Each case also checks what the determination is on that day."""

from datetime import date

from bouwers import bepaal_een, document, nationaliteit, persoon, stap, verblijfplaats, verblijfsrecht, vertrek
from inburgering.domein.leeftijd import aow_datum
from inburgering.domein.parameters import Reden


def gezinsvormer(geboortedatum="1990-01-01", nationaliteiten=("MAR",)):
    """Document received on 2022-01-20, living in Amsterdam: Wi2021 from 2022-01-20."""
    return [persoon(geboortedatum=geboortedatum, nationaliteiten=list(nationaliteiten)),
            verblijfsrecht("gezinsvorming", "2022-01-10"), document("2022-01-20"), verblijfplaats("2022-01-21", "0363")]


def test_a_minor_is_looked_at_again_on_the_18th_birthday_when_the_obligation_begins():
    berichten = [persoon(geboortedatum="2005-08-10"), verblijfsrecht("asiel", "2022-03-01"),
                 verblijfplaats("2022-03-02", "0363")]
    voor = bepaal_een(berichten, "2022-06-01")
    assert (voor.inburgeringsplichtig, voor.volgende_wijziging) == (False, date(2023, 8, 10))
    assert stap(voor, "nog niet begonnen").gegevens == {"begindatum": "2023-08-10", "wet": "Wi2021"}
    op = bepaal_een(berichten, voor.volgende_wijziging)
    assert (op.inburgeringsplichtig, op.begindatum) == (True, date(2023, 8, 10))


def test_an_obligated_person_is_looked_at_again_on_reaching_the_aow_age_which_ends_the_obligation():
    berichten = gezinsvormer(geboortedatum="1958-02-10")
    b = bepaal_een(berichten, "2024-06-01")
    assert (b.inburgeringsplichtig, b.volgende_wijziging) == (True, date(2025, 2, 10))
    assert b.volgende_wijziging == aow_datum(date(1958, 2, 10))
    op = bepaal_een(berichten, b.volgende_wijziging)
    assert (op.inburgeringsplichtig, op.einddatum, op.reden) == (False, date(2025, 2, 10), Reden.OVERIG)


def test_an_accession_ahead_is_the_next_day_to_look_and_ends_the_obligation():
    """A Croatian obligated under Wi2007: Croatia joins the EU on 1 July 2013."""
    berichten = [persoon(geboortedatum="1980-05-05", nationaliteiten=["HRV"]),
                 verblijfsrecht("gezinshereniging", "2010-06-01"), document("2010-06-15"),
                 verblijfplaats("2010-06-16", "0344")]
    b = bepaal_een(berichten, "2013-01-01")
    assert (b.wet, b.inburgeringsplichtig, b.volgende_wijziging) == ("Wi2007", True, date(2013, 7, 1))
    op = bepaal_een(berichten, b.volgende_wijziging)
    assert (op.inburgeringsplichtig, op.einddatum) == (False, date(2013, 7, 1))


def test_an_obligation_ended_by_naturalisation_no_longer_waits_for_an_accession():
    berichten = [persoon(geboortedatum="1980-05-05", nationaliteiten=["HRV"]),
                 verblijfsrecht("gezinshereniging", "2010-06-01"), document("2010-06-15"),
                 verblijfplaats("2010-06-16", "0344"), nationaliteit("2012-06-01", ["NLD", "HRV"])]
    b = bepaal_een(berichten, "2013-01-01")
    assert (b.einddatum, b.reden) == (date(2012, 6, 1), Reden.OVERIG)
    assert b.volgende_wijziging == aow_datum(date(1980, 5, 5)) == date(2047, 8, 5)


def test_a_year_abroad_is_looked_at_again_the_day_after_it_is_complete_and_ends_the_obligation_at_the_departure():
    berichten = gezinsvormer() + [vertrek("2023-02-01")]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.volgende_wijziging) == (True, date(2024, 2, 2))
    assert bepaal_een(berichten, "2024-02-01").inburgeringsplichtig
    op = bepaal_een(berichten, b.volgende_wijziging)
    assert (op.inburgeringsplichtig, op.einddatum, op.reden) == (
        False, date(2023, 2, 1), Reden.VERTREK_LANGER_DAN_JAAR)


def test_who_left_before_the_begin_date_and_stayed_away_a_year_never_became_obligated():
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-01-10"), verblijfplaats("2022-01-11", "0363"),
                 vertrek("2022-01-15"), document("2022-02-01")]
    wachtend = bepaal_een(berichten, "2022-06-01")
    assert wachtend.volgende_wijziging == date(2023, 1, 16)
    b = bepaal_een(berichten, wachtend.volgende_wijziging)
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.reden) == (False, None, None, None)
    assert [s.regel for s in b.stappen][-1] == "vertrek"


def test_the_steps_of_an_obligated_person_follow_the_laws_order():
    b = bepaal_een(gezinsvormer(), "2022-06-01")
    assert [s.regel for s in b.stappen] == ["begindatum", "wet", "verblijfsdoel", "plicht", "gemeente", "PIP-termijn"]
