"""Validation of chain messages (contract §1): every fault is reported as ``regel N: reden`` naming the
field, and a file with any fault is rejected as a whole."""

from __future__ import annotations

import json
import re
from datetime import date, datetime

import pytest

from inburgering.domein.berichten import InvoerFout, lees_bestand, lees_regels

BSN = "111222333"

# A minimal valid message per type, written from the contract's table (not from the code's schema).
GELDIG: dict[str, dict] = {
    "brp.persoon": {"bsn": BSN, "geboortedatum": "1990-01-01", "geslachtsnaam": "Haddad", "nationaliteiten": ["SYR"]},
    "brp.verblijfplaats": {"bsn": BSN, "datum": "2022-01-01", "gemeentecode": "0363", "postcode": "1011AB",
                           "huisnummer": 1},
    "brp.vertrek": {"bsn": BSN, "datum": "2022-01-01"},
    "brp.overlijden": {"bsn": BSN, "datum": "2022-01-01"},
    "brp.nationaliteit": {"bsn": BSN, "datum": "2022-01-01", "nationaliteiten": ["NLD"]},
    "ind.verblijfsrecht": {"bsn": BSN, "verblijfsdoel": "asiel", "datum_beschikking": "2022-02-03",
                           "ingangsdatum": "2021-11-30"},
    "ind.document_uitgereikt": {"bsn": BSN, "datum": "2022-01-05"},
    "ind.verblijfsrecht_ingetrokken": {"bsn": BSN, "datum": "2022-01-05"},
    "coa.locatie": {"locatie": "AZC-BUDEL", "soort": "azc", "gemeentecode": "1706", "postcode": "6021PA",
                    "huisnummer": 2, "van": "2015-01-01"},
    "coa.koppeling": {"bsn": BSN, "gemeentecode": "0344", "datum": "2022-02-10"},
    "coa.uitstroom": {"bsn": BSN, "datum": "2022-05-01"},
    "duo.gemeente": {"gemeentecode": "0363", "naam": "Amsterdam", "oin": "00000001002564440000"},
    "duo.procesbesturing": {"actie": "pauzeer", "wet": "alle", "procesgroep": "alle"},
    "duo.interpretatie": {"begindatum": "vaststelling", "koppeling": "brp_adresfilter"},
}
OPTIONEEL = {
    "brp.persoon": {"voornamen": "Rania", "vnummer": 1234567890},
    "brp.verblijfplaats": {"huisletter": "A", "straat": "Damrak", "woonplaats": "Amsterdam"},
    "ind.verblijfsrecht": {"einddatum": "2027-02-02"},
    "coa.locatie": {"tot": "2030-01-01"},
    "duo.gemeente": {"notificatie_url": "https://gemeente.example/notificaties"},
}
VERPLICHT = [(t, veld) for t, velden in GELDIG.items() for veld in velden]


def bericht(type_: str, **wijzig) -> dict:
    b = {"type": type_, "ontvangen": "2022-03-01", **GELDIG[type_]}
    for k, v in wijzig.items():
        if v is _WEG:
            b.pop(k, None)
        else:
            b[k] = v
    return b


_WEG = object()


def regels(*objs) -> list[str]:
    return [o if isinstance(o, str) else json.dumps(o) for o in objs]


def fouten_van(*objs) -> list[str]:
    with pytest.raises(InvoerFout) as e:
        lees_regels(regels(*objs))
    assert e.value.fouten
    for f in e.value.fouten:
        assert re.match(r"^regel \d+: ", f), f
    return e.value.fouten


def een_fout(*objs, regel=1, veld=None) -> str:
    fouten = fouten_van(*objs)
    assert len(fouten) == 1, fouten
    assert fouten[0].startswith(f"regel {regel}: "), fouten
    if veld is not None:
        assert f"'{veld}'" in fouten[0], fouten
    return fouten[0]


# --- valid messages ------------------------------------------------------------------------------------

@pytest.mark.parametrize("type_", sorted(GELDIG))
def test_minimal_valid_message_of_every_type_is_accepted(type_):
    [b] = lees_regels(regels(bericht(type_)))
    assert b.type == type_ and b.regel == 1
    assert b.ontvangen == datetime(2022, 3, 1)


