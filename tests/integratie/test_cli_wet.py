"""Issue 8's cases through the two contract commands, as a user runs them: `inburgering determine` (contract §2)
gives the law's answer and `inburgering replay` (contract §3, §5.6) sends exactly the catalogue's notifications.
The cases are in ``voorbeelden/wet.jsonl``, one person each:

200000007 Wi2013 family migrant, renewal decided weeks late but starting the day after the old right
200000056 asylum status holder since 2017, five-year permit renewed late
200000147 arrived aged 4, eight years here at school-attendance age: not obligated at 18
200000196 Turkish asylum status holder from June 2020: Wi2013
200000238 studie → gezinsvorming decided and handed over in December 2021, effective 1 January 2022: Wi2021
200000287 full exemption (diploma): SS107
200000329 temporary exemption while at school from the 18th birthday: SS129 when it ends
200000378 family member of an EU citizen: not obligated
200000469 asylum → regular purpose: asylum rights kept, no SS124
200001085 asylum permit 2017-2022, the next one only after a gap: the Wi2013 obligation ends (SS110), a new one
          begins under Wi2021
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

VOORBEELD = Path(__file__).parent / "voorbeelden" / "wet.jsonl"
GEZIN, ASIEL = "Gezinsmigrant en overige migrant", "Asielstatushouder"


def cli(*args, werkers="1") -> list[dict]:
    r = subprocess.run([sys.executable, "-m", "inburgering.cli", *map(str, args)], capture_output=True, text=True,
                       timeout=300, env={**os.environ, "INBURGERING_WERKERS": werkers})
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr
    return [json.loads(x) for x in r.stdout.splitlines()]


def test_determine_gives_the_laws_answer_for_each_case():
    uit = {d["bsn"]: (d["inburgeringsplichtig"], d["wet"], d["begindatum"], d["doelgroep"], d["gemeente"],
                      d["redenGeenInburgeringsplicht"])
           for d in cli("determine", VOORBEELD, "--peildatum", "2024-09-01")}
    assert cli("determine", VOORBEELD, "--peildatum", "2024-09-01") == cli(
        "determine", VOORBEELD, "--peildatum", "2024-09-01", werkers="2")  # the parallel path: the same answer
    assert uit == {
        "200000007": (True, "Wi2013", "2019-03-10", GEZIN, "0363", None),
        "200000056": (True, "Wi2013", "2017-06-01", ASIEL, "0344", None),
        "200000147": (False, None, None, None, None, None),
        "200000196": (True, "Wi2013", "2020-06-01", ASIEL, "0344", None),
        "200000238": (True, "Wi2021", "2022-01-01", GEZIN, "0344", None),
        "200000287": (False, "Wi2021", "2022-03-10", GEZIN, None, "Volledige vrijstelling"),
        "200000329": (True, "Wi2021", "2023-09-01", ASIEL, "0363", None),
        "200000378": (False, None, None, None, None, None),
        "200000469": (True, "Wi2021", "2022-02-01", ASIEL, "0599", None),
        "200001085": (True, "Wi2021", "2022-09-15", ASIEL, "0344", None),
    }


def test_determine_during_the_temporary_exemption_says_so():
    d = {x["bsn"]: x for x in cli("determine", VOORBEELD, "--peildatum", "2024-01-01", "--uitleg")}["200000329"]
    assert (d["inburgeringsplichtig"], d["wet"], d["redenGeenInburgeringsplicht"]) == (
        False, "Wi2021", "Tijdelijke vrijstelling")
    assert any("tijdelijke vrijstelling (reden OPL)" in s for s in d["uitleg"])


def test_replay_sends_exactly_the_catalogues_notifications():
    geleverd = [(r["datum"], r["gemeente"], r["wet"], r["gebeurtenisId"], r["bsn"])
                for r in cli("replay", VOORBEELD, "--tot", "2024-09-01")]
    assert geleverd == [
        ("2017-06-10", "0344", "Wi2013", "SS101", "200000056"),
        ("2017-06-10", "0344", "Wi2013", "SS101", "200001085"),
        ("2019-03-11", "0363", "Wi2013", "SS101", "200000007"),
        ("2020-06-05", "0344", "Wi2013", "SS101", "200000196"),
        ("2022-01-01", "0344", "Wi2021", "SS139", "200000238"),
        ("2022-02-05", "0599", "Wi2021", "SS101", "200000469"),
        ("2022-03-12", "0363", "Wi2021", "SS139", "200000287"),
        ("2022-03-12", "0344", "Wi2021", "SS126", "200000238"),
        ("2022-04-01", "0599", "Wi2021", "SS139", "200000469"),
        ("2022-05-21", "0363", "Wi2021", "SS126", "200000287"),
        ("2022-06-01", "0363", "Wi2021", "SS107", "200000287"),
        ("2022-06-10", "0599", "Wi2021", "SS126", "200000469"),
        ("2022-09-15", "0344", "Wi2013", "SS110", "200001085"),
        ("2022-09-15", "0344", "Wi2021", "SS139", "200001085"),
        ("2022-11-24", "0344", "Wi2021", "SS126", "200001085"),
        ("2024-08-01", "0363", "Wi2021", "SS129", "200000329"),
    ]


@pytest.mark.slow  # replay --datalek as a subprocess
def test_replay_under_the_law_reports_no_breach():
    """Contract §5.5: under the law's rules alone, nobody was ever shown where the law would not show them."""
    assert cli("replay", VOORBEELD, "--tot", "2024-09-01", "--datalek") == []
    zicht = {(r["gemeente"], r["wet"], r["bsn"]) for r in cli("replay", VOORBEELD, "--tot", "2024-09-01",
                                                                "--zichtbaarheid")}
    assert ("0344", "Wi2013", "200001085") not in zicht and ("0344", "Wi2021", "200001085") in zicht


def test_a_decision_about_an_unknown_person_is_refused_by_both_commands(tmp_path):
    slecht = tmp_path / "slecht.jsonl"
    slecht.write_text(VOORBEELD.read_text() + json.dumps(
        {"type": "duo.voldaan", "ontvangen": "2024-01-01", "bsn": "200001036", "datum": "2024-01-01"}) + "\n")
    n = len(VOORBEELD.read_text().splitlines()) + 1
    for opdracht, werkers in (("determine", "1"), ("determine", "2"), ("replay", "1")):
        r = subprocess.run([sys.executable, "-m", "inburgering.cli", opdracht, str(slecht)], capture_output=True,
                           text=True, timeout=120, env={**os.environ, "INBURGERING_WERKERS": werkers})
        assert r.returncode != 0 and r.stdout == "" and "Traceback" not in r.stderr
        assert r.stderr.strip() == (f"regel {n}: veld 'bsn': persoon 200001036 is bij DUO niet bekend (geen "
                                    "brp.persoon vóór dit besluit, in het bestand of in het berichtenlog)")
