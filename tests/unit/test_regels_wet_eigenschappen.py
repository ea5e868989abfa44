"""Properties of the law over random residence histories (issue 8 item 8; hypothesis, domain only).

A history is a chain of residence rights (renewals that connect or leave a gap, decided early or late, purposes
that change, now and then a temporary one), documents, an address, and some of DUO's decisions. The
determination is read on every day it may change (the ``volgende_wijziging`` chain) and on every fact date.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bouwers import (
    document, koppeling, persoon, uitstroom, verblijfplaats, verblijfsrecht, vertrek, voldaan, vrijstelling,
)
from inburgering.domein.bepaling import bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.parameters import VERBLIJFSDOELEN
from inburgering.domein.verblijfsrecht import wacht_tot

pytestmark = pytest.mark.slow  # hypothesis

INSTELLINGEN = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
PLICHTIG = sorted(c for c, v in VERBLIJFSDOELEN.items() if v.plichtig)
NIET_PLICHTIG = sorted(c for c, v in VERBLIJFSDOELEN.items() if not v.plichtig)
DAG = timedelta(days=1)


def _d(n: int) -> date:
    return date(2011, 1, 1) + timedelta(days=n)


@st.composite
def geschiedenis(draw, zonder_gaten: bool = False, tijdelijk: bool = True):
    """Messages for one person; returns (messages, the rights as (ingang, eind, beschikking))."""
    geboren = date(draw(st.integers(1960, 2006)), draw(st.integers(1, 12)), draw(st.integers(1, 28)))
    uit = [persoon(geboortedatum=geboren, nationaliteiten=[draw(st.sampled_from(["SYR", "ERI", "MAR", "AFG"]))],
                   ontvangen="2010-01-01")]
    uit.append(verblijfplaats(_d(draw(st.integers(0, 4000))), "0363", "1011AB", 5))
    rechten = []
    ingang = _d(draw(st.integers(0, 4000)))
    for i in range(draw(st.integers(1, 4))):
        kies = st.sampled_from(PLICHTIG) if not tijdelijk else st.one_of(
            st.sampled_from(PLICHTIG), st.sampled_from(PLICHTIG), st.sampled_from(NIET_PLICHTIG))
        doel = draw(kies)
        duur = draw(st.integers(150, 5 * 365))
        eind = ingang + timedelta(days=duur)
        if i == 0:
            beschikking = ingang + timedelta(days=draw(st.integers(-60, 30)))
        else:  # a renewal: decided before the old right ended, or late (but before its own end)
            beschikking = ingang + timedelta(days=min(draw(st.integers(-120, 600)), duur - 1))
        uit.append(verblijfsrecht(doel, beschikking, ingangsdatum=ingang, einddatum=eind))
        rechten.append((ingang, eind, beschikking))
        if doel != "asiel":
            # handed over while the right is valid
            uit.append(document(min(beschikking + timedelta(days=draw(st.integers(0, 40))), max(beschikking, eind))))
        elif i == 0:
            uit += [koppeling(beschikking, "0363"), uitstroom(beschikking + DAG)]
        gat = 1 if zonder_gaten else draw(st.one_of(st.just(1), st.just(1), st.integers(2, 500)))
        ingang = eind + timedelta(days=gat)
    if not zonder_gaten:
        if draw(st.integers(0, 4)) == 0:
            uit.append(vertrek(_d(draw(st.integers(0, 6000)))))
        if draw(st.integers(0, 3)) == 0:
            start = _d(draw(st.integers(0, 6000)))
            uit.append(vrijstelling("tijdelijk", "Toekenning", start, reden="OPL",
                                    einddatum=start + timedelta(days=draw(st.integers(0, 700)))))
        if draw(st.integers(0, 5)) == 0:
            uit.append(voldaan(_d(draw(st.integers(0, 6000)))))
    return uit, rechten


def _feiten(berichten):
    personen, locs = bouw_feiten(lees_regels([json.dumps(b) for b in berichten]))
    return next(iter(personen.values())), locs


def _verloop(berichten, tot=date(2036, 1, 1)):
    """(day, determination) on every day the determination may change, and on every fact date and the day after."""
    p, locs = _feiten(berichten)
    dagen = {date(2010, 1, 1)} | {d + k * DAG for d in p.dagen() for k in (0, 1) if d < tot}
    uit = {}
    d = date(2010, 1, 1)
    for _ in range(400):  # follow the scheduled changes
        b = bepaal(p, d, locaties=locs)
        uit[d] = b
        if b.volgende_wijziging is None or b.volgende_wijziging >= tot:
            break
        d = b.volgende_wijziging
    for d in dagen - set(uit):
        uit[d] = bepaal(p, d, locaties=locs)
    return sorted(uit.items())


@INSTELLINGEN
@given(geschiedenis())
def test_an_obligations_law_and_begin_date_never_change_without_an_end_in_between(h):
    """Domain.md §2.6 (overgangsrecht Wi2021): while an obligation runs (suspended or not) its law and begin date
    stay. Another law or begin date only after a real end: the new determination names the earlier obligation
    and the day it ended, before the new one began (a gap in the rights may only become known afterwards)."""
    berichten, _ = h
    vorige = None
    for d, b in _verloop(berichten):
        if vorige is not None and vorige[1].lopend and b.lopend:
            oud = vorige[1]
            if (b.wet, b.begindatum) != (oud.wet, oud.begindatum):
                assert b.vorige is not None, (vorige[0], d, b.stappen)
                assert (b.vorige.wet, b.vorige.begindatum) == (oud.wet, oud.begindatum), (vorige[0], d, b.stappen)
                assert b.vorige.einddatum <= b.begindatum, b.stappen
        vorige = (d, b)


@INSTELLINGEN
@given(geschiedenis(zonder_gaten=True, tijdelijk=False))
def test_a_chain_of_connecting_rights_is_one_obligation_however_late_each_renewal_was_decided(h):
    """Wi2021 art. 3 jo. Vw 2000 art. 8: rights chain by ingangsdatum. Once every renewal is known, the person
    has one obligation, from the first begin date on and under its law, whatever the decision dates."""
    berichten, rechten = h
    p, locs = _feiten(berichten)
    peil = rechten[-1][1]  # the last right's last day: every decision is known and the chain still valid
    eerste = next((x for _, x in _verloop(berichten, tot=peil + DAG) if x.wet is not None), None)
    b = bepaal(p, peil, locaties=locs)
    if eerste is None:
        assert b.wet is None  # never obligated (under 18 until after the last right, AOW age, …)
        return
    assert (b.wet, b.begindatum) == (eerste.wet, eerste.begindatum), b.stappen
    assert b.lopend or b.reden == "Overig" and b.einddatum == b.aow_datum, b.stappen


def test_the_wait_after_expiry_is_four_weeks_and_six_months():
    """Parameters: a right whose last day is 2023-01-09 counts as ended without renewal from 2023-08-07."""
    assert wacht_tot(date(2023, 1, 9)) == date(2023, 8, 7)
