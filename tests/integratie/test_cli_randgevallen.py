"""Edge cases of contract §5.3–§5.6 as an outside tester runs them: ``replay FILE`` with ``--brieven``, ``--opt-in``,
``--datalek`` on small new timelines, asserting the exact lines (subprocesses, each on a throwaway store).

Where the contract leaves room, the choice is a DUO operator's and is named in the test's docstring."""

from __future__ import annotations

import orjson
import pytest

from berichtbouwers import Ketenbouwer

from .test_brieven import SARA, TIJDLIJN
from .test_cli_brieven import _regels, _tijdlijn
from .test_cli_keten import inburgering, schrijf

pytestmark = pytest.mark.slow

NOOR = "111222333"


def _replay(tmp_path, berichten, *vlaggen, check=True):
    pad = schrijf(tmp_path, "tijdlijn.jsonl", berichten)
    return inburgering(tmp_path, "replay", str(pad), *vlaggen, check=check)


def _gezinsvormer(k: Ketenbouwer, dag: str, gemeente: str = "0363") -> list[dict]:
    """Family permit decided on ``dag``, document two days later, registered in ``gemeente`` the day after."""
    jaar, maand, d = dag.split("-")
    doc, reg = f"{jaar}-{maand}-{int(d) + 2:02d}", f"{jaar}-{maand}-{int(d) + 3:02d}"
    return [k.persoon(NOOR), k.recht(NOOR, "gezinsvorming", dag), k.document(NOOR, doc), k.adres(NOOR, reg, gemeente)]


def test_a_person_obligated_while_their_group_is_paused_gets_the_notice_on_the_day_of_release(tmp_path):
    """Noor settles in Amsterdam on 13 June 2022 while Wi2021 for family migrants is paused: nothing goes to the
    gemeente and no letter to her until 1 July, when the notice goes out with the first notification (SS139 alone:
    she already lives there, outside COA care, §5.6)."""
    k = Ketenbouwer()
    t = (k.gemeenten() + [k.procesbesturing("2022-06-01", "pauzeer", "Wi2021", "gezinsmigranten")]
         + _gezinsvormer(k, "2022-06-10") + [k.procesbesturing("2022-07-01", "hervat", "Wi2021", "gezinsmigranten")])
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-07-01", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS139", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-07-01", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"}]


def test_a_person_corrected_while_held_gets_no_letter_at_all(tmp_path):
    """Noor is determined under Wi2021 while paused, then becomes Dutch before the release: she was never told,
    so there is neither a notice nor a correction, and she is not in the opt-in group."""
    k = Ketenbouwer()
    t = (k.gemeenten() + [k.procesbesturing("2022-06-01", "pauzeer", "Wi2021", "gezinsmigranten")]
         + _gezinsvormer(k, "2022-06-10")
         + [k.bericht("brp.nationaliteit", "2022-06-20", bsn=NOOR, datum="2022-06-20", nationaliteiten=["NLD"]),
            k.procesbesturing("2022-07-01", "hervat", "Wi2021", "gezinsmigranten")])
    for vlag in ("", "--brieven", "--opt-in"):
        r = _replay(tmp_path, t, *([vlag] if vlag else []))
        assert (r.stdout, r.stderr) == ("", ""), vlag


