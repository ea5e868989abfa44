"""One engine: `replay` (temporary store) and `ingest` into the configured database give the same
notifications for the same input, and replay is byte-identical run after run, on a generated population
that passes through the 2022 story."""

import subprocess
import sys
from datetime import date

import orjson
import pytest

from inburgering.dienst.demo import schrijf_berichten
from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_bestand_op
from inburgering.dienst.klok import VasteKlok
from inburgering.keten.models import Notificatie

pytestmark = pytest.mark.slow  # replays of a generated population, several processes


@pytest.fixture(scope="module")
def populatie(tmp_path_factory):
    pad = tmp_path_factory.mktemp("pop") / "populatie.jsonl"
    schrijf_berichten(pad, 400, 11)
    return pad


def _replay(pad, *extra):
    r = subprocess.run([sys.executable, "-m", "inburgering.cli", "replay", str(pad), "--tot", "2023-06-30", *extra],
                       capture_output=True, timeout=600)
    assert r.returncode == 0, r.stderr.decode()
    return r.stdout


def test_replay_is_byte_identical_run_after_run(populatie):
    a = _replay(populatie)
    assert a == _replay(populatie)
    assert a.count(b"\n") > 100
    assert _replay(populatie, "--zichtbaarheid") == _replay(populatie, "--zichtbaarheid")


@pytest.mark.django_db
def test_replay_and_ingest_are_the_same_engine(populatie):
    verwacht = [orjson.loads(r) for r in _replay(populatie).splitlines()]
    neem_bestand_op(populatie)
    Engine(VasteKlok(date(2023, 6, 30))).verwerk_tot(date(2023, 6, 30))
    gekregen = [{"datum": n.dag.isoformat(), "gemeente": n.gemeente, "wet": n.wet, "gebeurtenisId": n.gebeurtenis,
                 "bsn": n.bsn} for n in Notificatie.objects.order_by("volgorde")]
    assert gekregen == verwacht
    soorten = {r["gebeurtenisId"] for r in verwacht}
    assert {"SS101", "SS190"} <= soorten
