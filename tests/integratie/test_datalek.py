"""The breach report (contract §5.5): the recorded visibility held against the law, through the real engine."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering.dienst import datalek, datalek_tekst
from inburgering.domein.bepaling import bepaal
from inburgering.domein.scope import zichtbaar_voor
from inburgering.keten import models as m

from .keten import adres, draai, gemeenten, interpretatie, koppeling, locatie, msg, persoon, recht
from .test_engine_eigenschappen import _d, _leeg, _oracle, populatie

pytestmark = pytest.mark.django_db(transaction=False)


def _replay(pad, *extra):
    r = subprocess.run([sys.executable, "-m", "inburgering.cli", "replay", str(pad), *extra],
                       capture_output=True, timeout=300)
    assert r.returncode == 0, r.stderr.decode()
    return [orjson.loads(x) for x in r.stdout.splitlines()]


def _regels() -> list[tuple]:
    return [(x.gemeente, x.wet, x.bsn, x.van.isoformat(), x.tot.isoformat(), x.variant)
            for x in datalek.lekken_in_keten()]


@pytest.mark.slow  # replay --datalek as a subprocess
def test_the_2022_timeline_reports_exactly_the_two_wrongly_shown_persons(voorbeelden):
    """The example's README, read as a legal case:
    - 163923322 (Sara Amrani): family migrant whose document was received on 2021-12-22, so Wi2013 by law. The
      faulty begin date (the day DUO determined it, 2022-01-04) put her under Wi2021 and showed her to Amsterdam
      (0363) from 4 January; the repair of 1 March purged that view, so the last day Amsterdam saw her was
      28 February. Re-applying the faults one by one: the begin-date fault alone gives this view, the address
      fault alone does not (it keeps Wi2013) → `vaststelling`.
    - 468819733 (Abel Tesfaye): asylum decision of 2022-01-07, so Wi2021 by law, but in COA's care at an
      emergency address in Den Haag (0518) that DUO did not know as a COA location. The address fault showed him
      to Den Haag from 7 January; by law nobody could see him until COA coupled him (to Utrecht, 0344, on
      10 January), and never Den Haag. The repair on 1 March purged Den Haag's view → last day 28 February,
      cause `brp_adresfilter` (the begin-date fault alone gives the same begin date and COA's gemeente).
    - Utrecht's views of 468819733 (from 25 March) and 693563278 (from 1 March), Amsterdam's of 495181754 (from
      25 March, coupled by COA; not Cranendonck, where the AZC is) and of 163923322 under Wi2013 (from 30 May)
      are right by law and never reported, whatever variant was in force.
    """
    regels = _replay(voorbeelden / "tijdlijn-2022.jsonl", "--datalek")
    assert regels == [
        {"gemeente": "0363", "wet": "Wi2021", "bsn": "163923322", "van": "2022-01-04", "tot": "2022-02-28",
         "variant": "vaststelling"},
        {"gemeente": "0518", "wet": "Wi2021", "bsn": "468819733", "van": "2022-01-07", "tot": "2022-02-28",
         "variant": "brp_adresfilter"},
    ]
    # --tot before the repair: the views still run, up to and including that day
    assert [(r["bsn"], r["tot"]) for r in _replay(voorbeelden / "tijdlijn-2022.jsonl", "--datalek", "--tot", "2022-01-20")] \
        == [("163923322", "2022-01-20"), ("468819733", "2022-01-20")]


def _cli(*args, db):
    import os

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "INBURGERING_VANDAAG": "2022-06-01"}
    return subprocess.run([sys.executable, "-m", "inburgering.cli", *args], capture_output=True, timeout=300, env=env)


@pytest.mark.slow  # a subprocess
def test_the_datalek_command_on_the_configured_database(voorbeelden, tmp_path):
    db = tmp_path / "keten.sqlite3"
    leeg = _cli("datalek", db=db)
    assert leeg.returncode == 1 and b"nog geen dag verwerkt" in leeg.stderr and not leeg.stdout
    assert _cli("ingest", str(voorbeelden / "tijdlijn-2022.jsonl"), db=db).returncode == 0
    r = _cli("datalek", "--van", "2022-02-01", db=db)
    assert r.returncode == 0, r.stderr
    assert [orjson.loads(x) for x in r.stdout.splitlines()] == [
        {"gemeente": "0363", "wet": "Wi2021", "bsn": "163923322", "van": "2022-02-01", "tot": "2022-02-28",
         "variant": "vaststelling"},
        {"gemeente": "0518", "wet": "Wi2021", "bsn": "468819733", "van": "2022-02-01", "tot": "2022-02-28",
         "variant": "brp_adresfilter"},
    ]
    s = _cli("datalek", "--samenvatting", db=db)
    assert s.returncode == 0
    tekst = s.stdout.decode()
    assert "Betrokkenen:          2" in tekst and "04-01-2022 tot en met 28-02-2022" in tekst
    assert "163923322" not in tekst  # the summary has figures, not persons
    fout = _cli("datalek", "--van", "2022-03-01", "--tot", "2022-02-01", db=db)
    assert fout.returncode == 1 and fout.stderr.strip() == b"--van 2022-03-01 ligt na --tot 2022-02-01"
    assert _cli("datalek", "--van", "1-3-2022", db=db).returncode == 2  # argparse: not a date
    geen_map = _cli("datalek", "--pdf", str(tmp_path / "nergens" / "r.pdf"), db=db)
    assert geen_map.returncode == 1 and b"bestaat niet" in geen_map.stderr
    bestanden = _cli("datalek", "--pdf", str(tmp_path / "r.pdf"), "--xlsx", str(tmp_path / "r.xlsx"), db=db)
    assert bestanden.returncode == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")
    from openpyxl import load_workbook

    assert [r[2].value for r in load_workbook(tmp_path / "r.xlsx")["Perioden"].iter_rows(min_row=2)] \
        == ["163923322", "468819733"]


def _basis():
    return gemeenten() + [locatie("AZC-BUDEL", "azc", "1706", "6021PA", 2, van="2015-01-01", ontvangen="2021-06-01")]


def test_both_faults_together_are_named_with_a_plus_when_neither_alone_would_have_shown_it():
    """An asylum decision of December 2021, received in January 2022 (Wi2013 by law), for someone at an emergency
    address DUO does not know: only the two faults together put him under Wi2021 *and* at Den Haag."""
    _leeg()
    b = "468819733"
    draai(_basis() + [
        persoon(b, geboren="1995-07-07", nat=("ERI",), ontvangen="2021-10-01"),
        adres(b, "2021-12-01", "0518", "2491AB", 77),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(b, "asiel", "2021-12-20", ontvangen="2022-01-05"),
        interpretatie("2022-02-01"),
    ], "2022-03-01")
    assert _regels() == [("0518", "Wi2021", b, "2022-01-05", "2022-01-31", "vaststelling+brp_adresfilter")]


def test_a_pip_made_by_a_wrongly_shown_gemeente_does_not_make_its_view_right():
    """Den Haag saw 468819733 only through the address fault and registered a PIP meanwhile. By law Den Haag could
    never register that PIP: the repair purges it with the rest of Den Haag's view (handreiking §2.1-§2.2), so the
    chain no longer shows him to Den Haag through it, and the report ends on the last day before the repair."""
    _leeg()
    b = "468819733"
    draai(_basis() + [
        persoon(b, geboren="1995-07-07", nat=("ERI",), ontvangen="2021-10-01"),
        adres(b, "2021-12-01", "0518", "2491AB", 77),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(b, "asiel", "2022-01-07"),
        msg("gemeente.pip", "2022-01-12", bsn=b, gemeentecode="0518", dagtekening="2022-01-12", leerroute="B1-route"),
        koppeling(b, "2022-01-20", "0344"),
        interpretatie("2022-03-01"),
    ], "2022-04-30")
    zicht = set(m.Zichtbaarheid.objects.filter(bsn=b, tot__isnull=True).values_list("gemeente", flat=True))
    assert zicht == {"0344"}  # Utrecht, coupled by COA; Den Haag's PIP gives it no sight any more
    assert _regels() == [("0518", "Wi2021", b, "2022-01-07", "2022-02-28", "brp_adresfilter")]


def test_replay_datalek_no_longer_reports_the_view_of_a_void_pip_after_the_repair_day(tmp_path):
    """The same case through `replay --datalek` (contract §5.5): the period ends on 28 February."""
    b = "468819733"
    pad = tmp_path / "pip.jsonl"
    pad.write_bytes(b"\n".join(orjson.dumps(x) for x in _basis() + [
        persoon(b, geboren="1995-07-07", nat=("ERI",), ontvangen="2021-10-01"),
        adres(b, "2021-12-01", "0518", "2491AB", 77),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(b, "asiel", "2022-01-07"),
        msg("gemeente.pip", "2022-01-12", bsn=b, gemeentecode="0518", dagtekening="2022-01-12", leerroute="B1-route"),
        koppeling(b, "2022-01-20", "0344"),
        interpretatie("2022-03-01"),
    ]) + b"\n")
    assert _replay(pad, "--datalek", "--tot", "2022-04-30") == [
        {"gemeente": "0518", "wet": "Wi2021", "bsn": b, "van": "2022-01-07", "tot": "2022-02-28",
         "variant": "brp_adresfilter"}]


def test_a_window_clips_the_periods_and_the_summary_has_the_figures(capsys):
    _leeg()
    b = "468819733"
    draai(_basis() + [
        persoon(b, geboren="1995-07-07", nat=("ERI",), ontvangen="2021-10-01"),
        adres(b, "2021-12-01", "0518", "2491AB", 77),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(b, "asiel", "2022-01-07"),
        interpretatie("2022-03-01"),
    ], "2022-03-10")
    assert [(x.van, x.tot) for x in datalek.lekken_in_keten(date(2022, 2, 1), date(2022, 2, 10))] \
        == [(date(2022, 2, 1), date(2022, 2, 10))]
    assert list(datalek.lekken_in_keten(date(2022, 3, 1), None)) == []
    r = datalek.stel_op()
    assert (r.betrokkenen, r.eerste_dag, r.laatste_dag) == (1, date(2022, 1, 7), date(2022, 2, 28))
    assert [(g["gemeente"], g["personen"], g["perioden"]) for g in r.per_gemeente] == [("0518", 1, 1)]
    assert [(v["variant"], v["personen"]) for v in r.per_variant] == [("brp_adresfilter", 1)]
    assert r.maatregelen["zicht_beeindigd_door_herbeoordeling"] == 1
    assert r.maatregelen["correcties"] == 0 and r.maatregelen["zonder_correctie"] == 0  # right law: no SS190
    # the right law, wrongly shown: the person got the Wi2021 kennisgeving with the first notification, no correction
    assert r.maatregelen["brieven"] == 1 and r.maatregelen["brieven_per_soort"] == {"kennisgeving": 1}
    assert [p.bsn for p in r.personen] == [b] and r.personen[0].adres == "2491AB 77, gemeente 0518"
    assert {c["categorie"] for c in r.categorieen} >= {"BSN", "Naam", "Geboortedatum", "Adres: postcode en huisnummer"}


def test_the_chain_letters_are_counted_in_the_report():
    _leeg()
    b = "163923322"
    draai(_basis() + [
        persoon(b, geboren="1990-02-02", nat=("MAR",), ontvangen="2021-06-01"),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(b, "gezinsvorming", "2021-11-30", ingang="2021-11-01", ontvangen="2022-01-04"),
        msg("ind.document_uitgereikt", "2022-01-04", bsn=b, datum="2021-12-22"),
        adres(b, "2021-12-23", "0363", ontvangen="2022-01-04"),
        interpretatie("2022-03-01"),
    ], "2022-03-02")
    r = datalek.stel_op()
    # Wi2021's kennisgeving, its correction, and the Wi2013 kennisgeving with the first Wi2013 notification
    assert r.maatregelen["brieven"] == 3 and r.maatregelen["brieven_per_soort"] == {"kennisgeving": 2, "correctie": 1}
    assert r.maatregelen["correcties"] == 1 and r.maatregelen["zonder_correctie"] == 0
    assert [(p.bsn, p.correctie, [(x.wet, x.soort, x.datum) for x in p.brieven]) for p in r.personen] == [
        (b, date(2022, 3, 1), [("Wi2021", "kennisgeving", date(2022, 1, 4)), ("Wi2021", "correctie", date(2022, 3, 1)),
                               ("Wi2013", "kennisgeving", date(2022, 3, 1))])]
    assert dict(datalek_tekst.maatregelregels(r))["Brieven aan betrokkenen"] == \
        "3 brieven (correctie: 1, kennisgeving: 2)"


# --- properties ---------------------------------------------------------------------------------------------------

EINDE = 420


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(populatie())
@pytest.mark.slow  # every recorded day against the law
def test_a_chain_that_only_ran_under_the_law_has_an_empty_report(berichten):
    _leeg()
    draai(berichten, _d(EINDE))
    assert list(datalek.lekken_in_keten()) == []


@st.composite
def met_fouten(draw):
    """A population, with the January 2022 faults switched on at some day and (maybe) repaired later."""
    berichten = draw(populatie())
    aan = 2 * draw(st.integers(0, 60)) + 1
    fout = draw(st.sampled_from([("vaststelling", "brp_adresfilter"), ("vaststelling", "coa"),
                                 ("bekendmaking", "brp_adresfilter")]))
    berichten.append(interpretatie(_d(aan), *fout))
    if draw(st.booleans()):
        berichten.append(interpretatie(_d(aan + 2 * draw(st.integers(1, 100)))))
    return berichten


def _naar_dagen(lijst) -> set[tuple]:
    out = set()
    for x in lijst:
        d = x.van
        while d <= x.tot:
            out.add((x.gemeente, x.wet, x.bsn, d))
            d += timedelta(days=1)
    return out


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(met_fouten())
@pytest.mark.slow  # every recorded day against the law
def test_the_report_equals_a_day_by_day_check_of_every_recorded_view(berichten):
    """The report evaluates only the days where something can change; checking every calendar day of every recorded
    view against the law (same rules, what DUO knew that day) must give the same days."""
    _leeg()
    draai(berichten, _d(EINDE))
    eind = date.fromisoformat(_d(EINDE))
    rapport = list(datalek.lekken_in_keten())
    verwacht = set()
    cache = {}
    for bsn, g, w, van, tot in m.Zichtbaarheid.objects.values_list("bsn", "gemeente", "wet", "van", "tot"):
        d = van
        while d < (tot or eind + timedelta(days=1)):
            if d not in cache:
                cache[d] = _oracle(berichten, d)
            personen, locaties = cache[d]
            b = bepaal(personen[bsn], d, locaties=locaties, kennis_op=d)
            if b.wet != w or g not in zichtbaar_voor(b.woongemeente, True, [], d):
                verwacht.add((g, w, bsn, d))
            d += timedelta(days=1)
    from hypothesis import event
    event(f"rapport leeg: {not rapport}")
    assert _naar_dagen(rapport) == verwacht
    assert all(x.variant in ("vaststelling", "brp_adresfilter", "vaststelling+brp_adresfilter") for x in rapport)
    assert [(x.gemeente, x.wet, x.bsn, x.van) for x in rapport] == sorted((x.gemeente, x.wet, x.bsn, x.van) for x in rapport)
    # periods of one (gemeente, wet, bsn) never touch unless their cause differs
    for a, b in zip(rapport, rapport[1:]):
        if (a.gemeente, a.wet, a.bsn) == (b.gemeente, b.wet, b.bsn) and a.tot + timedelta(days=1) == b.van:
            assert a.variant != b.variant
