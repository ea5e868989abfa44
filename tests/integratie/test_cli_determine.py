"""`inburgering determine FILE [--peildatum]` as a user runs it (contract §2): a subprocess, JSON Lines
out sorted by BSN, the law's rules whatever the file says, and clean `regel N: ...` errors."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

CONTRACT_SLEUTELS = {"bsn", "inburgeringsplichtig", "wet", "begindatum", "doelgroep", "gemeente",
                     "redenGeenInburgeringsplicht"}
GEZIN = "Gezinsmigrant en overige migrant"


def determine(*args, timeout=60) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "inburgering.cli", "determine", *map(str, args)],
        capture_output=True, text=True, timeout=timeout,
    )


def regels_uit(proc) -> list[dict]:
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return [json.loads(r) for r in proc.stdout.splitlines()]


def contractdeel(d: dict) -> dict:
    assert CONTRACT_SLEUTELS <= d.keys(), f"contract keys missing: {CONTRACT_SLEUTELS - d.keys()}"
    return {k: d[k] for k in CONTRACT_SLEUTELS}


def schrijf(tmp_path, *objs, naam="berichten.jsonl"):
    pad = tmp_path / naam
    pad.write_text("".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs), encoding="utf-8")
    return pad


def assert_nette_fout(proc, *verwacht_regels):
    """Non-zero exit, nothing on stdout, one `regel N: ...` per fault on stderr, no traceback."""
    assert proc.returncode != 0
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    fouten = [r for r in proc.stderr.splitlines() if r.strip()]
    assert fouten
    for n in verwacht_regels:
        assert any(f.startswith(f"regel {n}: ") for f in fouten), proc.stderr
    return fouten


# messages for temp files
def persoon(bsn, geboren="1990-01-01", nat=("SYR",), ontvangen="2021-06-01"):
    return {"type": "brp.persoon", "ontvangen": ontvangen, "bsn": bsn, "geboortedatum": geboren,
            "geslachtsnaam": "Test", "nationaliteiten": list(nat)}


def asiel(bsn, datum, ontvangen=None):
    return {"type": "ind.verblijfsrecht", "ontvangen": ontvangen or datum, "bsn": bsn, "verblijfsdoel": "asiel",
            "datum_beschikking": datum, "ingangsdatum": datum}


def koppeling(bsn, datum, gemeente):
    return {"type": "coa.koppeling", "ontvangen": datum, "bsn": bsn, "gemeentecode": gemeente, "datum": datum}


# --- the contract examples -----------------------------------------------------------------------------

def test_example_file_gives_rania_and_youssef_per_the_contract(voorbeelden):
    """voorbeeld.jsonl: Rania → Wi2021 2022-02-03 Asielstatushouder 0344; Youssef → Wi2021 2022-01-05 0363."""
    uit = regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-03-01"))
    assert [contractdeel(d) for d in uit] == [
        {"bsn": "111222333", "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-02-03",
         "doelgroep": "Asielstatushouder", "gemeente": "0344", "redenGeenInburgeringsplicht": None},
        {"bsn": "123456782", "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-01-05",
         "doelgroep": GEZIN, "gemeente": "0363", "redenGeenInburgeringsplicht": None},
    ]


def test_example_file_before_the_decisions_nobody_is_obligated(voorbeelden):
    uit = regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2021-12-01"))
    assert [(d["bsn"], d["inburgeringsplichtig"], d["wet"], d["gemeente"]) for d in uit] == [
        ("111222333", False, None, None), ("123456782", False, None, None),
    ]


def test_example_file_without_peildatum_uses_today(voorbeelden):
    met_vandaag = regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", date.today().isoformat()))
    zonder = regels_uit(determine(voorbeelden / "voorbeeld.jsonl"))
    assert zonder == met_vandaag


def test_incident_timeline_is_determined_with_the_laws_rules_whatever_the_file_says(voorbeelden):
    """tijdlijn-2022.jsonl zet de foutieve variant aan en pauzeert: `determine` negeert dat en past de wet toe."""
    uit = regels_uit(determine(voorbeelden / "tijdlijn-2022.jsonl", "--peildatum", "2022-01-20"))
    assert [d["bsn"] for d in uit] == sorted(d["bsn"] for d in uit)
    per_bsn = {d["bsn"]: contractdeel(d) for d in uit}
    assert per_bsn["163923322"] == {
        "bsn": "163923322", "inburgeringsplichtig": True, "wet": "Wi2013", "begindatum": "2021-12-22",
        "doelgroep": GEZIN, "gemeente": "0363", "redenGeenInburgeringsplicht": None,
    }
    assert per_bsn["468819733"]["gemeente"] == "0344"  # coupled, not the noodopvang address in 0518
    assert per_bsn["495181754"]["inburgeringsplichtig"] is False  # decision only on 2022-02-14
    assert per_bsn["693563278"]["inburgeringsplichtig"] is False  # document only on 2022-02-01


# --- output format -------------------------------------------------------------------------------------

def test_output_is_json_lines_sorted_by_bsn_with_every_contract_key(tmp_path):
    """Bestand in willekeurige BSN-volgorde → uitvoer gesorteerd op BSN, elke regel met alle contractsleutels
    en de juiste JSON-typen."""
    bsns = ["693563278", "111222333", "468819733"]
    pad = schrijf(tmp_path, *(persoon(b) for b in bsns), asiel("468819733", "2022-02-01"),
                  koppeling("468819733", "2022-02-05", "0344"))
    proc = determine(pad, "--peildatum", "2022-06-01")
    assert all(r.startswith("{") and r.endswith("}") for r in proc.stdout.splitlines())
    uit = regels_uit(proc)
    assert [d["bsn"] for d in uit] == sorted(bsns)
    for d in uit:
        c = contractdeel(d)
        assert isinstance(c["inburgeringsplichtig"], bool)
        for k in ("wet", "begindatum", "doelgroep", "gemeente", "redenGeenInburgeringsplicht"):
            assert c[k] is None or isinstance(c[k], str)
    assert contractdeel(uit[1]) == {
        "bsn": "468819733", "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-02-01",
        "doelgroep": "Asielstatushouder", "gemeente": "0344", "redenGeenInburgeringsplicht": None,
    }
    assert contractdeel(uit[0])["inburgeringsplichtig"] is False
    assert contractdeel(uit[0])["wet"] is None


def test_peildatum_selects_the_day_of_the_determination(tmp_path):
    pad = schrijf(tmp_path, persoon("111222333"), asiel("111222333", "2022-02-01"),
                  koppeling("111222333", "2022-02-05", "0344"),
                  {"type": "brp.overlijden", "ontvangen": "2023-01-02", "bsn": "111222333", "datum": "2023-01-01"})
    [voor] = regels_uit(determine(pad, "--peildatum", "2022-02-02"))
    [gekoppeld] = regels_uit(determine(pad, "--peildatum", "2022-02-05"))
    [overleden] = regels_uit(determine(pad, "--peildatum", "2023-01-01"))
    assert (voor["inburgeringsplichtig"], voor["gemeente"]) == (True, None)
    assert (gekoppeld["inburgeringsplichtig"], gekoppeld["gemeente"]) == (True, "0344")
    assert (overleden["inburgeringsplichtig"], overleden["redenGeenInburgeringsplicht"], overleden["wet"]) == (
        False, "Overlijden", "Wi2021")


def test_the_files_interpretation_message_does_not_change_the_determination(tmp_path):
    """`duo.interpretatie` (vaststelling + adresfilter) in het bestand: determine past toch de wet toe."""
    berichten = [
        persoon("163923322", nat=["MAR"]),
        {"type": "ind.verblijfsrecht", "ontvangen": "2022-01-04", "bsn": "163923322", "verblijfsdoel": "gezinsvorming",
         "datum_beschikking": "2021-11-30", "ingangsdatum": "2021-11-01"},
        {"type": "ind.document_uitgereikt", "ontvangen": "2022-01-04", "bsn": "163923322", "datum": "2021-12-22"},
        {"type": "brp.verblijfplaats", "ontvangen": "2022-01-04", "bsn": "163923322", "datum": "2021-12-23",
         "gemeentecode": "0363", "postcode": "1011AB", "huisnummer": 5},
    ]
    fout = {"type": "duo.interpretatie", "ontvangen": "2022-01-01", "begindatum": "vaststelling",
            "koppeling": "brp_adresfilter"}
    pauze = {"type": "duo.procesbesturing", "ontvangen": "2022-01-02", "actie": "pauzeer", "wet": "alle",
             "procesgroep": "alle"}
    zonder = regels_uit(determine(schrijf(tmp_path, *berichten, naam="a.jsonl"), "--peildatum", "2022-02-01"))
    met = regels_uit(determine(schrijf(tmp_path, fout, pauze, *berichten, naam="b.jsonl"), "--peildatum", "2022-02-01"))
    assert met == zonder
    assert (met[0]["wet"], met[0]["begindatum"]) == ("Wi2013", "2021-12-22")


def test_duplicate_message_with_the_same_id_is_accepted_once(tmp_path):
    p = {**persoon("111222333"), "id": "p1"}
    uit = regels_uit(determine(schrijf(tmp_path, p, p), "--peildatum", "2022-06-01"))
    assert len(uit) == 1


def test_file_without_persons_prints_nothing(tmp_path):
    pad = schrijf(tmp_path, {"type": "duo.gemeente", "ontvangen": "2021-06-01", "gemeentecode": "0363",
                             "naam": "Amsterdam", "oin": "00000001002564440000"})
    proc = determine(pad, "--peildatum", "2022-06-01")
    assert (proc.returncode, proc.stdout) == (0, "")
    empty = tmp_path / "leeg.jsonl"
    empty.write_text("")
    proc = determine(empty, "--peildatum", "2022-06-01")
    assert (proc.returncode, proc.stdout) == (0, "")


# --- --uitleg ------------------------------------------------------------------------------------------

def test_uitleg_adds_a_readable_dutch_explanation_citing_sources(voorbeelden):
    uit = regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-03-01", "--uitleg"))
    rania = uit[0]
    assert isinstance(rania["uitleg"], list) and all(isinstance(s, str) for s in rania["uitleg"])
    tekst = "\n".join(rania["uitleg"])
    assert "asielbeschikking van 2022-02-03" in tekst
    assert "inburgeringsplichtig onder de Wi2021 sinds 2022-02-03" in tekst
    assert "gekoppeld aan gemeente 0344" in tekst
    assert all(s.rstrip().endswith("]") and " [" in s for s in rania["uitleg"])  # each step names its source
    assert "Wi2021 art. 3" in tekst
    # the contract part is unchanged by --uitleg
    zonder = regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-03-01"))
    assert [contractdeel(d) for d in uit] == [contractdeel(d) for d in zonder]
    assert all("uitleg" not in d for d in zonder)


def test_uitleg_adds_the_consulents_summary_with_gemeente_names_from_the_register(voorbeelden):
    """Two readers: the jurist's trace cites the article with its link and version; the consulent's summary is plain
    Dutch with the gemeente's name from DUO's register in the file (duo.gemeente), Dutch dates, no codes."""
    uit = {d["bsn"]: d for d in regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-03-01",
                                                      "--uitleg"))}
    assert uit["111222333"]["samenvatting"] == (
        "Inburgeringsplichtig onder de Wet inburgering 2021 (Wi2021) sinds 3 februari 2022. De IND verleende op "
        "3 februari 2022 een verblijfsvergunning voor asiel; op de dag van dat besluit begon de plicht. Verblijfsdoel: "
        "asiel. Doelgroep: asielstatushouder. Verantwoordelijke gemeente: Utrecht; het COA heeft de persoon aan deze "
        "gemeente gekoppeld.")
    assert uit["111222333"]["uitleg"][-1] == (
        "verantwoordelijke gemeente 0344: in opvang van het COA en door het COA gekoppeld aan gemeente 0344 (bericht "
        "p4, 2022-02-10) [Wi2021 art. 1 lid 1 (college): de woongemeente (BW Boek 1 art. 10 en 11); voor een "
        "asielstatushouder de gemeente van huisvesting (Huisvestingswet 2014 art. 28, koppeling door het COA), tekst "
        "geldig op 2022-01-01: https://wetten.overheid.nl/jci1.3:c:BWBR0044770&artikel=1&lid=1&z=2022-01-01"
        "&g=2022-01-01]")


# --- bad input -----------------------------------------------------------------------------------------

def test_bad_file_exits_nonzero_with_regel_n_on_stderr_and_nothing_on_stdout(tmp_path):
    """Eén goede regel, dan een foute BSN (regel 2) en een onbekend type (regel 4): niets wordt bepaald."""
    pad = schrijf(
        tmp_path,
        persoon("111222333"),
        persoon("111222334"),
        "",
        {"type": "ind.visum", "ontvangen": "2022-01-01", "bsn": "111222333"},
    )
    fouten = assert_nette_fout(determine(pad, "--peildatum", "2022-06-01"), 2, 4)
    assert any("'bsn'" in f and "elfproef" in f for f in fouten)
    assert any("'type'" in f and "ind.visum" in f for f in fouten)
    assert not any(f.startswith("regel 1:") for f in fouten)


@pytest.mark.parametrize("regel, veld", [
    ('{"type": "brp.vertrek", "ontvangen": "2022-01-01", "bsn": "111222333", "datum": "2022-02-30"}', "datum"),
    ('{"type": "coa.koppeling", "ontvangen": "2022-01-01", "bsn": "111222333", "gemeentecode": "344", '
     '"datum": "2022-01-01"}', "gemeentecode"),
    ('{"type": "brp.vertrek", "bsn": "111222333", "datum": "2022-01-01"}', "ontvangen"),
    ('{"type": "brp.verblijfplaats", "ontvangen": "2022-01-01", "bsn": "111222333", "datum": "2022-01-01", '
     '"gemeentecode": "0363", "postcode": "1011AB", "huisnummer": "5"}', "huisnummer"),
    ("[1, 2, 3]", None),
    ("{niet json", None),
])
def test_each_kind_of_bad_line_is_reported_cleanly(tmp_path, regel, veld):
    pad = schrijf(tmp_path, persoon("111222333"), regel)
    fouten = assert_nette_fout(determine(pad, "--peildatum", "2022-06-01"), 2)
    if veld:
        assert any(f"'{veld}'" in f for f in fouten), fouten


def test_duplicate_id_with_other_content_is_reported_naming_both_lines(tmp_path):
    a = {**persoon("111222333"), "id": "p1"}
    b = {**persoon("111222333", geboren="1991-01-01"), "id": "p1"}
    fouten = assert_nette_fout(determine(schrijf(tmp_path, a, b), "--peildatum", "2022-06-01"), 2)
    assert any("regel 1" in f for f in fouten)


def test_missing_file_exits_nonzero_without_traceback(tmp_path):
    proc = determine(tmp_path / "bestaat-niet.jsonl", "--peildatum", "2022-06-01")
    assert proc.returncode != 0 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and "bestaat-niet.jsonl" in proc.stderr


def test_bad_peildatum_exits_nonzero_without_traceback(voorbeelden):
    proc = determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-02-30")
    assert proc.returncode != 0 and proc.stdout == ""
    assert "Traceback" not in proc.stderr and "peildatum" in proc.stderr


def test_installed_console_script_runs_determine(voorbeelden):
    """The `inburgering` entry point next to the interpreter gives the same answer as `python -m`."""
    from pathlib import Path

    script = Path(sys.executable).parent / "inburgering"
    if not script.exists():
        pytest.skip("console script not installed next to this interpreter")
    proc = subprocess.run([str(script), "determine", str(voorbeelden / "voorbeeld.jsonl"), "--peildatum",
                           "2022-03-01"], capture_output=True, text=True, timeout=60)
    assert regels_uit(proc) == regels_uit(determine(voorbeelden / "voorbeeld.jsonl", "--peildatum", "2022-03-01"))