@pytest.mark.parametrize("type_", sorted(OPTIONEEL))
def test_optional_fields_are_accepted(type_):
    [b] = lees_regels(regels(bericht(type_, **OPTIONEEL[type_])))
    for veld in OPTIONEEL[type_]:
        assert veld in b.velden


def test_dates_become_dates_and_postcode_is_normalised():
    [b] = lees_regels(regels(bericht("brp.verblijfplaats", postcode="1011 ab")))
    assert b.velden["datum"] == date(2022, 1, 1)
    assert b.velden["postcode"] == "1011AB"


def test_empty_nationality_list_is_allowed():
    [b] = lees_regels(regels(bericht("brp.persoon", nationaliteiten=[])))
    assert b.velden["nationaliteiten"] == ()


def test_ontvangen_may_be_an_iso_date_time():
    [b] = lees_regels(regels(bericht("brp.vertrek", ontvangen="2022-03-01T14:30:00+01:00")))
    assert b.ontvangen == datetime(2022, 3, 1, 14, 30)


def test_blank_lines_are_skipped_but_still_count_for_line_numbers():
    berichten = lees_regels(["", json.dumps(bericht("brp.vertrek")), "   "])
    assert [b.regel for b in berichten] == [2]
    assert een_fout("", bericht("brp.vertrek", bsn="123"), regel=2, veld="bsn")


def test_messages_take_effect_in_ontvangen_order_ties_in_file_order():
    a = {**bericht("brp.vertrek"), "id": "a", "ontvangen": "2022-03-02"}
    b = {**bericht("brp.vertrek"), "id": "b", "ontvangen": "2022-03-01T12:00:00"}
    c = {**bericht("brp.vertrek"), "id": "c", "ontvangen": "2022-03-01"}
    d = {**bericht("brp.vertrek"), "id": "d", "ontvangen": "2022-03-01"}
    assert [x.id for x in lees_regels(regels(a, b, c, d))] == ["c", "d", "b", "a"]


# --- required fields -----------------------------------------------------------------------------------

@pytest.mark.parametrize("type_, veld", VERPLICHT)
def test_missing_required_field_is_reported_with_its_name(type_, veld):
    fout = een_fout(bericht(type_, **{veld: _WEG}), veld=veld)
    assert "ontbreekt" in fout


@pytest.mark.parametrize("type_, veld", VERPLICHT)
def test_required_field_given_as_null_counts_as_missing(type_, veld):
    een_fout(bericht(type_, **{veld: None}), veld=veld)


@pytest.mark.parametrize("type_", sorted(GELDIG))
def test_missing_ontvangen_is_reported(type_):
    een_fout(bericht(type_, ontvangen=_WEG), veld="ontvangen")


def test_all_missing_fields_of_one_line_are_reported():
    fouten = fouten_van({"type": "brp.persoon"})
    assert {re.search(r"'(\w+)'", f).group(1) for f in fouten} == {
        "ontvangen", "bsn", "geboortedatum", "geslachtsnaam", "nationaliteiten",
    }


# --- type ----------------------------------------------------------------------------------------------

def test_unknown_type_is_reported():
    fout = een_fout({"type": "ind.visum", "ontvangen": "2022-01-01", "bsn": BSN}, veld="type")
    assert "ind.visum" in fout


def test_missing_type_is_reported():
    een_fout({"ontvangen": "2022-01-01", "bsn": BSN}, veld="type")


@pytest.mark.parametrize("type_", [5, None, ["brp.persoon"], {"naam": "brp.persoon"}])
def test_type_that_is_not_a_string_is_reported(type_):
    een_fout({"type": type_, "ontvangen": "2022-01-01"}, veld="type")


# --- BSN -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("bsn", ["111222334", "123456789", "999999999"])
def test_bsn_failing_the_eleven_test_is_rejected(bsn):
    fout = een_fout(bericht("brp.persoon", bsn=bsn), veld="bsn")
    assert "elfproef" in fout


@pytest.mark.parametrize("bsn", ["11122233", "1112223330", "11122233A", "", " 111222333", 111222333, None])
def test_bsn_that_is_not_nine_digits_as_text_is_rejected(bsn):
    een_fout(bericht("ind.document_uitgereikt", bsn=bsn), veld="bsn")


