"""Clean-up downstream after a correction (handreiking §4.2–4.3), end to end with real processes:
DUO (the one engine and its delivery) → the reference gemeente receiver → a reference third party, with faults on
the way: answers lost (duplicates), the third party down and up again, the gemeente receiver killed and restarted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from datetime import date

import orjson
import pytest

from inburgering.m2m import aflevering
from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.keten.models import Notificatie
from inburgering.dienst.klok import zet_klok

from .keten import OIN, Keten
from .test_aflevering import vrije_poort

SARA = "163923322"  # wrongly placed under Wi2021 in January 2022 (document received in 2021)
AMSTERDAM = "0363"


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.load(r)


def _post(url: str, body: dict, koppen: dict) -> int:
    req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json", **koppen})
    with urllib.request.urlopen(req, timeout=5) as r:
        return r.status


def _wacht(voorwaarde, tot: float = 30.0, wat: str = ""):
    eind = time.monotonic() + tot
    while time.monotonic() < eind:
        try:
            uitkomst = voorwaarde()
        except (urllib.error.URLError, ConnectionError):
            uitkomst = None
        if uitkomst:
            return uitkomst
        time.sleep(0.05)
    raise AssertionError(f"niet bereikt binnen {tot} s: {wat}")


class Proces:
    """A command of this project as a real process, with its HTTP address."""

    def __init__(self, *args: str, poort: int):
        self.url = f"http://127.0.0.1:{poort}"
        self.p = subprocess.Popen([sys.executable, "-m", "inburgering.cli", *args, "--port", str(poort)],
                                  stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
        regel = self.p.stderr.readline()
        assert b"luistert op" in regel, regel

    def stop(self, hard: bool = False):
        if self.p.poll() is None:
            self.p.send_signal(signal.SIGKILL if hard else signal.SIGTERM)
            self.p.wait(10)
        self.p.stderr.close()


def gemeente_ontvanger(data, poort, derde_url, duo_url, *extra) -> Proces:
    return Proces("gemeente-ontvanger", "--data", str(data), "--oin", OIN[AMSTERDAM], "--duo", duo_url,
                  "--duo-oin", Keten.DUO_OIN, "--derde", derde_url, "--derde-basis", "0.1", "--derde-maximum", "0.5",
                  *extra, poort=poort)


@pytest.fixture
def processen():
    lijst: list[Proces] = []
    yield lijst
    for p in lijst:
        p.stop()


def test_a_correction_cleans_up_at_the_gemeente_and_its_third_party_despite_faults(transactional_db, live_server,
                                                                                    tmp_path, processen, voorbeelden):
    tijdlijn = voorbeelden / "tijdlijn-2022.jsonl"
    p_gemeente, p_derde = vrije_poort(), vrije_poort()
    gemeente_url, derde_url = f"http://127.0.0.1:{p_gemeente}", f"http://127.0.0.1:{p_derde}/berichten"
    duo = live_server.url + "/v1"
    regels = tijdlijn.read_bytes().splitlines()
    regels.append(orjson.dumps({"id": "url-0363", "type": "duo.gemeente", "ontvangen": "2021-06-02",
                                "gemeentecode": AMSTERDAM, "naam": "Amsterdam", "oin": OIN[AMSTERDAM],
                                "notificatie_url": gemeente_url}))
    neem_regels_op(regels, "test")

    def verwerk(dag: date):
        zet_klok(VasteKlok(dag))
        Engine(VasteKlok(dag)).verwerk_tot(dag)

    # 1. January: SS139 about Sara reaches Amsterdam (she lives there: one first notification, contract §5.6),
    #    whose answer gets lost (stored, then cut off);
    #    the third party is down, so the receiver's message to it waits in its outbox.
    verwerk(date(2022, 1, 4))
    g = gemeente_ontvanger(tmp_path / "gemeente.sqlite3", p_gemeente, derde_url, duo, "--verbreek", "1")
    processen.append(g)
    aflevering.lever_af()
    assert Notificatie.objects.filter(bsn=SARA, afgeleverd_op__isnull=True).count() == 1  # DUO saw no answer
    # the receiver consults two APIs for SS139 (inburgeringsplicht, doelgroep), one after the other: wait for both
    eerste = _wacht(lambda: [n for n in _get(g.url + "/notificaties")
                             if {"inburgeringsplicht", "doelgroep"} <= set(n["raadpleging"])], wat="raadpleging")
    assert eerste[0]["raadpleging"]["inburgeringsplicht"]["status"] == 200  # fetched back from DUO's API
    _wacht(lambda: _get(g.url + "/derden")["uitgaand"][0]["pogingen"] >= 1, wat="poging aan de derde")

    # 2. The receiver is killed and restarted; DUO retries and the receiver drops the duplicates.
    g.stop(hard=True)
    g = gemeente_ontvanger(tmp_path / "gemeente.sqlite3", p_gemeente, derde_url, duo)
    processen.append(g)
    time.sleep(0.6)  # DUO's backoff in the test settings
    aflevering.lever_af_tot_leeg(tot=20)
    ontvangen = _get(g.url + "/notificaties")
    assert [(n["bsn"], n["gebeurtenisId"]) for n in ontvangen] == [(SARA, "SS139")]
    assert [n["herhaald"] for n in ontvangen] == [1]  # SS139 came twice

    # 3. The third party comes up but its first answer is lost; after its restart the retry is a duplicate.
    d = Proces("derde-ontvanger", "--data", str(tmp_path / "derde.sqlite3"), "--verbreek", "1", poort=p_derde)
    processen.append(d)
    _wacht(lambda: _get(d.url + "/status")["berichten"] >= 1, wat="aanmelding bij de derde")
    d.stop()
    d = Proces("derde-ontvanger", "--data", str(tmp_path / "derde.sqlite3"), poort=p_derde)
    processen.append(d)
    _wacht(lambda: all(u["afgeleverdOp"] for u in _get(g.url + "/derden")["uitgaand"]), wat="aanmelding afgeleverd")
    assert [p["bsn"] for p in _get(d.url + "/personen")] == [SARA]
    assert _get(d.url + "/status")["herhaald"] >= 1
    d.stop()  # down again for the correction

    # 4. 1 March: the repair. SS190 reaches Amsterdam; the receiver removes everything about Sara, keeps the
    #    correction apart and queues a stop for the third party (down). Then it is killed before it can tell.
    verwerk(date(2022, 3, 1))
    aflevering.lever_af_tot_leeg(tot=20)
    ss190 = Notificatie.objects.get(bsn=SARA, gebeurtenis="SS190")
    assert ss190.afgeleverd_op is not None
    assert [n for n in _get(g.url + "/notificaties") if n["bsn"] == SARA] == []
    correcties = _get(g.url + "/correcties")
    assert [(c["bsn"], c["berichtId"], c["verwijderdNotificaties"], c["derdenIngelicht"]) for c in correcties] \
        == [(SARA, str(ss190.bericht_uuid), 1, 1)]
    assert correcties[0]["verwijderdRaadplegingen"] >= 2
    g.stop(hard=True)
    g = gemeente_ontvanger(tmp_path / "gemeente.sqlite3", p_gemeente, derde_url, duo)
    processen.append(g)
    d = Proces("derde-ontvanger", "--data", str(tmp_path / "derde.sqlite3"), poort=p_derde)
    processen.append(d)
    uitgaand = _wacht(lambda: (lambda u: u if all(x["afgeleverdOp"] for x in u) and len(u) == 2 else None)(
        _get(g.url + "/derden")["uitgaand"]), wat="stop afgeleverd")
    assert [(u["soort"], u["bsn"], u["derde"]) for u in uitgaand] == [("aanmelding", SARA, derde_url),
                                                                       ("stop", SARA, derde_url)]
    assert _get(d.url + "/personen") == []
    gestopt = _get(d.url + "/gestopt")
    assert [(s["bsn"], s["berichtId"], s["hadGegevens"], s["gemeente"]) for s in gestopt] \
        == [(SARA, uitgaand[1]["berichtId"], 1, OIN[AMSTERDAM])]

    # 5. Late duplicates change nothing: DUO's SS190 and the old SS139 again, the stop again at the third party.
    koppen = {"bron": Keten.DUO_OIN, "doel": OIN[AMSTERDAM]}
    body = {"registratieDatumTijd": "2022-03-01T06:00:00+01:00", "bsn": SARA}
    assert _post(g.url + "/notificaties", {**body, "gebeurtenisId": "SS190"},
                 {**koppen, "berichtId": str(ss190.bericht_uuid)}) == 201
    ss139 = Notificatie.objects.get(bsn=SARA, gebeurtenis="SS139")
    assert _post(g.url + "/notificaties", {**body, "gebeurtenisId": "SS139"},
                 {**koppen, "berichtId": str(ss139.bericht_uuid)}) == 201
    assert [n for n in _get(g.url + "/notificaties") if n["bsn"] == SARA] == []
    assert [(c["bsn"], c["herhaald"]) for c in _get(g.url + "/correcties")] == [(SARA, 1)]
    assert len(_get(g.url + "/derden")["uitgaand"]) == 2
    stop = json.loads(json.dumps({"berichtId": uitgaand[1]["berichtId"], "soort": "stop", "bsn": SARA,
                                  "wet": "Wi2021", "gemeente": OIN[AMSTERDAM]}))
    assert _post(d.url + "/berichten", stop, {}) == 200
    assert len(_get(d.url + "/gestopt")) == 1 and _get(d.url + "/personen") == []


def test_bad_third_party_addresses_are_refused_before_anything_starts(tmp_path):
    data = tmp_path / "g.sqlite3"
    r = subprocess.run([sys.executable, "-m", "inburgering.cli", "gemeente-ontvanger", "--port", "0", "--data",
                        str(data), "--derde", "ftp://taalschool.example/x", "--derde", "http://ok.example/berichten"],
                       capture_output=True, timeout=60)
    assert r.returncode == 1
    assert r.stderr.decode().strip() == "--derde 'ftp://taalschool.example/x' is geen http(s)-adres"
    assert not data.exists()


def test_the_third_party_refuses_malformed_messages(tmp_path):
    from inburgering.m2m.derde import maak_server

    import threading

    server = maak_server("127.0.0.1", 0, str(tmp_path / "d.sqlite3"))
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/berichten"
    try:
        goed = {"berichtId": str(uuid.uuid4()), "soort": "aanmelding", "bsn": SARA}
        for fout, tekst in (({**goed, "soort": "wis"}, "soort moet aanmelding of stop zijn"),
                            ({**goed, "bsn": "12"}, "bsn moet 9 cijfers zijn"),
                            ({**goed, "berichtId": "x"}, "berichtId is geen UUID")):
            with pytest.raises(urllib.error.HTTPError) as e:
                _post(url, fout, {})
            assert e.value.code == 400 and json.load(e.value)["fouttekst"] == tekst
        assert server.opslag.status() == {"berichten": 0, "herhaald": 0, "personen": 0, "gestopt": 0}
        assert _post(url, goed, {}) == 200
        assert [p["bsn"] for p in server.opslag.personen()] == [SARA]
    finally:
        server.shutdown()
        server.server_close()
