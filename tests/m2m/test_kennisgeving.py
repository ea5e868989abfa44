"""The API's datumKennisgevingInburgeringsplicht (contract §5.3): of DUO's letters to the person, only this date,
only to a gemeente that may see the person now (the one scope function), and only for the API's law."""

import pytest

from inburgering.keten.models import Brief

from .keten import AMSTERDAM, DEN_HAAG, GEZIN, HAAG, ONBEKEND, OUD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_date_is_the_day_of_the_notice_sent_with_the_first_notification(api):
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht").json()["datumKennisgevingInburgeringsplicht"] == "2024-01-10"
    assert api.get(f"personen/{HAAG}/inburgeringsplicht", gemeente=DEN_HAAG).json()[
        "datumKennisgevingInburgeringsplicht"] == "2024-01-12"


def test_after_a_move_the_new_gemeente_sees_the_same_date_and_the_old_one_nothing(api, keten):
    keten.neem_op([keten.adres(GEZIN, keten.dag, DEN_HAAG, "2511AB", 3)])
    keten.volgende_dag()
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht", gemeente=DEN_HAAG).json()[
        "datumKennisgevingInburgeringsplicht"] == "2024-01-10"
    oud = api.get(f"personen/{GEZIN}/inburgeringsplicht", gemeente=AMSTERDAM)
    onbekend = api.get(f"personen/{ONBEKEND}/inburgeringsplicht", gemeente=AMSTERDAM)
    assert oud.status_code == onbekend.status_code == 404 and oud.content == onbekend.content
    assert list(Brief.objects.filter(bsn=GEZIN).values_list("soort", flat=True)) == ["kennisgeving"]  # one notice


def test_a_notice_under_another_law_is_not_the_wi2021_date(api):
    """OUD has a Wi2013 notice; the Wi2021 API does not show it (nor the person: not in the Wi2021 environment)."""
    assert list(Brief.objects.filter(bsn=OUD).values_list("wet", "soort")) == [("Wi2013", "kennisgeving")]
    assert api.get(f"personen/{OUD}/inburgeringsplicht").status_code == 404
