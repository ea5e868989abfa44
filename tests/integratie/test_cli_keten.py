"""The persistent commands as a newcomer uses them: ingest, proces, herbeoordeling, demo (subprocesses on
their own SQLite file, or on PostgreSQL when DATABASE_URL points there)."""

import os
from pathlib import Path
from datetime import date, timedelta
import subprocess
import sys

import orjson
import pytest

from .keten import adres, document, gemeenten, persoon, recht

pytestmark = pytest.mark.slow  # the persistent commands as subprocesses, the demo


def inburgering(tmp_path, *args, check=True):
    env = {**os.environ, "INBURGERING_DATA": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)  # each test its own SQLite file: these commands own their database
    r = subprocess.run([sys.executable, "-m", "inburgering.cli", *args], capture_output=True, text=True, env=env,
                       timeout=600)
    if check:
        assert r.returncode == 0, r.stderr
    return r


def schrijf(tmp_path, naam, berichten):
    pad = tmp_path / naam
    pad.write_bytes(b"".join(orjson.dumps(b) + b"\n" for b in berichten))
    return pad


def test_ingest_is_idempotent_and_rejects_a_conflicting_id_without_applying_anything(tmp_path):
    bestand = schrijf(tmp_path, "a.jsonl", gemeenten() + [persoon("111222333"), recht("111222333", "gezinsvorming", "2022-03-01"),
                                                           document("111222333", "2022-03-05"),
                                                           adres("111222333", "2022-03-06", "0363")])
    eerste = inburgering(tmp_path, "ingest", str(bestand), "--tot", "2022-04-01")
    assert "notificaties aangemaakt" in eerste.stderr
    tweede = inburgering(tmp_path, "ingest", str(bestand), "--tot", "2022-04-01")
    assert "0 berichten toegevoegd" in tweede.stderr and "0 notificaties" in tweede.stderr
    regels = bestand.read_text().splitlines()
    anders = orjson.loads(regels[-1])
    anders["huisnummer"] = 99
    conflict = tmp_path / "b.jsonl"
    conflict.write_text(orjson.dumps(persoon("123456782")).decode() + "\n" + orjson.dumps(anders).decode() + "\n")
    r = inburgering(tmp_path, "ingest", str(conflict), check=False)
    assert r.returncode != 0
    assert "regel 2: veld 'id'" in r.stderr and "Traceback" not in r.stderr
    status = inburgering(tmp_path, "proces", "status").stdout
    assert "verwerkt tot" in status


def test_process_control_from_the_cli_pauses_and_resumes_per_law_and_group(tmp_path):
    bestand = schrijf(tmp_path, "a.jsonl", gemeenten())
    inburgering(tmp_path, "ingest", str(bestand), "--tot", "2022-01-01")
    inburgering(tmp_path, "proces", "pauzeer", "--wet", "Wi2021", "--procesgroep", "gezinsmigranten", "--datum", "2022-01-19")
    # the engine ran to today: the pause of 2022-01-19 is in force
    status = inburgering(tmp_path, "proces", "status").stdout
    assert "Wi2021  gezinsmigranten  gepauzeerd sinds 2022-01-19" in status
    assert "Wi2021  asiel_en_overig  actief" in status
    te_vroeg = inburgering(tmp_path, "proces", "hervat", "--wet", "Wi2021", "--procesgroep", "gezinsmigranten",
                           "--datum", "2022-01-02", check=False)
    assert te_vroeg.returncode != 0 and "ligt vóór de laatst verwerkte dag" in te_vroeg.stderr
    vandaag = date.today().isoformat()
    morgen = (date.today() + timedelta(days=1)).isoformat()
    inburgering(tmp_path, "proces", "hervat", "--wet", "Wi2021", "--procesgroep", "gezinsmigranten", "--datum", vandaag)
    assert "Wi2021  gezinsmigranten  actief" in inburgering(tmp_path, "proces", "status").stdout
    inburgering(tmp_path, "proces", "pauzeer", "--datum", vandaag)  # the same day again: takes effect now
    inburgering(tmp_path, "proces", "hervat", "--datum", morgen)
    status = inburgering(tmp_path, "proces", "status").stdout
    assert f"Wi2013  asiel_en_overig  gepauzeerd sinds {vandaag}" in status
    assert f"gepland op {morgen}: hervat alle alle" in status


def test_redetermination_dry_run_prints_the_impact_and_writes_csv(tmp_path):
    bestand = schrijf(tmp_path, "a.jsonl", gemeenten() + [persoon("111222333"), recht("111222333", "gezinsvorming", "2022-03-01"),
                                                           document("111222333", "2022-03-05"),
                                                           adres("111222333", "2022-03-06", "0363")])
    inburgering(tmp_path, "ingest", str(bestand), "--tot", "2022-04-01")
    r = inburgering(tmp_path, "herbeoordeling", "--proef", "--csv", str(tmp_path / "impact.csv"))
    assert "1 personen beoordeeld" in r.stdout
    assert "Proefrun" in r.stderr
    assert (tmp_path / "impact.csv").read_text().startswith("gemeente;wet;wet_gewijzigd")


@pytest.mark.skipif(not os.environ.get("CI") and not os.environ.get("INBURGERING_DEMO_TEST"),
                    reason="de demo duurt een minuut; draait in CI (CI=true) of met INBURGERING_DEMO_TEST=1")
def test_demo_builds_a_database_and_tells_what_to_open_next(tmp_path):
    r = inburgering(tmp_path, "demo", "--personen", "1500")
    assert "Wat nu?" in r.stdout and "replay" in r.stdout
    assert "Wi2021" in r.stdout
    # the letters of one wrongly placed person: their Wi2021 notice and its correction, as PDFs
    regel = next(x for x in r.stdout.splitlines() if "Brieven van een ten onrechte" in x)
    map_ = regel.split(": ", 1)[1].strip()
    namen = sorted(p.name for p in Path(map_).iterdir())
    assert [n.split("-")[-2:] for n in namen][:2] == [["Wi2021", "kennisgeving.pdf"], ["Wi2021", "correctie.pdf"]]
    assert "--opt-in" in r.stdout and "/privacy/datalek/" in r.stdout
    again = inburgering(tmp_path, "demo", "--personen", "1500", check=False)
    assert again.returncode != 0 and "--opnieuw" in again.stderr
