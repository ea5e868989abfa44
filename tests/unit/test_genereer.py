"""The synthetic population generator (``inburgering genereer``) and the determine service on its output.

The generator's promises: valid chain messages per contract §1 (the project's own validation accepts
them), deterministic per seed, every residence purpose and all three laws, unregistered emergency
addresses, and nobody made the responsibility of the gemeente of the COA location they live at. The
parallel determine path must give the single-process answer byte for byte, and fail the same way.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from datetime import date

import orjson
import pytest
from stdnum.nl import bsn as stdnum_bsn

from inburgering.dienst import bepalen
from inburgering.dienst.bepalen import bepaal_bestand
from inburgering.domein.berichten import InvoerFout, lees_bestand
from inburgering.domein.parameters import VERBLIJFSDOELEN
from inburgering.genereer import BLOK, COA_LOCATIES, GEMEENTEN, GRENSDAGEN, genereer_berichten, schrijf

PEILDATA = (date(2013, 6, 1), date(2016, 3, 1), date(2022, 3, 1), date(2024, 1, 1), date(2025, 7, 1))
N = 2000


@pytest.fixture(scope="module")
def bestand(tmp_path_factory):
    pad = tmp_path_factory.mktemp("genereer") / "populatie.jsonl"
    schrijf(N, 7, pad)
    return pad


@pytest.fixture(scope="module")
def berichten(bestand):
    return [orjson.loads(r) for r in bestand.read_bytes().splitlines()]


@pytest.fixture(scope="module")
def bepalingen(bestand):
    """peildatum -> {bsn: determination} (law's rules, single process)."""
    return {
        p: {d["bsn"]: d for d in map(orjson.loads, bepaal_bestand(bestand, p, werkers=1))} for p in PEILDATA
    }


def _sha(pad) -> str:
    return hashlib.sha256(pad.read_bytes()).hexdigest()


# --- the file ---------------------------------------------------------------------------------------


def test_output_passes_the_projects_own_validation(bestand, berichten):
    geldig = lees_bestand(bestand)  # raises InvoerFout on any bad line
    assert len(geldig) == len(berichten)
    assert len({b["id"] for b in berichten}) == len(berichten), "message ids are unique"
    personen = {b["bsn"] for b in berichten if b["type"] == "brp.persoon"}
    assert len(personen) == N


def test_global_messages_come_first_with_early_dates(berichten):
    soorten = [b["type"] for b in berichten]
    eerste_persoon = soorten.index("brp.persoon")
    assert set(soorten[:eerste_persoon]) == {"duo.gemeente", "coa.locatie"}
    assert "duo.gemeente" not in soorten[eerste_persoon:] and "coa.locatie" not in soorten[eerste_persoon:]
    gemeenten = [b for b in berichten if b["type"] == "duo.gemeente"]
    assert {g["gemeentecode"] for g in gemeenten} == {g.code for g in GEMEENTEN}
    assert all(g["ontvangen"] == "2010-01-01" and "notificatie_url" not in g for g in gemeenten)
    assert all(len(g["oin"]) == 20 and g["oin"].isdigit() and g["oin"].startswith("00000001") for g in gemeenten)
    assert len({g["oin"] for g in gemeenten}) == len(gemeenten)
    eerste_persoonsdag = min(b["ontvangen"][:10] for b in berichten if "bsn" in b)
    assert all(g["ontvangen"] < eerste_persoonsdag for g in gemeenten)
    # Standing AZCs are known from the start; emergency locations from (about) the day they open.
    for loc in (b for b in berichten if b["type"] == "coa.locatie"):
        if loc["soort"] == "azc":
            assert loc["ontvangen"] < eerste_persoonsdag
        else:
            assert 0 <= (date.fromisoformat(loc["ontvangen"]) - date.fromisoformat(loc["van"])).days <= 30


def test_real_gemeentecodes_only():
    codes = {g.code: g.naam for g in GEMEENTEN}
    assert len(codes) == len(GEMEENTEN) >= 40
    for code, naam in {"0363": "Amsterdam", "0344": "Utrecht", "0518": "'s-Gravenhage", "0599": "Rotterdam",
                       "1706": "Cranendonck", "0014": "Groningen", "0772": "Eindhoven", "0268": "Nijmegen"}.items():
        assert codes[code] == naam
    assert all(c.gemeentecode in codes for c in COA_LOCATIES)


def test_bsns_are_valid_and_unique(berichten):
    bsns = [b["bsn"] for b in berichten if b["type"] == "brp.persoon"]
    assert len(set(bsns)) == len(bsns)
    assert all(stdnum_bsn.is_valid(b) for b in bsns)


def test_messages_per_person_in_order_and_never_received_before_the_fact(berichten):
    per_persoon = defaultdict(list)
    for b in berichten:
        if "bsn" in b:
            per_persoon[b["bsn"]].append(b)
    te_laat = 0
    for lijst in per_persoon.values():
        assert lijst[0]["type"] == "brp.persoon", "BRP registration is the first thing DUO hears"
        ontvangen = [b["ontvangen"] for b in lijst]
        assert ontvangen == sorted(ontvangen)
        for b in lijst:
            feit = b.get("datum") or b.get("datum_beschikking")
            if feit:
                assert b["ontvangen"][:10] >= feit, b
                if (date.fromisoformat(b["ontvangen"][:10]) - date.fromisoformat(feit)).days >= 14:
                    te_laat += 1
    assert te_laat > 100, "some data reaches DUO weeks after the fact"


def test_every_message_type_purpose_and_kind_of_person_occurs(berichten):
    soorten = Counter(b["type"] for b in berichten)
    for t in ("brp.persoon", "brp.verblijfplaats", "brp.vertrek", "brp.overlijden", "brp.nationaliteit",
              "ind.verblijfsrecht", "ind.document_uitgereikt", "ind.verblijfsrecht_ingetrokken", "coa.locatie",
              "coa.koppeling", "coa.uitstroom", "duo.gemeente"):
        assert soorten[t] > 0, t
    doelen = {b["verblijfsdoel"] for b in berichten if b["type"] == "ind.verblijfsrecht"}
    # contract §5.2 added two purposes; the generator makes the population of contract §1
    assert doelen == set(VERBLIJFSDOELEN) - {"gezinslid_eu_burger", "gezinslid_tijdelijk"}
    nats = [tuple(b["nationaliteiten"]) for b in berichten if b["type"] == "brp.persoon"]
    assert any("TUR" in n for n in nats)
    assert any(n[0] in ("DEU", "POL", "ROU", "ESP", "ITA", "FRA", "BEL") for n in nats)
    assert any(len(n) > 1 and "NLD" in n for n in nats), "dual nationals"
    naturalisaties = [b for b in berichten if b["type"] == "brp.nationaliteit"]
    assert all("NLD" in b["nationaliteiten"] for b in naturalisaties)
    assert any(len(b["nationaliteiten"]) > 1 for b in naturalisaties), "e.g. SYR+NLD after naturalisation"
    # Family permit decided in 2021, document received in 2022, effective before the decision.
    rechten = {b["bsn"]: b for b in berichten if b["type"] == "ind.verblijfsrecht"}
    jaarwisseling = [
        b for b in berichten if b["type"] == "ind.document_uitgereikt" and b["datum"].startswith("2022-0")
        and rechten[b["bsn"]]["datum_beschikking"].startswith("2021-")
        and rechten[b["bsn"]]["ingangsdatum"] < rechten[b["bsn"]]["datum_beschikking"]
    ]
    assert jaarwisseling
    beslisjaren = {b["datum_beschikking"][:4] for b in berichten if b["type"] == "ind.verblijfsrecht"}
    assert {str(j) for j in range(2012, 2024)} <= beslisjaren


def test_unregistered_noodopvang_addresses_are_lived_at(berichten):
    geregistreerd = {(b["postcode"], b["huisnummer"]) for b in berichten if b["type"] == "coa.locatie"}
    onbekend = {(c.postcode, c.huisnummer) for c in COA_LOCATIES if not c.geregistreerd}
    assert onbekend and not onbekend & geregistreerd
    bewoond = {(b["postcode"], b["huisnummer"]) for b in berichten if b["type"] == "brp.verblijfplaats"}
    assert onbekend & bewoond
    assert geregistreerd & bewoond


# --- determinism ------------------------------------------------------------------------------------


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path, bestand):
    schrijf(N, 7, tmp_path / "nogmaals.jsonl")
    assert _sha(tmp_path / "nogmaals.jsonl") == _sha(bestand)
    schrijf(N, 8, tmp_path / "ander.jsonl")
    assert _sha(tmp_path / "ander.jsonl") != _sha(bestand)


