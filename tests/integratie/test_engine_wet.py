"""Issue 8 through intake and the one engine (SQLite/PostgreSQL): each case is a legal case, and each asserts
the exact notifications the catalogue gives (DUO Gebeurtenissen; contract §5.1, §5.6)."""

import pytest

from .keten import adres, document, draai, gemeenten, koppeling, msg, persoon, recht, simpel, zichtbaar

pytestmark = pytest.mark.django_db

A = "111222333"


def gezinsmigrant(bsn=A, gemeente="0363", beschikking="2022-03-01", doc="2022-03-10", woont="2022-03-12", **kw):
    return [persoon(bsn, **kw), recht(bsn, "gezinsvorming", beschikking), document(bsn, doc), adres(bsn, woont, gemeente)]


def besluit(type_, ontvangen, bsn=A, **velden):
    return msg(type_, ontvangen, bsn=bsn, **velden)


# --- 1. Continuity ------------------------------------------------------------------------------------

def test_late_renewal_of_a_wi2013_family_migrant_gives_no_end_and_no_wi2021_signals():
    """Issue 8, the 2022 fault again: the renewal is decided weeks after the old right expired but starts the day
    after it (Vw 2000 art. 8, chained by ingangsdatum). One obligation, Wi2013: nothing after the first SS101."""
    berichten = gemeenten() + [
        persoon(A, nat=("MAR",)), recht(A, "gezinsvorming", "2019-03-01", einddatum="2022-03-09"),
        document(A, "2019-03-10"), adres(A, "2019-03-11", "0363"),
        recht(A, "gezinsvorming", "2022-04-20", ingang="2022-03-10", einddatum="2027-03-09"), document(A, "2022-04-25"),
    ]
    assert draai(berichten, "2023-06-01") == [("2019-03-11", "0363", "Wi2013", "SS101", A)]
    assert zichtbaar() == {("0363", "Wi2013", A)}


def test_asylum_status_holder_since_2017_with_a_late_renewal_stays_under_wi2013():
    berichten = gemeenten() + [
        persoon(A), recht(A, "asiel", "2017-06-01", einddatum="2022-05-31"), koppeling(A, "2017-06-10", "0344"),
        simpel("coa.uitstroom", A, "2017-09-01"), adres(A, "2017-09-01", "0344", "3511AA", 9),
        recht(A, "asiel", "2022-09-15", ingang="2022-06-01", einddatum="2027-05-31"),
    ]
    assert draai(berichten, "2023-06-01") == [("2017-06-10", "0344", "Wi2013", "SS101", A)]


