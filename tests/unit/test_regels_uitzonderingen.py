"""Who is not obligated, and which target group an obligated person belongs to (domain.md §2.3–2.4,
contract §1 verblijfsdoel table): AOW age, nationality, Turkish nationals, temporary purposes."""

from datetime import date

import pytest

from bouwers import (
    BSN, bepaal_een, contract, document, koppeling, nationaliteit, persoon, stap, verblijfplaats, verblijfsrecht,
)
from inburgering.domein import bronnen
from inburgering.domein.leeftijd import aow_datum

NIET_PLICHTIG = {
    "bsn": BSN, "inburgeringsplichtig": False, "wet": None, "begindatum": None, "doelgroep": None,
    "gemeente": None, "redenGeenInburgeringsplicht": None,
}


def asiel(beschikking, geboortedatum="1990-01-01", nationaliteiten=("SYR",)):
    return [
        persoon(geboortedatum=geboortedatum, nationaliteiten=nationaliteiten),
        verblijfsrecht("asiel", beschikking),
        koppeling(beschikking, "0344"),
    ]


def gezin(beschikking, document_op, nationaliteiten=("MAR",), verblijfsdoel="gezinsvorming"):
    return [
        persoon(nationaliteiten=nationaliteiten),
        verblijfsrecht(verblijfsdoel, beschikking),
        document(document_op),
        verblijfplaats(document_op, "0363"),
    ]


# --- AOW age (AOW art. 7a table) ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "geboren, aow",
    [
        # reached in 2021 at 66 years 4 months
        ("1954-09-01", "2021-01-01"),
        ("1955-08-31", "2021-12-31"),
        # reached in 2022 at 66 years 7 months
        ("1955-09-01", "2022-04-01"),
        ("1956-05-31", "2022-12-31"),
        # reached in 2023 at 66 years 10 months
        ("1956-06-01", "2023-04-01"),
        ("1957-02-28", "2023-12-28"),
        # reached in 2024 at 67
        ("1957-03-01", "2024-03-01"),
        ("1957-12-31", "2024-12-31"),
        # 2028: 67 years 3 months
        ("1961-01-01", "2028-04-01"),
    ],
)
def test_aow_age_per_calendar_year_of_reaching_it(geboren, aow):
    """AOW-tabel: 66j4m (2019–2021), 66j7m (2022), 66j10m (2023), 67 (2024–2027), 67j3m (2028)."""
    assert aow_datum(date.fromisoformat(geboren)) == date.fromisoformat(aow)


