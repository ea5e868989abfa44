"""Scenarios per notification trigger, through intake and the real engine (SQLite/PostgreSQL)."""

import pytest

from .keten import (adres, document, draai, gemeenten, interpretatie, koppeling, locatie, persoon,
                    procesbesturing, recht, simpel, zichtbaar)

pytestmark = pytest.mark.django_db

A = "111222333"
B = "123456782"


def gezinsmigrant(bsn=A, gemeente="0363", beschikking="2022-03-01", doc="2022-03-10", woont="2022-03-12", **kw):
    return [persoon(bsn, **kw), recht(bsn, "gezinsvorming", beschikking), document(bsn, doc), adres(bsn, woont, gemeente)]


def test_family_migrant_already_living_in_the_gemeente_gets_ss139_alone():
    """Contract §5.6 (DUO Gebeurtenissen, 'Nieuwe inburgeringsplichtige'): one first notification; the 10-week
    PIP term starts at once for someone who lives in the gemeente outside COA care, so SS139 alone."""
    s = draai(gemeenten() + gezinsmigrant(), "2022-04-01")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A)]
    assert zichtbaar() == {("0363", "Wi2021", A)}


def test_person_reaching_aow_age_within_six_months_gets_ss128_instead_of_ss101():
    # born 1957-01-15: AOW age in 2023 is 66y10m → 2023-11-15, within 6 months of the 2023-09-01 begin date
    s = draai(gemeenten() + gezinsmigrant(geboren="1957-01-15", beschikking="2023-08-20", doc="2023-09-01",
                                          woont="2023-08-25"), "2023-10-01")
    assert s == [("2023-09-01", "0363", "Wi2021", "SS128", A)]


def test_aow_age_reached_ends_the_obligation_with_ss110_on_that_day_without_a_message():
    s = draai(gemeenten() + gezinsmigrant(geboren="1957-01-15", beschikking="2023-08-20", doc="2023-09-01",
                                          woont="2023-08-25"), "2024-02-01")
    assert s == [("2023-09-01", "0363", "Wi2021", "SS128", A), ("2023-11-10", "0363", "Wi2021", "SS126", A),
                 ("2023-11-15", "0363", "Wi2021", "SS110", A)]


def test_asylum_status_holder_in_coa_is_signalled_to_coupled_gemeente_and_ss139_when_leaving_coa():
    berichten = gemeenten() + [
        locatie("AZC-BUDEL", "azc", "1706", "6021PA", 2),
        persoon(A), adres(A, "2022-01-10", "1706", "6021PA", 2),
        recht(A, "asiel", "2022-02-01"), koppeling(A, "2022-02-05", "0344"),
        simpel("coa.uitstroom", A, "2022-05-01"), adres(A, "2022-05-01", "0344", "3511AA", 9),
    ]
    s = draai(berichten, "2022-06-01")
    assert s == [("2022-02-05", "0344", "Wi2021", "SS101", A), ("2022-05-01", "0344", "Wi2021", "SS139", A)]


def test_asylum_status_holder_at_unregistered_noodopvang_is_signalled_to_nobody_until_coupled():
    berichten = gemeenten() + [
        persoon(A), adres(A, "2022-01-10", "0518", "2491AB", 77),  # unknown emergency location
        recht(A, "asiel", "2022-02-01"), koppeling(A, "2022-02-20", "0344"),
    ]
    s = draai(berichten, "2022-03-01")
    assert s == [("2022-02-20", "0344", "Wi2021", "SS101", A)]
    assert zichtbaar() == {("0344", "Wi2021", A)}


def test_move_to_another_gemeente_gives_ss122_to_old_and_ss120_to_new():
    s = draai(gemeenten() + gezinsmigrant() + [adres(A, "2022-06-01", "0599", "3011AA", 3)], "2022-06-02")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A),
                 ("2022-06-01", "0363", "Wi2021", "SS122", A), ("2022-06-01", "0599", "Wi2021", "SS120", A)]
    assert zichtbaar() == {("0599", "Wi2021", A)}