def test_a_correction_and_the_notice_under_the_right_law_go_out_the_same_day_in_that_order(tmp_path):
    """Noor got her document in December 2021; DUO's faulty begin date put her under Wi2021 on 4 January. On
    1 March the repair corrects her (SS190) and, Wi2013 not being paused here, notifies Amsterdam under Wi2013 the
    same day: the correction letter first, then the Wi2013 notice. Her Wi2021 notice preceded the correction, so
    she is in the opt-in group under the law that now applies, Wi2013."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.persoon(NOOR), k.interpretatie("2022-01-01", "vaststelling", "coa"),
                         k.recht(NOOR, "gezinsvorming", "2021-11-30", "2021-11-01", ontvangen="2022-01-04"),
                         k.document(NOOR, "2021-12-22", ontvangen="2022-01-04"),
                         k.adres(NOOR, "2021-12-23", "0363", ontvangen="2022-01-04"),
                         k.interpretatie("2022-03-01", "bekendmaking", "coa")]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-01-04", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-03-01", "bsn": NOOR, "wet": "Wi2021", "soort": "correctie"},
        {"datum": "2022-03-01", "bsn": NOOR, "wet": "Wi2013", "soort": "kennisgeving"}]
    assert _regels(_replay(tmp_path, t, "--opt-in").stdout) == [
        {"bsn": NOOR, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]
    assert _regels(_replay(tmp_path, t, "--datalek").stdout) == [
        {"gemeente": "0363", "wet": "Wi2021", "bsn": NOOR, "van": "2022-01-04", "tot": "2022-02-28",
         "variant": "vaststelling"}]


def test_a_move_after_the_notice_reaches_two_gemeenten_the_same_day_and_sends_no_second_notice(tmp_path):
    """Noor moves from Amsterdam to Utrecht: both gemeenten are notified on 20 March (SS122, SS120); the notice
    of 9 March stays the only letter."""
    k = Ketenbouwer()
    t = k.gemeenten() + _gezinsvormer(k, "2022-03-06") + [k.adres(NOOR, "2022-03-20", "0344")]
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-03-09", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS139", "bsn": NOOR},
        {"datum": "2022-03-20", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS122", "bsn": NOOR},
        {"datum": "2022-03-20", "gemeente": "0344", "wet": "Wi2021", "gebeurtenisId": "SS120", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-03-09", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"}]


def test_coupled_in_coa_care_first_ss101_then_ss139_when_she_leaves_for_the_gemeente(tmp_path):
    """§5.6: an asylum status holder at the AZC in Budel, coupled to Utrecht: SS101 (the 10-week term does not run
    yet), SS139 when COA's care ends and she lives in Utrecht; one notice, with the SS101."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.locatie("AZC-BUDEL", "azc", "1706", "6021PA", 2), k.persoon(NOOR),
                         k.adres(NOOR, "2021-08-01", "1706", "6021PA", 2), k.recht(NOOR, "asiel", "2022-03-01"),
                         k.koppeling(NOOR, "2022-03-01", "0344"), k.simpel("coa.uitstroom", NOOR, "2022-05-01"),
                         k.adres(NOOR, "2022-05-01", "0344", "3511AA", 9)]
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-03-01", "gemeente": "0344", "wet": "Wi2021", "gebeurtenisId": "SS101", "bsn": NOOR},
        {"datum": "2022-05-01", "gemeente": "0344", "wet": "Wi2021", "gebeurtenisId": "SS139", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-03-01", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"}]


def test_a_period_caused_by_both_faults_names_both_variants_joined_by_plus(tmp_path):
    """Asylum decision of 10 December 2021 (Wi2013 by law), learned on 5 January 2022 at an address COA had not
    reported, coupled to Utrecht: the faulty begin date put her under Wi2021 and the faulty address filter showed
    her to The Hague. Neither is what the law gives: one period, variant ``vaststelling+brp_adresfilter``."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"), k.persoon(NOOR),
                         k.adres(NOOR, "2021-12-01", "0518", "2491AB", 77),
                         k.recht(NOOR, "asiel", "2021-12-10", "2021-12-01", ontvangen="2022-01-05"),
                         k.koppeling(NOOR, "2022-01-06", "0344"), k.interpretatie("2022-03-01", "bekendmaking", "coa")]
    assert _regels(_replay(tmp_path, t, "--datalek").stdout) == [
        {"gemeente": "0518", "wet": "Wi2021", "bsn": NOOR, "van": "2022-01-05", "tot": "2022-02-28",
         "variant": "vaststelling+brp_adresfilter"}]


def test_visibility_that_was_right_under_the_law_is_not_a_breach_whatever_variant_was_in_force(tmp_path):
    """Noor's document of 12 January 2022 and her address in Amsterdam give Wi2021 and Amsterdam under the law as
    under both faults: Amsterdam saw her rightly, nothing to report."""
    k = Ketenbouwer()
    t = (k.gemeenten() + [k.interpretatie("2022-01-01", "vaststelling", "brp_adresfilter")]
         + _gezinsvormer(k, "2022-01-10") + [k.interpretatie("2022-03-01", "bekendmaking", "coa")])
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-01-13", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS139", "bsn": NOOR}]
    r = _replay(tmp_path, t, "--datalek")
    assert (r.stdout, r.stderr) == ("", "")



def test_a_breach_ends_the_day_before_the_view_becomes_right_under_the_law(tmp_path):
    """The faulty address filter shows Noor, coupled to Utrecht, to The Hague from 5 January. On 10 February she
    leaves COA's care and settles in The Hague: from then on the law shows her there too, so the period ends on
    9 February although the fault lasted until 1 March."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.interpretatie("2022-01-01", "bekendmaking", "brp_adresfilter"), k.persoon(NOOR),
                         k.adres(NOOR, "2021-12-01", "0518", "2491AB", 77), k.recht(NOOR, "asiel", "2022-01-05"),
                         k.koppeling(NOOR, "2022-01-06", "0344"), k.simpel("coa.uitstroom", NOOR, "2022-02-10"),
                         k.adres(NOOR, "2022-02-10", "0518", "2500AA", 3),
                         k.interpretatie("2022-03-01", "bekendmaking", "coa")]
    assert _regels(_replay(tmp_path, t, "--datalek").stdout) == [
        {"gemeente": "0518", "wet": "Wi2021", "bsn": NOOR, "van": "2022-01-05", "tot": "2022-02-09",
         "variant": "brp_adresfilter"}]

