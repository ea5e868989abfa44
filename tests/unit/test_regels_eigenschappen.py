"""Property-based tests: invariants of the legal determination over random small persons.

A person is a random history of BRP, IND and COA messages around two COA locations (an AZC in 1706 and
a noodopvang in 0518). Coupling targets (0344, 0363) and ordinary addresses (0344, 0363, 0599) never lie
in a COA location's gemeente, so any 1706/0518 in the output can only come from a COA address.
Fact dates within one person are distinct, so no two facts compete on the same day (their order would
then legitimately depend on when DUO received them).
"""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bouwers import (
    BSN, BSN2, document, intrekking, koppeling, locatie, nationaliteit, overlijden, persoon, uitstroom,
    verblijfplaats, verblijfsrecht, vertrek,
)
from inburgering.domein.bepaling import bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.leeftijd import aow_datum
from inburgering.domein.parameters import VERBLIJFSDOELEN

pytestmark = pytest.mark.slow  # hypothesis

INSTELLINGEN = settings(max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

AZC = dict(gemeentecode="1706", postcode="6021PA", huisnummer=2)
NOOD = dict(gemeentecode="0518", postcode="2491AB", huisnummer=77)
WONINGEN = [
    dict(gemeentecode="0344", postcode="3511AA", huisnummer=9),
    dict(gemeentecode="0363", postcode="1011AB", huisnummer=5),
    dict(gemeentecode="0599", postcode="3011AA", huisnummer=1),
]
ADRESSEN = [AZC, NOOD, *WONINGEN]
COA_GEMEENTEN = {"1706", "0518"}

BEGIN = date(2010, 1, 1)
DAGEN = 365 * 15  # facts between 2010 and 2024
RECENT = (date(2020, 6, 1) - BEGIN).days  # half the decisions fall around the change of law
PLICHTIGE_DOELEN = sorted(code for code, v in VERBLIJFSDOELEN.items() if v.doelgroep is not None)


def _dag(n: int) -> date:
    return BEGIN + timedelta(days=n)


@st.composite
def locaties(draw):
    nood_van = _dag(draw(st.integers(0, DAGEN)))
    return [
        locatie("AZC-BUDEL", "azc", van="2005-01-01", ontvangen=_dag(draw(st.integers(0, DAGEN))).isoformat(), **AZC),
        locatie("NOOD-DH", "noodopvang", van=nood_van.isoformat(),
                ontvangen=_dag(draw(st.integers(0, DAGEN))).isoformat(), **NOOD),
    ]


@st.composite
def persoon_berichten(draw, bsn=BSN):
    """A random small history for one person; every fact on its own day."""
    gebruikt: set[int] = set()

    def nieuwe_dag(lo=0, hi=DAGEN) -> date:
        n = draw(st.integers(lo, hi))
        while n in gebruikt:
            n += 1
        gebruikt.add(n)
        return _dag(n)

    geboren = date(draw(st.one_of(st.integers(1965, 2005), st.integers(1945, 2012))),
                   draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    nats = [draw(st.sampled_from(["SYR", "ERI", "TUR", "MAR", "AFG"]))]
    if draw(st.integers(0, 3)) == 0:
        nats.append(draw(st.sampled_from(["DEU", "NLD", "GBR", "IRQ"])))
    uit = [persoon(bsn=bsn, geboortedatum=geboren.isoformat(), nationaliteiten=nats, ontvangen="2009-01-01")]
    for _ in range(draw(st.integers(1, 2))):
        doel = draw(st.one_of(st.sampled_from(PLICHTIGE_DOELEN), st.sampled_from(sorted(VERBLIJFSDOELEN))))
        beschikking = nieuwe_dag(lo=draw(st.sampled_from([0, RECENT])))
        ingang = beschikking - timedelta(days=draw(st.integers(0, 400)))
        uit.append(verblijfsrecht(doel, beschikking, ingangsdatum=ingang, bsn=bsn))
        if draw(st.integers(0, 4)) > 0:
            uit.append(document(nieuwe_dag(beschikking.toordinal() - BEGIN.toordinal(),
                                           beschikking.toordinal() - BEGIN.toordinal() + 120), bsn=bsn))
    for _ in range(draw(st.integers(0, 3))):
        uit.append(verblijfplaats(nieuwe_dag(), bsn=bsn, **draw(st.sampled_from(ADRESSEN))))
    if draw(st.booleans()):
        uit.append(koppeling(nieuwe_dag(), draw(st.sampled_from(["0344", "0363"])), bsn=bsn))
    if draw(st.booleans()):
        uit.append(uitstroom(nieuwe_dag(), bsn=bsn))
    if draw(st.integers(0, 4)) == 0:
        uit.append(vertrek(nieuwe_dag(), bsn=bsn))
    if draw(st.integers(0, 6)) == 0:
        uit.append(overlijden(nieuwe_dag(), bsn=bsn))
    if draw(st.integers(0, 6)) == 0:
        uit.append(intrekking(nieuwe_dag(), bsn=bsn))
    if draw(st.integers(0, 5)) == 0:
        nieuw = draw(st.lists(st.sampled_from(["SYR", "NLD", "TUR", "MAR"]), min_size=1, max_size=2, unique=True))
        uit.append(nationaliteit(nieuwe_dag(), nieuw, bsn=bsn))
    return uit


peildata = st.one_of(st.dates(date(2012, 1, 1), date(2026, 12, 31)), st.dates(date(2012, 1, 1), date(2040, 12, 31)))


def _bepaal(berichten, peildatum):
    personen, locs = bouw_feiten(lees_regels([json.dumps(b) for b in berichten]))
    return {bsn: bepaal(p, peildatum, locaties=locs) for bsn, p in sorted(personen.items())}


def _met_ids(berichten):
    return [{**b, "id": f"m{i}"} for i, b in enumerate(berichten)]


def _uitkomst(bepalingen):
    """Contract output plus the explanation (sources cite message ids, not line numbers)."""
    return {
        bsn: (b.als_contract(), b.einddatum, [(s.regel, s.uitkomst, s.bron.naam) for s in b.stappen])
        for bsn, b in bepalingen.items()
    }


# --- invariants ----------------------------------------------------------------------------------------

@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata, data=st.data())
def test_legal_determination_never_depends_on_when_duo_received_the_facts(locs, berichten, peildatum, data):
    """Wettelijk: begindatum, wet en de hele bepaling hangen niet af van `ontvangen` (verwerking door DUO)."""
    alle = _met_ids(locs + berichten)
    verschoven = []
    for b in alle:
        d = date.fromisoformat(b["ontvangen"][:10]) + timedelta(days=data.draw(st.integers(0, 1500)))
        verschoven.append({**b, "ontvangen": d.isoformat()})
    assert _uitkomst(_bepaal(alle, peildatum)) == _uitkomst(_bepaal(verschoven, peildatum))


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), ander=persoon_berichten(bsn=BSN2), peildatum=peildata,
       seed=st.integers(0, 2**32 - 1))
