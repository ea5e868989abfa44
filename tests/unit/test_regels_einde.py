"""End of the obligation (domain.md §2.5): purpose change, withdrawal, death, departure for more than a
year, naturalisation. An ended obligation keeps its law and begin date; it gives no gemeente."""

from datetime import date

import pytest

from bouwers import (
    BSN, bepaal_een, contract, document, intrekking, koppeling, nationaliteit, overlijden, persoon, stap, uitstroom,
    verblijfplaats, verblijfsrecht, vertrek,
)
from inburgering.domein import bronnen
from inburgering.domein.parameters import Reden

GEZIN = "Gezinsmigrant en overige migrant"


def gezinsvormer():
    """Gezinsvormer, document 2022-01-20, woont in Amsterdam: Wi2021 vanaf 2022-01-20."""
    return [
        persoon(nationaliteiten=["MAR"]),
        verblijfsrecht("gezinsvorming", "2022-01-10"),
        document("2022-01-20"),
        verblijfplaats("2022-01-21", "0363"),
    ]


def beeindigd(reden):
    return {
        "bsn": BSN, "inburgeringsplichtig": False, "wet": "Wi2021", "begindatum": "2022-01-20",
        "doelgroep": GEZIN, "gemeente": None, "redenGeenInburgeringsplicht": reden,
    }


def test_obligation_runs_while_nothing_ends_it():
    b = bepaal_een(gezinsvormer(), "2023-06-01")
    assert contract(b) == {**beeindigd(None), "inburgeringsplichtig": True, "gemeente": "0363"}
    assert stap(b, "plicht").bron == bronnen.PLICHT_WI2021


# --- purpose change ------------------------------------------------------------------------------------

@pytest.mark.parametrize("tijdelijk", ["arbeid", "studie", "kennismigrant"])
def test_change_to_a_temporary_purpose_ends_with_verblijfsdoel_gewijzigd(tijdelijk):
    """Gezinsvormer die op 2023-01-10 een tijdelijk verblijfsdoel krijgt: einde, reden 'Verblijfsdoel gewijzigd'."""
    berichten = gezinsvormer() + [verblijfsrecht(tijdelijk, "2023-01-10")]
    assert bepaal_een(berichten, "2023-01-09").inburgeringsplichtig
    b = bepaal_een(berichten, "2023-01-10")
    assert contract(b) == beeindigd("Verblijfsdoel gewijzigd")
    assert b.einddatum == date(2023, 1, 10)
    assert stap(b, "einde").bron == bronnen.TIJDELIJK_DOEL_WI2021


def test_change_between_two_obligating_purposes_does_not_end_the_obligation():
    """Gezinsvormer → voortgezet verblijf: blijft plichtig, zelfde begindatum."""
    berichten = gezinsvormer() + [verblijfsrecht("voortgezet_verblijf", "2023-01-10")]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.begindatum, b.gedetailleerde_doelgroep) == (True, date(2022, 1, 20), "Overig")


def test_after_temporary_interlude_a_new_asylum_right_starts_a_new_obligation_under_its_own_law():
    """Asiel 2020 (Wi2013), studie 2021 (einde), opnieuw asiel 2022-03-01: nieuwe plicht onder Wi2021."""
    berichten = [
        persoon(), verblijfsrecht("asiel", "2020-02-01"), koppeling("2020-02-01"),
        verblijfsrecht("studie", "2021-02-01"), verblijfsrecht("asiel", "2022-03-01"),
    ]
    tussenin = bepaal_een(berichten, "2021-06-01")
    assert (tussenin.inburgeringsplichtig, tussenin.wet, tussenin.reden) == (False, "Wi2013", "Verblijfsdoel gewijzigd")
    b = bepaal_een(berichten, "2022-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.reden) == (True, "Wi2021", date(2022, 3, 1), None)


# --- withdrawal and expiry ----------------------------------------------------------------------------

def test_withdrawal_of_the_residence_right_ends_the_obligation():
    """IND trekt het verblijfsrecht in op 2023-01-10: de plicht eindigt; wet en begindatum blijven zichtbaar."""
    berichten = gezinsvormer() + [intrekking("2023-01-10")]
    assert bepaal_een(berichten, "2023-01-09").inburgeringsplichtig
    b = bepaal_een(berichten, "2023-01-10")
    assert contract(b) == beeindigd("Overig")
    assert "ingetrokken" in stap(b, "einde").uitkomst
    assert stap(b, "einde").bron == bronnen.GEEN_VERBLIJF_WI2021


def test_withdrawal_before_the_document_arrives_means_never_obligated():
    """Ingetrokken vóór ontvangst van het document: er is nooit een plicht geweest."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-01-10"), intrekking("2022-01-15"),
                 document("2022-01-20")]
    b = bepaal_een(berichten, "2022-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (False, None, None)


def test_expired_residence_right_without_renewal_ends_the_obligation_once_no_renewal_can_come():
    """Verblijfsrecht tot en met 2023-01-09, geen verlenging. Een verlenging kan nog komen (Vw 2000 art. 25–26,
    vier weken te laat aanvragen sluit nog aan): DUO wacht vier weken en zes maanden, tot 2023-08-07. Daarna is
    de plicht geëindigd per 2023-01-10, de dag na de einddatum."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-01-10", einddatum="2023-01-09"),
                 document("2022-01-20"), verblijfplaats("2022-01-21")]
    wachtend = bepaal_een(berichten, "2023-08-06")
    assert (wachtend.inburgeringsplichtig, wachtend.volgende_wijziging) == (True, date(2023, 8, 7))
    assert stap(wachtend, "verblijfsrecht verlopen").bron == bronnen.VERLOPEN_RECHT
    b = bepaal_een(berichten, "2023-08-07")
    assert (b.inburgeringsplichtig, b.reden, b.einddatum) == (False, "Overig", date(2023, 1, 10))
    assert stap(b, "einde").bron == bronnen.VERLOPEN_RECHT


