"""Letters to the person and the opt-in group (contract §5.3, §5.4), as legal cases through intake and the one
engine, on the real database; and the invariants over random populations with the January 2022 faults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from inburgering.dienst import brieven
from inburgering.domein import brieven as regels
from inburgering.domein import opt_in
from inburgering.keten import models as m

from .keten import adres, document, draai, gemeenten, interpretatie, msg, persoon, procesbesturing, recht
from .test_engine_eigenschappen import _d, _leeg, populatie

pytestmark = pytest.mark.django_db(transaction=False)

TIJDLIJN = Path(__file__).resolve().parents[3] / "shared" / "contract" / "examples" / "tijdlijn-2022.jsonl"
SARA, ABEL, PRIYA, OMID = "163923322", "468819733", "693563278", "495181754"


def _tijdlijn() -> list[dict]:
    if not TIJDLIJN.exists():
        pytest.skip("../shared/contract/examples/tijdlijn-2022.jsonl ontbreekt")
    return [orjson.loads(r) for r in TIJDLIJN.read_bytes().splitlines() if r.strip()]


def _brieven() -> list[tuple[str, str, str, str]]:
    return [(d.isoformat(), b, w, s) for d, b, w, s in brieven.alle().values_list("dag", "bsn", "wet", "soort")]


def _opt_in(bsn, wet, datum) -> dict:
    return msg("duo.opt_in", datum, bsn=bsn, wet=wet, datum=datum)


def test_january_2022_letters_follow_the_notifications_exactly():
    """Sara Amrani was placed under Wi2021 on 4 January (the faulty begin date) and told so; the repair of 1 March
    corrects her (SS190 and the correction letter the same day); Wi2013 restarts on 30 May: her Wi2013 notice goes
    out with her first Wi2013 notification. Priya Kumar, determined during the pause, gets her notice the day the
    family group restarts; Omid Rahimi the day the asylum group does. Abel Tesfaye moved from 's-Gravenhage's view to
    Utrecht's under the same law: one notice only."""
    draai(_tijdlijn(), "2022-06-01")
    assert _brieven() == [
        ("2022-01-04", SARA, "Wi2021", "kennisgeving"),
        ("2022-01-07", ABEL, "Wi2021", "kennisgeving"),
        ("2022-03-01", SARA, "Wi2021", "correctie"),
        ("2022-03-01", PRIYA, "Wi2021", "kennisgeving"),
        ("2022-03-25", OMID, "Wi2021", "kennisgeving"),
        ("2022-05-30", SARA, "Wi2013", "kennisgeving"),
    ]
    assert [x.als_contract() for x in brieven.opt_in_groep()] == [
        {"bsn": SARA, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]


def test_a_person_wrongly_placed_while_paused_gets_no_letter_until_the_right_law_restarts():
    """Held under Wi2021 by the faulty variant during the stop, corrected before anything was released: no Wi2021
    notice, so no correction letter and no place in the opt-in group; the Wi2013 notice comes on 30 May."""
    b = "111222333"
    draai(gemeenten() + [
        persoon(b, geboren="1990-02-02", nat=("MAR",), ontvangen="2021-06-01"),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        procesbesturing("2022-01-19", "pauzeer"),
        recht(b, "gezinsvorming", "2021-11-30", ontvangen="2022-01-25"),
        document(b, "2021-12-22", ontvangen="2022-01-25"),
        adres(b, "2021-12-23", "0363", ontvangen="2022-01-25"),
        interpretatie("2022-03-01"),
        procesbesturing("2022-03-01", "hervat", "Wi2021", "gezinsmigranten"),
        procesbesturing("2022-05-30", "hervat", "Wi2013"),
    ], "2022-06-01")
    assert _brieven() == [("2022-05-30", b, "Wi2013", "kennisgeving")]
    assert brieven.opt_in_groep() == []


def test_a_move_and_a_later_new_obligation_under_the_same_law_send_no_second_notice():
    b = "111222333"
    draai(gemeenten() + [
        persoon(b, geboren="1990-02-02", nat=("MAR",), ontvangen="2022-01-01"),
        recht(b, "gezinsvorming", "2022-02-01", einddatum="2022-06-30"),
        document(b, "2022-02-05"),
        adres(b, "2022-02-06", "0363"),
        adres(b, "2022-04-01", "0344"),
        recht(b, "gezinsvorming", "2023-09-01"),  # after a gap: a new obligation, Wi2021 again
        document(b, "2023-09-05"),
    ], "2023-10-01")
    ss = [(d, g, w, s) for d, g, w, s, _ in draai([], "2023-10-01")]
    assert ("2022-04-01", "0344", "Wi2021", "SS120") in ss and ss.count(("2023-09-05", "0344", "Wi2021", "SS139")) == 1
    assert _brieven() == [("2022-02-06", b, "Wi2021", "kennisgeving")]


def test_an_opt_in_for_wi2021_applies_from_the_day_of_the_choice_with_its_notifications_and_letters():
    """Sara Amrani chooses Wi2021 on 15 June: Wi2021 from that day (the chain's choice, domein/opt_in.py), Amsterdam
    is told afresh (SS139: she lives there), the Wi2013 environment is purged and its notice corrected; no second
    Wi2021 notice. The breach report stays as it was: Wi2021 after the choice is what the law's rules give."""
    alle = _tijdlijn() + [_opt_in(SARA, "Wi2021", "2022-06-15")]
    ss = draai(alle, "2022-06-20")
    assert ss[-1] == ("2022-06-15", "0363", "Wi2021", "SS139", SARA)
    assert _brieven()[-1] == ("2022-06-15", SARA, "Wi2013", "correctie")
    assert sum(1 for x in _brieven() if x[1:] == (SARA, "Wi2021", "kennisgeving")) == 1
    p = m.Persoon.objects.get(bsn=SARA)
    assert (p.bepaling["kern"]["wet"], p.bepaling["kern"]["begindatum"]) == ("Wi2021", "2022-06-15")
    assert any(s["regel"] == "opt-in" for s in p.bepaling["uitleg"])
    assert [x.als_contract() for x in brieven.opt_in_groep()] == [
        {"bsn": SARA, "wet": "Wi2021", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]
    assert brieven.fouten_na_verwerking() == []


def test_an_opt_in_for_wi2013_keeps_the_law_and_changes_nothing_delivered():
    draai(_tijdlijn() + [_opt_in(SARA, "Wi2013", "2022-06-15")], "2022-06-20")
    assert _brieven()[-1] == ("2022-05-30", SARA, "Wi2013", "kennisgeving")
    assert m.Notificatie.objects.filter(dag__gte=date(2022, 6, 15)).count() == 0
    assert brieven.fouten_na_verwerking() == []


def test_an_opt_in_outside_the_group_is_bad_input():
    alle = _tijdlijn() + [_opt_in(ABEL, "Wi2021", "2022-06-15"), _opt_in(PRIYA, "Wi2013", "2022-06-15")]
    draai(alle, "2022-06-20")
    fouten = brieven.fouten_na_verwerking()
    assert len(fouten) == 2 and all("valt niet in de opt-in-groep" in f for f in fouten)
    assert [f.split(":")[0] for f in fouten] == [f"regel {len(alle) - 1}", f"regel {len(alle)}"]


def test_the_opt_in_rule_names_what_does_not_apply():
    assert opt_in.fout(False, "Wi2013", "Wi2021").startswith("bsn: valt niet in de opt-in-groep")
    assert opt_in.fout(True, "Wi2007", "Wi2013").startswith("wet: Wi2013 geldt niet voor deze persoon (nu: Wi2007)")
    assert opt_in.fout(True, None, "Wi2021").startswith("wet: de opt-in voor de Wi2021 geldt alleen naast de Wi2013")
    assert opt_in.fout(True, "Wi2013", "Wi2013") is None and opt_in.fout(True, "Wi2013", "Wi2021") is None


# --- invariants ------------------------------------------------------------------------------------------------

@st.composite
def met_fouten(draw):
    """A random population through the January 2022 faults and their repair (variant changes on odd days)."""
    berichten = draw(populatie())
    aan = 2 * draw(st.integers(61, 70)) + 1  # from the first days of 2022, as in January 2022
    uit = aan + 2 * draw(st.integers(1, 90))
    berichten.append(interpretatie(_d(aan), "vaststelling", draw(st.sampled_from(["coa", "brp_adresfilter"]))))
    berichten.append(interpretatie(_d(uit)))
    return berichten


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(met_fouten())
@pytest.mark.slow
def test_letters_follow_the_delivered_notifications(berichten):
    """A notice goes out with the first notification under its law, the same day, once; a correction only after a
    notice of that law, on a day a correction went out (SS190 for Wi2021); the opt-in group has both."""
    _leeg()
    m.Brief.objects.all().delete()
    ss = draai(berichten, _d(420))
    eerste: dict[tuple[str, str], str] = {}
    for dag, _, wet, s, bsn in ss:
        if s != "SS190":
            eerste.setdefault((bsn, wet), dag)
    lijst = _brieven()
    kennis = [(b, w) for _, b, w, s in lijst if s == regels.KENNISGEVING]
    assert len(kennis) == len(set(kennis))
    assert {(b, w): d for d, b, w, s in lijst if s == regels.KENNISGEVING} == eerste
    gezien: set[tuple[str, str]] = set()
    for d, b, w, s in lijst:
        if s == regels.KENNISGEVING:
            gezien.add((b, w))
        else:
            assert (b, w) in gezien, (d, b, w)
            if w == "Wi2021":
                assert (d, "Wi2021", "SS190", b) in {(x[0], x[2], x[3], x[4]) for x in ss}
    eerste_ss190: dict[str, str] = {}
    for dag, _, _wet, s, bsn in ss:
        if s == "SS190":
            eerste_ss190.setdefault(bsn, dag)
    assert {b: d for d, b, w, s in lijst if w == "Wi2021" and s == regels.CORRECTIE} == eerste_ss190
    beide = {b for d, b, w, s in lijst if w == "Wi2021" and s == regels.CORRECTIE}
    event(f"brieven: {len(lijst) > 0}, opt-in-groep: {len(beide) > 0}")
    assert {x.bsn for x in brieven.opt_in_groep()} <= beide
    assert {x.bsn for x in brieven.opt_in_groep()} == beide  # a correction always follows a notice here