@pytest.mark.parametrize("type_, veld, waarde", [
    ("brp.vertrek", "bsn", "111222333\n"),
    ("coa.koppeling", "gemeentecode", "0344\n"),
    ("duo.gemeente", "oin", "00000001002564440000\n"),
])
def test_code_with_a_trailing_newline_is_rejected(type_, veld, waarde):
    een_fout(bericht(type_, **{veld: waarde}), veld=veld)


# --- dates ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("datum", [
    "2022-02-30", "2022-13-01", "2021-02-29", "01-02-2022", "2022-1-1", "20220101", "2022/01/01", "", 20220101,
    "2022-01-01T00:00:00", None,
])
def test_bad_date_is_rejected(datum):
    een_fout(bericht("brp.overlijden", datum=datum), veld="datum")


def test_leap_day_in_a_leap_year_is_a_date():
    [b] = lees_regels(regels(bericht("brp.overlijden", datum="2024-02-29")))
    assert b.velden["datum"] == date(2024, 2, 29)


@pytest.mark.parametrize("veld", ["datum_beschikking", "ingangsdatum", "einddatum"])
def test_bad_date_in_a_residence_right_names_the_field(veld):
    een_fout(bericht("ind.verblijfsrecht", **{veld: "2022-02-31"}), veld=veld)


@pytest.mark.parametrize("veld", ["datum", "ontvangen"])
def test_iso_week_date_is_not_a_contract_date(veld):
    een_fout(bericht("brp.vertrek", **{veld: "2022-W01-1"}), veld=veld)


@pytest.mark.parametrize("ontvangen", ["gisteren", "2022-02-30", 20220301, "2022-03-01 25:00"])
def test_bad_ontvangen_is_rejected(ontvangen):
    een_fout(bericht("brp.vertrek", ontvangen=ontvangen), veld="ontvangen")


def test_end_of_residence_right_before_its_start_is_rejected():
    een_fout(bericht("ind.verblijfsrecht", einddatum="2021-01-01"), veld="einddatum")


def test_coa_location_closing_before_it_opens_is_rejected():
    een_fout(bericht("coa.locatie", tot="2014-12-31"), veld="tot")


# --- gemeentecode and other codes ----------------------------------------------------------------------

@pytest.mark.parametrize("type_", ["brp.verblijfplaats", "coa.locatie", "coa.koppeling", "duo.gemeente"])
@pytest.mark.parametrize("code", ["363", "03633", "ABCD", 363, "", "03 6"])
def test_bad_gemeentecode_is_rejected(type_, code):
    een_fout(bericht(type_, gemeentecode=code), veld="gemeentecode")


@pytest.mark.parametrize("oin", ["123", "0000000100256444000A", 1002564440000])
def test_bad_oin_is_rejected(oin):
    een_fout(bericht("duo.gemeente", oin=oin), veld="oin")


@pytest.mark.parametrize("postcode", ["0123AB", "1011", "ABCDEF", 1011])
def test_bad_postcode_is_rejected(postcode):
    een_fout(bericht("brp.verblijfplaats", postcode=postcode), veld="postcode")


# --- wrong JSON types and values -----------------------------------------------------------------------

@pytest.mark.parametrize("type_, veld, waarde", [
    ("brp.verblijfplaats", "huisnummer", "2"),
    ("brp.verblijfplaats", "huisnummer", True),
    ("brp.verblijfplaats", "huisnummer", 2.5),
    ("brp.verblijfplaats", "huisnummer", 0),
    ("coa.locatie", "huisnummer", "2"),
    ("brp.persoon", "nationaliteiten", "SYR"),
    ("brp.persoon", "nationaliteiten", ["syr"]),
    ("brp.persoon", "nationaliteiten", ["SY"]),
    ("brp.persoon", "nationaliteiten", [1]),
    ("brp.nationaliteit", "nationaliteiten", {"SYR": True}),
    ("brp.persoon", "geslachtsnaam", 5),
    ("brp.persoon", "geslachtsnaam", "  "),
    ("brp.persoon", "vnummer", "1234567890"),
    ("brp.persoon", "vnummer", -1),
    ("ind.verblijfsrecht", "verblijfsdoel", "vakantie"),
    ("ind.verblijfsrecht", "verblijfsdoel", "Asiel"),
    ("coa.locatie", "soort", "hotel"),
    ("coa.locatie", "locatie", ""),
    ("duo.procesbesturing", "actie", "stop"),
    ("duo.procesbesturing", "wet", "Wi2000"),
    ("duo.procesbesturing", "procesgroep", "gezin"),
    ("duo.interpretatie", "begindatum", "beschikking"),
    ("duo.interpretatie", "koppeling", "brp"),
    ("duo.gemeente", "notificatie_url", "ftp://x"),
    ("duo.gemeente", "naam", ["Amsterdam"]),
])
def test_wrong_json_type_or_value_is_reported_with_the_field_name(type_, veld, waarde):
    een_fout(bericht(type_, **{veld: waarde}), veld=veld)