def test_expiry_without_renewal_ends_the_obligation_once_the_wait_is_over():
    """Right until 2023-03-09, no renewal: DUO waits four weeks and six months (Vw 2000 art. 25-26), then SS110."""
    berichten = gemeenten() + [persoon(A), recht(A, "gezinsvorming", "2022-03-01", einddatum="2023-03-09"),
                               document(A, "2022-03-10"), adres(A, "2022-03-12", "0363")]
    assert draai(berichten, "2024-01-01") == [
        ("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A),
        ("2023-10-08", "0363", "Wi2021", "SS110", A)]


def test_a_gap_ends_the_wi2013_obligation_and_a_new_one_begins_under_wi2021():
    """A new right that does not connect: the Wi2013 obligation really ended (SS110 in the Wi2013 environment);
    the new obligation falls under the law of its own begin date, Wi2021 (no correction: nothing was wrong)."""
    berichten = gemeenten() + [
        persoon(A), recht(A, "asiel", "2017-06-01", einddatum="2022-05-31"), koppeling(A, "2017-06-10", "0344"),
        simpel("coa.uitstroom", A, "2017-09-01"), adres(A, "2017-09-01", "0344", "3511AA", 9),
        recht(A, "asiel", "2022-09-15", einddatum="2027-09-14"),
    ]
    assert draai(berichten, "2022-10-01") == [
        ("2017-06-10", "0344", "Wi2013", "SS101", A),
        ("2022-09-15", "0344", "Wi2013", "SS110", A), ("2022-09-15", "0344", "Wi2021", "SS139", A)]
    # the person now falls under Wi2021 only: the Wi2013 environment keeps its signals but no longer shows them
    assert zichtbaar() == {("0344", "Wi2021", A)}
    from inburgering.keten.models import Notificatie

    assert not Notificatie.objects.filter(verwijderd_op__isnull=False).exists()  # nothing purged


def test_a_request_for_family_rights_after_asylum_to_regular_gives_ss124():
    """Contract §5.1: asylum → regular keeps the asylum rights (no signal); the person's request gives SS124."""
    berichten = gemeenten() + [
        persoon(A), recht(A, "asiel", "2022-02-01"), koppeling(A, "2022-02-05", "0344"),
        recht(A, "gezinsvorming", "2022-06-01"), document(A, "2022-06-10"),
        besluit("duo.verzoek_doelgroep", "2022-07-01", rechten="gezins_en_overige_migrant", datum="2022-07-01"),
    ]
    assert draai(berichten, "2022-07-02") == [
        ("2022-02-05", "0344", "Wi2021", "SS101", A), ("2022-07-01", "0344", "Wi2021", "SS124", A)]


# --- 2. Young people ---------------------------------------------------------------------------------------

def test_a_child_who_grew_up_here_causes_no_notification_at_18():
    """Wi2013 art. 5 lid 1 b (same under Wi2021): eight years here at school-attendance age."""
    berichten = gemeenten() + [persoon(A, geboren="2005-03-01"), adres(A, "2009-06-01", "0344", "3511AA", 9),
                               recht(A, "asiel", "2010-01-10"), koppeling(A, "2010-01-15", "0344"),
                               simpel("coa.uitstroom", A, "2010-02-01")]
    assert draai(berichten, "2023-06-01") == []


def test_an_obligation_that_begins_suspended_is_first_signalled_with_ss129_when_the_exemption_ends():
    """A temporary exemption for education from the 18th birthday (reden OPL): nothing while it runs; when it
    ends the obligation starts for the gemeente with SS129 (DUO Gebeurtenissen: obligated after a temporary
    exemption, no leerroute yet), contract §5.6."""
    berichten = gemeenten() + [
        persoon(A, geboren="2005-09-01"), recht(A, "asiel", "2019-02-01"), koppeling(A, "2019-02-05", "0363"),
        simpel("coa.uitstroom", A, "2019-03-01"), adres(A, "2019-03-01", "0363"),
        besluit("duo.vrijstelling", "2023-06-15", soort="tijdelijk", oordeel="Toekenning", reden="OPL",
                datum_oordeel="2023-06-15", startdatum="2023-09-01", einddatum="2024-07-31"),
    ]
    assert draai(berichten, "2024-09-01") == [("2024-08-01", "0363", "Wi2021", "SS129", A)]


# --- 4. DUO's decisions ----------------------------------------------------------------------------------

@pytest.mark.parametrize("type_, velden, ss", [
    ("duo.vrijstelling", dict(soort="geheel", oordeel="Toekenning", reden="DIP", datum_oordeel="2022-06-01"), "SS107"),
    ("duo.ontheffing", dict(soort="geheel", oordeel="Toekenning", grond="MED", datum_oordeel="2022-06-01"), "SS108"),
    ("duo.voldaan", dict(datum="2022-06-01"), "SS106"),
])
def test_ending_decisions_end_the_obligation_with_their_own_signal(type_, velden, ss):
    s = draai(gemeenten() + gezinsmigrant() + [besluit(type_, "2022-06-01", **velden)], "2022-08-01")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A),
                 ("2022-06-01", "0363", "Wi2021", ss, A)]


def test_temporary_exemption_gives_ss109_and_its_withdrawal_ss129_without_a_pip():
    s = draai(gemeenten() + gezinsmigrant() + [
        besluit("duo.vrijstelling", "2022-04-01", soort="tijdelijk", oordeel="Toekenning", reden="INS",
                datum_oordeel="2022-04-01"),
        besluit("duo.vrijstelling", "2022-09-01", soort="tijdelijk", oordeel="Intrekking", reden="INS",
                datum_oordeel="2022-09-01"),
    ], "2022-09-02")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-01", "0363", "Wi2021", "SS109", A),
                 ("2022-09-01", "0363", "Wi2021", "SS129", A)]