@pytest.mark.slow  # worker processes
def test_the_same_bytes_whatever_the_number_of_worker_processes(tmp_path):
    n = 2 * BLOK + 17  # three blocks
    schrijf(n, 5, tmp_path / "een.jsonl", werkers=1)
    schrijf(n, 5, tmp_path / "drie.jsonl", werkers=3)
    assert _sha(tmp_path / "een.jsonl") == _sha(tmp_path / "drie.jsonl")
    bsns = [b["bsn"] for b in map(orjson.loads, (tmp_path / "een.jsonl").read_bytes().splitlines())
            if b["type"] == "brp.persoon"]
    assert len(bsns) == len(set(bsns)) == n


def test_genereer_berichten_gives_the_written_messages(berichten):
    assert list(genereer_berichten(N, 7)) == berichten


def test_a_smaller_population_is_a_prefix_of_a_larger_one():
    klein = list(genereer_berichten(50, 3))
    groot = list(genereer_berichten(120, 3))
    assert groot[: len(klein)] == klein


def test_writes_to_stdout(capsysbinary):
    schrijf(5, 1)
    uit = capsysbinary.readouterr().out
    assert uit == b"".join(orjson.dumps(d) + b"\n" for d in genereer_berichten(5, 1))


# --- through the determination -------------------------------------------------------------------------