def test_output_is_the_same_whatever_the_file_order_of_messages_received_on_different_days(
        locs, berichten, ander, peildatum, seed):
    """Berichten op verschillende `ontvangen`-dagen: de volgorde in het bestand doet er niet toe."""
    alle = _met_ids(locs + berichten + ander)
    # make every ontvangen day distinct, keeping them realistic (on or after the fact)
    dagen = set()
    for b in alle:
        d = date.fromisoformat(b["ontvangen"][:10])
        while d in dagen:
            d += timedelta(days=1)
        dagen.add(d)
        b["ontvangen"] = d.isoformat()
    geschud = list(alle)
    random.Random(seed).shuffle(geschud)
    assert _uitkomst(_bepaal(alle, peildatum)) == _uitkomst(_bepaal(geschud, peildatum))


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_a_person_is_never_assigned_to_the_gemeente_of_the_coa_location_they_live_at(locs, berichten, peildatum):
    """Nooit de gemeente van de opvanglocatie waar iemand volgens de BRP woont."""
    b = _bepaal(locs + berichten, peildatum)[BSN]
    for g in (b.gemeente, b.woongemeente):
        assert g not in COA_GEMEENTEN or _geen_coa_adres_op(locs, berichten, peildatum, g)


def _geen_coa_adres_op(locs, berichten, peildatum, gemeentecode) -> bool:
    """True only if on the peildatum the person's BRP address in that gemeente is not (yet) a COA location."""
    adressen = sorted((b["datum"], b) for b in berichten if b["type"] == "brp.verblijfplaats"
                      and b["datum"] <= peildatum.isoformat())
    if not adressen:
        return False
    huidig = adressen[-1][1]
    for loc in locs:
        if (loc["postcode"], loc["huisnummer"]) == (huidig["postcode"], huidig["huisnummer"]):
            geldig = loc["van"] <= peildatum.isoformat() and ("tot" not in loc or peildatum.isoformat() <= loc["tot"])
            if geldig:
                return False
    return huidig["gemeentecode"] == gemeentecode


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_obligated_implies_law_and_begin_date_on_or_before_the_peildatum(locs, berichten, peildatum):
    b = _bepaal(locs + berichten, peildatum)[BSN]
    c = b.als_contract()
    if c["inburgeringsplichtig"]:
        assert c["wet"] is not None and c["begindatum"] is not None
        assert date.fromisoformat(c["begindatum"]) <= peildatum
        assert c["doelgroep"] in ("Asielstatushouder", "Gezinsmigrant en overige migrant")
        assert c["redenGeenInburgeringsplicht"] is None
    else:
        assert c["gemeente"] is None
    if c["redenGeenInburgeringsplicht"] is not None:
        assert not c["inburgeringsplichtig"] and c["wet"] is not None


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_law_is_wi2021_exactly_when_the_begin_date_is_in_2022_or_later(locs, berichten, peildatum):
    c = _bepaal(locs + berichten, peildatum)[BSN].als_contract()
    assert (c["wet"] is None) == (c["begindatum"] is None)
    if c["begindatum"] is not None:
        begin = date.fromisoformat(c["begindatum"])
        assert (c["wet"] == "Wi2021") == (begin >= date(2022, 1, 1))
        assert (c["wet"] == "Wi2007") == (begin < date(2013, 1, 1))


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_never_obligated_at_or_after_the_aow_date(locs, berichten, peildatum):
    b = _bepaal(locs + berichten, peildatum)[BSN]
    geboren = date.fromisoformat(berichten[0]["geboortedatum"])
    if peildatum >= aow_datum(geboren) or peildatum >= geboren + relativedelta(years=67, months=3):
        assert not b.inburgeringsplichtig
    if b.begindatum is not None:
        assert b.begindatum < aow_datum(geboren)
        assert b.begindatum >= geboren + relativedelta(years=18) - timedelta(days=1)


