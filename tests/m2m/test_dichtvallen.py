"""Fail closed: ``serve`` outside development without real secrets, production settings with header
identification, any API failure (unknown path, over-size body, a server error) and caching of answers."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .keten import GEZIN, ONBEKEND


def _serve(tmp_path, *args, **env):
    omgeving = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERING_")}
    omgeving.update(INBURGERING_DATA=str(tmp_path), DJANGO_SETTINGS_MODULE="inburgering.project.settings", **env)
    omgeving.pop("DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "inburgering.cli", "serve", "--geen-achtergrond", "--port", "1",
                           *args], env=omgeving, capture_output=True, text=True, timeout=120)


ECHT = {"INBURGERING_SECRET_KEY": "k" * 30 + "Zq9!x_" * 5, "INBURGERING_LOGSLEUTEL": "l" * 40,
        "INBURGERING_TOTPSLEUTEL": "t" * 40}


@pytest.mark.slow  # subprocesses
def test_serve_refuses_development_secrets_outside_loopback(tmp_path):
    r = _serve(tmp_path, "--host", "0.0.0.0")
    assert r.returncode == 2
    for naam in ("INBURGERING_SECRET_KEY", "INBURGERING_LOGSLEUTEL", "INBURGERING_TOTPSLEUTEL"):
        assert naam in r.stderr
    r = _serve(tmp_path, "--host", "0.0.0.0", **ECHT, INBURGERING_M2M_AUTH="header")
    assert r.returncode == 2 and "INBURGERING_M2M_AUTH=header" in r.stderr and "SECRET_KEY" not in r.stderr
    r = _serve(tmp_path, "--host", "0.0.0.0", **{**ECHT, "INBURGERING_LOGSLEUTEL": ECHT["INBURGERING_SECRET_KEY"]})
    assert r.returncode == 2 and "andere sleutel" in r.stderr


def test_serve_with_real_secrets_passes_the_check(settings):
    from inburgering.cli_m2m import weigering_buiten_ontwikkeling

    settings.SECRET_KEY = ECHT["INBURGERING_SECRET_KEY"]
    settings.INBURGERING_LOGSLEUTEL = ECHT["INBURGERING_LOGSLEUTEL"]
    settings.INBURGERING_TOTPSLEUTEL = ECHT["INBURGERING_TOTPSLEUTEL"]
    settings.INBURGERING_M2M_AUTH = "certificaat"
    assert weigering_buiten_ontwikkeling("0.0.0.0") == []
    settings.SECRET_KEY = settings.ONTWIKKELING + "x" * 60
    assert weigering_buiten_ontwikkeling("0.0.0.0") and weigering_buiten_ontwikkeling("127.0.0.1") == []


@pytest.mark.parametrize("extra, fout", [
    ({"INBURGERING_M2M_AUTH": "header"}, "INBURGERING_M2M_AUTH=header"),
    ({"INBURGERING_LOGSLEUTEL": ""}, "INBURGERING_LOGSLEUTEL"),
    ({"INBURGERING_TOTPSLEUTEL": "kort"}, "INBURGERING_TOTPSLEUTEL"),
    ({"INBURGERING_SECRET_KEY": "ontwikkeling-alleen-niet-geheim-" + "x" * 40}, "INBURGERING_SECRET_KEY"),
])
@pytest.mark.slow  # subprocesses
def test_production_settings_refuse(tmp_path, extra, fout):
    env = {k: v for k, v in os.environ.items() if not k.startswith("INBURGERING_")}
    env.update(ECHT, DJANGO_SETTINGS_MODULE="inburgering.project.productie", INBURGERING_ALLOWED_HOSTS="pib.example.nl",
               INBURGERING_DATA=str(tmp_path))
    env.update(extra)
    r = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True)
    assert r.returncode != 0 and fout in r.stderr, r.stderr[-500:]
    env.update(ECHT, INBURGERING_M2M_AUTH="certificaat")
    r = subprocess.run([sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-500:]


def test_every_api_answer_says_no_store(api):
    for pad in (f"personen/{GEZIN}/inburgeringsplicht", f"personen/{ONBEKEND}/inburgeringsplicht",
                "personen/123/inburgeringsplicht", "verlengingsgronden", "bestaat/niet"):
        assert api.get(pad).headers["Cache-Control"] == "no-store", pad


def test_unknown_path_and_over_size_body_answer_in_json(api, settings):
    r = api.get("bestaat/niet")
    assert r.status_code == 404 and r.json() == [{"fouttekst": "Niet gevonden"}]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = api.post(f"personen/{GEZIN}/PIP", json={"dagtekeningPip": "2024-02-20", "leerroute": "B", "x": "y" * 5000})
    assert r.status_code == 400 and r.headers["Content-Type"] == "application/json"
    assert r.json() == [{"fouttekst": "De body is groter dan 1000 bytes."}]


def test_a_server_error_answers_in_json_without_details(api, monkeypatch):
    from inburgering.m2m import urls

    view = next(p.callback for p in urls.urlpatterns if p.name == "m2m:verlengingsgronden")

    def kapot(ctx):
        raise RuntimeError(f"geheim detail {GEZIN}")

    monkeypatch.setitem(view.methoden, "GET", kapot)
    r = api.get("verlengingsgronden")
    assert r.status_code == 500 and r.headers["Content-Type"] == "application/json"
    assert r.json() == [{"fouttekst": "Er ging bij DUO iets mis; probeer het later opnieuw."}]
    assert b"geheim" not in r.content and r.headers["Cache-Control"] == "no-store"
