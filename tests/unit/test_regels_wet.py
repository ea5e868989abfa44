"""Begin date and applicable law (domain.md §2.1–2.2), phrased as cases.

The obligation begins at the bekendmaking of the residence right: for asylum the day of the IND
decision, for regular permits the day the person received the residence document. Not the effective
date (ingangsdatum), not the day DUO learns of it. The law follows from that date.
"""

from datetime import date

import pytest

from bouwers import (
    BSN, BSN2, bepaal_een, contract, document, koppeling, lees, persoon, stap, verblijfplaats, verblijfsrecht,
)
from inburgering.domein import bronnen
from inburgering.domein.bepaling import bepaal
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten

GEZIN = "Gezinsmigrant en overige migrant"


def asielstatushouder(beschikking, geboortedatum="1990-01-01", **kw):
    return [
        persoon(geboortedatum=geboortedatum),
        verblijfsrecht("asiel", beschikking, **kw),
        koppeling(beschikking, "0344"),
    ]


def gezinsmigrant(beschikking, document_op, verblijfsdoel="gezinsvorming", geboortedatum="1990-01-01", **kw):
    return [
        persoon(geboortedatum=geboortedatum, nationaliteiten=["MAR"]),
        verblijfsrecht(verblijfsdoel, beschikking, **kw),
        document(document_op),
        verblijfplaats(document_op, "0363"),
    ]


# --- the law boundaries --------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "beschikking, wet, bron, bekendmaking",
    [
        ("2012-12-31", "Wi2007", bronnen.WET_WI2007, bronnen.BEKENDMAKING_WI2007),
        ("2013-01-01", "Wi2013", bronnen.WET_WI2013, bronnen.BEKENDMAKING_WI2013),
        ("2021-12-31", "Wi2013", bronnen.WET_WI2013, bronnen.BEKENDMAKING_WI2013),
        ("2022-01-01", "Wi2021", bronnen.WET_WI2021, bronnen.BEKENDMAKING_WI2021),
    ],
)
def test_asylum_decision_on_law_boundary_day_falls_under_law_of_that_day(beschikking, wet, bron, bekendmaking):
    """Asielbeschikking op een grensdag: de wet van die dag (Wi2007 t/m 2012, Wi2013 t/m 2021, daarna Wi2021), en
    elke stap citeert de wet van die persoon: de begindatum (bekendmaking) uit Wi2007/Wi2013 art. 3 lid 4 of
    Wi2021 art. 3 lid 1, de wet uit het overgangsrecht (Wi2021 art. 54, art. X Stb. 2012, 430)."""
    b = bepaal_een(asielstatushouder(beschikking), "2023-06-01")
    assert contract(b) == {
        "bsn": BSN, "inburgeringsplichtig": True, "wet": wet, "begindatum": beschikking,
        "doelgroep": "Asielstatushouder", "gemeente": "0344", "redenGeenInburgeringsplicht": None,
    }
    assert stap(b, "wet").bron == bron
    assert stap(b, "begindatum").bron == bekendmaking


@pytest.mark.parametrize(
    "document_op, wet",
    [("2012-12-31", "Wi2007"), ("2013-01-01", "Wi2013"), ("2021-12-31", "Wi2013"), ("2022-01-01", "Wi2021")],
)
def test_family_migrant_document_received_on_law_boundary_day_falls_under_law_of_that_day(document_op, wet):
    """Gezinsmigrant die het verblijfsdocument op een grensdag ontvangt: de wet van die dag."""
    b = bepaal_een(gezinsmigrant("2012-12-01", document_op), "2023-06-01")
    assert b.wet == wet
    assert b.begindatum == date.fromisoformat(document_op)
    assert b.inburgeringsplichtig


# --- begin date: bekendmaking -------------------------------------------------------------------------

