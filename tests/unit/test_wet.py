"""What each law implies for the chain, as data (``domein/wet.py``): the periods of begin dates, the PIP and its
signals, the correction event, the M2M scope, the read-only environment — each with its source."""

from __future__ import annotations

import json
from dataclasses import fields
from datetime import date

import pytest
import yaml

from inburgering.domein import bronnen
from inburgering.domein.catalogus import CATALOGUS, CORRECTIES, Gebeurtenis
from inburgering.domein.parameters import PIP_TERMIJN_WEKEN, WETTEN, Reden
from inburgering.domein.variant import JANUARI_2022, WETTELIJK, Begindatumregel, Koppelingsregel, Variant
from inburgering.domein.wet import M2M_WET, PERIODEN, WI2007, WI2013, WI2021, Termijnstart, Wet, wet_op, wet_van

# --- the periods ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("begindatum, wet", [
    (date(2022, 1, 1), "Wi2021"), (date(2030, 6, 1), "Wi2021"),
    (date(2021, 12, 31), "Wi2013"), (date(2013, 1, 1), "Wi2013"),
    (date(2012, 12, 31), "Wi2007"), (date(2007, 1, 1), "Wi2007"), (date.min, "Wi2007"),
])
def test_the_begin_date_gives_the_law(begindatum, wet):
    assert wet_op(begindatum).code == wet


def test_the_periods_follow_each_other_without_gap_or_overlap_newest_first():
    assert [w.code for w in PERIODEN] == ["Wi2021", "Wi2013", "Wi2007"]
    assert [(w.vanaf, w.tot) for w in PERIODEN] == [
        (date(2022, 1, 1), None), (date(2013, 1, 1), date(2022, 1, 1)), (date.min, date(2013, 1, 1))]
    for nieuwer, ouder in zip(PERIODEN, PERIODEN[1:]):
        assert ouder.tot == nieuwer.vanaf


def test_the_laws_the_messages_and_process_control_accept_are_the_laws_with_a_period():
    assert WETTEN == tuple(w.code for w in reversed(PERIODEN))  # oldest first


def test_a_law_is_found_by_its_code_and_no_law_is_none():
    assert wet_van("Wi2013") is WI2013
    assert wet_van(None) is None
    with pytest.raises(KeyError):
        wet_van("Wi2099")
    assert str(WI2021) == f"{WI2021}" == "Wi2021"


# --- the consequences per law -----------------------------------------------------------------------------------

def test_wi2021_has_the_pip_its_ten_week_term_and_the_signals_about_them():
    w = WI2021
    assert (w.pip, w.pip_termijn_weken, w.ss139, w.ss126, w.ss102) == (True, 10, True, True, True)
    assert w.pip_termijn_weken == PIP_TERMIJN_WEKEN
    assert w.inburgeringstermijn is Termijnstart.EERSTE_PIP


def test_wi2021_alone_is_corrected_with_ss190_and_served_by_the_m2m_chain():
    assert [(w.code, w.correctie, w.m2m) for w in PERIODEN] == [
        ("Wi2021", Gebeurtenis.SS190, True), ("Wi2013", None, False), ("Wi2007", None, False)]
    assert M2M_WET == "Wi2021"


def test_wi2013_has_no_pip_and_its_term_runs_from_the_begin_date():
    w = WI2013
    assert (w.pip, w.pip_termijn_weken, w.ss139, w.ss126, w.ss102) == (False, None, False, False, False)
    assert w.inburgeringstermijn is Termijnstart.BEGINDATUM
    assert not w.alleen_inzien


def test_wi2007_has_no_pip_no_term_set_by_the_chain_and_its_environment_is_read_only():
    w = WI2007
    assert (w.pip, w.pip_termijn_weken, w.ss139, w.ss126, w.ss102) == (False, None, False, False, False)
    assert w.inburgeringstermijn is None
    assert [x.code for x in PERIODEN if x.alleen_inzien] == ["Wi2007"]


# --- every consequence that holds has its source ----------------------------------------------------------------

_GEVOLGEN = [f.name for f in fields(Wet) if f.name not in ("code", "naam", "vanaf", "tot", "bronnen")]


@pytest.mark.parametrize("wet", PERIODEN, ids=str)
def test_every_consequence_that_holds_under_a_law_names_its_source_and_only_those(wet):
    geldt = {g for g in _GEVOLGEN if getattr(wet, g) not in (None, False)}
    assert set(wet.bronnen) - {"periode"} == geldt
    for b in wet.bronnen.values():
        assert isinstance(b, bronnen.Bron) and b.naam and b.url if b.wet else b.naam


@pytest.mark.parametrize("wet", PERIODEN, ids=str)
def test_the_period_cites_the_same_source_as_the_rule_that_determines_the_law(wet):
    assert wet.bronnen["periode"] == bronnen.bron("wet", wet.code)


def test_the_ten_week_term_cites_the_pip_article_of_wi2021():
    assert WI2021.bronnen["pip_termijn_weken"] == bronnen.bron("pip_termijn", "Wi2021")
    assert "art. 15" in WI2021.bronnen["pip_termijn_weken"].naam


# --- the enums print and store as the strings they replace ------------------------------------------------------

def test_every_event_id_of_the_catalogue_is_an_event_and_prints_as_its_id():
    assert [str(g) for g in Gebeurtenis] == list(CATALOGUS)
    assert CORRECTIES == {"SS190"}
    assert f"{Gebeurtenis.SS190}" == "SS190" and json.dumps([Gebeurtenis.SS101]) == '["SS101"]'


def test_the_reasons_are_the_texts_of_duos_inburgeringsplicht_api(specs):
    api = yaml.safe_load((specs / "Inburgeringsplicht.openapi.yml").read_text(encoding="utf-8"))
    assert [str(r) for r in Reden] == api["components"]["schemas"]["RedenGeenInburgeringsplicht"]["enum"]
    assert Reden.VERTREK_LANGER_DAN_JAAR == "Vertrek uit Nederland langer dan een jaar"
    assert f"reden '{Reden.OVERIG}'" == "reden 'Overig'"


def test_a_variant_read_back_from_text_is_the_variant_with_its_rules():
    assert Variant("vaststelling", "brp_adresfilter") == JANUARI_2022
    assert Variant("bekendmaking", "coa") == WETTELIJK and WETTELIJK.wettelijk
    v = Variant("vaststelling", "coa")
    assert (v.begindatum, v.koppeling) == (Begindatumregel.VASTSTELLING, Koppelingsregel.COA)
    assert str(JANUARI_2022) == "vaststelling+brp_adresfilter"
    assert hash(Variant("vaststelling", "coa")) == hash(v)
    with pytest.raises(ValueError):
        Variant("ingangsdatum", "coa")
