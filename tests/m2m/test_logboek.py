"""The processing log is complete and pseudonymous, and the application logs hold no BSN.

- every API read or write of a person is one entry with the Logboek Dataverwerkingen fields, the person as a
  keyed hash, the trace taken from a valid ``traceparent`` or generated;
- after the API and the portal have been used (person pages, BSN filters, the privacy officer's BSN search,
  probes of unknown BSNs), no field of any log entry holds a BSN in the clear;
- the pseudonym key is its own: Django's secret does not change a pseudonym, the log key does;
- the application log (``inburgering serve``'s stderr: gunicorn's access and error log, Django's 404
  warnings) is JSON lines without a single BSN.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest
import requests
from django.test import Client

from inburgering.portaal import verwerkingslog
from inburgering.portaal.models import Betrokkene, Verwerking

from .keten import AMSTERDAM, ASIEL, GEZIN, HAAG, OIN, ONBEKEND, OUD, STUDENT, UTRECHT, Keten
from .test_aflevering import vrije_poort
from .test_tls import _database_url

ALLE_BSNS = (GEZIN, ASIEL, HAAG, OUD, STUDENT, ONBEKEND)
_NEGEN = re.compile(r"(?<!\d)\d{9}(?!\d)")


def _laatste() -> Verwerking:
    return Verwerking.objects.order_by("-id").first()


def test_an_api_read_is_one_entry_with_the_standard_fields(api):
    voor = Verwerking.objects.count()
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht", koppen={
        **api.koppen(), "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"})
    assert r.status_code == 200
    assert Verwerking.objects.count() == voor + 1
    v = _laatste()
    assert (v.gebruiker, v.rol, v.namens_gemeente, v.wet) == (f"m2m:{OIN[AMSTERDAM]}", "m2m", AMSTERDAM, "Wi2021")
    assert v.name == "GET /v1/personen/{bsn}/inburgeringsplicht"
    assert v.processing_activity_id.endswith("m2m-verstrekken") and v.gegevens == "Inburgeringsplicht"
    assert v.trace_id == "0af7651916cd43dd8448eb211c80319c" and v.parent_span_id == "b7ad6b7169203331"
    assert v.status_code == Verwerking.STATUS_OK and v.end_time >= v.start_time
    assert v.resource["service.name"] == "inburgering-m2m"
    assert list(v.betrokkenen.values_list("data_subject_id", flat=True)) == [verwerkingslog.pseudoniem(GEZIN)]


@pytest.mark.parametrize("traceparent", [
    "00-00000000000000000000000000000000-b7ad6b7169203331-01",  # all-zero trace id
    "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",  # all-zero parent
    "00-0AF7651916CD43DD8448EB211C80319C-B7AD6B7169203331-01",  # upper case
    "ff-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",  # version ff
    "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01-extra",
    "<script>alert(1)</script>",
])
def test_an_invalid_traceparent_is_not_copied_but_replaced(api, traceparent):
    api.get(f"personen/{GEZIN}/doelgroep", koppen={**api.koppen(), "traceparent": traceparent})
    v = _laatste()
    assert re.fullmatch(r"[0-9a-f]{32}", v.trace_id) and v.trace_id not in traceparent.lower()
    assert v.parent_span_id == ""


def test_writes_are_logged_refused_ones_too(api):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    v = _laatste()
    assert v.name == "POST /v1/personen/{bsn}/PIP" and v.processing_activity_id.endswith("m2m-melding-verwerken")
    assert v.status_code == Verwerking.STATUS_OK
    assert api.pip(GEZIN, "2024-01-01").status_code == 403
    assert _laatste().status_code == Verwerking.STATUS_ERROR
    r = api.post("contactpersonen", json={"naam": "E. Visser", "email": "e@example.nl", "telefoonnummer": "0201234567"})
    v = _laatste()
    assert r.status_code == 201 and v.processing_activity_id.endswith("m2m-contactpersonen")
    assert v.aantal_betrokkenen == 0


def test_no_bsn_in_the_clear_anywhere_in_the_processing_log(api, keten, settings):
    from inburgering.portaal.gebruikers import maak_gebruiker

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    for bsn in ALLE_BSNS:
        for pad in ("inburgeringsplicht", "inburgeringsplicht/historie", "PIP", "ontheffingen"):
            api.get(f"personen/{bsn}/{pad}")
            api.get(f"personen/{bsn}/{pad}", gemeente=UTRECHT)
    api.pip(GEZIN, "2024-02-20")
    gemeente, _ = maak_gebruiker("consulent-0363", "gemeente", gemeente=AMSTERDAM, wachtwoord="lang-genoeg-wachtwoord")
    privacy, _ = maak_gebruiker("privacy", "privacy", wachtwoord="lang-genoeg-wachtwoord")
    c = Client()
    c.force_login(gemeente)
    for bsn in ALLE_BSNS:
        c.get(f"/gemeente/Wi2021/personen/{bsn}/")
        c.get("/gemeente/Wi2021/personen/", {"bsn": bsn})
        c.get("/gemeente/Wi2021/signalen/", {"bsn": bsn, "status": "alle"})
        c.get("/gemeente/Wi2021/signalen/", {"bsn": bsn[:5], "status": "alle"})
        b"".join(c.get("/gemeente/Wi2021/download.csv", {"bsn": bsn, "status": "alle"}).streaming_content)
    p = Client()
    p.force_login(privacy)
    s = p.session
    from django_otp import DEVICE_ID_SESSION_KEY

    from inburgering.portaal.gebruikers import totp_apparaat

    s[DEVICE_ID_SESSION_KEY] = totp_apparaat(privacy).persistent_id
    s.save()
    for bsn in ALLE_BSNS:
        assert p.get("/privacy/verwerkingen/", {"bsn": bsn}).status_code == 200
    rijen = list(Verwerking.objects.values())
    assert len(rijen) > 15 and {r["rol"] for r in rijen} >= {"m2m", "gemeente", "privacy"}
    tekst = json.dumps(rijen, default=str) + json.dumps(list(Betrokkene.objects.values()), default=str)
    for bsn in ALLE_BSNS:
        assert bsn not in tekst
    assert not _NEGEN.search(json.dumps([{k: v for k, v in r.items() if k not in ("start_time", "end_time", "trace_id", "span_id", "parent_span_id")}
                                        for r in rijen], default=str))
    assert all(r["end_time"] is None or r["end_time"] >= r["start_time"] for r in rijen)


def test_the_pseudonym_key_is_its_own(settings):
    eerst = verwerkingslog.pseudoniem(GEZIN)
    settings.SECRET_KEY = "een-heel-andere-django-sleutel-" + "q" * 30
    assert verwerkingslog.pseudoniem(GEZIN) == eerst
    settings.INBURGERING_LOGSLEUTEL = "een-andere-logsleutel-" + "w" * 20
    assert verwerkingslog.pseudoniem(GEZIN) != eerst


@pytest.mark.slow  # inburgering serve
def test_application_log_is_json_lines_without_bsns(keten, tmp_path):
    """``inburgering serve --toegangslog``: gunicorn's access log, Django's 404 warnings, all through one filter."""
    poort = vrije_poort()
    env = {**os.environ, "DATABASE_URL": _database_url(), "INBURGERING_M2M_AUTH": "header",
           "INBURGERING_OIN": Keten.DUO_OIN, "INBURGERING_VANDAAG": keten.dag.isoformat(),
           "INBURGERING_DATA": str(tmp_path / "var"), "INBURGERING_LOGLEVEL": "INFO"}
    proc = subprocess.Popen([sys.executable, "-m", "inburgering.cli", "serve", "--host", "127.0.0.1", "--port",
                             str(poort), "--workers", "1", "--threads", "2", "--geen-achtergrond", "--toegangslog"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    basis = f"http://127.0.0.1:{poort}"
    try:
        eind = time.monotonic() + 30
        while True:
            try:
                requests.get(basis + "/inloggen/", timeout=2)
                break
            except requests.ConnectionError:
                if proc.poll() is not None or time.monotonic() > eind:
                    pytest.fail(f"serve startte niet: {proc.stderr.read().decode()}")
                time.sleep(0.2)
        koppen = {"bron": OIN[AMSTERDAM], "doel": Keten.DUO_OIN}
        antwoorden = []
        for bsn in ALLE_BSNS:
            for pad in (f"/v1/personen/{bsn}/inburgeringsplicht", f"/v1/personen/{bsn}/niet-bestaand",
                        f"/gemeente/Wi2021/personen/{bsn}/", f"/v1/personen/{bsn}/PIP?bsn={bsn}"):
                antwoorden.append(requests.get(basis + pad, headers={**koppen, "berichtId": str(uuid.uuid4())},
                                               timeout=10))
        assert {r.status_code for r in antwoorden} >= {200, 404}
        assert all(r.headers.get("Cache-Control") == "no-store" for r in antwoorden if r.url.startswith(basis + "/v1/"))
    finally:
        proc.terminate()
        _, fout = proc.communicate(timeout=20)
    regels = [r for r in fout.decode().splitlines() if r.strip()]
    assert len(regels) >= len(ALLE_BSNS) * 3, fout.decode()[-2000:]
    for regel in regels:
        obj = json.loads(regel)  # JSON lines, every one
        assert {"tijd", "niveau", "logger", "bericht"} <= obj.keys()
    alles = "\n".join(regels)
    for bsn in ALLE_BSNS:
        assert bsn not in alles
    assert "/v1/personen/*********/niet-bestaand" in alles  # the 404s are logged, masked


def test_nine_digits_inside_a_message_id_are_not_a_bsn():
    # A berichtId whose last group holds a run of nine digits stays readable; the BSN beside it is masked.
    from inburgering.logboek import MASKER, maskeer

    bid = "3f2b6c1e-9a4d-4c2b-8e1f-a123456789bc"
    assert maskeer(f"berichtId {bid} bsn 123456782") == f"berichtId {bid} bsn {MASKER}"
    assert maskeer("x123456789y 999999999") == f"x{MASKER}y {MASKER}"
