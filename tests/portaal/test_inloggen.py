"""Logging in: password, throttling (django-axes), TOTP or a reserve code for DUO roles, logging out."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from inburgering.portaal.models import TotpApparaat

from inburgering.portaal.gebruikers import reservecodes

from .conftest import WACHTWOORD

pytestmark = pytest.mark.django_db
INLOGGEN = reverse("portaal:inloggen")


def test_gemeente_user_logs_in_with_a_password(client, gebruikers):
    r = client.post(INLOGGEN, {"username": "consulent-0363", "password": WACHTWOORD})
    assert r.status_code == 302 and r.url == reverse("portaal:signalen", kwargs={"wet": "Wi2021"})


def test_wrong_password_gives_a_dutch_message(client, gebruikers):
    r = client.post(INLOGGEN, {"username": "consulent-0363", "password": "fout"})
    assert r.status_code == 200 and "klopt niet".encode() in r.content


def test_login_is_throttled_after_five_failures(client, gebruikers):
    for _ in range(5):
        client.post(INLOGGEN, {"username": "consulent-0363", "password": "fout"})
    r = client.post(INLOGGEN, {"username": "consulent-0363", "password": WACHTWOORD})
    assert r.status_code in (403, 429) and "tijdelijk geblokkeerd".encode() in r.content.lower()


def test_duo_role_needs_a_totp_code(client, gebruikers):
    r = client.post(INLOGGEN, {"username": "beheerder", "password": WACHTWOORD})
    assert r.url.startswith(reverse("portaal:code"))
    assert client.get(reverse("portaal:dashboard")).status_code == 302
    fout = client.post(reverse("portaal:code"), {"code": "000000", "next": reverse("portaal:dashboard")})
    assert "klopt niet".encode() in fout.content
    device = TotpApparaat.objects.get(user=gebruikers["beheerder"])
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    goed = client.post(reverse("portaal:code"), {"code": f"{totp(device.bin_key):06d}", "next": reverse("portaal:dashboard")})
    assert goed.status_code == 302 and goed.url == reverse("portaal:dashboard")
    assert client.get(reverse("portaal:dashboard")).status_code == 200


def test_reserve_code_works_once(client, gebruikers):
    codes = reservecodes(gebruikers["privacy"])
    client.post(INLOGGEN, {"username": "privacy", "password": WACHTWOORD})
    assert client.post(reverse("portaal:code"), {"code": codes[0]}).status_code == 302
    assert client.get(reverse("portaal:verwerkingen")).status_code == 200
    client.post(reverse("portaal:uitloggen"))
    client.post(INLOGGEN, {"username": "privacy", "password": WACHTWOORD})
    assert "klopt niet".encode() in client.post(reverse("portaal:code"), {"code": codes[0]}).content


def test_open_redirect_after_code_is_refused(client, gebruikers):
    codes = reservecodes(gebruikers["beheerder"])
    client.post(INLOGGEN, {"username": "beheerder", "password": WACHTWOORD})
    r = client.post(reverse("portaal:code"), {"code": codes[0], "next": "https://kwaadaardig.example/"})
    assert r.url == reverse("portaal:dashboard")


def test_logout_is_a_post_and_ends_the_session(client, gebruikers):
    client.post(INLOGGEN, {"username": "consulent-0363", "password": WACHTWOORD})
    assert client.get(reverse("portaal:uitloggen")).status_code == 405
    client.post(reverse("portaal:uitloggen"))
    assert client.get(reverse("portaal:signalen", kwargs={"wet": "Wi2021"})).status_code == 302