def test_departure_gives_ss123_and_the_person_is_no_longer_visible():
    s = draai(gemeenten() + gezinsmigrant() + [simpel("brp.vertrek", A, "2022-06-01")], "2022-06-02")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A),
                 ("2022-06-01", "0363", "Wi2021", "SS123", A)]
    assert zichtbaar() == set()


def test_death_gives_ss111():
    s = draai(gemeenten() + gezinsmigrant() + [simpel("brp.overlijden", A, "2022-06-01")], "2022-06-02")
    assert s[-1] == ("2022-06-01", "0363", "Wi2021", "SS111", A)


def test_withdrawn_permit_gives_ss110():
    s = draai(gemeenten() + gezinsmigrant() + [simpel("ind.verblijfsrecht_ingetrokken", A, "2022-06-01")], "2022-06-02")
    assert s[-1] == ("2022-06-01", "0363", "Wi2021", "SS110", A)


def test_regular_to_asylum_grants_asylum_rights_ss125_and_back_to_regular_keeps_them_without_ss124():
    """Contract §5.1 and DUO Gebeurtenissen ('Wijziging doelgroep'): regular → asylum grants the asylum rights
    (SS125); asylum → regular keeps them ('DUO blijft in dit geval van asielrechten en plichten uitgaan'): no SS124."""
    s = draai(gemeenten() + gezinsmigrant() + [recht(A, "asiel", "2022-06-01"), recht(A, "art8_evrm", "2022-08-01")],
              "2022-08-02")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A),
                 ("2022-06-01", "0363", "Wi2021", "SS125", A)]


def test_ten_weeks_without_pip_gives_ss126_on_the_day_itself():
    s = draai(gemeenten() + gezinsmigrant(), "2022-06-01")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A),
                 ("2022-05-21", "0363", "Wi2021", "SS126", A)]  # 2022-03-12 + 10 weeks, once


def test_minor_is_signalled_on_the_18th_birthday_without_a_message_that_day():
    s = draai(gemeenten() + gezinsmigrant(geboren="2005-07-01"), "2023-08-01")
    assert s == [("2023-07-01", "0363", "Wi2021", "SS139", A)]


def test_wi2013_person_is_signalled_in_the_wi2013_environment_without_pip_signals():
    s = draai(gemeenten() + gezinsmigrant(beschikking="2021-11-01", doc="2021-11-20", woont="2021-11-25"), "2022-06-01")
    assert s == [("2021-11-25", "0363", "Wi2013", "SS101", A)]


def test_turkish_national_under_wi2013_is_not_signalled():
    s = draai(gemeenten() + gezinsmigrant(beschikking="2021-11-01", doc="2021-11-20", woont="2021-11-25", nat=("TUR",)),
              "2022-06-01")
    assert s == []


def test_faulty_variant_then_repair_sends_ss190_and_moves_person_to_wi2013_environment():
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "brp_adresfilter")] + [
        persoon(A), recht(A, "gezinsvorming", "2021-11-30", ontvangen="2022-01-04"),
        document(A, "2021-12-22", ontvangen="2022-01-04"), adres(A, "2021-12-23", "0363", ontvangen="2022-01-04"),
        interpretatie("2022-03-01"),
    ]
    s = draai(berichten, "2022-03-02")
    assert s == [("2022-01-04", "0363", "Wi2021", "SS139", A), ("2022-03-01", "0363", "Wi2021", "SS190", A),
                 ("2022-03-01", "0363", "Wi2013", "SS101", A)]
    assert zichtbaar() == {("0363", "Wi2013", A)}


def test_pause_holds_everything_and_resume_releases_on_that_day_corrections_are_never_held():
    berichten = gemeenten() + [procesbesturing("2022-02-01", "pauzeer")] + gezinsmigrant() + [
        procesbesturing("2022-04-01", "hervat", "Wi2021", "gezinsmigranten"),
    ]
    s = draai(berichten, "2022-04-02")
    assert s == [("2022-04-01", "0363", "Wi2021", "SS139", A)]