def test_more_than_a_year_abroad_ends_the_obligation_with_ss110_to_the_gemeente_that_still_sees_her(tmp_path):
    """§5.6: Noor has Amsterdam's PIP, moves to Utrecht and leaves the country on 10 May 2022. A year later the
    obligation ends: SS110 goes to Amsterdam, whose PIP lets it still see her, not to Utrecht, which no longer does."""
    k = Ketenbouwer()
    t = (k.gemeenten() + _gezinsvormer(k, "2022-03-01")
         + [k.pip(NOOR, "2022-04-01", "0363"), k.adres(NOOR, "2022-05-01", "0344"),
            k.simpel("brp.vertrek", NOOR, "2022-05-10"), k.gemeenten("2023-07-01")[0]])
    assert _regels(_replay(tmp_path, t).stdout)[-2:] == [
        {"datum": "2022-05-10", "gemeente": "0344", "wet": "Wi2021", "gebeurtenisId": "SS123", "bsn": NOOR},
        {"datum": "2023-05-11", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS110", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--zichtbaarheid").stdout) == [{"gemeente": "0363", "wet": "Wi2021", "bsn": NOOR}]


def _opt_in(id_, ontvangen, wet, datum, bsn=SARA) -> dict:
    return {"id": id_, "type": "duo.opt_in", "ontvangen": ontvangen, "bsn": bsn, "wet": wet, "datum": datum}