@pytest.mark.parametrize("id_", ["", "   ", True, 1.5, ["a"]])
def test_bad_message_id_is_rejected(id_):
    een_fout({**bericht("brp.vertrek"), "id": id_}, veld="id")


@pytest.mark.parametrize("regel", ["[1, 2]", "12", '"brp.persoon"', "null", "true"])
def test_a_line_that_is_not_a_json_object_is_rejected(regel):
    fout = een_fout(regel)
    assert "JSON-object" in fout


@pytest.mark.parametrize("regel", ["{bad", '{"type": "brp.vertrek",}', "type=brp.vertrek"])
def test_a_line_that_is_not_json_is_rejected(regel):
    fout = een_fout(regel)
    assert "JSON" in fout


# --- message ids ---------------------------------------------------------------------------------------

def test_same_id_with_same_content_is_one_message():
    m = {**bericht("brp.vertrek"), "id": "v1"}
    berichten = lees_regels(regels(m, bericht("brp.overlijden"), m))
    assert [b.type for b in berichten] == ["brp.vertrek", "brp.overlijden"]


def test_same_id_with_same_content_in_another_key_order_is_one_message():
    m = {**bericht("brp.vertrek"), "id": "v1"}
    omgekeerd = dict(reversed(list(m.items())))
    assert len(lees_regels(regels(m, omgekeerd))) == 1


def test_same_id_with_other_content_is_an_error_naming_both_lines():
    a = {**bericht("brp.vertrek"), "id": "v1"}
    b = {**bericht("brp.vertrek", datum="2022-02-02"), "id": "v1"}
    fout = een_fout(a, bericht("brp.overlijden"), b, regel=3, veld="id")
    assert "regel 1" in fout and "v1" in fout


def test_same_id_with_another_ontvangen_is_other_content():
    a = {**bericht("brp.vertrek"), "id": "v1"}
    b = {**a, "ontvangen": "2022-03-02"}
    een_fout(a, b, regel=2, veld="id")


def test_messages_without_id_are_never_deduplicated():
    assert len(lees_regels(regels(bericht("brp.vertrek"), bericht("brp.vertrek")))) == 2


# --- all or nothing ------------------------------------------------------------------------------------

def test_one_bad_line_rejects_the_whole_file_and_every_fault_is_reported():
    goed = bericht("brp.persoon")
    with pytest.raises(InvoerFout) as e:
        lees_regels(regels(goed, bericht("brp.vertrek", bsn="111222334"), goed,
                           bericht("coa.koppeling", gemeentecode="344"), "[]"))
    fouten = e.value.fouten
    assert [f.split(":")[0] for f in fouten] == ["regel 2", "regel 4", "regel 5"]
    assert "'bsn'" in fouten[0] and "'gemeentecode'" in fouten[1]
    assert str(e.value) == "\n".join(fouten)


def test_unreadable_file_is_an_input_error(tmp_path):
    with pytest.raises(InvoerFout) as e:
        lees_bestand(tmp_path / "bestaat-niet.jsonl")
    assert "kan niet gelezen worden" in e.value.fouten[0]


def test_file_is_read_whole(tmp_path):
    pad = tmp_path / "berichten.jsonl"
    pad.write_text("\n".join(regels(bericht("brp.persoon"), bericht("brp.vertrek"))) + "\n", encoding="utf-8")
    assert [b.type for b in lees_bestand(pad)] == ["brp.persoon", "brp.vertrek"]
    pad.write_text("\n".join(regels(bericht("brp.persoon"), bericht("brp.vertrek", datum="x"))) + "\n",
                   encoding="utf-8")
    with pytest.raises(InvoerFout):
        lees_bestand(pad)
