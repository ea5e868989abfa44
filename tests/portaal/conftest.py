"""Test data for the portal: chain messages through intake and the real engine (no hand-made rows)."""

from __future__ import annotations

from datetime import date

import orjson
import pytest
from inburgering.portaal.models import TotpApparaat

from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.portaal.gebruikers import maak_gebruiker, totp_apparaat

TOT = date(2022, 6, 1)  # the chain is processed up to here
VANDAAG = "2022-06-10"  # the portal's clock

# The January 2022 incident in miniature (as in the contract's tijdlijn-2022 example), plus a family
# migrant in 's-Gravenhage and one in Utrecht after the restart.
BERICHTEN = [
    {"id": "g1", "type": "duo.gemeente", "ontvangen": "2021-06-01", "gemeentecode": "0363", "naam": "Amsterdam", "oin": "00000001002564440000"},
    {"id": "g2", "type": "duo.gemeente", "ontvangen": "2021-06-01", "gemeentecode": "0344", "naam": "Utrecht", "oin": "00000001002220647000"},
    {"id": "g3", "type": "duo.gemeente", "ontvangen": "2021-06-01", "gemeentecode": "0518", "naam": "'s-Gravenhage", "oin": "00000001002269117000"},
    {"id": "g4", "type": "duo.gemeente", "ontvangen": "2021-06-01", "gemeentecode": "1706", "naam": "Cranendonck", "oin": "00000001001234567000"},
    {"id": "l1", "type": "coa.locatie", "ontvangen": "2021-06-01", "locatie": "AZC-BUDEL", "soort": "azc", "gemeentecode": "1706", "postcode": "6021PA", "huisnummer": 2, "van": "2015-01-01"},
    {"id": "a1", "type": "brp.persoon", "ontvangen": "2021-06-01", "bsn": "163923322", "geboortedatum": "1990-02-02", "geslachtsnaam": "Amrani", "voornamen": "Sara", "nationaliteiten": ["MAR"]},
    {"id": "c1", "type": "brp.persoon", "ontvangen": "2021-06-01", "bsn": "693563278", "geboortedatum": "1987-03-03", "geslachtsnaam": "Kumar", "voornamen": "Priya", "nationaliteiten": ["IND"]},
    {"id": "d1", "type": "brp.persoon", "ontvangen": "2021-06-01", "bsn": "495181754", "geboortedatum": "1999-09-09", "geslachtsnaam": "Rahimi", "voornamen": "Omid", "nationaliteiten": ["AFG"]},
    {"id": "d2", "type": "brp.verblijfplaats", "ontvangen": "2021-08-01", "bsn": "495181754", "datum": "2021-08-01", "gemeentecode": "1706", "postcode": "6021PA", "huisnummer": 2},
    {"id": "b1", "type": "brp.persoon", "ontvangen": "2021-10-01", "bsn": "468819733", "geboortedatum": "1995-07-07", "geslachtsnaam": "Tesfaye", "voornamen": "Abel", "nationaliteiten": ["ERI"]},
    {"id": "b2", "type": "brp.verblijfplaats", "ontvangen": "2021-12-01", "bsn": "468819733", "datum": "2021-12-01", "gemeentecode": "0518", "postcode": "2491AB", "huisnummer": 77},
    {"id": "i1", "type": "duo.interpretatie", "ontvangen": "2022-01-01", "begindatum": "vaststelling", "koppeling": "brp_adresfilter"},
    {"id": "a2", "type": "ind.verblijfsrecht", "ontvangen": "2022-01-04", "bsn": "163923322", "verblijfsdoel": "gezinsvorming", "datum_beschikking": "2021-11-30", "ingangsdatum": "2021-11-01"},
    {"id": "a3", "type": "ind.document_uitgereikt", "ontvangen": "2022-01-04", "bsn": "163923322", "datum": "2021-12-22"},
    {"id": "a4", "type": "brp.verblijfplaats", "ontvangen": "2022-01-04", "bsn": "163923322", "datum": "2021-12-23", "gemeentecode": "0363", "postcode": "1011AB", "huisnummer": 5},
    {"id": "b3", "type": "ind.verblijfsrecht", "ontvangen": "2022-01-07", "bsn": "468819733", "verblijfsdoel": "asiel", "datum_beschikking": "2022-01-07", "ingangsdatum": "2021-09-15"},
    {"id": "b4", "type": "coa.koppeling", "ontvangen": "2022-01-10", "bsn": "468819733", "gemeentecode": "0344", "datum": "2022-01-10"},
    {"id": "o1", "type": "duo.procesbesturing", "ontvangen": "2022-01-19", "actie": "pauzeer", "wet": "alle", "procesgroep": "alle"},
    {"id": "c2", "type": "ind.verblijfsrecht", "ontvangen": "2022-01-25", "bsn": "693563278", "verblijfsdoel": "gezinshereniging", "datum_beschikking": "2022-01-20", "ingangsdatum": "2022-01-20"},
    {"id": "c3", "type": "ind.document_uitgereikt", "ontvangen": "2022-02-02", "bsn": "693563278", "datum": "2022-02-01"},
    {"id": "c4", "type": "brp.verblijfplaats", "ontvangen": "2022-02-03", "bsn": "693563278", "datum": "2022-02-03", "gemeentecode": "0344", "postcode": "3511AA", "huisnummer": 9},
    {"id": "d3", "type": "ind.verblijfsrecht", "ontvangen": "2022-02-14", "bsn": "495181754", "verblijfsdoel": "asiel", "datum_beschikking": "2022-02-14", "ingangsdatum": "2022-02-14"},
    {"id": "d4", "type": "coa.koppeling", "ontvangen": "2022-02-20", "bsn": "495181754", "gemeentecode": "0363", "datum": "2022-02-20"},
    {"id": "i2", "type": "duo.interpretatie", "ontvangen": "2022-03-01", "begindatum": "bekendmaking", "koppeling": "coa"},
    {"id": "o2", "type": "duo.procesbesturing", "ontvangen": "2022-03-01", "actie": "hervat", "wet": "Wi2021", "procesgroep": "gezinsmigranten"},
    {"id": "o3", "type": "duo.procesbesturing", "ontvangen": "2022-03-25", "actie": "hervat", "wet": "Wi2021", "procesgroep": "asiel_en_overig"},
    {"id": "e1", "type": "brp.persoon", "ontvangen": "2022-04-01", "bsn": "111222333", "geboortedatum": "1992-04-04", "geslachtsnaam": "Haddad", "voornamen": "Rania", "nationaliteiten": ["SYR"]},
    {"id": "e2", "type": "ind.verblijfsrecht", "ontvangen": "2022-04-05", "bsn": "111222333", "verblijfsdoel": "gezinsvorming", "datum_beschikking": "2022-04-05", "ingangsdatum": "2022-04-05"},
    {"id": "e3", "type": "ind.document_uitgereikt", "ontvangen": "2022-04-12", "bsn": "111222333", "datum": "2022-04-12"},
    {"id": "e4", "type": "brp.verblijfplaats", "ontvangen": "2022-04-14", "bsn": "111222333", "datum": "2022-04-14", "gemeentecode": "0518", "postcode": "2511AB", "huisnummer": 3},
    {"id": "f1", "type": "brp.persoon", "ontvangen": "2022-04-01", "bsn": "123456782", "geboortedatum": "1985-05-05", "geslachtsnaam": "Benali", "voornamen": "Youssef", "nationaliteiten": ["MAR"]},
    {"id": "f2", "type": "ind.verblijfsrecht", "ontvangen": "2022-04-20", "bsn": "123456782", "verblijfsdoel": "gezinshereniging", "datum_beschikking": "2022-04-20", "ingangsdatum": "2022-04-20"},
    {"id": "f3", "type": "ind.document_uitgereikt", "ontvangen": "2022-04-25", "bsn": "123456782", "datum": "2022-04-25"},
    {"id": "f4", "type": "brp.verblijfplaats", "ontvangen": "2022-04-26", "bsn": "123456782", "datum": "2022-04-26", "gemeentecode": "0344", "postcode": "3512AB", "huisnummer": 4},
    {"id": "o4", "type": "duo.procesbesturing", "ontvangen": "2022-05-30", "actie": "hervat", "wet": "Wi2013", "procesgroep": "alle"},
]
WACHTWOORD = "correct-paard-batterij-niet"


