"""Chain fix A: a PIP registered by a gemeente that should never have seen the person is purged with that gemeente's
view when a rules fault is repaired (handreiking §2.1: the PIB Wi2021 purged of the wrongly processed signals and data;
§2.2: only the SS190 remains of a wrongly placed person; §2.1: what was right stays). Through intake, the one engine,
the scope rule and what the M2M API reads."""

from __future__ import annotations

from datetime import date

import pytest

from inburgering.keten import models as m
from inburgering.keten import scope
from inburgering.m2m.dossier import dossier_van, termijn

from .keten import adres, draai, interpretatie, koppeling, msg, persoon, recht, zichtbaar
from .test_datalek import _basis, _leeg

pytestmark = pytest.mark.django_db(transaction=False)

B = "468819733"


def pip(gemeente: str, dag: str, bsn: str = B) -> dict:
    return msg("gemeente.pip", dag, bsn=bsn, gemeentecode=gemeente, dagtekening=dag, leerroute="B1-route")


def _den_haag_met_pip(*later):
    """An asylum status holder at an emergency address in Den Haag that DUO did not know (the address fault): Den Haag
    was shown the person from 7 January and registered a PIP on 12 January; COA coupled him to Utrecht on 20 January;
    the repair on 1 March."""
    _leeg()
    return draai(_basis() + [
        persoon(B, geboren="1995-07-07", nat=("ERI",), ontvangen="2021-10-01"),
        adres(B, "2021-12-01", "0518", "2491AB", 77),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(B, "asiel", "2022-01-07"),
        pip("0518", "2022-01-12"),
        koppeling(B, "2022-01-20", "0344"),
        interpretatie("2022-03-01"),
        *later,
    ], "2022-04-30")


def test_the_repair_voids_the_pip_of_the_wrongly_shown_gemeente():
    """Den Haag's PIP no longer gives it sight, and the term it started (SS102 to Den Haag on 13 January) is reset:
    Utrecht, told on the repair day (SS101, still in COA's care), starts from scratch."""
    assert _den_haag_met_pip() == [
        ("2022-01-07", "0518", "Wi2021", "SS139", B), ("2022-01-13", "0518", "Wi2021", "SS102", B),
        ("2022-03-01", "0344", "Wi2021", "SS101", B)]
    assert zichtbaar() == {("0344", "Wi2021", B)}
    t = m.Persoon.objects.get(bsn=B).toestand
    assert (t["nietig"], t["termijn"]) == ({"0518": "2022-03-01"}, None)
    # Den Haag's signals are purged with its view; SS190 is not due (the person stays under Wi2021)
    assert list(m.Notificatie.objects.filter(bsn=B, gemeente="0518").order_by("volgorde")
                .values_list("gebeurtenis", "verwijderd_op")) == [("SS139", date(2022, 3, 1)), ("SS102", date(2022, 3, 1))]
    # what the API reads for Utrecht: no PIP yet, no term
    utrecht = scope.persoon("0344", "Wi2021", B)
    assert (dossier_van(utrecht).pips, termijn(utrecht), utrecht.grondslagen) == ([], None, {scope.GEKOPPELD})


def test_the_right_gemeentes_first_pip_starts_the_term_and_the_void_one_is_no_previous_pip():
    """Utrecht registers its PIP on 10 March: it is the first valid PIP, so it starts the term (SS102 to Utrecht on
    11 March), and Den Haag's void PIP is no 'previous PIP' that would give Den Haag a month of sight."""
    assert _den_haag_met_pip(pip("0344", "2022-03-10")) == [
        ("2022-01-07", "0518", "Wi2021", "SS139", B), ("2022-01-13", "0518", "Wi2021", "SS102", B),
        ("2022-03-01", "0344", "Wi2021", "SS101", B), ("2022-03-11", "0344", "Wi2021", "SS102", B)]
    assert list(m.Zichtbaarheid.objects.filter(bsn=B).order_by("van", "gemeente").values_list(
        "gemeente", "van", "tot")) == [
        ("0518", date(2022, 1, 7), date(2022, 3, 1)), ("0344", date(2022, 3, 1), None)]
    utrecht = scope.persoon("0344", "Wi2021", B)
    assert [(p.gemeente, p.dagtekening.isoformat()) for p in dossier_van(utrecht).pips] == [("0344", "2022-03-10")]
    assert termijn(utrecht).start.isoformat() == "2022-03-11"


def test_a_pip_of_a_gemeente_that_saw_the_person_rightly_stays():
    """What was right stays (handreiking §2.1): a family migrant who lives in Amsterdam all along, its PIP registered
    in January; the repair changes nothing for her, so Amsterdam keeps sight and the term its PIP started."""
    _leeg()
    a = "123456782"
    signaal = draai(_basis() + [
        persoon(a, nat=("MAR",), ontvangen="2021-10-01"),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(a, "gezinsvorming", "2022-01-03"), msg("ind.document_uitgereikt", "2022-01-05", bsn=a, datum="2022-01-05"),
        adres(a, "2022-01-06", "0363"), pip("0363", "2022-01-20", bsn=a),
        interpretatie("2022-03-01"),
    ], "2022-04-30")
    assert signaal == [("2022-01-06", "0363", "Wi2021", "SS139", a), ("2022-01-21", "0363", "Wi2021", "SS102", a)]
    assert zichtbaar() == {("0363", "Wi2021", a)}
    t = m.Persoon.objects.get(bsn=a).toestand
    assert (t["nietig"], t["termijn"]["start"]) == ({}, "2022-01-21")


def test_a_correction_out_of_wi2021_voids_every_pip_made_under_it():
    """A family migrant with a document of 22 December 2021 (Wi2013 by law) placed under Wi2021 by the faulty begin
    date; Amsterdam registered a PIP. The repair sends SS190 and purges the Wi2021 environment (§2.2): the PIP is void
    too, so it can never give sight again."""
    _leeg()
    a = "163923322"
    signaal = draai(_basis() + [
        persoon(a, nat=("MAR",), ontvangen="2021-10-01"),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"),
        recht(a, "gezinsvorming", "2021-11-30"),
        msg("ind.document_uitgereikt", "2022-01-04", bsn=a, datum="2021-12-22"),
        adres(a, "2021-12-23", "0363", ontvangen="2022-01-04"), pip("0363", "2022-01-20", bsn=a),
        interpretatie("2022-03-01"),
    ], "2022-04-30")
    assert signaal == [
        ("2022-01-04", "0363", "Wi2021", "SS139", a), ("2022-01-21", "0363", "Wi2021", "SS102", a),
        ("2022-03-01", "0363", "Wi2021", "SS190", a), ("2022-03-01", "0363", "Wi2013", "SS101", a)]
    assert zichtbaar() == {("0363", "Wi2013", a)}
    assert m.Persoon.objects.get(bsn=a).toestand["nietig"] == {"0363": "2022-03-01"}
