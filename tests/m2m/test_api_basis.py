"""The request cycle of every M2M operation: headers, identification, scope, versions, idempotency."""

import uuid

import pytest

from .keten import AMSTERDAM, ASIEL, CRANENDONCK, DEN_HAAG, GEZIN, HAAG, OIN, ONBEKEND, OUD, STUDENT, UTRECHT, Keten, fouten


def test_known_person_in_scope_gets_the_obligation_from_the_engine(api):
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht")
    assert r.status_code == 200
    assert r.json() == {"indicatorInburgeringsplicht": True, "begindatum": "2024-01-10", "wijzigingsdatum": "2024-01-10",
                        "datumKennisgevingInburgeringsplicht": "2024-01-10"}  # sent with the first notification
    assert r.headers["API-Version"] == "1.2.2"
    assert r.headers["Content-Type"] == "application/json"


def test_doelgroep_and_histories(api):
    r = api.get(f"personen/{GEZIN}/doelgroep")
    assert r.json() == {"indeling": "Gezinsmigrant en overige migrant", "begindatum": "2024-01-10",
                        "gedetailleerdeDoelgroep": "Gezinsvormer"}
    assert api.get(f"personen/{GEZIN}/doelgroep/historie").json() == [
        {"indeling": "Gezinsmigrant en overige migrant", "begindatum": "2024-01-10"}]
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht/historie").json() == [
        {"indicatorInburgeringsplicht": True, "begindatum": "2024-01-10", "wijzigingsdatum": "2024-01-10"}]
    r = api.get(f"personen/{ASIEL}/doelgroep", gemeente=UTRECHT)
    assert r.json()["indeling"] == "Asielstatushouder" and r.json()["gedetailleerdeDoelgroep"] == "Asielstatushouder"


def test_berichtid_is_echoed(api):
    bid = str(uuid.uuid4())
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", bericht_id=bid)
    assert r.headers["berichtId"] == bid


@pytest.mark.parametrize("bsn, gemeente", [
    (GEZIN, DEN_HAAG),  # lives in Amsterdam
    (HAAG, AMSTERDAM),  # lives in Den Haag
    (ASIEL, CRANENDONCK),  # at the AZC in Cranendonck, coupled to Utrecht
    (OUD, AMSTERDAM),  # Wi2013: not in the Wi2021 environment
    (STUDENT, AMSTERDAM),  # not obligated
])
def test_person_outside_scope_is_indistinguishable_from_an_unknown_person(api, bsn, gemeente):
    for pad in ("inburgeringsplicht", "doelgroep", "inburgeringsplicht/historie", "PIP", "lbt/resultaten",
                "vrijstellingen", "uren"):
        buiten = api.get(f"personen/{bsn}/{pad}", gemeente=gemeente)
        onbekend = api.get(f"personen/{ONBEKEND}/{pad}", gemeente=gemeente)
        assert buiten.status_code == onbekend.status_code == 404
        assert buiten.content == onbekend.content
        assert {k: v for k, v in buiten.headers.items() if k not in ("berichtId", "Date")} == \
               {k: v for k, v in onbekend.headers.items() if k not in ("berichtId", "Date")}


def test_in_scope_for_the_coupled_gemeente_not_the_azc_gemeente(api):
    assert api.get(f"personen/{ASIEL}/inburgeringsplicht", gemeente=UTRECHT).status_code == 200
    assert api.get(f"personen/{HAAG}/inburgeringsplicht", gemeente=DEN_HAAG).status_code == 200


def test_missing_headers_are_a_bad_request_in_dutch(api):
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={})
    assert r.status_code == 400
    assert fouten(r) == ["De header bron ontbreekt.", "De header doel ontbreekt.", "De header berichtId ontbreekt."]
    assert r.headers["API-Version"] == "1.2.2"


def test_wrong_doel_bad_berichtid_and_bad_bron(api):
    h = api.koppen()
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={**h, "doel": "0" * 20})
    assert r.status_code == 400 and fouten(r) == ["De header doel is niet het OIN van DUO."]
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={**h, "berichtId": "niet-een-uuid"})
    assert r.status_code == 400 and "berichtId" in fouten(r)[0]
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={**h, "bron": "ABCDEFGHIJKLMNOPQRST"})
    assert r.status_code == 400


def test_unknown_bron_is_refused(api):
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={**api.koppen(), "bron": "0" * 20})
    assert r.status_code == 403
    assert fouten(r) == ["De header bron is niet het OIN van een bij DUO bekende gemeente."]
    # operations that document no 403 answer 400
    r = api.get("instellingen", koppen={**api.koppen(), "bron": "0" * 20})
    assert r.status_code == 400


def test_invalid_bsn_is_a_bad_request(api):
    for bsn in ("123456789", "12345678", "abcdefghi", "١٢٣٤٥٦٧٨٩"):
        r = api.get(f"personen/{bsn}/inburgeringsplicht")
        assert r.status_code == 400, bsn
        assert fouten(r) == ["Het bsn moet uit 9 cijfers bestaan en aan de elfproef voldoen."]