def draai(berichten=BERICHTEN, tot: date = TOT) -> None:
    neem_regels_op([orjson.dumps(b) for b in berichten], "test")
    Engine(VasteKlok(tot)).verwerk_tot(tot)


@pytest.fixture(autouse=True)
def _portaal_instellingen(settings):
    settings.PORTAAL_VANDAAG = VANDAAG
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only; production keeps PBKDF2


@pytest.fixture
def keten(db):
    draai()


@pytest.fixture
def gebruikers(db):
    uit = {}
    for code in ("0363", "0344", "0518"):
        uit[code], _ = maak_gebruiker(f"consulent-{code}", "gemeente", gemeente=code, wachtwoord=WACHTWOORD,
                                      controleer_gemeente=False)
    uit["beheerder"], _ = maak_gebruiker("beheerder", "beheerder", wachtwoord=WACHTWOORD)
    uit["privacy"], _ = maak_gebruiker("privacy", "privacy", wachtwoord=WACHTWOORD)
    for k in ("beheerder", "privacy"):
        totp_apparaat(uit[k])
    return uit


def log_in(client, user, verifieer: bool = True):
    """force_login, plus a verified second factor for DUO roles (as after entering a TOTP code)."""
    client.force_login(user)
    if verifieer:
        device = TotpApparaat.objects.filter(user=user).first()
        if device is not None:
            from django_otp import DEVICE_ID_SESSION_KEY

            s = client.session
            s[DEVICE_ID_SESSION_KEY] = device.persistent_id
            s.save()
    return client


@pytest.fixture
def als(client, gebruikers):
    def _als(wie, verifieer=True):
        client.logout()
        return log_in(client, gebruikers[wie], verifieer)

    return _als