def test_all_three_laws_every_target_group_and_the_boundary_days(bepalingen):
    laatste = bepalingen[PEILDATA[-1]]
    assert len(laatste) == N
    assert {d["wet"] for d in laatste.values()} == {"Wi2007", "Wi2013", "Wi2021", None}
    assert {d["gedetailleerdeDoelgroep"] for d in laatste.values()} == {
        None, "Asielstatushouder", "Gezinshereniger", "Gezinsvormer", "Gezinshereniger met Asielstatushouder",
        "Gezinsvormer met Asielstatushouder", "Geestelijk bedienaar", "Overig",
    }
    begin = {(d["begindatum"], d["wet"]) for d in laatste.values()}
    verwacht = dict(zip(GRENSDAGEN, ("Wi2007", "Wi2013", "Wi2013", "Wi2021"), strict=True))
    for dag, wet in verwacht.items():
        assert (dag.isoformat(), wet) in begin, dag
    assert any(d["inburgeringsplichtig"] for d in laatste.values())
    redenen = {d["redenGeenInburgeringsplicht"] for d in laatste.values()}
    assert {"Overlijden", "Vertrek uit Nederland langer dan een jaar", "Overig"} <= redenen


def test_nobody_is_given_to_the_gemeente_of_the_coa_location_they_live_at(berichten, bepalingen):
    coa = {(c.postcode, c.huisnummer): c for c in COA_LOCATIES}
    adressen = defaultdict(list)
    koppelingen = defaultdict(list)
    for b in berichten:
        if b["type"] == "brp.verblijfplaats":
            adressen[b["bsn"]].append((b["datum"], b["ontvangen"], (b["postcode"], b["huisnummer"])))
        elif b["type"] == "coa.koppeling":
            koppelingen[b["bsn"]].append((b["datum"], b["gemeentecode"]))
    bekeken = Counter()
    for peildatum, uitkomst in bepalingen.items():
        dag = peildatum.isoformat()
        for bsn, lijst in adressen.items():
            huidig = [a for a in sorted(lijst) if a[0] <= dag]
            if not huidig or huidig[-1][2] not in coa:
                continue
            loc = coa[huidig[-1][2]]
            d = uitkomst[bsn]
            assert d["gemeente"] != loc.gemeentecode, (peildatum, bsn, loc.locatie, d)
            if d["inburgeringsplichtig"]:
                gekoppeld = [g for datum, g in sorted(koppelingen[bsn]) if datum <= dag]
                assert d["gemeente"] == (gekoppeld[-1] if gekoppeld else None), (peildatum, bsn, d)
                bekeken["gekoppeld" if gekoppeld else "ongekoppeld"] += 1
                bekeken["onbekende noodopvang" if not loc.geregistreerd else "bekende locatie"] += 1
    assert bekeken["gekoppeld"] and bekeken["ongekoppeld"]
    assert bekeken["onbekende noodopvang"] and bekeken["bekende locatie"]