def test_retroactive_ingangsdatum_in_2021_is_ignored_for_asylum_decision_in_2022():
    """Asielvergunning met terugwerkende kracht (ingangsdatum 2021-11-30, beschikking 2022-02-03): Wi2021 vanaf
    de beschikking; de ingangsdatum telt niet."""
    b = bepaal_een(asielstatushouder("2022-02-03", ingangsdatum="2021-11-30"), "2022-06-01")
    assert (b.wet, b.begindatum) == ("Wi2021", date(2022, 2, 3))
    assert "2022-02-03" in stap(b, "begindatum").uitkomst


def test_retroactive_ingangsdatum_in_2021_is_ignored_for_family_permit_with_document_in_2022():
    """Gezinsvormer: ingangsdatum 2021-06-01, beschikking 2022-01-10, document 2022-01-20 → Wi2021 vanaf 2022-01-20."""
    b = bepaal_een(gezinsmigrant("2022-01-10", "2022-01-20", ingangsdatum="2021-06-01"), "2022-06-01")
    assert (b.wet, b.begindatum) == ("Wi2021", date(2022, 1, 20))


def test_asylum_begin_is_the_decision_day_even_when_a_document_follows_later():
    """Asiel: begindatum = dag van de beschikking, ook als het verblijfsdocument pas later wordt uitgereikt."""
    berichten = asielstatushouder("2021-12-20") + [document("2022-01-05")]
    b = bepaal_een(berichten, "2022-06-01")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2021, 12, 20))
    assert "asielbeschikking" in stap(b, "begindatum").uitkomst


def test_regular_permit_begin_is_the_document_receipt_day_not_the_decision_day():
    """Regulier (gezinshereniging): begindatum = dag van ontvangst van het document, niet de beschikking."""
    b = bepaal_een(gezinsmigrant("2021-03-01", "2021-04-15", verblijfsdoel="gezinshereniging"), "2022-06-01")
    assert b.begindatum == date(2021, 4, 15)
    assert "verblijfsdocument ontvangen op 2021-04-15" in stap(b, "begindatum").uitkomst
    assert stap(b, "begindatum").bron == bronnen.BEKENDMAKING_WI2013


def test_family_migrant_decision_2021_document_2022_falls_under_wi2021():
    """Beschikking in december 2021, document ontvangen in januari 2022 → Wi2021 vanaf de ontvangst."""
    b = bepaal_een(gezinsmigrant("2021-12-08", "2022-01-05", ingangsdatum="2021-10-01"), "2022-03-01")
    assert contract(b) == {
        "bsn": BSN, "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-01-05",
        "doelgroep": GEZIN, "gemeente": "0363", "redenGeenInburgeringsplicht": None,
    }


def test_asylum_decision_2021_with_document_2022_stays_under_wi2013():
    """Asielbeschikking 2021-12-31, document in 2022: asiel telt de beschikking → Wi2013."""
    b = bepaal_een(asielstatushouder("2021-12-31") + [document("2022-01-03")], "2022-03-01")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2021, 12, 31))


