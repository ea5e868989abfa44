"""The gemeente's inbox: filters, sorting, pagination, bulk handling, detail, corrections apart, person page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inburgering.keten.models import Notificatie
from inburgering.portaal.views import gemeente as gemeente_views

pytestmark = pytest.mark.django_db
SIGNALEN = reverse("portaal:signalen", kwargs={"wet": "Wi2021"})


def _ids(r) -> list[int]:
    return [int(x) for x in re.findall(rb'/gemeente/Wi2021/signalen/(\d+)/"', r.content)]


def _eigen(gemeente="0344", **f):
    return Notificatie.objects.filter(gemeente=gemeente, wet="Wi2021", verwijderd_op__isnull=True, **f).exclude(gebeurtenis="SS190")


def test_inbox_shows_new_signals_newest_first_with_counts(client, keten, als):
    als("0344")
    r = client.get(SIGNALEN)
    verwacht = list(_eigen().order_by("-dag", "-volgorde").values_list("pk", flat=True))
    assert _ids(r) == verwacht
    assert f"{len(verwacht)} signalen met status nieuw".encode() in r.content


@pytest.mark.parametrize("filter_,veld", [
    ({"gebeurtenis": "SS139"}, {"gebeurtenis": "SS139"}),
    ({"doelgroep": "Asielstatushouder"}, {"doelgroep": "Asielstatushouder"}),
    ({"van": "2022-03-25", "tot": "2022-04-14"}, {"dag__gte": "2022-03-25", "dag__lte": "2022-04-14"}),
    ({"bsn": "693563278"}, {"bsn": "693563278"}),
    ({"bsn": "1234"}, {"bsn__startswith": "1234"}),
])
def test_filters(client, keten, als, filter_, veld):
    als("0344")
    r = client.get(SIGNALEN, filter_)
    verwacht = set(_eigen(**veld).values_list("pk", flat=True))
    assert verwacht and set(_ids(r)) == verwacht


def test_sorting_by_bsn_and_back(client, keten, als):
    als("0344")
    op = _ids(client.get(SIGNALEN, {"sorteer": "bsn"}))
    af = _ids(client.get(SIGNALEN, {"sorteer": "-bsn"}))
    bsn = dict(_eigen().values_list("pk", "bsn"))
    assert [bsn[i] for i in op] == sorted(bsn[i] for i in op)
    assert [bsn[i] for i in af] == sorted((bsn[i] for i in af), reverse=True)
    r = client.get(SIGNALEN, {"sorteer": "bsn"})
    assert b'aria-sort="ascending"' in r.content


def test_pagination_keeps_the_filter(client, keten, als, monkeypatch):
    monkeypatch.setattr(gemeente_views, "PER_PAGINA", 2)
    als("0344")
    r1 = client.get(SIGNALEN, {"doelgroep": "Gezinsmigrant en overige migrant"})
    assert b"Pagina 1 van 2" in r1.content
    volgende = re.search(rb'href="([^"]+)" rel="next"', r1.content).group(1).decode().replace("&amp;", "&")
    assert "doelgroep=Gezinsmigrant" in volgende and "pagina=2" in volgende
    r2 = client.get(volgende)
    alle = list(_eigen(doelgroep="Gezinsmigrant en overige migrant").order_by("-dag", "-volgorde").values_list("pk", flat=True))
    assert _ids(r1) + _ids(r2) == alle[:4]


def test_invalid_filter_input_gives_a_helpful_message_and_still_a_list(client, keten, als):
    als("0344")
    r = client.get(SIGNALEN, {"van": "31-02-2022", "bsn": "abc"})
    assert r.status_code == 200
    assert "Vul een geldige datum in".encode() in r.content and "alleen uit cijfers".encode() in r.content
    assert len(_ids(r)) == _eigen().count()


def test_empty_states(client, keten, als):
    als("0344")
    assert "Geen signalen in deze selectie".encode() in client.get(SIGNALEN, {"gebeurtenis": "SS111"}).content
    assert "Nog geen signalen".encode() in client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2007"})).content


def test_bulk_handling_of_a_filtered_selection_in_one_update(client, keten, als):
    als("0344")
    url = reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"})
    bevestig = client.post(url, {"gebeurtenis": "SS139", "status": "nieuw"})
    n = _eigen(gebeurtenis="SS139").count()
    assert bevestig.status_code == 200 and f"{n} signalen".encode() in bevestig.content
    assert not _eigen(status="afgehandeld").exists()  # nothing changed before confirming
    with CaptureQueriesContext(connection) as q:
        r = client.post(url, {"gebeurtenis": "SS139", "status": "nieuw", "bevestigd": "ja"})
    updates = [x["sql"] for x in q.captured_queries if x["sql"].startswith("UPDATE") and "keten_notificatie" in x["sql"]]
    assert len(updates) == 1
    assert r.status_code == 302 and "gebeurtenis=SS139" in r.url
    assert set(_eigen(status="afgehandeld").values_list("gebeurtenis", flat=True)) == {"SS139"}
    assert set(_eigen(status="afgehandeld").values_list("afgehandeld_door", flat=True)) == {"consulent-0344"}
    assert _eigen(status="nieuw").exclude(gebeurtenis="SS139").count() == _eigen().exclude(gebeurtenis="SS139").count()
    volgende = client.get(r.url)
    assert "Alles is afgehandeld".encode() in volgende.content or "Geen signalen".encode() in volgende.content


def test_signal_detail_and_status_toggle(client, keten, als):
    als("0344")
    n = _eigen(gebeurtenis="SS126").get()
    url = reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": n.pk})
    r = client.get(url)
    assert r.status_code == 200 and b"10 weken verstreken zonder PIP" in r.content and b"693563278" in r.content
    client.post(reverse("portaal:signaal_status", kwargs={"wet": "Wi2021", "pk": n.pk}), {"status": "afgehandeld"})
    n.refresh_from_db()
    assert n.status == "afgehandeld" and n.afgehandeld_door == "consulent-0344"
    client.post(reverse("portaal:signaal_status", kwargs={"wet": "Wi2021", "pk": n.pk}), {"status": "nieuw"})
    n.refresh_from_db()
    assert n.status == "nieuw" and n.afgehandeld_door == ""


def test_corrections_are_apart_and_cannot_be_deleted(client, keten, als):
    als("0363")
    ss190 = Notificatie.objects.get(gemeente="0363", gebeurtenis="SS190")
    inbox = client.get(SIGNALEN, {"status": "alle"})
    assert ss190.pk not in _ids(inbox)
    assert b"Correcties</a> (1)" in inbox.content
    corr = client.get(reverse("portaal:correcties", kwargs={"wet": "Wi2021"}))
    assert ss190.pk in _ids(corr) and "Bewaar deze lijst".encode() in corr.content
    detail = client.get(reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": ss190.pk}))
    assert "kan niet worden verwijderd".encode() in detail.content and b"niet (meer) zichtbaar" in detail.content
    for methode in ("post", "delete"):
        assert getattr(client, methode)(f"/gemeente/Wi2021/signalen/{ss190.pk}/verwijderen/").status_code == 404
    assert client.delete(reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": ss190.pk})).status_code in (404, 405, 200)
    # handling the whole corrections list marks them, it never removes them
    client.post(reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"}), {"soort": "correcties", "bevestigd": "ja"})
    ss190.refresh_from_db()
    assert ss190.status == "afgehandeld" and ss190.verwijderd_op is None
    assert ss190.pk in _ids(client.get(reverse("portaal:correcties", kwargs={"wet": "Wi2021"}), {"status": "alle"}))


def test_person_page_shows_determination_explanation_history_and_own_signals(client, keten, als):
    als("0363")
    r = client.get(reverse("portaal:persoon", kwargs={"wet": "Wi2013", "bsn": "163923322"}))
    t = r.content.decode()
    assert r.status_code == 200
    assert "Sara Amrani" in t or "Amrani" in t
    assert "Wi2013" in t and "22-12-2021" in t  # begindatum: the document, not the day DUO determined it
    assert "Waarom? De uitleg van DUO" in t and "Bron:" in t
    assert "SS101" in t
    assert "Eerdere bepalingen" in t and "Wi2021" in t  # the January determination is in the history


def test_person_search(client, keten, als):
    als("0344")
    url = reverse("portaal:persoon_zoeken", kwargs={"wet": "Wi2021"})
    r = client.get(url, {"bsn": "693563278"})
    assert r.status_code == 302 and r.url.endswith("/personen/693563278/")
    assert "elfproef".encode() in client.get(url, {"bsn": "123456789"}).content
    assert "9 cijfers".encode() in client.get(url, {"bsn": "12"}).content
