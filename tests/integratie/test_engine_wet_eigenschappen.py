"""Properties of the law through intake and the one engine (issue 8 item 8; hypothesis, real database).

- A renewal chain without gaps never produces SS110, nor a second first notification: each renewal starts the
  day after the previous right ends and is decided before the wait for a renewal is over (earlier, on time,
  or late).
- A person who is not obligated never causes any notification, whatever else happens to them (moves,
  departures, DUO's decisions).
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inburgering.domein.parameters import VERBLIJFSDOELEN
from inburgering.keten import models as m

from .keten import adres, document, draai, gemeenten, koppeling, msg, persoon, recht, simpel

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=False)]

INSTELLINGEN = settings(max_examples=20, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
A = "111222333"
PLICHTIG = sorted(c for c, v in VERBLIJFSDOELEN.items() if v.plichtig)
NIET_PLICHTIG = sorted(c for c, v in VERBLIJFSDOELEN.items() if not v.plichtig)
EERSTE = {"SS101", "SS128", "SS139", "SS129", "SS130"}


def _leeg():
    for model in (m.Notificatie, m.Zichtbaarheid, m.Bepaling, m.Persoon, m.Herbeoordeling, m.Gemeente,
                  m.Ketenstand, m.Bericht, m.Levering):
        model.objects.all().delete()


def _d(x: date) -> str:
    return x.isoformat()


@st.composite
def verlengingsketen(draw):
    """An adult living in Amsterdam with a chain of 2-4 connecting rights; returns (messages, last day)."""
    geboren = date(draw(st.integers(1965, 1998)), draw(st.integers(1, 12)), 15)
    berichten = gemeenten() + [persoon(A, geboren=_d(geboren), nat=(draw(st.sampled_from(["SYR", "MAR", "ERI"])),))]
    ingang = date(2019, 1, 1) + timedelta(days=draw(st.integers(0, 1500)))
    berichten.append(adres(A, _d(ingang - timedelta(days=draw(st.integers(0, 60)))), "0363"))
    for i in range(draw(st.integers(2, 4))):
        doel = draw(st.sampled_from(PLICHTIG))
        eind = ingang + timedelta(days=draw(st.integers(200, 5 * 365)))
        if i == 0:
            beschikking = ingang
        else:  # from three months early to six months late: within the wait of four weeks and six months
            beschikking = ingang + timedelta(days=draw(st.integers(-90, 180)))
        berichten.append(recht(A, doel, _d(beschikking), ingang=_d(ingang), einddatum=_d(eind)))
        if i == 0:
            if doel == "asiel":
                berichten += [koppeling(A, _d(beschikking), "0363"), simpel("coa.uitstroom", A, _d(beschikking))]
            else:
                berichten.append(document(A, _d(beschikking + timedelta(days=draw(st.integers(0, 20))))))
        ingang = eind + timedelta(days=1)
    return berichten, ingang - timedelta(days=1)


@INSTELLINGEN
@given(verlengingsketen())
def test_a_renewal_chain_without_gaps_never_gives_ss110_nor_a_second_first_notification(keten):
    _leeg()
    berichten, laatste_dag = keten
    s = draai(berichten, _d(laatste_dag))
    soorten = [x[3] for x in s]
    assert soorten and soorten[0] in EERSTE, s  # obligated, so told once
    assert "SS110" not in soorten and "SS190" not in soorten, s
    assert len([x for x in soorten if x in EERSTE and x != "SS139"]) <= 1, s
    assert soorten.count("SS139") <= 1, s
    assert len({x[2] for x in s}) <= 1, s  # one law throughout


@st.composite
def niet_plichtig(draw):
    """Someone the law never obliges, with a random life around it."""
    soort = draw(st.sampled_from(["doel", "eu", "turks", "aow", "opgegroeid"]))
    ingang = date(2015, 1, 1) + timedelta(days=draw(st.integers(0, 3000)))
    geboren, nat, doel, adres_vanaf = "1985-05-05", "SYR", draw(st.sampled_from(PLICHTIG)), ingang
    if soort == "doel":
        doel = draw(st.sampled_from(NIET_PLICHTIG))
    elif soort == "eu":
        nat = draw(st.sampled_from(["DEU", "POL", "NLD", "CHE"]))
    elif soort == "turks":  # a Turkish family migrant whose obligation would begin under Wi2013
        nat, doel, ingang = "TUR", draw(st.sampled_from(["gezinsvorming", "gezinshereniging", "art8_evrm"])), \
            date(2015, 1, 1) + timedelta(days=draw(st.integers(0, 2000)))
        adres_vanaf = ingang
    elif soort == "aow":
        geboren = "1945-03-03"
    else:  # arrived aged 3, a right only at 17
        geboren, adres_vanaf = "2002-04-04", date(2005, 6, 1)
        ingang = date(2019, 6, 1) + timedelta(days=draw(st.integers(0, 200)))
    berichten = gemeenten() + [persoon(A, geboren=geboren, nat=(nat,)), adres(A, _d(adres_vanaf), "0363"),
                               recht(A, doel, _d(ingang)), document(A, _d(ingang + timedelta(days=5)))]
    dag = lambda: _d(ingang + timedelta(days=draw(st.integers(10, 900))))  # noqa: E731
    for _ in range(draw(st.integers(0, 4))):
        keuze = draw(st.integers(0, 5))
        if keuze == 0:
            berichten.append(adres(A, dag(), draw(st.sampled_from(["0344", "0599"])), "3511AA", 9))
        elif keuze == 1:
            berichten.append(simpel("brp.vertrek", A, dag()))
        elif keuze == 2:
            d = dag()
            berichten.append(msg("duo.examenresultaat", d, bsn=A, examendatum=d, onderdeel="KNM", resultaat="Gezakt"))
        elif keuze == 3:
            d = dag()
            berichten.append(msg("duo.vrijstelling", d, bsn=A, soort=draw(st.sampled_from(["geheel", "tijdelijk"])),
                                 oordeel=draw(st.sampled_from(["Toekenning", "Afwijzing"])), reden="OPL",
                                 datum_oordeel=d))
        elif keuze == 4:
            d = dag()
            berichten.append(msg("duo.termijnverlenging", d, bsn=A, soort="op_verzoek", oordeel="Afwijzing",
                                 datum_oordeel=d))
        else:
            berichten.append(koppeling(A, dag(), "0344"))
    return berichten


@INSTELLINGEN
@given(niet_plichtig())
def test_a_person_who_is_not_obligated_never_causes_any_notification(berichten):
    _leeg()
    assert draai(berichten, "2025-12-31") == []