def test_refugee_reaching_aow_on_the_decision_day_is_not_obligated():
    """Geboren 1955-09-01, AOW-leeftijd (66j7m) op 2022-04-01, asielbeschikking die dag: geen plicht."""
    b = bepaal_een(asiel("2022-04-01", geboortedatum="1955-09-01"), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG
    assert stap(b, "AOW-leeftijd").bron == bronnen.AOW_WI2021


def test_refugee_who_reached_aow_before_the_decision_is_not_obligated():
    """Geboren 1950, asielbeschikking 2022: AOW-leeftijd al bereikt → geen plicht, wet null."""
    b = bepaal_een(asiel("2022-02-01", geboortedatum="1950-06-15"), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG


def test_refugee_reaching_aow_the_day_after_the_decision_is_obligated_then_ends():
    """Beschikking 2022-03-31, AOW op 2022-04-01: één dag plichtig (Wi2021), daarna geëindigd (reden 'Overig')."""
    berichten = asiel("2022-03-31", geboortedatum="1955-09-01")
    op_begindag = bepaal_een(berichten, "2022-03-31")
    assert (op_begindag.inburgeringsplichtig, op_begindag.wet) == (True, "Wi2021")
    na = bepaal_een(berichten, "2022-04-01")
    assert contract(na) == {
        "bsn": BSN, "inburgeringsplichtig": False, "wet": "Wi2021", "begindatum": "2022-03-31",
        "doelgroep": "Asielstatushouder", "gemeente": None, "redenGeenInburgeringsplicht": "Overig",
    }
    assert na.einddatum == date(2022, 4, 1)
    assert stap(na, "einde").bron == bronnen.AOW_WI2021


def test_person_reaching_aow_in_2023_at_66y10m_obligation_ends_on_that_day():
    """Geboren 1956-06-01 (AOW 2023-04-01 op 66j10m), document 2022: plichtig tot de AOW-datum."""
    berichten = [persoon(geboortedatum="1956-06-01", nationaliteiten=["IND"]),
                 verblijfsrecht("gezinshereniging", "2022-02-01"), document("2022-02-10"),
                 verblijfplaats("2022-02-10", "0344")]
    assert bepaal_een(berichten, "2023-03-31").inburgeringsplichtig
    b = bepaal_een(berichten, "2023-04-01")
    assert (b.inburgeringsplichtig, b.reden, b.einddatum) == (False, "Overig", date(2023, 4, 1))


def test_aow_within_six_months_of_begin_is_the_ss128_case():
    """SS128: begin 2021-10-01, AOW (66j7m) op 2022-04-01 = precies 6 maanden later → binnen zes maanden."""
    b = bepaal_een(asiel("2021-10-01", geboortedatum="1955-09-01"), "2021-10-02")
    assert b.inburgeringsplichtig and b.aow_datum == date(2022, 4, 1)
    assert b.aow_binnen_zes_maanden is True


def test_aow_one_day_more_than_six_months_after_begin_is_not_the_ss128_case():
    """Begin 2021-09-30, AOW op 2022-04-01: meer dan zes maanden → gewone SS101, niet SS128."""
    b = bepaal_een(asiel("2021-09-30", geboortedatum="1955-09-01"), "2021-10-02")
    assert b.inburgeringsplichtig
    assert b.aow_binnen_zes_maanden is False


def test_young_person_is_far_from_the_ss128_window():
    b = bepaal_een(asiel("2022-02-01"), "2022-03-01")
    assert b.aow_binnen_zes_maanden is False


# --- nationality ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("nationaliteit_", ["NLD", "DEU", "POL", "HRV", "ROU", "NOR", "ISL", "LIE", "CHE"])
def test_dutch_eu_eea_and_swiss_nationals_are_not_obligated(nationaliteit_):
    """Nederlanders, EU/EER-onderdanen en Zwitsers: geen inburgeringsplicht, ook niet met een gezinsvergunning."""
    b = bepaal_een(gezin("2022-01-10", "2022-01-20", nationaliteiten=[nationaliteit_]), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG
    assert stap(b, "nationaliteit").bron == bronnen.NATIONALITEIT_WI2021


def test_syrian_german_dual_national_is_not_obligated():
    """Dubbele nationaliteit SYR+DEU met asielstatus: de Duitse nationaliteit sluit de plicht uit."""
    b = bepaal_een(asiel("2022-02-01", nationaliteiten=["SYR", "DEU"]), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG
    assert "DEU" in stap(b, "nationaliteit").uitkomst


def test_dutch_moroccan_dual_national_is_not_obligated():
    b = bepaal_een(gezin("2022-01-10", "2022-01-20", nationaliteiten=["MAR", "NLD"]), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG


def test_british_national_with_begin_in_2020_is_not_obligated_but_in_2021_is():
    """VK: tot en met 2020 EU-onderdaan (overgangsperiode); een begindatum in 2021 geeft wel plicht (Wi2013)."""
    in_2020 = bepaal_een(gezin("2020-11-01", "2020-12-31", nationaliteiten=["GBR"]), "2022-06-01")
    assert contract(in_2020) == NIET_PLICHTIG
    in_2021 = bepaal_een(gezin("2020-12-01", "2021-01-01", nationaliteiten=["GBR"]), "2022-06-01")
    assert (in_2021.inburgeringsplichtig, in_2021.wet) == (True, "Wi2013")


def test_nationality_acquired_before_the_begin_date_excludes_the_obligation():
    """Syriër die vóór de bekendmaking ook de Duitse nationaliteit kreeg: geen plicht."""
    berichten = asiel("2022-02-01") + [nationaliteit("2021-05-01", ["SYR", "DEU"])]
    assert contract(bepaal_een(berichten, "2022-06-01")) == NIET_PLICHTIG


def test_croatian_obligated_under_wi2013_is_no_longer_obligated_once_croatia_joins_the_eu():
    """Kroaat met gezinsvergunning, document 2013-03-01 (Wi2013). Per 2013-07-01 is Kroatië EU-lid: een
    EU-onderdaan is niet inburgeringsplichtig, dus de plicht eindigt op die dag."""
    berichten = gezin("2013-02-01", "2013-03-01", nationaliteiten=["HRV"])
    assert bepaal_een(berichten, "2013-06-30").inburgeringsplichtig
    b = bepaal_een(berichten, "2013-08-01")
    assert b.inburgeringsplichtig is False
    assert b.reden == "Overig"


def test_turkish_family_migrant_with_document_in_2021_is_not_obligated_under_wi2013():
    """Turkse gezinsvormer, document 2021-10-20 (Wi2013): niet inburgeringsplichtig (associatierecht)."""
    b = bepaal_een(gezin("2021-10-10", "2021-10-20", nationaliteiten=["TUR"]), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG
    assert stap(b, "nationaliteit").bron == bronnen.TURKIJE_WI2013


def test_turkish_family_migrant_with_document_in_2022_is_obligated_under_wi2021():
    """Turkse gezinsvormer, beschikking 2021, document 2022-01-20: wel plichtig onder Wi2021."""
    b = bepaal_een(gezin("2021-10-10", "2022-01-20", nationaliteiten=["TUR"]), "2022-06-01")
    assert contract(b) == {
        "bsn": BSN, "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-01-20",
        "doelgroep": "Gezinsmigrant en overige migrant", "gemeente": "0363", "redenGeenInburgeringsplicht": None,
    }


def test_turkish_refugee_decision_2012_is_not_obligated_under_wi2007():
    b = bepaal_een(asiel("2012-06-01", nationaliteiten=["TUR"]), "2013-06-01")
    assert contract(b) == NIET_PLICHTIG


def test_turkish_minor_refugee_turning_18_in_2022_is_obligated_under_wi2021():
    """Turkse minderjarige, asiel 2016, 18 op 2022-08-01 → plicht (Wi2021) vanaf de verjaardag."""
    b = bepaal_een(asiel("2016-03-01", geboortedatum="2004-08-01", nationaliteiten=["TUR"]), "2022-08-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2022, 8, 1))


# --- residence purposes -------------------------------------------------------------------------------

TIJDELIJK = ["studie", "arbeid", "kennismigrant", "au_pair", "uitwisseling", "seizoenarbeid", "medische_behandeling"]


@pytest.mark.parametrize("doel", TIJDELIJK)
def test_temporary_residence_purpose_gives_no_obligation(doel):
    """Tijdelijk verblijfsdoel: geen inburgeringsplicht, geen wet, geen doelgroep, geen gemeente."""
    b = bepaal_een(gezin("2022-01-10", "2022-01-20", verblijfsdoel=doel), "2022-06-01")
    assert contract(b) == NIET_PLICHTIG
    assert b.gedetailleerde_doelgroep is None
    assert stap(b, "verblijfsdoel").bron == bronnen.TIJDELIJK_DOEL_WI2021
    assert doel in stap(b, "verblijfsdoel").uitkomst


@pytest.mark.parametrize(
    "doel, doelgroep, gedetailleerd",
    [
        ("asiel", "Asielstatushouder", "Asielstatushouder"),
        ("gezinshereniging", "Gezinsmigrant en overige migrant", "Gezinshereniger"),
        ("gezinsvorming", "Gezinsmigrant en overige migrant", "Gezinsvormer"),
        ("gezinshereniging_asielstatushouder", "Gezinsmigrant en overige migrant",
         "Gezinshereniger met Asielstatushouder"),
        ("gezinsvorming_asielstatushouder", "Gezinsmigrant en overige migrant", "Gezinsvormer met Asielstatushouder"),
        ("geestelijk_bedienaar", "Gezinsmigrant en overige migrant", "Geestelijk bedienaar"),
        ("art8_evrm", "Gezinsmigrant en overige migrant", "Overig"),
        ("kinderpardon", "Gezinsmigrant en overige migrant", "Overig"),
        ("voortgezet_verblijf", "Gezinsmigrant en overige migrant", "Overig"),
        ("humanitair", "Gezinsmigrant en overige migrant", "Overig"),
    ],
)
def test_every_obligating_purpose_maps_to_its_contract_target_group(doel, doelgroep, gedetailleerd):
    """Contract §1: verblijfsdoel → doelgroep en gedetailleerde doelgroep."""
    berichten = gezin("2022-01-10", "2022-01-20", verblijfsdoel=doel) + [koppeling("2022-01-10", "0363")]
    b = bepaal_een(berichten, "2022-06-01")
    assert b.inburgeringsplichtig
    assert (contract(b)["doelgroep"], b.gedetailleerde_doelgroep) == (doelgroep, gedetailleerd)
    assert stap(b, "verblijfsdoel").bron == bronnen.DOELGROEP


def test_asylum_to_family_purpose_change_keeps_the_begin_date_and_the_asylum_rights():
    """Asielstatushouder die later een gezinsvergunning krijgt: de plicht loopt door vanaf de asielbeschikking en
    DUO blijft van de asielrechten uitgaan (DUO Gebeurtenissen, 'Wijziging doelgroep'; contract §5.1)."""
    berichten = asiel("2022-02-01") + [verblijfsrecht("gezinshereniging", "2023-01-10"), document("2023-01-20")]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2022, 2, 1))
    assert (b.verblijfsdoel, b.doelgroep, b.gedetailleerde_doelgroep, b.asielrechten) == (
        "gezinshereniging", "Asielstatushouder", "Asielstatushouder", "Behoud asielrechten")
    assert stap(b, "asielrechten").bron == bronnen.ASIELRECHTEN