# --- death ---------------------------------------------------------------------------------------------

def test_death_ends_the_obligation_with_overlijden():
    berichten = gezinsvormer() + [overlijden("2023-01-10")]
    assert bepaal_een(berichten, "2023-01-09").inburgeringsplichtig
    b = bepaal_een(berichten, "2023-01-10")
    assert contract(b) == beeindigd("Overlijden")
    assert stap(b, "einde").bron == bronnen.GEEN_VERBLIJF_WI2021


def test_death_before_the_begin_date_means_never_obligated():
    """Overleden vóór de ontvangst van het document: nooit plichtig, wet null."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-01-10"), overlijden("2022-01-15"),
                 document("2022-01-20")]
    b = bepaal_een(berichten, "2022-06-01")
    assert (b.inburgeringsplichtig, b.wet, b.reden) == (False, None, None)


def test_death_reported_late_still_ends_the_obligation_on_the_day_of_death():
    berichten = gezinsvormer() + [overlijden("2023-01-10", ontvangen="2023-09-01")]
    b = bepaal_een(berichten, "2023-09-02")
    assert (b.reden, b.einddatum) == ("Overlijden", date(2023, 1, 10))


# --- departure -----------------------------------------------------------------------------------------

VERTREK = "Vertrek uit Nederland langer dan een jaar"


def test_departure_ends_the_obligation_once_more_than_a_year_has_passed():
    """Vertrokken op 2022-04-01, niet teruggekeerd: op 2023-04-02 (meer dan een jaar) geëindigd."""
    berichten = gezinsvormer() + [vertrek("2022-04-01")]
    b = bepaal_een(berichten, "2023-04-02")
    assert contract(b) == beeindigd(VERTREK)
    assert stap(b, "einde").bron == bronnen.VERTREK_WI2021


def test_departure_does_not_end_the_obligation_before_the_year_has_passed():
    """Op 2023-04-01 is de persoon precies een jaar weg, niet langer: nog plichtig, maar geen gemeente."""
    berichten = gezinsvormer() + [vertrek("2022-04-01")]
    b = bepaal_een(berichten, "2023-04-01")
    assert (b.inburgeringsplichtig, b.reden, b.gemeente) == (True, None, None)
    assert "vertrokken" in stap(b, "gemeente").uitkomst


def test_departure_followed_by_return_within_the_year_does_not_end_the_obligation():
    """Vertrokken 2022-04-01, teruggekeerd naar Utrecht 2022-10-01: blijft plichtig, nu in 0344."""
    berichten = gezinsvormer() + [vertrek("2022-04-01"), verblijfplaats("2022-10-01", "0344", "3511AA", 9)]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.inburgeringsplichtig, b.reden, b.gemeente) == (True, None, "0344")


def test_abroad_for_fourteen_months_is_ended_even_if_a_return_is_registered_later():
    """Vertrokken 2022-04-01, pas op 2024-01-01 terug. Op peildatum 2023-06-01 is de persoon ruim een jaar weg:
    de plicht is geëindigd. Een terugkeer die na de peildatum ligt mag daar niets aan veranderen."""
    berichten = gezinsvormer() + [vertrek("2022-04-01"), verblijfplaats("2024-01-01", "0344", "3511AA", 9)]
    b = bepaal_een(berichten, "2023-06-01")
    assert contract(b) == beeindigd(VERTREK)


def test_return_after_more_than_a_year_abroad_does_not_revive_the_ended_obligation():
    """Vertrokken 2022-04-01, teruggekeerd 2024-01-01 (21 maanden weg): de plicht eindigde na het jaar
    en herleeft niet door de terugkeer."""
    berichten = gezinsvormer() + [vertrek("2022-04-01"), verblijfplaats("2024-01-01", "0344", "3511AA", 9)]
    b = bepaal_een(berichten, "2024-06-01")
    assert (b.inburgeringsplichtig, b.reden) == (False, VERTREK)


def test_second_departure_for_more_than_a_year_ends_the_obligation():
    """Vertrokken 2022-04-01, terug 2022-06-01, opnieuw vertrokken 2023-01-01 en niet teruggekeerd:
    op 2024-06-01 is de persoon langer dan een jaar weg → geëindigd."""
    berichten = gezinsvormer() + [
        vertrek("2022-04-01"), verblijfplaats("2022-06-01", "0344", "3511AA", 9), vertrek("2023-01-01"),
    ]
    b = bepaal_een(berichten, "2024-06-01")
    assert contract(b) == beeindigd(VERTREK)


def test_minor_who_left_the_netherlands_for_years_is_not_obligated_at_18():
    """Minderjarige asielstatushouder (geboren 2006-05-01), uitgestroomd en vertrokken op 2023-01-01, nooit
    teruggekeerd: op de 18e verjaardag (2024-05-01) woont hij al ruim een jaar in het buitenland →
    niet inburgeringsplichtig."""
    berichten = [
        persoon(geboortedatum="2006-05-01"), verblijfsrecht("asiel", "2022-02-01"), uitstroom("2022-03-01"),
        verblijfplaats("2022-03-01"), vertrek("2023-01-01"),
    ]
    b = bepaal_een(berichten, "2025-06-01")
    assert b.inburgeringsplichtig is False


# --- naturalisation ------------------------------------------------------------------------------------

def test_naturalisation_ends_the_obligation_with_reason_overig():
    """Genaturaliseerd op 2024-03-01 (NLD erbij): plicht geëindigd, reden 'Overig'."""
    berichten = gezinsvormer() + [nationaliteit("2024-03-01", ["MAR", "NLD"])]
    assert bepaal_een(berichten, "2024-02-29").inburgeringsplichtig
    b = bepaal_een(berichten, "2024-03-01")
    assert contract(b) == beeindigd("Overig")
    assert b.einddatum == date(2024, 3, 1)
    assert stap(b, "einde").bron == bronnen.NATIONALITEIT_WI2021
    assert "NLD" in stap(b, "einde").uitkomst


def test_change_to_another_non_exempt_nationality_does_not_end_the_obligation():
    berichten = gezinsvormer() + [nationaliteit("2024-03-01", ["MAR", "TUN"])]
    assert bepaal_een(berichten, "2024-06-01").inburgeringsplichtig


# --- the earliest end wins ----------------------------------------------------------------------------

def test_earliest_of_several_endings_gives_the_reason():
    """Eerst ingetrokken (2023-01-10), later overleden (2023-05-01): reden 'Overig' van 2023-01-10."""
    berichten = gezinsvormer() + [intrekking("2023-01-10"), overlijden("2023-05-01")]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.reden, b.einddatum) == ("Overig", date(2023, 1, 10))
    assert b.reden is Reden.OVERIG


def test_a_departure_long_before_the_right_does_not_matter_when_the_person_was_back_by_the_begin_date():
    from inburgering.domein.bepaling import bepaal
    from inburgering.domein.berichten import lees_regels
    from inburgering.domein.feiten import bouw_feiten
    import orjson
    from datetime import date

    b = "111222333"
    regels = [orjson.dumps(x) for x in [
        {"type": "brp.persoon", "ontvangen": "2014-08-01", "bsn": b, "geboortedatum": "1994-01-01", "geslachtsnaam": "X",
         "nationaliteiten": ["IND"]},
        {"type": "brp.verblijfplaats", "ontvangen": "2014-09-01", "bsn": b, "datum": "2014-09-01", "gemeentecode": "0363",
         "postcode": "1011AB", "huisnummer": 5},
        {"type": "ind.verblijfsrecht", "ontvangen": "2014-08-15", "bsn": b, "verblijfsdoel": "studie",
         "datum_beschikking": "2014-08-15", "ingangsdatum": "2014-08-15", "einddatum": "2016-08-15"},
        {"type": "brp.vertrek", "ontvangen": "2016-08-01", "bsn": b, "datum": "2016-08-01"},
        {"type": "ind.verblijfsrecht", "ontvangen": "2019-02-01", "bsn": b, "verblijfsdoel": "gezinsvorming",
         "datum_beschikking": "2019-02-01", "ingangsdatum": "2019-02-01"},
        {"type": "brp.verblijfplaats", "ontvangen": "2019-03-01", "bsn": b, "datum": "2019-03-01", "gemeentecode": "0344",
         "postcode": "3511AA", "huisnummer": 9},
        {"type": "ind.document_uitgereikt", "ontvangen": "2019-03-05", "bsn": b, "datum": "2019-03-05"},
    ]]
    personen, locaties = bouw_feiten(lees_regels(regels))
    r = bepaal(personen[b], date(2020, 1, 1), locaties=locaties).als_contract()
    assert (r["inburgeringsplichtig"], r["wet"], r["begindatum"], r["gemeente"]) == (True, "Wi2013", "2019-03-05", "0344")
