"""Continuity of an obligation (issue 8 item 1; domain.md §2.6), phrased as legal cases.

Rights chain by their ingangsdatum, not by the day they were decided (Wi2021 art. 3 jo. Vw 2000 art. 8): a
renewal that starts the day after the old right ends continues the same residence, so the same obligation
under the same law. Only a real end (a gap, a withdrawal, a temporary purpose) lets a new one begin.
"""

from datetime import date

from bouwers import (
    BSN, bepaal_een, contract, document, intrekking, koppeling, persoon, stap, verblijfplaats, verblijfsrecht,
    verzoek_doelgroep,
)
from inburgering.domein import bronnen

ASIEL = "Asielstatushouder"
GEZIN = "Gezinsmigrant en overige migrant"


def gezinsmigrant_wi2013():
    """Gezinsvormer, document 2019-03-10, verblijfsrecht tot en met 2022-03-09: Wi2013 vanaf 2019-03-10."""
    return [
        persoon(nationaliteiten=["MAR"]),
        verblijfsrecht("gezinsvorming", "2019-03-01", einddatum="2022-03-09"),
        document("2019-03-10"), verblijfplaats("2019-03-11", "0363"),
    ]


def test_late_renewal_that_starts_the_day_after_keeps_the_wi2013_obligation():
    """Wi2021 art. 3 jo. Vw 2000 art. 8 (ketening op ingangsdatum): de verlenging wordt pas op 2022-04-20 beslist,
    weken na het verlopen, maar gaat in op 2022-03-10, de dag na het oude recht. Eén doorlopend verblijf: de
    plicht blijft Wi2013 vanaf 2019-03-10; geen einde, geen nieuwe plicht onder de Wi2021 (de fout van 2022)."""
    berichten = gezinsmigrant_wi2013() + [
        verblijfsrecht("gezinsvorming", "2022-04-20", ingangsdatum="2022-03-10", einddatum="2027-03-09"),
        document("2022-04-25"),
    ]
    b = bepaal_een(berichten, "2022-06-01")
    assert contract(b) == {"bsn": BSN, "inburgeringsplichtig": True, "wet": "Wi2013", "begindatum": "2019-03-10",
                           "doelgroep": GEZIN, "gemeente": "0363", "redenGeenInburgeringsplicht": None}
    assert stap(b, "doorlopend verblijf").bron == bronnen.DOORLOPEND_WI2013


def test_while_a_renewal_can_still_come_the_obligation_runs_on():
    """Vw 2000 art. 25–26: tussen het verlopen (2022-03-09) en de late beslissing op de verlenging weet DUO nog
    niets van een verlenging; de plicht loopt door (DUO wacht vier weken en zes maanden)."""
    b = bepaal_een(gezinsmigrant_wi2013(), "2022-04-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.volgende_wijziging) == (
        True, "Wi2013", date(2019, 3, 10), date(2022, 10, 8))  # 2022-03-10 + 6 months + 4 weeks
    assert "wacht tot 2022-10-08" in stap(b, "verblijfsrecht verlopen").uitkomst


def test_asylum_status_holder_since_2017_with_a_late_five_year_renewal_stays_under_wi2013():
    """Asielvergunning 2017-06-01 tot en met 2022-05-31; de verlenging (ingang 2022-06-01) wordt op 2022-09-15
    beslist. Wi2021 art. 3 jo. Vw 2000 art. 8: één doorlopend verblijf, dus Wi2013 vanaf 2017-06-01."""
    berichten = [
        persoon(), verblijfsrecht("asiel", "2017-06-01", einddatum="2022-05-31"), koppeling("2017-06-10"),
        verblijfsrecht("asiel", "2022-09-15", ingangsdatum="2022-06-01", einddatum="2027-05-31"),
    ]
    b = bepaal_een(berichten, "2022-10-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.doelgroep) == (True, "Wi2013", date(2017, 6, 1), ASIEL)


def test_a_renewal_however_late_continues_the_obligation():
    """Ook een verlenging die pas na de wachttijd komt maar aansluit (ingang 2022-06-01) zet het verblijf voort:
    achteraf is de plicht nooit geëindigd (ketening op ingangsdatum, niet op beslisdatum)."""
    berichten = [
        persoon(), verblijfsrecht("asiel", "2017-06-01", einddatum="2022-05-31"), koppeling("2017-06-10"),
        verblijfsrecht("asiel", "2023-03-01", ingangsdatum="2022-06-01", einddatum="2028-05-31"),
    ]
    ertussen = bepaal_een(berichten[:3], "2023-01-02")
    assert (ertussen.inburgeringsplichtig, ertussen.reden, ertussen.einddatum) == (False, "Overig", date(2022, 6, 1))
    b = bepaal_een(berichten, "2023-03-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum, b.einddatum) == (True, "Wi2013", date(2017, 6, 1), None)


def test_a_new_right_after_a_gap_starts_a_new_obligation_under_the_law_of_its_own_begin_date():
    """Asielvergunning tot en met 2022-05-31, de nieuwe gaat pas in op 2022-09-15 (een gat). Tot die beschikking
    wacht DUO nog op een verlenging; daarna staat vast dat de oude plicht op 2022-06-01 eindigde, en de nieuwe
    begint bij de nieuwe beschikking, dus onder de Wi2021."""
    berichten = [
        persoon(), verblijfsrecht("asiel", "2017-06-01", einddatum="2022-05-31"), koppeling("2017-06-10"),
        verblijfsrecht("asiel", "2022-09-15", einddatum="2027-09-14"),
    ]
    wachtend = bepaal_een(berichten, "2022-09-14")
    assert (wachtend.inburgeringsplichtig, wachtend.wet, wachtend.begindatum) == (True, "Wi2013", date(2017, 6, 1))
    b = bepaal_een(berichten, "2022-09-15")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2022, 9, 15))


