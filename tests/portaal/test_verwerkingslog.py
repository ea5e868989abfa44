"""Every view or download of personal data lands in the processing log; the privacy officer finds it."""

import pytest
from django.urls import reverse

from inburgering.keten.models import Notificatie
from inburgering.portaal import verwerkingslog
from inburgering.portaal.models import Betrokkene, Verwerking

pytestmark = pytest.mark.django_db


def _laatste():
    return Verwerking.objects.order_by("-id").first()


def _betrokken(v, bsn):
    return Betrokkene.objects.filter(verwerking=v, data_subject_id=verwerkingslog.pseudoniem(bsn)).exists()


def test_inbox_page_is_logged_with_the_persons_shown(client, keten, als):
    als("0344")
    client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"}), {"gebeurtenis": "SS139"}, HTTP_TRACEPARENT="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    v = _laatste()
    assert (v.gebruiker, v.rol, v.namens_gemeente, v.wet) == ("consulent-0344", "gemeente", "0344", "Wi2021")
    assert v.processing_activity_id.endswith("signalen-raadplegen") and v.name == "signalen bekijken"
    assert v.trace_id == "0af7651916cd43dd8448eb211c80319c" and v.parent_span_id == "b7ad6b7169203331" and len(v.span_id) == 16
    assert v.toelichting["selectie"]["gebeurtenis"] == "SS139"
    assert v.aantal_betrokkenen == 2 and v.end_time is not None and v.status_code == Verwerking.STATUS_OK
    assert all(_betrokken(v, b) for b in ("693563278", "123456782"))
    assert not _betrokken(v, "468819733")  # not in the selection
    assert not Betrokkene.objects.filter(data_subject_id="693563278").exists()  # never stored in the clear


def test_empty_page_logs_nothing(client, keten, als):
    als("0344")
    voor = Verwerking.objects.count()
    client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2007"}))
    assert Verwerking.objects.count() == voor


def test_detail_person_download_and_bulk_are_logged(client, keten, als):
    als("0344")
    n = Notificatie.objects.filter(gemeente="0344", gebeurtenis="SS126").get()
    client.get(reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": n.pk}))
    assert _laatste().name == "signaal bekijken" and _betrokken(_laatste(), "693563278")
    client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "693563278"}))
    assert _laatste().processing_activity_id.endswith("persoon-raadplegen") and _betrokken(_laatste(), "693563278")
    r = client.get(reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": "xlsx"}), {"status": "alle"})
    b"".join(r.streaming_content)
    v = _laatste()
    assert v.name == "signalen downloaden (XLSX)" and v.status_code == Verwerking.STATUS_OK
    assert v.aantal_betrokkenen == 3 and v.toelichting["rijen"] == 4
    client.post(reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"}), {"bevestigd": "ja"})
    v = _laatste()
    assert v.name == "signalen afhandelen (bulk)" and v.toelichting["signalen"] == 4


def test_a_download_that_is_not_completed_is_not_marked_complete(client, keten, als):
    als("0344")
    r = client.get(reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": "csv"}), {"status": "alle"})
    stroom = r._iterator  # the test client's closing wrapper around the stream (closing it = client gone)
    next(stroom)  # the header only; then the client goes away
    stroom.close()
    v = _laatste()
    assert v.name == "signalen downloaden (CSV)" and v.status_code != Verwerking.STATUS_OK and v.end_time is None


def test_out_of_scope_attempts_show_and_log_no_person(client, keten, als):
    als("0344")
    voor = Verwerking.objects.count()
    client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "495181754"}))
    assert Verwerking.objects.count() == voor


def test_privacy_officer_finds_who_saw_a_person_and_the_search_is_logged(client, keten, als):
    als("0363")
    client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "495181754"}))
    als("0344")
    client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"}))
    als("privacy")
    r = client.get(reverse("portaal:verwerkingen"), {"bsn": "495181754"})
    assert r.status_code == 200
    t = r.content.decode()
    assert "consulent-0363" in t and "consulent-0344" not in t.split("Verwerkingsactiviteiten")[0]
    assert "1 verwerking met betrokkene 495181754" in t
    zoek = _laatste()
    assert (zoek.gebruiker, zoek.name) == ("privacy", "verwerkingslog doorzoeken op BSN") and _betrokken(zoek, "495181754")
    r = client.get(reverse("portaal:verwerkingen"), {"gemeente": "0344"})
    assert "consulent-0344" in r.content.decode() and "consulent-0363" not in r.content.decode()
    r = client.get(reverse("portaal:verwerkingen"), {"bsn": "12345"})
    assert "elfproef".encode() in r.content


def test_the_log_cannot_be_changed_through_the_portal(client, keten, als):
    als("privacy")
    assert client.post(reverse("portaal:verwerkingen")).status_code in (403, 405, 200)
    assert not any("verwijder" in str(p.pattern) for p in __import__("inburgering.portaal.urls", fromlist=["x"]).urlpatterns)