def test_temporary_exemption_ended_with_a_pip_known_gives_ss130_and_extensions_ss104_ss113():
    """The term runs from the day after the first PIP; an extension on request moves its end (SS104), a refused
    request gives SS113; the resumption with a PIP known gives SS130 (DUO Gebeurtenissen 'Termijn gewijzigd')."""
    s = draai(gemeenten() + gezinsmigrant() + [
        besluit("gemeente.pip", "2022-04-01", gemeentecode="0363", dagtekening="2022-04-01", leerroute="B1-route"),
        besluit("duo.vrijstelling", "2022-05-01", soort="tijdelijk", oordeel="Toekenning", reden="INS",
                datum_oordeel="2022-05-01", einddatum="2022-07-31"),
        besluit("duo.termijnverlenging", "2022-09-01", soort="op_verzoek", oordeel="Toekenning",
                datum_oordeel="2022-09-01", nieuwe_einddatum="2025-10-01"),
        besluit("duo.termijnverlenging", "2022-10-01", soort="op_verzoek", oordeel="Afwijzing",
                datum_oordeel="2022-10-01"),
    ], "2022-10-02")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-02", "0363", "Wi2021", "SS102", A),
                 ("2022-05-01", "0363", "Wi2021", "SS109", A), ("2022-08-01", "0363", "Wi2021", "SS130", A),
                 ("2022-09-01", "0363", "Wi2021", "SS104", A), ("2022-10-01", "0363", "Wi2021", "SS113", A)]
    from inburgering.keten.models import Persoon

    termijn = Persoon.objects.get(bsn=A).toestand["termijn"]
    assert (termijn["start"], termijn["eind"], termijn["verlengd"]) == (
        "2022-04-02", "2025-10-02", [["2022-09-01", "2025-10-02"]])


def test_refusals_partial_decisions_exam_and_lbt_results_are_signalled_once():
    s = draai(gemeenten() + gezinsmigrant() + [
        besluit("duo.vrijstelling", "2022-04-01", soort="gedeeltelijk", oordeel="Toekenning", reden="DIP",
                datum_oordeel="2022-04-01", examenonderdeel="LE", examenniveau="B1"),
        besluit("duo.ontheffing", "2022-04-02", soort="geheel", oordeel="Afwijzing", grond="BIO",
                datum_oordeel="2022-04-02"),
        besluit("lbt.resultaat", "2022-04-03", datum_afname="2022-04-03", resultaat="B1-route haalbaar",
                behaalde_score="70,00", benodigde_score="60,00"),
        besluit("duo.examenresultaat", "2022-04-04", examendatum="2022-04-04", onderdeel="KNM", resultaat="Gezakt"),
    ], "2022-04-05")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-01", "0363", "Wi2021", "SS117", A),
                 ("2022-04-02", "0363", "Wi2021", "SS118", A), ("2022-04-03", "0363", "Wi2021", "SS131", A),
                 ("2022-04-04", "0363", "Wi2021", "SS199", A)]


def test_decisions_about_a_person_who_is_not_obligated_cause_nothing():
    berichten = gemeenten() + [persoon(A, nat=("USA",)), recht(A, "studie", "2022-03-01"), adres(A, "2022-03-01", "0363"),
                               besluit("duo.examenresultaat", "2022-04-04", examendatum="2022-04-04", onderdeel="KNM",
                                       resultaat="Geslaagd")]
    assert draai(berichten, "2022-05-01") == []


# --- 5. First notification and a year abroad ----------------------------------------------------------------

def test_coupled_asylum_status_holder_gets_ss101_then_ss139_when_the_term_starts():
    """Contract §5.6: still in COA care → SS101; SS139 on the day the person lives in the gemeente."""
    berichten = gemeenten() + [
        persoon(A), adres(A, "2022-01-10", "1706", "6021PA", 2), recht(A, "asiel", "2022-02-01"),
        koppeling(A, "2022-02-05", "0344"), simpel("coa.uitstroom", A, "2022-05-01"),
        adres(A, "2022-05-01", "0344", "3511AA", 9),
    ]
    assert draai(berichten, "2022-06-01") == [("2022-02-05", "0344", "Wi2021", "SS101", A),
                                              ("2022-05-01", "0344", "Wi2021", "SS139", A)]


