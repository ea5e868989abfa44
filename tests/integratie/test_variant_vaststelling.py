"""The fault variant ``vaststelling`` made coherent (chain fix B, ``domein/variant.py``): an obligation that had
already ended before the day DUO determined it is not re-dated into Wi2021. Through intake, the one engine and the
breach report; each case a legal case (Wi2021 art. 54: an obligation begun before 2022 stays under Wi2013)."""

from __future__ import annotations

import pytest

from inburgering.dienst import datalek
from inburgering.keten.models import Persoon

from .keten import adres, document, draai, gemeenten, interpretatie, persoon, recht, simpel, zichtbaar

pytestmark = pytest.mark.django_db

A, B = "111222333", "123456782"


def _lekken():
    return [(x.gemeente, x.wet, x.bsn, x.van.isoformat(), x.tot.isoformat(), x.variant)
            for x in datalek.lekken_in_keten()]


def test_an_obligation_that_ended_in_2019_is_not_placed_under_wi2021_by_the_fault():
    """Wi2013 obligation of a family migrant from 2016 (document received on 20 March 2016); the right expired on
    28 February 2019 without renewal, so the obligation ended on 1 March 2019 (Vw 2000 art. 25: once the wait was
    over). DUO learns all this on 5 January 2022, under the faulty variant. The faulty begin date concerned obligations
    DUO determined then; this one was over. Before the fix it came out as Wi2021, begun on 5 January 2022 and ended in
    2019, shown to Amsterdam in the Wi2021 environment without any notification — so never corrected."""
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "brp_adresfilter")] + [
        persoon(A, ontvangen="2022-01-05"), recht(A, "gezinsvorming", "2016-03-01", einddatum="2019-02-28",
                                                  ontvangen="2022-01-05"),
        document(A, "2016-03-20", ontvangen="2022-01-05"), adres(A, "2016-03-21", "0363", ontvangen="2022-01-05"),
        interpretatie("2022-03-01"),
    ]
    assert draai(berichten, "2022-04-01") == []  # an obligation that was over: nobody is told
    assert zichtbaar() == {("0363", "Wi2013", A)}  # the ended Wi2013 obligation, as under the law
    assert _lekken() == []
    kern = Persoon.objects.get(bsn=A).bepaling["kern"]
    assert (kern["wet"], kern["begindatum"], kern["einddatum"]) == ("Wi2013", "2016-03-20", "2019-03-01")


def test_an_obligation_ended_by_death_in_december_2021_is_not_re_dated_in_january():
    """Document received on 10 December 2021 (Wi2013), died on 30 December 2021; DUO learns it all on 5 January 2022
    under the faulty variant. Nothing ran to be re-dated: Wi2013, ended by death, no Wi2021 view, nobody told."""
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "coa")] + [
        persoon(B, nat=("MAR",), ontvangen="2022-01-05"), recht(B, "gezinsvorming", "2021-11-20", ontvangen="2022-01-05"),
        document(B, "2021-12-10", ontvangen="2022-01-05"), adres(B, "2021-12-12", "0599", ontvangen="2022-01-05"),
        simpel("brp.overlijden", B, "2021-12-30", ontvangen="2022-01-05"), interpretatie("2022-03-01"),
    ]
    assert draai(berichten, "2022-04-01") == []
    assert ("0599", "Wi2021", B) not in zichtbaar()
    assert _lekken() == []
    kern = Persoon.objects.get(bsn=B).bepaling["kern"]
    assert (kern["wet"], kern["begindatum"], kern["redenGeenInburgeringsplicht"]) == ("Wi2013", "2021-12-10",
                                                                                       "Overlijden")


def test_a_running_obligation_is_still_re_dated_by_the_fault_and_corrected_by_the_repair():
    """The fault itself is kept (handreiking §1.1): a family migrant with a document of 22 December 2021 still came
    out Wi2021 from the day DUO determined it, was shown to Amsterdam and notified, and the repair of 1 March sent
    SS190; the breach report names the view (vaststelling)."""
    berichten = gemeenten() + [
        persoon(A, nat=("MAR",)), recht(A, "gezinsvorming", "2021-11-30"), document(A, "2021-12-22", ontvangen="2022-01-04"),
        adres(A, "2021-12-23", "0363", ontvangen="2022-01-04"),
        interpretatie("2022-01-01", "vaststelling", "brp_adresfilter"), interpretatie("2022-03-01"),
    ]
    signalen = draai(berichten, "2022-04-01")
    assert signalen == [
        ("2022-01-04", "0363", "Wi2021", "SS139", A), ("2022-03-01", "0363", "Wi2021", "SS190", A),
        ("2022-03-01", "0363", "Wi2013", "SS101", A)]
    assert _lekken() == [("0363", "Wi2021", A, "2022-01-04", "2022-02-28", "vaststelling")]