def test_pausing_one_group_does_not_hold_the_other():
    berichten = gemeenten() + [procesbesturing("2022-02-01", "pauzeer", "Wi2021", "asiel_en_overig")] + gezinsmigrant()
    s = draai(berichten, "2022-03-13")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A)]


def test_known_coa_address_never_makes_its_gemeente_responsible_even_in_the_faulty_variant():
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
                               locatie("AZC-BUDEL", "azc", "1706", "6021PA", 2),
                               persoon(A), adres(A, "2022-01-10", "1706", "6021PA", 2), recht(A, "asiel", "2022-02-01")]
    s = draai(berichten, "2022-03-01")
    assert s == []


def test_a_second_delivery_on_a_day_already_run_is_processed_that_same_day():
    draai(gemeenten() + [persoon(A), recht(A, "gezinsvorming", "2022-03-01")], "2022-03-12")
    s = draai([document(A, "2022-03-10", ontvangen="2022-03-12"), adres(A, "2022-03-11", "0363", ontvangen="2022-03-12")],
              "2022-03-12")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A)]


def test_messages_for_days_already_run_are_processed_on_the_next_run_day_not_rewritten():
    draai(gemeenten() + [persoon(A), recht(A, "gezinsvorming", "2022-03-01")], "2022-03-12")
    s = draai([document(A, "2022-03-05", ontvangen="2022-03-06"), adres(A, "2022-03-06", "0363", ontvangen="2022-03-06")],
              "2022-03-20")
    assert s == [("2022-03-13", "0363", "Wi2021", "SS139", A)]


def test_ss190_reaches_every_gemeente_ever_told_also_one_whose_view_was_purged_earlier():
    """Wrongly shown to 0518 (address fault) and wrongly under Wi2021 (begin-date fault): the address repair
    comes first and purges 0518; when the begin-date repair follows, 0518 still gets its SS190."""
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "brp_adresfilter")] + [
        persoon(A), adres(A, "2021-12-01", "0518", "2491AB", 77),
        recht(A, "gezinsvorming", "2021-11-30", ontvangen="2022-01-04"), document(A, "2021-12-22", ontvangen="2022-01-04"),
        koppeling(A, "2022-01-02", "0344", ontvangen="2022-01-04"),
        interpretatie("2022-02-01", "vaststelling", "coa"),
        interpretatie("2022-03-01", "bekendmaking", "coa"),
    ]
    s = draai(berichten, "2022-03-02")
    assert s == [("2022-01-04", "0518", "Wi2021", "SS139", A), ("2022-02-01", "0344", "Wi2021", "SS101", A),
                 ("2022-03-01", "0518", "Wi2021", "SS190", A), ("2022-03-01", "0344", "Wi2021", "SS190", A),
                 ("2022-03-01", "0344", "Wi2013", "SS101", A)]
    assert zichtbaar() == {("0344", "Wi2013", A)}


def test_a_move_during_a_pause_hides_the_person_from_the_old_gemeente_at_once_and_signals_on_release():
    berichten = gemeenten() + gezinsmigrant() + [
        procesbesturing("2022-05-01", "pauzeer"), adres(A, "2022-05-10", "0599", "3011AA", 3),
        procesbesturing("2022-06-01", "hervat")]
    neem = draai(berichten, "2022-05-20")
    assert neem == [("2022-03-12", "0363", "Wi2021", "SS139", A)]  # nothing delivered while paused
    assert zichtbaar() == set()  # 0363 no longer sees someone who left; 0599 waits for the restart
    s = draai([], "2022-06-02")
    # the move, and the PIP term's ten weeks that ran out while paused
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-06-01", "0363", "Wi2021", "SS122", A),
                 ("2022-06-01", "0599", "Wi2021", "SS120", A), ("2022-06-01", "0599", "Wi2021", "SS126", A)]
    assert zichtbaar() == {("0599", "Wi2021", A)}
