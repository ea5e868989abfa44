"""DUO's decisions (issue 8 item 4; contract §5.1; domain.md §2.10), Turkish nationals under Wi2013 (item 3;
domain.md §2.8) and the residence purposes of contract §5.2 (item 5; domain.md §2.9), phrased as legal cases."""

from datetime import date

import pytest

from bouwers import (
    BSN, bepaal_een, contract, document, examenresultaat, koppeling, ontheffing, persoon, stap, termijnverlenging,
    verblijfplaats, verblijfsrecht, voldaan, vrijstelling,
)
from inburgering.domein import bronnen

GEZIN = "Gezinsmigrant en overige migrant"


def gezinsvormer(**kw):
    """Gezinsvormer, document 2022-01-20, woont in Amsterdam: Wi2021 vanaf 2022-01-20."""
    return [persoon(nationaliteiten=["MAR"], **kw), verblijfsrecht("gezinsvorming", "2022-01-10"),
            document("2022-01-20"), verblijfplaats("2022-01-21", "0363")]


def beeindigd(reden):
    return {"bsn": BSN, "inburgeringsplichtig": False, "wet": "Wi2021", "begindatum": "2022-01-20",
            "doelgroep": GEZIN, "gemeente": None, "redenGeenInburgeringsplicht": reden}


@pytest.mark.parametrize("besluit, reden, bron", [
    (vrijstelling("geheel", "Toekenning", "2023-05-01", reden="DIP"), "Volledige vrijstelling",
     bronnen.VRIJSTELLING_WI2021),
    (ontheffing("geheel", "Toekenning", "2023-05-01", grond="MED"), "Volledige ontheffing", bronnen.ONTHEFFING_WI2021),
    (voldaan("2023-05-01"), "Inburgeringsplicht voldaan", bronnen.VOLDAAN_WI2021),
])
def test_duos_ending_decisions_end_the_obligation_on_their_date(besluit, reden, bron):
    """Contract §5.1: een toegekende volledige vrijstelling of ontheffing, of de beschikking 'voldaan', beëindigt de
    plicht op haar datum, met de reden uit de Inburgeringsplicht API."""
    berichten = gezinsvormer() + [besluit]
    assert bepaal_een(berichten, "2023-04-30").inburgeringsplichtig
    b = bepaal_een(berichten, "2023-05-01")
    assert contract(b) == beeindigd(reden)
    assert (b.einddatum, stap(b, "einde").bron) == (date(2023, 5, 1), bron)


@pytest.mark.parametrize("besluit", [
    vrijstelling("geheel", "Afwijzing", "2023-05-01"),
    vrijstelling("gedeeltelijk", "Toekenning", "2023-05-01", reden="DIP", examenonderdeel="LE", examenniveau="B1"),
    ontheffing("gedeeltelijk", "Toekenning", "2023-05-01", examenonderdeel="SP"),
    ontheffing("geheel", "Afwijzing", "2023-05-01"),
    examenresultaat("2023-05-01", resultaat="Geslaagd"),
    termijnverlenging("op_verzoek", "Afwijzing", "2023-05-01"),
])
def test_refusals_partial_decisions_and_exam_results_leave_the_obligation_as_it_is(besluit):
    """Contract §5.1: alleen duo.voldaan beëindigt door examens; afwijzingen en gedeeltelijke besluiten laten de
    plicht zelf staan (ze worden wel gesignaleerd)."""
    b = bepaal_een(gezinsvormer() + [besluit], "2023-06-01")
    assert (b.inburgeringsplichtig, b.reden, b.begindatum) == (True, None, date(2022, 1, 20))
    assert len(b.meldingen) == 1


def test_each_decision_maps_to_its_catalogue_signal():
    """DUO Gebeurtenissen ('Verzoeken inburgeraar', 'Termijn gewijzigd', 'Examenresultaten')."""
    berichten = gezinsvormer() + [
        vrijstelling("geheel", "Afwijzing", "2023-05-01", id="a"),
        vrijstelling("tijdelijk", "Afwijzing", "2023-05-02", id="b"),
        vrijstelling("gedeeltelijk", "Afwijzing", "2023-05-03", id="c"),
        vrijstelling("gedeeltelijk", "Toekenning", "2023-05-04", reden="DIP", id="d"),
        ontheffing("gedeeltelijk", "Afwijzing", "2023-05-05", id="e"),
        ontheffing("gedeeltelijk", "Toekenning", "2023-05-06", id="f"),
        termijnverlenging("op_verzoek", "Afwijzing", "2023-05-07", id="g"),
        termijnverlenging("ambtshalve", "Toekenning", "2023-05-08", nieuwe_einddatum="2026-06-30", id="h"),
        termijnverlenging("op_verzoek", "Toekenning", "2023-05-09", nieuwe_einddatum="2026-12-31", id="i"),
        examenresultaat("2023-05-10", id="j"),
    ]
    b = bepaal_een(berichten, "2023-06-01")
    assert [m.gebeurtenis for m in b.meldingen] == [
        "SS114", "SS115", "SS116", "SS117", "SS118", "SS119", "SS113", "SS103", "SS104", "SS199"]
    assert [(v.datum, v.laatste_dag) for v in b.verlengingen] == [
        (date(2023, 5, 8), date(2026, 6, 30)), (date(2023, 5, 9), date(2026, 12, 31))]


