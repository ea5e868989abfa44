"""The letters and the opt-in group from the command line: ``replay --brieven``, ``replay --opt-in`` (contract §5.3,
§5.4), ``inburgering brieven`` and the opt-in's bad input (subprocesses, each on its own SQLite file)."""

from __future__ import annotations

import io

import orjson
import pytest
from pypdf import PdfReader

from .test_brieven import ABEL, OMID, PRIYA, SARA, TIJDLIJN
from .test_cli_keten import inburgering, schrijf

pytestmark = pytest.mark.slow


def _regels(uit: str) -> list[dict]:
    return [orjson.loads(r) for r in uit.splitlines()]


def _tijdlijn() -> list[dict]:
    if not TIJDLIJN.exists():
        pytest.skip("../shared/contract/examples/tijdlijn-2022.jsonl ontbreekt")
    return [orjson.loads(r) for r in TIJDLIJN.read_bytes().splitlines() if r.strip()]


def test_replay_prints_the_letters_in_sending_order_and_the_opt_in_group(tmp_path):
    assert _regels(inburgering(tmp_path, "replay", str(TIJDLIJN), "--brieven").stdout) == [
        {"datum": "2022-01-04", "bsn": SARA, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-01-07", "bsn": ABEL, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-03-01", "bsn": SARA, "wet": "Wi2021", "soort": "correctie"},
        {"datum": "2022-03-01", "bsn": PRIYA, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-03-25", "bsn": OMID, "wet": "Wi2021", "soort": "kennisgeving"},
        {"datum": "2022-05-30", "bsn": SARA, "wet": "Wi2013", "soort": "kennisgeving"},
    ]
    assert _regels(inburgering(tmp_path, "replay", str(TIJDLIJN), "--opt-in").stdout) == [
        {"bsn": SARA, "wet": "Wi2013", "kennisgeving": "2022-01-04", "correctie": "2022-03-01"}]
    # --tot before the correction: nobody in the group yet
    assert inburgering(tmp_path, "replay", str(TIJDLIJN), "--opt-in", "--tot", "2022-02-28").stdout == ""


def test_an_opt_in_outside_the_group_or_for_a_law_that_does_not_apply_applies_nothing(tmp_path):
    buiten = {"id": "oi1", "type": "duo.opt_in", "ontvangen": "2022-06-15", "bsn": ABEL, "wet": "Wi2021",
              "datum": "2022-06-15"}
    pad = schrijf(tmp_path, "a.jsonl", _tijdlijn() + [buiten])
    r = inburgering(tmp_path, "replay", str(pad), "--brieven", check=False)
    assert r.returncode == 1 and r.stdout == "" and "Traceback" not in r.stderr
    assert r.stderr.splitlines() == [f"regel {len(_tijdlijn()) + 1}: bsn: valt niet in de opt-in-groep (alleen wie ten "
                                     "onrechte onder de Wi2021 is geplaatst en daarvoor een kennisgeving Wi2021 ontving)"]
    # ingest: the chain is checked as it stands; nothing of the file is appended
    inburgering(tmp_path, "ingest", str(TIJDLIJN))
    voor = inburgering(tmp_path, "replay", str(TIJDLIJN)).stdout
    los = schrijf(tmp_path, "b.jsonl", [{**buiten, "id": "oi2", "ontvangen": "2026-01-05"},
                                        {**buiten, "id": "oi3", "bsn": SARA, "wet": "Wi2013", "ontvangen": "2026-01-05"}])
    r = inburgering(tmp_path, "ingest", str(los), check=False)
    assert r.returncode == 1 and r.stderr.splitlines()[0].startswith("regel 1: bsn: valt niet in de opt-in-groep")
    assert len(r.stderr.splitlines()) == 1  # Sara's choice of the law that applies to her is fine
    goed = schrijf(tmp_path, "c.jsonl", [{**buiten, "id": "oi4", "bsn": SARA, "ontvangen": "2026-01-05",
                                          "datum": "2026-01-05"}])
    assert "1 berichten toegevoegd" in inburgering(tmp_path, "ingest", str(goed)).stderr
    assert inburgering(tmp_path, "replay", str(TIJDLIJN)).stdout == voor


def test_the_letters_command_writes_one_pdf_per_letter_and_the_print_batch(tmp_path):
    inburgering(tmp_path, "ingest", str(TIJDLIJN))
    uit = tmp_path / "brieven"
    uit.mkdir()
    r = inburgering(tmp_path, "brieven", "--datum", "2022-03-01", "--map", str(uit))
    assert sorted(p.name for p in uit.iterdir()) == [
        f"brief-2022-03-01-{SARA}-Wi2021-correctie.pdf", f"brief-2022-03-01-{PRIYA}-Wi2021-kennisgeving.pdf",
        "drukstraat-2022-03-01.pdf"]
    assert "2 brieven van 2022-03-01" in r.stderr
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO((uit / "drukstraat-2022-03-01.pdf").read_bytes())).pages)
    for stuk in ("Sara Amrani", "1011 AB", "Wij hebben een fout gemaakt", "Wet inburgering 2021", "Wet inburgering 2013",
                 "Priya Kumar", "3511 AA", "U moet inburgeren", "vanaf 1 februari 2022", "www.inburgeren.nl",
                 "Wij zijn DUO"):
        assert stuk in tekst.replace("\n", " "), stuk
    assert len(PdfReader(io.BytesIO((uit / "drukstraat-2022-03-01.pdf").read_bytes())).pages) == 2
    r = inburgering(tmp_path, "brieven", "--map", str(tmp_path / "bestaat-niet"), check=False)
    assert r.returncode == 1 and "map bestaat niet" in r.stderr and "Traceback" not in r.stderr