def test_regular_permit_without_document_yet_is_not_yet_obligated():
    """Gezinsvormer met beschikking maar nog zonder document: nog geen plicht, wet null."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-01-10"), verblijfplaats("2022-01-12")]
    b = bepaal_een(berichten, "2022-03-01")
    assert contract(b)["inburgeringsplichtig"] is False
    assert (b.wet, b.begindatum, b.doelgroep, b.gemeente) == (None, None, None, None)
    assert stap(b, "bekendmaking").bron == bronnen.BEKENDMAKING_WI2021


def test_document_received_before_the_decision_does_not_start_the_obligation():
    """Een document van vóór de beschikking hoort niet bij dit recht; de plicht begint bij het volgende document."""
    berichten = [
        persoon(), document("2021-05-01"), verblijfsrecht("gezinsvorming", "2021-12-10"), document("2022-01-04"),
        verblijfplaats("2022-01-04"),
    ]
    b = bepaal_een(berichten, "2022-03-01")
    assert (b.wet, b.begindatum) == ("Wi2021", date(2022, 1, 4))


def test_peildatum_before_the_decision_gives_no_obligation_and_no_law():
    """Op een peildatum vóór de beschikking is er geen plicht en nog geen wet."""
    b = bepaal_een(asielstatushouder("2022-02-03"), "2022-02-02")
    assert contract(b) == {
        "bsn": BSN, "inburgeringsplichtig": False, "wet": None, "begindatum": None, "doelgroep": None,
        "gemeente": None, "redenGeenInburgeringsplicht": None,
    }
    assert stap(b, "verblijfsrecht").bron == bronnen.PLICHT_WI2021


def test_person_without_brp_data_cannot_be_determined():
    """Alleen een IND-bericht, geen BRP-persoon: geen vaststelling mogelijk."""
    b = bepaal_een([verblijfsrecht("asiel", "2022-02-03")], "2022-06-01")
    assert not b.inburgeringsplichtig and b.wet is None
    assert stap(b, "persoon").bron == bronnen.PLICHT_WI2021


# --- data that reaches DUO late -----------------------------------------------------------------------

def test_document_2021_reported_to_duo_in_march_2022_stays_under_wi2013():
    """Document ontvangen op 2021-12-22, maar pas op 2022-03-01 bij DUO: het moment van verwerking
    verandert de wet niet (Wi2013 vanaf 2021-12-22)."""
    berichten = [
        persoon(ontvangen="2021-06-01"),
        verblijfsrecht("gezinsvorming", "2021-11-30", ingangsdatum="2021-11-01", ontvangen="2022-03-01"),
        document("2021-12-22", ontvangen="2022-03-01"),
        verblijfplaats("2021-12-23", ontvangen="2022-03-01"),
    ]
    b = bepaal_een(berichten, "2022-03-02")
    assert (b.wet, b.begindatum, b.inburgeringsplichtig) == ("Wi2013", date(2021, 12, 22), True)


def test_asylum_decision_2019_learnt_by_duo_in_2023_falls_under_wi2013():
    """Asielbeschikking uit 2019 die DUO pas in 2023 bereikt: Wi2013 vanaf 2019, niet Wi2021."""
    berichten = [
        persoon(ontvangen="2023-05-01"),
        verblijfsrecht("asiel", "2019-04-04", ontvangen="2023-05-01"),
        koppeling("2019-05-01", "0344", ontvangen="2023-05-02"),
    ]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2019, 4, 4))


def test_same_answer_whether_duo_learnt_the_facts_at_once_or_years_later():
    """Dezelfde feiten, direct of jaren later ontvangen: dezelfde bepaling onder de wettelijke regels."""
    direct = gezinsmigrant("2021-12-01", "2021-12-15")
    laat = [{**m, "ontvangen": "2024-02-02"} for m in direct]
    assert contract(bepaal_een(direct, "2024-03-01")) == contract(bepaal_een(laat, "2024-03-01"))


# --- minors ------------------------------------------------------------------------------------------

def test_minor_refugee_decided_in_2021_is_not_obligated_before_18th_birthday():
    """Minderjarige asielstatushouder (geboren 2004-01-01, beschikking 2021-06-01): vóór de 18e verjaardag
    geen plicht en nog geen wet."""
    b = bepaal_een(asielstatushouder("2021-06-01", geboortedatum="2004-01-01"), "2021-12-31")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.gemeente) == (False, None, None, None)
    assert stap(b, "minderjarig").bron == bronnen.MEERDERJARIG_WI2021


def test_minor_refugee_turning_18_on_1_january_2022_falls_under_wi2021():
    """Zelfde minderjarige: 18 op 2022-01-01 → plicht en wet vanaf de verjaardag: Wi2021."""
    b = bepaal_een(asielstatushouder("2021-06-01", geboortedatum="2004-01-01"), "2022-01-01")
    assert contract(b)["wet"] == "Wi2021"
    assert (b.inburgeringsplichtig, b.begindatum, b.gemeente) == (True, date(2022, 1, 1), "0344")
    assert "18e verjaardag, 2022-01-01" in stap(b, "minderjarig").uitkomst


def test_minor_refugee_turning_18_on_31_december_2021_falls_under_wi2013():
    """Een dag ouder (18 op 2021-12-31): de plicht begint in 2021 → Wi2013."""
    b = bepaal_een(asielstatushouder("2021-06-01", geboortedatum="2003-12-31"), "2022-01-01")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2021, 12, 31))


def test_minor_family_migrant_document_2015_turns_18_in_2023_under_wi2021():
    """Kind van een gezinsmigrant (document 2015, geboren 2005-03-10) wordt op 2023-03-10 plichtig onder Wi2021."""
    b = bepaal_een(gezinsmigrant("2015-01-05", "2015-02-01", geboortedatum="2005-03-10"), "2023-03-10")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2023, 3, 10))
    b = bepaal_een(gezinsmigrant("2015-01-05", "2015-02-01", geboortedatum="2005-03-10"), "2023-03-09")
    assert (b.inburgeringsplichtig, b.wet) == (False, None)


def test_person_turning_18_on_the_decision_day_is_obligated_from_that_day():
    """18 geworden op de dag van de asielbeschikking: meerderjarig, plicht vanaf die dag zonder uitstel."""
    b = bepaal_een(asielstatushouder("2022-05-05", geboortedatum="2004-05-05"), "2022-05-05")
    assert (b.inburgeringsplichtig, b.begindatum) == (True, date(2022, 5, 5))
    assert not [s for s in b.stappen if s.regel == "minderjarig"]


# --- the contract example -----------------------------------------------------------------------------

def test_contract_example_rania_and_youssef(voorbeelden):
    """voorbeeld.jsonl: Rania (asiel 2022-02-03, AZC Budel, gekoppeld aan Utrecht) → Wi2021, 0344;
    Youssef (beschikking 2021, document 2022-01-05) → Wi2021, 0363."""
    with open(voorbeelden / "voorbeeld.jsonl", "rb") as f:
        personen, locaties = bouw_feiten(lees_regels(f))
    rania = bepaal(personen[BSN], date(2022, 3, 1), locaties=locaties)
    youssef = bepaal(personen[BSN2], date(2022, 3, 1), locaties=locaties)
    assert contract(rania) == {
        "bsn": BSN, "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-02-03",
        "doelgroep": "Asielstatushouder", "gemeente": "0344", "redenGeenInburgeringsplicht": None,
    }
    assert contract(youssef) == {
        "bsn": BSN2, "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-01-05",
        "doelgroep": GEZIN, "gemeente": "0363", "redenGeenInburgeringsplicht": None,
    }
    assert stap(rania, "gemeente").bron == bronnen.GEMEENTE_WI2021
    assert "p4" in stap(rania, "gemeente").uitkomst  # cites COA's coupling message
    assert "q3" in stap(youssef, "begindatum").uitkomst  # cites the document message


def test_contract_example_rania_before_coupling_belongs_to_no_gemeente_not_to_budel(voorbeelden):
    """Rania op 2022-02-05: plichtig, nog niet gekoppeld → gemeente null (niet 1706, waar het AZC staat)."""
    with open(voorbeelden / "voorbeeld.jsonl", "rb") as f:
        personen, locaties = bouw_feiten(lees_regels(f))
    b = bepaal(personen[BSN], date(2022, 2, 5), locaties=locaties)
    assert (b.inburgeringsplichtig, b.gemeente) == (True, None)


def test_lees_builds_messages_in_effect_order():
    """Sanity: the builders produce messages the validator accepts."""
    assert [b.type for b in lees(asielstatushouder("2022-02-03"))] == [
        "brp.persoon", "ind.verblijfsrecht", "coa.koppeling",
    ]
