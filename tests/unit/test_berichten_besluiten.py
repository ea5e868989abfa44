"""Validation of DUO's back-office messages (contract §5.1) and the bad input of issue 8: a decision about a
person DUO does not know, a temporary exemption that ends before it starts, an extension granted without a new
end date. Each is ``regel N: veld '…': reden`` and nothing of the file is applied."""

from __future__ import annotations

import json

import pytest

from inburgering.domein.berichten import InvoerFout, lees_regels

BSN = "111222333"
PERSOON = {"type": "brp.persoon", "ontvangen": "2022-01-01", "bsn": BSN, "geboortedatum": "1990-01-01",
           "geslachtsnaam": "Haddad", "nationaliteiten": ["SYR"]}

# A minimal valid message per §5.1 type, written from the contract's table.
GELDIG: dict[str, dict] = {
    "duo.vrijstelling": {"soort": "tijdelijk", "oordeel": "Toekenning", "reden": "OPL", "datum_oordeel": "2022-03-01"},
    "duo.ontheffing": {"soort": "geheel", "oordeel": "Afwijzing", "datum_oordeel": "2022-03-01", "grond": "BIO"},
    "duo.voldaan": {"datum": "2022-03-01"},
    "duo.termijnverlenging": {"soort": "ambtshalve", "oordeel": "Afwijzing", "datum_oordeel": "2022-03-01"},
    "duo.examenresultaat": {"examendatum": "2022-03-01", "onderdeel": "KNM", "resultaat": "Geen"},
    "duo.opt_in": {"wet": "Wi2013", "datum": "2022-03-01"},
    "duo.verzoek_doelgroep": {"rechten": "asiel", "datum": "2022-03-01"},
}


def bericht(type_: str, **wijzig) -> dict:
    b = {"type": type_, "ontvangen": "2022-03-01", "bsn": BSN, **GELDIG[type_], **wijzig}
    return {k: v for k, v in b.items() if v is not None}


def lees(*objs):
    return lees_regels([json.dumps(o) for o in objs])


def fouten_van(*objs) -> list[str]:
    with pytest.raises(InvoerFout) as e:
        lees(*objs)
    return e.value.fouten


@pytest.mark.parametrize("type_", sorted(GELDIG))
def test_every_back_office_message_of_the_contract_is_accepted_with_its_required_fields(type_):
    assert [b.type for b in lees(PERSOON, bericht(type_))] == ["brp.persoon", type_]


@pytest.mark.parametrize("type_, veld", [(t, v) for t, velden in GELDIG.items() for v in velden])
def test_every_required_field_of_section_5_1_is_required(type_, veld):
    assert fouten_van(PERSOON, bericht(type_, **{veld: None})) == [
        f"regel 2: veld '{veld}' ontbreekt (verplicht bij {type_})"]


def test_a_temporary_exemption_may_be_withdrawn():
    """Contract §5.1: oordeel Intrekking bestaat voor de vrijstelling (niet voor de ontheffing)."""
    assert lees(PERSOON, bericht("duo.vrijstelling", oordeel="Intrekking"))
    assert "veld 'oordeel'" in fouten_van(PERSOON, bericht("duo.ontheffing", oordeel="Intrekking"))[0]


def test_a_decision_about_a_person_duo_does_not_know_is_refused():
    assert fouten_van(bericht("duo.voldaan", bsn="123456782")) == [
        "regel 1: veld 'bsn': persoon 123456782 is bij DUO niet bekend (geen brp.persoon vóór dit besluit, in het "
        "bestand of in het berichtenlog)"]


def test_the_person_must_be_known_before_the_decision_takes_effect():
    """Effect order is ontvangen, ties in file order: a brp.persoon received later does not make the person known."""
    later = {**PERSOON, "ontvangen": "2022-04-01"}
    assert fouten_van(bericht("duo.voldaan"), later)[0].startswith("regel 1: veld 'bsn': persoon 111222333")
    assert lees(bericht("duo.voldaan", ontvangen="2022-04-02"), later)  # received after the person: fine


def test_a_person_known_from_the_log_may_be_decided_about():
    assert lees_regels([json.dumps(bericht("duo.voldaan"))], lambda bsns: set(bsns) & {BSN})
    with pytest.raises(InvoerFout):
        lees_regels([json.dumps(bericht("duo.voldaan"))], lambda bsns: set())


def test_a_temporary_exemption_that_ends_before_it_starts_is_refused():
    assert fouten_van(PERSOON, bericht("duo.vrijstelling", startdatum="2022-05-01", einddatum="2022-04-30")) == [
        "regel 2: veld 'einddatum': ligt vóór 'startdatum' (2022-05-01): een tijdelijke vrijstelling kan niet "
        "eindigen voordat zij begint"]
    assert fouten_van(PERSOON, bericht("duo.vrijstelling", einddatum="2022-02-28"))[0].startswith(
        "regel 2: veld 'einddatum': ligt vóór 'datum_oordeel'")


def test_an_extension_granted_without_a_new_end_date_is_refused():
    assert fouten_van(PERSOON, bericht("duo.termijnverlenging", oordeel="Toekenning")) == [
        "regel 2: veld 'nieuwe_einddatum': ontbreekt (verplicht bij oordeel Toekenning)"]
    assert lees(PERSOON, bericht("duo.termijnverlenging", oordeel="Toekenning", nieuwe_einddatum="2025-01-01"))


def test_every_fault_of_a_file_is_reported_and_nothing_is_returned():
    fouten = fouten_van(PERSOON, bericht("duo.termijnverlenging", oordeel="Toekenning"),
                        bericht("duo.vrijstelling", einddatum="2022-01-01"))
    assert [f.split(":")[0] for f in fouten] == ["regel 2", "regel 3"]