def test_aow_age_near_in_coa_gives_ss128_then_ss139():
    """AOW age (67 in 2024) on 2024-01-15, within six months of the begin date 2023-09-01."""
    berichten = gemeenten() + [
        persoon(A, geboren="1957-01-15"), recht(A, "asiel", "2023-09-01"), koppeling(A, "2023-09-05", "0344"),
        simpel("coa.uitstroom", A, "2023-10-01"), adres(A, "2023-10-01", "0344", "3511AA", 9),
    ]
    assert draai(berichten, "2023-11-01") == [("2023-09-05", "0344", "Wi2021", "SS128", A),
                                              ("2023-10-01", "0344", "Wi2021", "SS139", A)]


def test_more_than_a_year_abroad_gives_ss110_to_the_gemeente_that_still_sees_the_person_through_its_pip():
    """Contract §5.6: SS110 also after a year abroad, to every gemeente that can still see the person."""
    s = draai(gemeenten() + gezinsmigrant() + [
        besluit("gemeente.pip", "2022-04-01", gemeentecode="0363", dagtekening="2022-04-01", leerroute="B1-route"),
        simpel("brp.vertrek", A, "2022-06-01"),
    ], "2023-07-01")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-02", "0363", "Wi2021", "SS102", A),
                 ("2022-06-01", "0363", "Wi2021", "SS123", A), ("2023-06-02", "0363", "Wi2021", "SS110", A)]


def test_more_than_a_year_abroad_without_anyone_who_sees_the_person_gives_no_second_signal():
    s = draai(gemeenten() + gezinsmigrant() + [simpel("brp.vertrek", A, "2022-04-01")], "2023-07-01")
    assert s == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-01", "0363", "Wi2021", "SS123", A)]


def test_family_member_of_an_eu_citizen_causes_no_notification():
    berichten = gemeenten() + [persoon(A), recht(A, "gezinslid_eu_burger", "2022-03-01"), document(A, "2022-03-10"),
                               adres(A, "2022-03-12", "0363")]
    assert draai(berichten, "2022-06-01") == []


def test_turkish_asylum_status_holder_from_may_2020_is_signalled_under_wi2013():
    berichten = gemeenten() + [persoon(A, nat=("TUR",)), recht(A, "asiel", "2020-06-01"),
                               koppeling(A, "2020-06-05", "0344")]
    assert draai(berichten, "2020-07-01") == [("2020-06-05", "0344", "Wi2013", "SS101", A)]


# --- Bad input --------------------------------------------------------------------------------------------

def test_ingest_accepts_a_decision_about_a_person_in_the_log_and_refuses_one_about_an_unknown_person():
    """Issue 8 'Bad input': nothing of a file with a decision about a person DUO does not know is applied."""
    from inburgering.dienst.intake import neem_regels_op
    from inburgering.domein.berichten import InvoerFout
    from inburgering.keten.models import Bericht

    from .keten import regels

    draai(gemeenten() + gezinsmigrant(), "2022-04-01")
    voor = Bericht.objects.count()
    neem_regels_op(regels([besluit("duo.voldaan", "2022-05-01", datum="2022-05-01")]), "test")
    assert Bericht.objects.count() == voor + 1
    with pytest.raises(InvoerFout) as e:
        neem_regels_op(regels([besluit("duo.voldaan", "2022-05-02", datum="2022-05-02"),
                               besluit("duo.voldaan", "2022-05-02", bsn="123456782", datum="2022-05-02")]), "test")
    assert e.value.fouten == ["regel 2: veld 'bsn': persoon 123456782 is bij DUO niet bekend (geen brp.persoon vóór "
                              "dit besluit, in het bestand of in het berichtenlog)"]
    assert Bericht.objects.count() == voor + 1