def test_the_opt_in_group_shows_the_law_that_applies_after_the_choice(tmp_path):
    """Sara chooses Wi2021 on 15 June: the group shows her under Wi2021 from then on; with ``--tot`` before the
    choice she is still under Wi2013."""
    t = _tijdlijn() + [_opt_in("x1", "2022-06-15", "Wi2021", "2022-06-15")]
    assert _regels(_replay(tmp_path, t, "--opt-in").stdout) == [
        {"bsn": SARA, "wet": "Wi2021", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]
    assert _regels(_replay(tmp_path, t, "--opt-in", "--tot", "2022-06-14").stdout) == [
        {"bsn": SARA, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]


@pytest.mark.parametrize("fout, melding", [
    ({"wet": "Wi2007"}, "regel 28: veld 'wet': 'Wi2007' is geen geldige waarde; kies uit Wi2013, Wi2021"),
    ({"datum": None}, "regel 28: veld 'datum' ontbreekt (verplicht bij duo.opt_in)"),
    ({"datum": "2022-02-01"}, "regel 28: datum: 2022-02-01 ligt vóór de correctie van 2022-03-01; een keuze kan pas "
                              "vanaf de correctiebrief"),
    ({"ontvangen": "2022-02-01", "datum": "2022-02-01"}, "regel 28: bsn: valt niet in de opt-in-groep (alleen wie ten "
     "onrechte onder de Wi2021 is geplaatst en daarvoor een kennisgeving Wi2021 ontving)"),
])
def test_a_bad_opt_in_is_refused_with_its_line_and_nothing_printed(tmp_path, fout, melding):
    """An opt-in before the person's correction is refused, whether received before it (not yet in the group) or
    dated before it (a Wi2021 begin reaching back into the months the chain was wrong): the choice follows the
    correction letter."""
    keuze = {k: v for k, v in {**_opt_in("x1", "2022-06-15", "Wi2021", "2022-06-15"), **fout}.items() if v is not None}
    r = _replay(tmp_path, _tijdlijn() + [keuze], "--opt-in", check=False)
    assert (r.returncode, r.stdout, r.stderr.splitlines()) == (1, "", [melding])


def test_ingest_refuses_an_opt_in_received_before_the_correction_as_replay_does(tmp_path):
    """The chain already holds the timeline; a late file carries Sara's opt-in received on 1 February, before her
    correction of 1 March. Ingest refuses it (the group as it stood that day) and applies nothing of the file."""
    inburgering(tmp_path, "ingest", str(TIJDLIJN))
    los = schrijf(tmp_path, "laat.jsonl", [
        {"id": "v1", "type": "brp.vertrek", "ontvangen": "2026-01-01", "bsn": "495181754", "datum": "2026-01-01"},
        _opt_in("x1", "2022-02-01", "Wi2021", "2022-02-01")])
    r = inburgering(tmp_path, "ingest", str(los), check=False)
    assert (r.returncode, r.stderr.splitlines()) == (1, [
        "regel 2: bsn: valt niet in de opt-in-groep (alleen wie ten onrechte onder de Wi2021 is geplaatst en daarvoor "
        "een kennisgeving Wi2021 ontving)"])
    later = schrijf(tmp_path, "later.jsonl", [_opt_in("x2", "2026-01-05", "Wi2021", "2022-02-01")])
    r = inburgering(tmp_path, "ingest", str(later), check=False)
    assert (r.returncode, r.stderr.splitlines()) == (1, [
        "regel 1: datum: 2022-02-01 ligt vóór de correctie van 2022-03-01; een keuze kan pas vanaf de correctiebrief"])
    vertrek = schrijf(tmp_path, "vertrek.jsonl", orjson.loads(b"[" + los.read_bytes().splitlines()[0] + b"]"))
    assert "1 berichten toegevoegd, 0 al aanwezig" in inburgering(tmp_path, "ingest", str(vertrek)).stderr


def test_a_notice_under_wi2013_and_a_later_one_under_wi2021_are_one_per_law(tmp_path):
    """Noor's Wi2013 obligation (document of December 2021) ends when her permit is withdrawn (SS110 under
    Wi2013); a new family permit in January 2023 obligates her under Wi2021: a notice per law, no correction."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.persoon(NOOR), k.recht(NOOR, "gezinsvorming", "2021-11-30", "2021-11-01", ontvangen="2022-01-04"),
                         k.document(NOOR, "2021-12-22", ontvangen="2022-01-04"),
                         k.adres(NOOR, "2021-12-23", "0363", ontvangen="2022-01-04"),
                         k.simpel("ind.verblijfsrecht_ingetrokken", NOOR, "2022-06-01"),
                         k.recht(NOOR, "gezinshereniging", "2023-01-10"), k.document(NOOR, "2023-01-12")]
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-01-04", "gemeente": "0363", "wet": "Wi2013", "gebeurtenisId": "SS101", "bsn": NOOR},
        {"datum": "2022-06-01", "gemeente": "0363", "wet": "Wi2013", "gebeurtenisId": "SS110", "bsn": NOOR},
        {"datum": "2023-01-12", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS139", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-01-04", "bsn": NOOR, "wet": "Wi2013", "soort": "kennisgeving"},
        {"datum": "2023-01-12", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"}]
    assert _replay(tmp_path, t, "--opt-in").stdout == ""


def test_near_the_aow_age_the_notice_goes_out_with_ss128(tmp_path):
    """§5.6: Noor, born 1 January 1956, reaches the AOW age within 6 months of her begin date: SS128, not SS139,
    and her notice with it."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.persoon(NOOR, geboren="1956-01-01")] + _gezinsvormer(k, "2022-03-01")[1:]
    assert _regels(_replay(tmp_path, t).stdout) == [
        {"datum": "2022-03-04", "gemeente": "0363", "wet": "Wi2021", "gebeurtenisId": "SS128", "bsn": NOOR}]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-03-04", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"}]


