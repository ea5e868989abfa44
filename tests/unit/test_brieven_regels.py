"""The letter rules of ``domein/brieven.py`` (contract §5.3, §5.4) as legal cases, without a database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inburgering.domein import brieven as regels
from inburgering.domein import opt_in

NOOR = "111222333"
D = date(2022, 3, 1)


@dataclass(frozen=True)
class _Signaal:
    wet: str
    gebeurtenis: str


def _soorten(lijst) -> list[tuple[str, str, int | None]]:
    return [(b.wet, b.soort, b.signaal) for b in lijst]


def test_two_gemeenten_told_the_same_day_make_one_notice_with_the_first_notification():
    """Noor's first notifications reach Utrecht and The Hague on one day: one Wi2021 notice, with the first."""
    signalen = [_Signaal("Wi2021", "SS101"), _Signaal("Wi2021", "SS139")]
    assert _soorten(regels.volgen(NOOR, D, signalen, (), ("Wi2021",), (), ())) == [("Wi2021", "kennisgeving", 0)]


def test_a_notice_under_wi2013_and_one_under_wi2021_are_one_per_law():
    """Told under Wi2013 before, now notified under Wi2021: a Wi2021 notice, and no second Wi2013 one."""
    eerder = [("Wi2013", "kennisgeving")]
    signalen = [_Signaal("Wi2013", "SS122"), _Signaal("Wi2021", "SS101")]
    assert _soorten(regels.volgen(NOOR, D, signalen, ("Wi2013",), ("Wi2013", "Wi2021"), (), eerder)) == [
        ("Wi2021", "kennisgeving", 1)]


def test_the_opt_in_group_needs_a_notice_strictly_before_the_correction():
    """Noor's Wi2021 notice and correction went out on the same day: she never acted on the notice, so she is not
    in the opt-in group. Sara's notice came two months earlier: she is, under the law that applies now."""
    sara = "163923322"
    brieven = [(NOOR, "Wi2021", "kennisgeving", D), (NOOR, "Wi2021", "correctie", D),
               (sara, "Wi2021", "kennisgeving", date(2022, 1, 4)), (sara, "Wi2021", "correctie", D)]
    assert [x.als_contract() for x in regels.opt_in_groep(brieven, {NOOR: "Wi2013", sara: "Wi2013"})] == [
        {"bsn": sara, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]


def test_an_opt_in_dated_before_the_correction_is_refused():
    assert opt_in.fout(True, "Wi2013", "Wi2021", date(2022, 2, 28), D) == (
        "datum: 2022-02-28 ligt vóór de correctie van 2022-03-01; een keuze kan pas vanaf de correctiebrief")
    assert opt_in.fout(True, "Wi2013", "Wi2021", D, D) is None