def test_withdrawal_ends_at_once_even_while_a_renewal_could_still_come():
    """Het verblijfsrecht verliep op 2022-03-09; op 2022-04-01 meldt de IND de intrekking: geen wachten meer,
    de plicht eindigde op de dag na het verlopen."""
    b = bepaal_een(gezinsmigrant_wi2013() + [intrekking("2022-04-01")], "2022-04-01")
    assert (b.inburgeringsplichtig, b.reden, b.einddatum) == (False, "Overig", date(2022, 3, 10))


def test_the_obligation_never_begins_before_the_right_takes_effect():
    """Studie, daarna gezinsvorming beslist en uitgereikt in december 2021 maar ingaand op 2022-01-01.
    Wi2021 art. 3: de plicht rust op het verblijfsrecht en begint dus niet vóór de ingangsdatum → Wi2021."""
    berichten = [
        persoon(nationaliteiten=["IND"]), verblijfsrecht("studie", "2019-09-01", einddatum="2021-12-31"),
        verblijfplaats("2019-09-01", "0344", "3511AA", 9),
        verblijfsrecht("gezinsvorming", "2021-12-10", ingangsdatum="2022-01-01"), document("2021-12-15"),
    ]
    assert bepaal_een(berichten, "2021-12-20").wet is None
    b = bepaal_een(berichten, "2022-02-01")
    assert (b.inburgeringsplichtig, b.wet, b.begindatum) == (True, "Wi2021", date(2022, 1, 1))
    assert stap(b, "begindatum").bron == bronnen.INGANGSDATUM_WI2021


def test_a_change_of_purpose_keeps_law_and_begin_date():
    """Gezinsvormer onder de Wi2013 die in 2023 voortgezet verblijf krijgt: zelfde plicht, zelfde wet en begindatum."""
    berichten = gezinsmigrant_wi2013() + [verblijfsrecht("voortgezet_verblijf", "2022-03-01", einddatum="2027-03-01")]
    b = bepaal_een(berichten, "2023-06-01")
    assert (b.wet, b.begindatum, b.gedetailleerde_doelgroep) == ("Wi2013", date(2019, 3, 10), "Overig")


# --- Target group after a change of purpose (DUO Gebeurtenissen 'Wijziging doelgroep'; contract §5.1) ---------

def asielstatushouder_die_gezinsvormer_wordt():
    return [persoon(), verblijfsrecht("asiel", "2022-02-01"), koppeling("2022-02-05"),
            verblijfsrecht("gezinsvorming", "2023-01-10"), document("2023-01-20")]


def test_on_request_the_rights_of_a_family_migrant_are_granted_after_asylum_to_regular():
    """Contract §5.1: de persoon vraagt (via de gemeente) om de rechten van gezins- en overige migrant."""
    b = bepaal_een(asielstatushouder_die_gezinsvormer_wordt() + [verzoek_doelgroep("2023-03-01")], "2023-06-01")
    assert (b.doelgroep, b.gedetailleerde_doelgroep, b.asielrechten) == (
        GEZIN, "Gezinsvormer", "Op verzoek rechten van gezins- en overige migrant toegekend")
    assert (b.wet, b.begindatum) == ("Wi2021", date(2022, 2, 1))
    assert stap(b, "verzoek doelgroep").bron == bronnen.ASIELRECHTEN


def test_regular_to_asylum_grants_the_asylum_rights_unless_the_person_asks_to_keep_theirs():
    """Contract §5.1: van regulier naar asiel worden de asielrechten toegekend; op verzoek blijven de rechten van
    gezins- en overige migrant."""
    basis = [persoon(), verblijfsrecht("gezinshereniging", "2022-02-01"), document("2022-02-05"),
             verblijfplaats("2022-02-05", "0363"), verblijfsrecht("asiel", "2022-09-01")]
    b = bepaal_een(basis, "2022-10-01")
    assert (b.doelgroep, b.asielrechten) == (ASIEL, "Asielrechten toegekend")
    b = bepaal_een(basis + [verzoek_doelgroep("2022-09-20")], "2022-10-01")
    assert (b.doelgroep, b.gedetailleerde_doelgroep, b.asielrechten) == (
        GEZIN, "Gezinshereniger", "Op verzoek behoud rechten van gezins- en overige migrant")


def test_a_request_without_a_change_of_purpose_has_no_effect():
    """Een verzoek zonder wijziging tussen asiel en regulier: de doelgroep blijft die van het verblijfsdoel."""
    berichten = [persoon(), verblijfsrecht("asiel", "2022-02-01"), koppeling("2022-02-05"),
                 verzoek_doelgroep("2022-05-01")]
    b = bepaal_een(berichten, "2022-06-01")
    assert (b.doelgroep, b.asielrechten) == (ASIEL, None)
    assert "zonder gevolg" in stap(b, "verzoek doelgroep").uitkomst
