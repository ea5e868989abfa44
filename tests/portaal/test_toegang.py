"""Every view × every role: who gets the page, who gets 403, who must log in (or enter a code) first."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

GEMEENTE = [
    ("get", reverse("portaal:signalen", kwargs={"wet": "Wi2021"})),
    ("get", reverse("portaal:signalen", kwargs={"wet": "Wi2013"})),
    ("get", reverse("portaal:signalen", kwargs={"wet": "Wi2007"})),
    ("get", reverse("portaal:correcties", kwargs={"wet": "Wi2021"})),
    ("get", reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": "csv"})),
    ("get", reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": "xlsx"})),
    ("get", reverse("portaal:persoon_zoeken", kwargs={"wet": "Wi2021"})),
    ("post", reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"})),
]
BEHEER = [
    ("get", reverse("portaal:dashboard")),
    ("get", reverse("portaal:procesbesturing")),
    ("get", reverse("portaal:herbeoordelingen")),
]
PRIVACY = [("get", reverse("portaal:verwerkingen"))]
ALLE = GEMEENTE + BEHEER + PRIVACY


def _vraag(client, methode, url):
    r = getattr(client, methode)(url)
    if getattr(r, "streaming", False):
        b"".join(r.streaming_content)
    return r


@pytest.mark.parametrize("methode,url", ALLE)
def test_anonymous_is_sent_to_login(client, keten, methode, url):
    r = _vraag(client, methode, url)
    assert r.status_code == 302 and r.url.startswith(reverse("portaal:inloggen"))


@pytest.mark.parametrize("wie,toegestaan", [("0363", GEMEENTE), ("beheerder", BEHEER), ("privacy", PRIVACY)])
def test_each_role_reaches_its_own_pages_and_nothing_else(client, keten, als, wie, toegestaan):
    als(wie)
    for methode, url in ALLE:
        r = _vraag(client, methode, url)
        if (methode, url) in toegestaan:
            assert r.status_code == 200, (wie, url, r.status_code)
        else:
            assert r.status_code == 403, (wie, url, r.status_code)
            assert "Geen toegang".encode() in r.content


@pytest.mark.parametrize("wie,url", [("beheerder", BEHEER[0][1]), ("privacy", PRIVACY[0][1])])
def test_duo_roles_without_a_verified_code_go_to_the_code_step(client, keten, als, wie, url):
    als(wie, verifieer=False)
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith(reverse("portaal:code"))


def test_user_without_a_role_gets_a_clear_page(client, db):
    from django.contrib.auth import get_user_model

    u = get_user_model().objects.create_user("zonderrol", password="x-y-z-lang-genoeg")
    client.force_login(u)
    r = client.get("/", follow=True)
    assert r.status_code == 403 and "geen rol".encode() in r.content.lower()


def test_start_page_sends_each_role_to_its_home(client, keten, als):
    assert als("0344").get("/").url == reverse("portaal:signalen", kwargs={"wet": "Wi2021"})
    assert als("beheerder").get("/").url == reverse("portaal:dashboard")
    assert als("privacy").get("/").url == reverse("portaal:verwerkingen")


def test_unknown_law_environment_is_404(client, keten, als):
    als("0363")
    assert client.get("/gemeente/Wi2099/signalen/").status_code == 404


def test_wi2007_is_read_only(client, keten, als):
    als("0363")
    assert client.post(reverse("portaal:afhandelen", kwargs={"wet": "Wi2007"}), {"bevestigd": "ja"}).status_code == 403
    r = client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2007"}))
    assert "alleen in te zien".encode() in r.content and b"Markeer hele selectie" not in r.content


def test_pages_carry_security_headers(client, keten, als):
    r = als("0363").get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"}))
    assert "script-src 'self'" in r["Content-Security-Policy"] and "frame-ancestors 'none'" in r["Content-Security-Policy"]
    assert r["X-Frame-Options"] == "DENY"
    assert r["Cache-Control"] == "no-store"


def test_forms_are_csrf_protected(keten, gebruikers):
    from django.test import Client

    from .conftest import log_in

    c = log_in(Client(enforce_csrf_checks=True), gebruikers["0363"])
    r = c.post(reverse("portaal:afhandelen", kwargs={"wet": "Wi2021"}), {"bevestigd": "ja"})
    assert r.status_code == 403 and "formulier is verlopen".encode() in r.content


def test_detail_and_action_urls_per_role(client, keten, als):
    """The pages with an id in the URL, and the POST actions, for every role."""
    from inburgering.keten.models import Herbeoordeling, Notificatie

    n = Notificatie.objects.filter(gemeente="0363", verwijderd_op__isnull=True, wet="Wi2021").first()
    run = Herbeoordeling.objects.first()
    gemeente_urls = [("get", reverse("portaal:signaal", kwargs={"wet": "Wi2021", "pk": n.pk})),
                     ("get", reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "495181754"})),
                     ("post", reverse("portaal:signaal_status", kwargs={"wet": "Wi2021", "pk": n.pk}))]
    beheer_urls = [("get", reverse("portaal:herbeoordeling", kwargs={"pk": run.pk})),
                   ("post", reverse("portaal:herbeoordeling_start")),
                   ("post", reverse("portaal:procesbesturing"))]
    for wie, eigen in (("0363", gemeente_urls), ("beheerder", beheer_urls), ("privacy", [])):
        als(wie)
        for methode, url in gemeente_urls + beheer_urls:
            r = getattr(client, methode)(url)
            if (methode, url) in eigen:
                assert r.status_code in (200, 302), (wie, url, r.status_code)
            else:
                assert r.status_code == 403, (wie, url, r.status_code)
    client.logout()
    for methode, url in gemeente_urls + beheer_urls:
        r = getattr(client, methode)(url)
        assert r.status_code == 302 and r.url.startswith(reverse("portaal:inloggen"))
