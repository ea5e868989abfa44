"""The January 2022 fault variants kept coherent (``domein/variant.py``): the faulty begin date re-dates an obligation
DUO determined, never one that had ended before; no determination ends before it begins, under any variant."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bouwers import bepaal_een, contract, document, persoon, stap, verblijfplaats, verblijfsrecht
from inburgering.domein import bronnen
from inburgering.domein.variant import JANUARI_2022, WETTELIJK, Variant
from test_regels_eigenschappen import INSTELLINGEN, _bepaal, locaties, peildata, persoon_berichten
from inburgering.domein.bepaling import bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten

import json

GEZIN = "Gezinsmigrant en overige migrant"


def verlopen_in_2019():
    return [persoon(), verblijfsrecht("gezinsvorming", "2016-03-01", einddatum="2019-02-28"), document("2016-03-20"),
            verblijfplaats("2016-03-21", "0363")]


def test_an_obligation_that_ended_before_duo_determined_it_keeps_its_law_and_begin_date():
    """Handreiking §1.1: the fault took the day DUO determined the obligation as its begin date. An obligation
    begun in 2016 (Wi2013 art. 3 lid 1 en 4) that ended on 1 March 2019 was not determined in January 2022; it keeps
    the begin date of the law and so Wi2013 (Wi2021 art. 54)."""
    b = bepaal_een(verlopen_in_2019(), "2022-01-05", variant=JANUARI_2022)
    assert (contract(b), b.einddatum) == ({
        "bsn": b.bsn, "inburgeringsplichtig": False, "wet": "Wi2013", "begindatum": "2016-03-20", "doelgroep": GEZIN,
        "gemeente": None, "redenGeenInburgeringsplicht": "Overig"}, date(2019, 3, 1))
    s = stap(b, "begindatum")
    assert s.uitkomst.endswith("begindatum 2016-03-20 (de foutieve regel van januari 2022 verplaatst die niet: de plicht "
                               "was al geëindigd op 2019-03-01, voordat DUO haar vaststelde)")
    assert s.bron == bronnen.BEKENDMAKING_WI2013


def test_a_running_obligation_is_still_re_dated_by_the_fault():
    """The fault itself stays replayable: a document of 22 December 2021, determined on 4 January 2022, came out
    Wi2021 from that day."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2021-11-30"), document("2021-12-22"),
                 verblijfplaats("2021-12-23", "0363")]
    b = bepaal_een(berichten, "2022-01-04", variant=JANUARI_2022, vastgesteld_op=date(2022, 1, 4))
    assert (b.wet, b.begindatum, b.inburgeringsplichtig) == ("Wi2021", date(2022, 1, 4), True)
    assert stap(b, "begindatum").bron == bronnen.VASTSTELLING_FOUT


def test_a_right_that_ended_before_the_18th_birthday_gives_no_obligation():
    """Wi2021 art. 3 lid 1 jo. art. 4 lid 1: the obligation would begin at 18, but the residence ended before (the
    right expired, and no renewal came): there is no obligation to end."""
    b = bepaal_een([persoon(geboortedatum="2006-05-01"), verblijfsrecht("gezinsvorming", "2022-02-01",
                                                                        einddatum="2023-01-31"),
                    document("2022-02-10"), verblijfplaats("2022-02-11", "0363")], "2024-07-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.einddatum) == (False, None, None, None)
    assert stap(b, "verblijfsrecht").uitkomst.startswith("verblijf geëindigd op 2023-02-01")


VARIANTEN = st.sampled_from([WETTELIJK, JANUARI_2022, Variant("vaststelling", "coa"),
                             Variant("bekendmaking", "brp_adresfilter")])


@settings(INSTELLINGEN, max_examples=1000)
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata, variant=VARIANTEN,
       vastgesteld=st.one_of(st.none(), st.integers(0, 3000)))
def test_no_obligation_ends_before_it_begins_under_any_variant(locs, berichten, peildatum, variant, vastgesteld):
    personen, loc = bouw_feiten(lees_regels([json.dumps(b) for b in locs + berichten]))
    vo = None if vastgesteld is None else peildatum - timedelta(days=vastgesteld)
    for p in personen.values():
        b = bepaal(p, peildatum, variant, loc, vastgesteld_op=vo)
        if b.einddatum is not None:
            assert b.begindatum is not None and b.einddatum >= b.begindatum, (variant, vo, b.stappen)
        if b.wet is not None:
            assert b.begindatum is not None


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_under_the_law_nothing_changes(locs, berichten, peildatum):
    """The coherence fix touches the fault variant only: the legal determination is the same with any
    vastgesteld_op."""
    wettelijk = {bsn: b.als_contract() for bsn, b in _bepaal(locs + berichten, peildatum).items()}
    personen, loc = bouw_feiten(lees_regels([json.dumps(b) for b in locs + berichten]))
    assert {bsn: bepaal(p, peildatum, WETTELIJK, loc, vastgesteld_op=peildatum).als_contract()
            for bsn, p in personen.items()} == wettelijk