def test_method_not_in_the_spec_is_405_with_allow(api):
    r = api.verzoek("PATCH", f"personen/{GEZIN}/PIP")
    assert r.status_code == 405
    assert r.headers["Allow"] == "DELETE, GET, POST"


def test_certificate_mode_refuses_without_a_client_certificate(api, settings):
    settings.INBURGERING_M2M_AUTH = "certificaat"
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht")
    assert r.status_code == 403
    assert fouten(r) == ["Geen geldig PKIoverheid-clientcertificaat ontvangen."]


@pytest.mark.parametrize("pad, versie", [
    (f"personen/{GEZIN}/inburgeringstermijn/historie", "1.0.0"), ("verlengingsgronden", "1.0.0"),
    (f"personen/{GEZIN}/PIP", "1.2.0"), (f"personen/{GEZIN}/lbt/resultaten", "1.2.0"), ("instellingen", "1.2.0"),
    (f"personen/{GEZIN}/vrijstellingen", "1.0.0"), (f"personen/{GEZIN}/ontheffingen", "1.0.0"),
    (f"personen/{GEZIN}/examens/resultaten", "1.0.0"), (f"personen/{GEZIN}/uren", "1.0.0"),
])
def test_each_api_answers_with_its_own_version(api, pad, versie):
    assert api.get(pad).headers["API-Version"] == versie


def test_api_versions_match_duo_spec_files(specs):
    import yaml

    from inburgering.m2m import api

    bestanden = {"Inburgeringsplicht": "Inburgeringsplicht", "Inburgeringstermijn": "Inburgeringstermijn", "PIP": "PIP",
                 "Leerbaarheidstoets": "Leerbaarheidstoets", "Inburgeringsaanbod": "Inburgeringsaanbod",
                 "MAP-PVT-Zroute": "MAP-PVT-Zroute", "Vrijstelling": "Vrijstelling", "Ontheffing": "Ontheffing",
                 "Examen": "Examen", "GevolgdeUren": "GevolgdeUren", "Contactpersoon": "Contactpersoon",
                 "Notificatie": "Notificatie"}
    for a in (api.INBURGERINGSPLICHT, api.INBURGERINGSTERMIJN, api.PIP, api.LEERBAARHEIDSTOETS, api.INBURGERINGSAANBOD,
              api.MAP_PVT_ZROUTE, api.VRIJSTELLING, api.ONTHEFFING, api.EXAMEN, api.GEVOLGDE_UREN, api.CONTACTPERSOON,
              api.NOTIFICATIE):
        spec = yaml.safe_load((specs / f"{bestanden[a.naam]}.openapi.yml").read_text())
        assert spec["info"]["version"] == a.versie, a.naam


def test_every_path_of_every_spec_is_served(specs):
    import re

    import yaml
    from django.urls import resolve

    for bestand in sorted(specs.glob("*.openapi.yml")):
        if bestand.name == "Notificatie.openapi.yml":
            continue  # the gemeente's API, served by the reference receiver
        spec = yaml.safe_load(bestand.read_text())
        for pad, ops in spec["paths"].items():
            url = "/v1" + re.sub(r"\{bsn\}", GEZIN, re.sub(r"\{id\}", "1", re.sub(r"\{instellingsnummer\}", "X" * 10, pad)))
            view = resolve(url).func
            assert view.__module__ == "inburgering.m2m.api", pad
            for methode in ops:
                if methode in ("get", "post", "put", "delete", "patch"):
                    assert methode.upper() in view.methoden, (pad, methode)


def test_a_repeated_mutation_is_answered_the_same_and_applied_once(api):
    bid = str(uuid.uuid4())
    body = {"dagtekeningPip": "2024-02-20", "leerroute": "B"}
    r1 = api.post(f"personen/{GEZIN}/PIP", json=body, bericht_id=bid)
    r2 = api.post(f"personen/{GEZIN}/PIP", json=body, bericht_id=bid)
    assert r1.status_code == r2.status_code == 201
    from inburgering.keten.models import Bericht

    assert Bericht.objects.filter(type="gemeente.pip", bsn=GEZIN).count() == 1
    r3 = api.delete(f"personen/{GEZIN}/PIP", bericht_id=bid)
    assert r3.status_code == 400 and fouten(r3) == ["Dit berichtId is al gebruikt voor een ander verzoek."]


def test_keten_fixture_sees_the_expected_world(keten):
    assert keten.zichtbaar(GEZIN) == {AMSTERDAM}
    assert keten.zichtbaar(ASIEL) == {UTRECHT}
    assert keten.zichtbaar(OUD) == set()
    assert OIN[AMSTERDAM] != Keten.DUO_OIN
