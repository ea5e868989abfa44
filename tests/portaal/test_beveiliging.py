"""Authentication: throttling per account, per address and per both (django-axes with the portal's limits),
the client address only from trusted proxies, idle timeout, a new session id at every step up, the second
factor stored encrypted or hashed, and a password change for every user."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp

from inburgering.portaal.gebruikers import maak_gebruiker, reservecodes, totp_apparaat
from inburgering.portaal.inlogbeperking import client_adres
from inburgering.portaal.middleware import LAATST_ACTIEF
from inburgering.portaal.models import Reservecode, TotpApparaat

from .conftest import WACHTWOORD

pytestmark = pytest.mark.django_db
INLOGGEN = reverse("portaal:inloggen")
GEBLOKKEERD = "tijdelijk geblokkeerd".encode()


@pytest.fixture(autouse=True)
def _limieten(settings):
    settings.PORTAAL_INLOGLIMIETEN = {"account_adres": 5, "account": 8, "adres": 10}
    settings.AXES_FAILURE_LIMIT = 5


def _poging(naam, wachtwoord, adres, client=None, **meta):
    c = client or Client()
    return c.post(INLOGGEN, {"username": naam, "password": wachtwoord}, REMOTE_ADDR=adres, **meta)


def _geblokkeerd(r) -> bool:
    return r.status_code in (403, 429) and GEBLOKKEERD in r.content.lower()


def test_one_address_cannot_spray_a_password_over_many_accounts(gebruikers):
    for i in range(9):
        assert not _geblokkeerd(_poging(f"consulent-{1000 + i}", "Zomer2024!", "203.0.113.7"))
    assert _geblokkeerd(_poging("consulent-1009", "Zomer2024!", "203.0.113.7"))  # the tenth try: limit reached
    # the address is cut off, for every account, also with the right password
    assert _geblokkeerd(_poging("consulent-0363", WACHTWOORD, "203.0.113.7"))
    # another address is not
    assert _poging("consulent-0363", WACHTWOORD, "198.51.100.1").status_code == 302


def test_one_account_tried_from_many_addresses_is_locked(gebruikers):
    for i in range(8):
        _poging("consulent-0344", "fout", f"203.0.113.{i + 1}")
    assert _geblokkeerd(_poging("consulent-0344", WACHTWOORD, "198.51.100.9"))


def test_five_tries_from_one_address_do_not_lock_the_account_for_everyone(gebruikers):
    for _ in range(5):
        _poging("consulent-0518", "fout", "203.0.113.50")
    assert _geblokkeerd(_poging("consulent-0518", WACHTWOORD, "203.0.113.50"))
    assert _poging("consulent-0518", WACHTWOORD, "198.51.100.2").status_code == 302


def test_logging_into_an_own_account_does_not_reset_the_address_count(gebruikers):
    for i in range(9):
        _poging(f"consulent-{2000 + i}", "fout", "203.0.113.99")
    assert _poging("consulent-0363", WACHTWOORD, "203.0.113.99").status_code == 302
    assert _geblokkeerd(_poging("consulent-2999", "fout", "203.0.113.99")) or _geblokkeerd(
        _poging("consulent-0344", WACHTWOORD, "203.0.113.99"))


def test_client_address_only_from_trusted_proxies(rf, settings):
    settings.INBURGERING_VERTROUWDE_PROXIES = ["10.0.0.0/8"]
    via_proxy = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="192.0.2.44, 10.9.9.9")
    assert client_adres(via_proxy) == "192.0.2.44"
    direct = rf.get("/", REMOTE_ADDR="198.51.100.3", HTTP_X_FORWARDED_FOR="192.0.2.44")
    assert client_adres(direct) == "198.51.100.3"  # a header from anyone else is ignored
    vervalst = rf.get("/", REMOTE_ADDR="10.1.2.3", HTTP_X_FORWARDED_FOR="niet-een-adres")
    assert client_adres(vervalst) == "10.1.2.3"


def test_behind_a_proxy_each_client_is_counted_apart(gebruikers, settings):
    settings.INBURGERING_VERTROUWDE_PROXIES = ["10.0.0.1"]
    for _ in range(5):
        _poging("consulent-0363", "fout", "10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert _geblokkeerd(_poging("consulent-0363", WACHTWOORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.10"))
    assert _poging("consulent-0363", WACHTWOORD, "10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.11").status_code == 302


def test_idle_session_ends(client, gebruikers, keten, settings):
    settings.PORTAAL_INACTIEF_SECONDEN = 900
    assert client.post(INLOGGEN, {"username": "consulent-0363", "password": WACHTWOORD}).status_code == 302
    lijst = reverse("portaal:signalen", kwargs={"wet": "Wi2021"})
    assert client.get(lijst).status_code == 200
    s = client.session
    s[LAATST_ACTIEF] = s[LAATST_ACTIEF] - 901  # as if the last request was 15 minutes ago
    s.save()
    r = client.get(lijst)
    assert r.status_code == 302 and r.url.startswith(INLOGGEN)
    assert client.get(lijst).status_code == 302  # logged out, not just redirected once


def test_session_id_changes_at_the_second_factor(client, gebruikers):
    apparaat = TotpApparaat.objects.get(user=gebruikers["beheerder"])
    client.post(INLOGGEN, {"username": "beheerder", "password": WACHTWOORD})
    voor = client.session.session_key
    r = client.post(reverse("portaal:code"), {"code": f"{totp(apparaat.bin_key):06d}"})
    assert r.status_code == 302
    assert client.session.session_key != voor
    assert client.get(reverse("portaal:dashboard")).status_code == 200


def test_totp_secret_is_encrypted_at_rest(gebruikers):
    apparaat = totp_apparaat(gebruikers["privacy"])
    sleutel = apparaat.bin_key.hex()
    with connection.cursor() as c:
        c.execute(f"SELECT * FROM {TotpApparaat._meta.db_table}")
        rijen = repr(c.fetchall())
    assert sleutel not in rijen and sleutel.upper() not in rijen
    import base64

    assert base64.b32encode(apparaat.bin_key).decode().rstrip("=") not in rijen


def test_totp_secret_needs_its_key(gebruikers, settings):
    from cryptography.fernet import InvalidToken

    apparaat = TotpApparaat.objects.get(user=gebruikers["privacy"])
    settings.INBURGERING_TOTPSLEUTEL = "een-andere-sleutel-" + "z" * 20
    with pytest.raises(InvalidToken):
        apparaat.bin_key  # noqa: B018


def test_reserve_codes_are_stored_hashed_and_work_once(client, gebruikers):
    codes = reservecodes(gebruikers["privacy"])
    opgeslagen = list(Reservecode.objects.values_list("kenmerk", "hash"))
    assert len(opgeslagen) == 8
    for code in codes:
        geheim = code.replace("-", "")[4:]
        assert all(geheim not in h for _, h in opgeslagen)
    client.post(INLOGGEN, {"username": "privacy", "password": WACHTWOORD})
    assert client.post(reverse("portaal:code"), {"code": codes[3].lower()}).status_code == 302
    assert Reservecode.objects.count() == 7


@pytest.mark.parametrize("wie", ["0363", "beheerder", "privacy"])
def test_every_user_can_change_their_password(client, gebruikers, als, wie):
    als(wie)
    url = reverse("portaal:wachtwoord")
    assert client.get(url).status_code == 200
    r = client.post(url, {"old_password": "fout", "new_password1": "een-nieuw-lang-wachtwoord",
                          "new_password2": "een-nieuw-lang-wachtwoord"})
    assert "huidige wachtwoord klopt niet".encode() in r.content
    r = client.post(url, {"old_password": WACHTWOORD, "new_password1": "een-nieuw-lang-wachtwoord",
                          "new_password2": "een-nieuw-lang-wachtwoord"})
    assert r.status_code == 302
    gebruikers[wie].refresh_from_db()
    assert gebruikers[wie].check_password("een-nieuw-lang-wachtwoord")


def test_duo_role_changes_password_only_after_the_second_factor(client, gebruikers, als):
    als("beheerder", verifieer=False)
    r = client.get(reverse("portaal:wachtwoord"))
    assert r.status_code == 302 and r.url.startswith(reverse("portaal:code"))


def test_the_admin_registers_no_model_with_personal_data():
    from django.contrib import admin

    geregistreerd = {m._meta.app_label for m in admin.site._registry}
    assert not geregistreerd & {"keten", "portaal", "m2m"}, geregistreerd


def test_a_new_user_gets_a_working_account_from_maak_gebruiker(gebruikers):
    user, wachtwoord = maak_gebruiker("nieuw-0363", "gemeente", gemeente="0363", controleer_gemeente=False)
    assert user.check_password(wachtwoord)


def test_pages_of_a_logged_in_user_are_not_cached(client, keten, als):
    als("0344")
    for url in (reverse("portaal:signalen", kwargs={"wet": "Wi2021"}),
                reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "693563278"}),
                reverse("portaal:persoon", kwargs={"wet": "Wi2021", "bsn": "999999990"})):
        assert client.get(url).headers["Cache-Control"] == "no-store", url