def test_a_decision_before_the_obligation_began_does_not_end_it():
    """Alleen besluiten vanaf de begindatum gelden voor deze plicht."""
    b = bepaal_een(gezinsvormer() + [voldaan("2021-06-01")], "2023-06-01")
    assert (b.inburgeringsplichtig, b.reden) == (True, None)


def test_the_wi2013_term_is_three_years_from_the_begin_date_and_moves_with_an_extension():
    """Wi2013 art. 7: de inburgeringstermijn loopt drie jaar vanaf het begin van de plicht; een toegekende
    verlenging verschuift het einde (einde exclusief, zoals de Inburgeringstermijn API)."""
    basis = [persoon(), verblijfsrecht("asiel", "2020-02-01"), koppeling("2020-02-05")]
    b = bepaal_een(basis, "2022-06-01")
    assert b.termijn == (date(2020, 2, 1), date(2023, 2, 1))
    assert stap(b, "inburgeringstermijn").bron == bronnen.INBURGERINGSTERMIJN_WI2013
    b = bepaal_een(basis + [termijnverlenging("op_verzoek", "Toekenning", "2022-12-01", "2024-01-31")], "2023-06-01")
    assert b.termijn == (date(2020, 2, 1), date(2024, 2, 1))


# --- Turkish nationals under Wi2013 (domain.md §2.8) -------------------------------------------------------

def test_turkish_asylum_status_holder_from_1_may_2020_is_obligated_under_wi2013():
    """Kabinetsbesluit 2020: Turkse asielstatushouders met een plicht die op of na 1 mei 2020 begint zijn
    inburgeringsplichtig onder de Wi2013."""
    b = bepaal_een([persoon(nationaliteiten=["TUR"]), verblijfsrecht("asiel", "2020-06-01"), koppeling("2020-06-05")],
                   "2021-01-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.gemeente) == (True, "Wi2013", date(2020, 6, 1), "0344")
    assert stap(b, "nationaliteit").bron == bronnen.TURKIJE_ASIEL_WI2013


def test_turkish_asylum_status_holder_before_1_may_2020_is_not_obligated():
    b = bepaal_een([persoon(nationaliteiten=["TUR"]), verblijfsrecht("asiel", "2020-04-30"), koppeling("2020-05-05")],
                   "2021-01-01")
    assert (b.inburgeringsplichtig, b.wet) == (False, None)
    assert stap(b, "nationaliteit").bron == bronnen.TURKIJE_WI2013


@pytest.mark.parametrize("doel, plichtig", [
    ("gezinsvorming_asielstatushouder", True), ("gezinshereniging_asielstatushouder", True),
    ("gezinsvorming", False), ("art8_evrm", False),
])
def test_family_of_a_turkish_asylum_status_holder_is_obligated_other_turkish_migrants_not(doel, plichtig):
    """Gezinsleden van asielstatushouders vallen onder dezelfde regel; andere Turkse migranten pas onder de Wi2021."""
    b = bepaal_een([persoon(nationaliteiten=["TUR"]), verblijfsrecht(doel, "2021-02-01"), document("2021-03-01"),
                    verblijfplaats("2021-03-01", "0363")], "2021-06-01")
    assert (b.inburgeringsplichtig, b.wet) == ((True, "Wi2013") if plichtig else (False, None))


# --- Residence purposes of contract §5.2 ----------------------------------------------------------------

def test_family_member_of_an_eu_citizen_is_not_obligated():
    """Wi2021 art. 3 (Unierecht): gezinslid van een EU/EER/Zwitserse burger."""
    b = bepaal_een([persoon(), verblijfsrecht("gezinslid_eu_burger", "2022-03-01"), document("2022-03-05"),
                    verblijfplaats("2022-03-05", "0363")], "2022-06-01")
    assert (b.inburgeringsplichtig, b.wet) == (False, None)
    assert stap(b, "verblijfsdoel").bron == bronnen.UNIERECHT_WI2021


def test_family_member_of_someone_here_for_a_temporary_purpose_is_not_obligated():
    b = bepaal_een([persoon(), verblijfsrecht("gezinslid_tijdelijk", "2022-03-01"), document("2022-03-05"),
                    verblijfplaats("2022-03-05", "0363")], "2022-06-01")
    assert (b.inburgeringsplichtig, b.wet) == (False, None)
    assert stap(b, "verblijfsdoel").bron == bronnen.TIJDELIJK_DOEL_WI2021


def test_a_change_to_family_member_of_an_eu_citizen_ends_the_obligation():
    """Gezinsvormer die gezinslid van een EU-burger wordt: einde, reden 'Verblijfsdoel gewijzigd'."""
    b = bepaal_een(gezinsvormer() + [verblijfsrecht("gezinslid_eu_burger", "2023-02-01")], "2023-03-01")
    assert contract(b) == beeindigd("Verblijfsdoel gewijzigd")
    assert stap(b, "einde").bron == bronnen.UNIERECHT_WI2021