# --- the determination as of a day only reads facts up to that day -------------------------------------

@st.composite
def latere_feiten(draw, peildatum: date, bsn=BSN):
    """1–3 facts that hold only after the peildatum."""
    def na():
        return peildatum + timedelta(days=draw(st.integers(1, 1000)))

    soorten = [
        lambda: verblijfplaats(na(), bsn=bsn, **draw(st.sampled_from(ADRESSEN))),
        lambda: vertrek(na(), bsn=bsn),
        lambda: overlijden(na(), bsn=bsn),
        lambda: koppeling(na(), draw(st.sampled_from(["0344", "0363"])), bsn=bsn),
        lambda: uitstroom(na(), bsn=bsn),
        lambda: nationaliteit(na(), ["NLD"], bsn=bsn),
        lambda: document(na(), bsn=bsn),
        lambda: intrekking(na(), bsn=bsn),
        lambda: verblijfsrecht(draw(st.sampled_from(sorted(VERBLIJFSDOELEN))), na(), bsn=bsn),
    ]
    return [draw(st.sampled_from(soorten))() for _ in range(draw(st.integers(1, 3)))]


_VERTROKKEN = [
    persoon(nationaliteiten=["MAR"], ontvangen="2009-01-01"), verblijfsrecht("gezinsvorming", "2022-01-10"),
    document("2022-01-20"), verblijfplaats("2022-01-21"), vertrek("2022-04-01"),
]


@st.composite
def met_latere_feiten(draw):
    peildatum = draw(peildata)
    return draw(locaties()), draw(persoon_berichten()), peildatum, draw(latere_feiten(peildatum))


@INSTELLINGEN
@example(scenario=([], _VERTROKKEN, date(2023, 6, 1),
                   [verblijfplaats("2024-01-01", gemeentecode="0344", postcode="3511AA", huisnummer=9)]))
@given(scenario=met_latere_feiten())
def test_facts_that_hold_only_after_the_peildatum_do_not_change_the_determination(scenario):
    """De bepaling op een dag hangt alleen af van feiten die op die dag gelden: wat daarna gebeurt (verhuizing,
    terugkeer, overlijden, nieuw recht) verandert haar niet."""
    locs, berichten, peildatum, later = scenario
    zonder = _bepaal(locs + berichten, peildatum)[BSN].als_contract()
    met = _bepaal(locs + berichten + later, peildatum)[BSN].als_contract()
    assert zonder == met
