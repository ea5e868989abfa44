"""A gemeente user can never reach another gemeente's person, signal or download — not by guessing URLs
or ids either. Out-of-scope answers are indistinguishable from 'does not exist'."""

import csv
import io
import re

import pytest
from django.urls import reverse

from inburgering.keten.models import Notificatie, Zichtbaarheid

pytestmark = pytest.mark.django_db
WETTEN = ("Wi2021", "Wi2013", "Wi2007")


def _zonder_token(b: bytes) -> bytes:
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", b)


def test_signal_ids_of_other_gemeenten_are_404_in_every_environment(client, keten, als):
    als("0344")
    eigen = set(Notificatie.objects.filter(gemeente="0344", verwijderd_op__isnull=True).values_list("pk", flat=True))
    alle = list(Notificatie.objects.values_list("pk", "wet"))
    assert eigen and len(alle) > len(eigen)
    for pk, wet in alle:
        for w in WETTEN:
            r = client.get(reverse("portaal:signaal", kwargs={"wet": w, "pk": pk}))
            verwacht = 200 if (pk in eigen and w == wet) else 404
            assert r.status_code == verwacht, (pk, w)
            if verwacht == 404:
                p = client.post(reverse("portaal:signaal_status", kwargs={"wet": w, "pk": pk}), {"status": "afgehandeld"})
                assert p.status_code in (403, 404)
    assert not Notificatie.objects.exclude(gemeente="0344").filter(status="afgehandeld").exists()
    assert client.get(reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": 999999})).status_code == 404


def test_person_of_another_gemeente_answers_exactly_like_an_unknown_bsn(client, keten, als):
    als("0344")
    onbekend = client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "999999990"}))
    ander = client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "495181754"}))  # 0363's
    assert onbekend.status_code == ander.status_code == 404
    assert _zonder_token(onbekend.content) == _zonder_token(ander.content)
    zoek_onbekend = client.get(reverse("portaal:persoon_zoeken", kwargs={"wet": "Wi2021"}), {"bsn": "111222333"})
    zoek_ander = client.get(reverse("portaal:persoon_zoeken", kwargs={"wet": "Wi2021"}), {"bsn": "495181754"})
    assert zoek_onbekend.status_code == zoek_ander.status_code == 404
    assert (_zonder_token(zoek_onbekend.content).replace(b"111222333", b"X")
            == _zonder_token(zoek_ander.content).replace(b"495181754", b"X"))


def test_own_person_only_in_the_environment_it_is_visible_in(client, keten, als):
    als("0363")
    assert client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2013", "bsn": "163923322"})).status_code == 200
    # wrongly placed under Wi2021 in January: no data there any more, only the SS190
    assert client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "163923322"})).status_code == 404


def test_wrongly_shown_gemeente_sees_nothing_after_the_repair(client, keten, als):
    """0518 got 468819733 in January through the address fault; after 1 March that is gone."""
    als("0518")
    r = client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"}), {"status": "alle"})
    assert b"468819733" not in r.content
    assert client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "468819733"})).status_code == 404
    csv_ = b"".join(client.get(reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": "csv"}), {"status": "alle"}).streaming_content)
    assert b"468819733" not in csv_ and b"111222333" in csv_


@pytest.mark.parametrize("wie", ["0363", "0344", "0518"])
def test_lists_and_downloads_hold_only_own_signals(client, keten, als, wie):
    als(wie)
    for wet in WETTEN:
        for soort in ("signalen", "correcties"):
            r = client.get(reverse("portaal:download", kwargs={"wet": wet, "formaat": "csv"}), {"status": "alle", "soort": soort})
            rijen = list(csv.DictReader(io.StringIO(b"".join(r.streaming_content).decode("utf-8-sig")), delimiter=";"))
            eigen = {str(pk) for pk in Notificatie.objects.filter(gemeente=wie, wet=wet, verwijderd_op__isnull=True)
                     .values_list("pk", flat=True)}
            assert {x["signaal"] for x in rijen} <= eigen


def test_bulk_handling_touches_only_own_signals(client, keten, als):
    als("0344")
    client.post(reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"}), {"bevestigd": "ja", "status": "alle"})
    assert set(Notificatie.objects.filter(status="afgehandeld").values_list("gemeente", flat=True)) == {"0344"}


def test_visibility_of_another_gemeente_does_not_leak(client, keten, als):
    """Scope leakage: a visibility row for another gemeente (hand-made here on purpose) gives 0344 nothing."""
    Zichtbaarheid.objects.create(bsn="163923322", wet="Wi2021", gemeente="0518", van="2022-05-01", variant="test")
    als("0344")
    assert client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "163923322"})).status_code == 404
    # and a closed visibility of 0344 itself (tot set) does not count either
    Zichtbaarheid.objects.create(bsn="163923322", wet="Wi2021", gemeente="0344", van="2022-01-01", tot="2022-02-01", variant="test")
    assert client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "163923322"})).status_code == 404


def test_purged_signals_are_not_shown(client, keten, als):
    als("0363")
    r = client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"}), {"status": "alle"})
    for n in Notificatie.objects.filter(gemeente="0363", verwijderd_op__isnull=False):
        assert client.get(reverse("portaal:signaal", kwargs={"wet": n.wet, "pk": n.pk})).status_code == 404
        assert f"/signalen/{n.pk}/".encode() not in r.content