# --- the parallel determine path --------------------------------------------------------------------


@pytest.mark.slow  # worker processes
@pytest.mark.parametrize("uitleg", [False, True])
def test_parallel_determine_gives_the_single_process_bytes(bestand, uitleg):
    peildatum = date(2023, 5, 1)
    enkel = list(bepaal_bestand(bestand, peildatum, uitleg=uitleg, werkers=1))
    assert [orjson.loads(r)["bsn"] for r in enkel] == sorted(orjson.loads(r)["bsn"] for r in enkel)
    for werkers in (2, 3):
        assert bepalen._parallel(bestand, peildatum, uitleg, werkers) is not None, "no fallback on a clean file"
        assert list(bepaal_bestand(bestand, peildatum, uitleg=uitleg, werkers=werkers)) == enkel


def _met_regels(tmp_path, bestand, extra: dict[int, bytes]) -> object:
    regels = bestand.read_bytes().splitlines(keepends=True)
    for i in sorted(extra, reverse=True):
        regels.insert(i, extra[i])
    pad = tmp_path / "aangepast.jsonl"
    pad.write_bytes(b"".join(regels))
    return pad


@pytest.mark.slow  # worker processes
def test_parallel_determine_rejects_a_bad_line_anywhere_like_one_process(tmp_path, bestand):
    slecht = b'{"type": "brp.vertrek", "ontvangen": "2020-01-01", "bsn": "123456789", "datum": "2020-01-01"}\n'
    for plek in (3, 5000, 9000):
        pad = _met_regels(tmp_path, bestand, {plek: slecht})
        with pytest.raises(InvoerFout) as enkel:
            bepaal_bestand(pad, date(2023, 5, 1), werkers=1)
        with pytest.raises(InvoerFout) as parallel:
            bepaal_bestand(pad, date(2023, 5, 1), werkers=2)
        assert parallel.value.fouten == enkel.value.fouten
        assert enkel.value.fouten[0].startswith(f"regel {plek + 1}: ")


@pytest.mark.slow  # worker processes
def test_parallel_determine_handles_repeated_and_conflicting_ids_like_one_process(tmp_path, bestand, berichten):
    laatste = berichten[-1]
    herhaald = orjson.dumps(laatste) + b"\n"  # same id, same content: one message
    pad = _met_regels(tmp_path, bestand, {100: herhaald})
    assert list(bepaal_bestand(pad, date(2024, 1, 1), werkers=2)) == list(
        bepaal_bestand(pad, date(2024, 1, 1), werkers=1))
    ander = dict(berichten[-1], id=berichten[300]["id"])  # an id already used for another person
    pad = _met_regels(tmp_path, bestand, {len(berichten): orjson.dumps(ander) + b"\n"})
    with pytest.raises(InvoerFout) as enkel:
        bepaal_bestand(pad, date(2024, 1, 1), werkers=1)
    with pytest.raises(InvoerFout) as parallel:
        bepaal_bestand(pad, date(2024, 1, 1), werkers=2)
    assert parallel.value.fouten == enkel.value.fouten


@pytest.mark.slow  # worker processes
def test_parallel_determine_with_a_bsn_written_unusually(tmp_path, bestand, berichten):
    """A BSN the cheap scan cannot read (escaped key) still ends up in the right place."""
    p = max((b for b in berichten if b["type"] == "brp.persoon"), key=lambda b: b["bsn"])  # not the first share
    regel = orjson.dumps({"type": "brp.vertrek", "ontvangen": "2024-02-01", "datum": "2024-01-31"})
    regel = regel[:-1] + b', "\\u0062sn": "' + p["bsn"].encode() + b'"}\n'
    pad = _met_regels(tmp_path, bestand, {len(berichten): regel})
    assert bepalen._parallel(pad, date(2025, 7, 1), False, 2) is None, "falls back to one process"
    enkel = list(bepaal_bestand(pad, date(2025, 7, 1), werkers=1))
    assert list(bepaal_bestand(pad, date(2025, 7, 1), werkers=2)) == enkel