def test_a_correction_while_paused_goes_out_at_once_with_its_letter(tmp_path):
    """Corrections are never held (seed §2.2: SS190 on 1 March also for the asylum group, paused until 25 March).
    Noor, wrongly under Wi2021 since 4 January, is corrected on 15 February during the pause: SS190 and the
    correction letter that day; her Wi2013 notice waits for the Wi2013 restart. The breach ends the day before."""
    k = Ketenbouwer()
    t = k.gemeenten() + [k.persoon(NOOR), k.interpretatie("2022-01-01", "vaststelling", "coa"),
                         k.recht(NOOR, "gezinsvorming", "2021-11-30", "2021-11-01", ontvangen="2022-01-04"),
                         k.document(NOOR, "2021-12-22", ontvangen="2022-01-04"),
                         k.adres(NOOR, "2021-12-23", "0363", ontvangen="2022-01-04"),
                         k.procesbesturing("2022-01-19", "pauzeer"), k.interpretatie("2022-02-15", "bekendmaking", "coa"),
                         k.procesbesturing("2022-03-01", "hervat", "Wi2021", "gezinsmigranten"),
                         k.procesbesturing("2022-05-30", "hervat", "Wi2013")]
    assert _regels(_replay(tmp_path, t, "--brieven").stdout) == [
        {"datum": "2022-01-04", "bsn": NOOR, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-02-15", "bsn": NOOR, "wet": "Wi2021", "soort": "correctie"},
        {"datum": "2022-05-30", "bsn": NOOR, "wet": "Wi2013", "soort": "kennisgeving"}]
    assert _regels(_replay(tmp_path, t, "--opt-in").stdout) == [
        {"bsn": NOOR, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-02-15"}]
    assert _regels(_replay(tmp_path, t, "--datalek").stdout) == [
        {"gemeente": "0363", "wet": "Wi2021", "bsn": NOOR, "van": "2022-01-04", "tot": "2022-02-14",
         "variant": "vaststelling"}]


@pytest.mark.parametrize("vlag, sleutels", [
    ("--brieven", ["datum", "bsn", "wet", "soort"]),
    ("--opt-in", ["bsn", "wet", "kennisgeving", "correctie"]),
    ("--datalek", ["gemeente", "wet", "bsn", "van", "tot", "variant"]),
])
def test_the_output_is_one_json_object_per_line_with_the_contracts_keys_in_order_and_nothing_else(tmp_path, vlag, sleutels):
    r = _replay(tmp_path, _tijdlijn(), vlag)
    assert r.stderr == "" and r.stdout.endswith("\n")
    regels = r.stdout.splitlines()
    assert regels and all(isinstance(orjson.loads(x), dict) for x in regels)
    assert {tuple(orjson.loads(x)) for x in regels} == {tuple(sleutels)}
    datums = [v for x in _regels(r.stdout) for k, v in x.items() if k in ("datum", "kennisgeving", "correctie", "van", "tot")]
    assert all(len(d) == 10 and d[4] == d[7] == "-" for d in datums)


def test_ingest_takes_a_file_that_itself_puts_the_person_in_the_group_and_her_choice_as_replay_does(tmp_path):
    """A fresh chain ingests the whole timeline with Sara's choice of 15 June in one file: the file is what makes
    her a member, so her choice holds (as ``replay`` of the same file says); the same file with a choice dated
    before her correction applies nothing, and the file is then taken whole."""
    fout = schrijf(tmp_path, "fout.jsonl", _tijdlijn() + [_opt_in("x1", "2022-06-15", "Wi2021", "2022-02-01")])
    r = inburgering(tmp_path, "ingest", str(fout), check=False)
    assert (r.returncode, r.stderr.splitlines()) == (1, [
        "regel 28: datum: 2022-02-01 ligt vóór de correctie van 2022-03-01; een keuze kan pas vanaf de correctiebrief"])
    goed = schrijf(tmp_path, "goed.jsonl", _tijdlijn() + [_opt_in("x2", "2022-06-15", "Wi2021", "2022-06-15")])
    assert "28 berichten toegevoegd, 0 al aanwezig" in inburgering(tmp_path, "ingest", str(goed)).stderr
    assert _regels(inburgering(tmp_path, "replay", str(goed), "--opt-in").stdout) == [
        {"bsn": SARA, "wet": "Wi2021", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]
