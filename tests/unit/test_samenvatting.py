"""The plain-Dutch summary for the consulent inburgering (issue 8, item 7): legal cases with the exact text, the
data a gemeente may not see, and properties over random persons (no ISO date, no internal code, no address)."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import given

from bouwers import (
    bepaal_een, document, koppeling, persoon, uitstroom, verblijfplaats, verblijfsrecht, vrijstelling,
)
from inburgering.domein.bronnen import Bron
from inburgering.domein.parameters import VERBLIJFSDOELEN
from inburgering.domein.samenvatting import datum, samenvatting
from inburgering.domein.uitleg import Stap
from inburgering.domein.variant import JANUARI_2022
from test_regels_eigenschappen import INSTELLINGEN, _bepaal, locaties, peildata, persoon_berichten

NAMEN = {"0344": "Utrecht", "0363": "Amsterdam", "0599": "Rotterdam", "0518": "'s-Gravenhage", "1706": "Cranendonck"}


def test_dutch_dates():
    assert [datum(date(2022, 4, 25)), datum("2013-07-01"), datum(date(2031, 12, 1))] == [
        "25 april 2022", "1 juli 2013", "1 december 2031"]


def test_a_wi2021_family_migrant_with_an_earlier_wi2013_obligation_that_ended():
    """Wi2013 art. 3 lid 1: the obligation of 2016 ended when the right expired without a connecting renewal
    (Vw 2000 art. 25: after the wait); the new right of 2023 starts a new obligation under Wi2021 (art. 3 lid 1),
    begun on the day the document was received. The consulent reads both, with the gemeente's name."""
    b = bepaal_een([persoon(), verblijfsrecht("gezinsvorming", "2016-03-01", einddatum="2019-02-28"),
                    document("2016-03-20"), verblijfplaats("2016-03-21", "0363"),
                    verblijfsrecht("gezinsvorming", "2023-01-10"), document("2023-01-20")], "2023-06-01")
    assert samenvatting(b.stappen, NAMEN) == [
        "Inburgeringsplichtig onder de Wet inburgering 2021 (Wi2021) sinds 20 januari 2023.",
        "De IND verleende op 10 januari 2023 een verblijfsvergunning voor gezinsvorming; de persoon ontving de "
        "verblijfspas op 20 januari 2023, en op die dag begon de plicht.",
        "Verblijfsdoel: gezinsvorming. Doelgroep: gezinsmigrant en overige migrant (gezinsvormer).",
        "Verantwoordelijke gemeente: Amsterdam, waar de persoon woont.",
        "De termijn van 10 weken voor het PIP loopt sinds 20 januari 2023.",
        "Eerder gold een inburgeringsplicht onder de Wet inburgering 2013 (Wi2013); die begon op 20 maart 2016 en "
        "eindigde op 1 maart 2019. Het verblijfsrecht was geldig tot en met 28 februari 2019 en is niet aansluitend "
        "verlengd.",
    ]


def test_a_croatian_under_wi2007_reads_as_croatia_joining_the_eu_not_as_a_change_of_nationality():
    """Wi2007 art. 5 lid 2 onder a: EU nationals are not obligated; Croatia joined the EU on 1 July 2013, which ended
    the obligation of a Croatian obligated since 2010 (Wi2007 art. 3 lid 1)."""
    b = bepaal_een([persoon(geboortedatum="1980-05-05", nationaliteiten=["HRV"]),
                    verblijfsrecht("gezinshereniging", "2010-06-01"), document("2010-06-15"),
                    verblijfplaats("2010-06-16", "0344")], "2014-01-01")
    assert samenvatting(b.stappen, NAMEN) == [
        "De inburgeringsplicht onder de Wet inburgering 2007 (Wi2007) begon op 15 juni 2010 en eindigde op 1 juli "
        "2013. Kroatië is op 1 juli 2013 lid van de EU geworden; onderdanen van de EU zijn niet inburgeringsplichtig.",
        "De IND verleende op 1 juni 2010 een verblijfsvergunning voor gezinshereniging; de persoon ontving de "
        "verblijfspas op 15 juni 2010, en op die dag begon de plicht.",
        "Omdat de plicht vóór 1 januari 2013 begon, valt zij onder de Wet inburgering 2007 (Wi2007).",
        "Verblijfsdoel: gezinshereniging. Doelgroep: gezinsmigrant en overige migrant (gezinshereniger).",
    ]


def test_a_wi2013_person_with_a_late_renewal_stays_under_wi2013_with_the_term():
    """Wi2021 art. 54 and Wi2013 art. 3 lid 2: a renewal effective the day after the old right ended continues the
    Wi2013 obligation; Wi2013 art. 7 lid 1: the term is three years from the begin date."""
    b = bepaal_een([persoon(), verblijfsrecht("gezinsvorming", "2016-03-01", einddatum="2021-02-28"),
                    document("2016-03-20"), verblijfplaats("2016-03-21", "0363"),
                    verblijfsrecht("gezinsvorming", "2021-04-20", ingangsdatum="2021-03-01", einddatum="2026-02-28")],
                   "2023-01-01")
    assert samenvatting(b.stappen, NAMEN) == [
        "Inburgeringsplichtig onder de Wet inburgering 2013 (Wi2013) sinds 20 maart 2016.",
        "De IND verleende op 1 maart 2016 een verblijfsvergunning voor gezinsvorming; de persoon ontving de "
        "verblijfspas op 20 maart 2016, en op die dag begon de plicht.",
        "Omdat de plicht vóór 1 januari 2022 begon, valt zij onder de Wet inburgering 2013 (Wi2013).",
        "Het verblijfsrecht is sinds 1 maart 2016 één keer zonder onderbreking verlengd of vervangen: het blijft één "
        "inburgeringsplicht onder dezelfde wet.",
        "Verblijfsdoel: gezinsvorming. Doelgroep: gezinsmigrant en overige migrant (gezinsvormer).",
        "Verantwoordelijke gemeente: Amsterdam, waar de persoon woont.",
        "De inburgeringstermijn loopt tot en met 19 maart 2019.",
    ]


def test_a_minor_refugee_coupled_by_coa():
    """Wi2021 art. 3 jo. art. 4 lid 1: the obligation begins at 18; art. 1 (college): the gemeente COA coupled the
    status holder to."""
    b = bepaal_een([persoon(geboortedatum="2004-11-30", nationaliteiten=["ERI"]), verblijfsrecht("asiel", "2022-04-25"),
                    koppeling("2022-05-02", "0344")], "2023-01-01")
    assert samenvatting(b.stappen, NAMEN) == [
        "Inburgeringsplichtig onder de Wet inburgering 2021 (Wi2021) sinds 30 november 2022.",
        "De IND verleende op 25 april 2022 een verblijfsvergunning voor asiel; de persoon was toen nog geen 18, dus "
        "de plicht begon op de 18e verjaardag, 30 november 2022.",
        "Verblijfsdoel: asiel. Doelgroep: asielstatushouder.",
        "Verantwoordelijke gemeente: Utrecht; het COA heeft de persoon aan deze gemeente gekoppeld.",
    ]


def _asiel_naar_gezin():
    return bepaal_een([persoon(), verblijfsrecht("asiel", "2022-02-01"), koppeling("2022-02-05", "0344"),
                       verblijfsrecht("gezinsvorming", "2023-01-10"), document("2023-01-20")], "2023-06-01")


def test_asylum_to_regular_keeps_the_asylum_rights_in_words():
    """DUO's Gebeurtenissen page and contract §5.1: asylum → regular keeps the asylum rights; law and begin date
    stay (Wi2021 art. 3 lid 1)."""
    assert samenvatting(_asiel_naar_gezin().stappen, NAMEN) == [
        "Inburgeringsplichtig onder de Wet inburgering 2021 (Wi2021) sinds 1 februari 2022.",
        "De IND verleende op 1 februari 2022 een verblijfsvergunning voor asiel; op de dag van dat besluit begon de "
        "plicht.",
        "Het verblijfsrecht is sinds 1 februari 2022 één keer zonder onderbreking verlengd of vervangen: het blijft "
        "één inburgeringsplicht onder dezelfde wet.",
        "Het verblijfsdoel is op 10 januari 2023 gewijzigd van asiel naar gezinsvorming; DUO blijft uitgaan van de "
        "rechten van een asielstatushouder.",
        "Verblijfsdoel: gezinsvorming. Doelgroep: asielstatushouder.",
        "Verantwoordelijke gemeente: Utrecht; het COA heeft de persoon aan deze gemeente gekoppeld.",
    ]


def test_a_gemeente_without_a_basis_for_the_responsible_gemeente_reads_another_gemeente():
    """keten.scope.VELDEN: the responsible gemeente's name only for the gemeente where the person lives or is
    coupled; a gemeente that sees the person through a PIP reads 'een andere gemeente', the responsible one its own."""
    b = _asiel_naar_gezin()
    anders = samenvatting(b.stappen, NAMEN, lezer="0363", gemeente_zichtbaar=False)
    eigen = samenvatting(b.stappen, NAMEN, lezer="0344", gemeente_zichtbaar=True)
    assert anders[-1] == "Verantwoordelijke gemeente: een andere gemeente."
    assert eigen[-1] == ("Verantwoordelijke gemeente: uw gemeente (Utrecht); het COA heeft de persoon aan deze "
                         "gemeente gekoppeld.")
    assert anders[:-1] == eigen[:-1] and not any("Utrecht" in z for z in anders)


def test_without_a_name_the_gemeente_is_shown_by_its_code():
    b = bepaal_een([persoon(), verblijfsrecht("gezinsvorming", "2022-01-10"), document("2022-01-20"),
                    verblijfplaats("2022-01-21", "0599")], "2022-06-01")
    assert samenvatting(b.stappen, {})[3] == "Verantwoordelijke gemeente: 0599, waar de persoon woont."


def test_a_temporary_exemption_while_in_education_suspends_in_words():
    """Wi2021 art. 4 lid 1 onder d and contract §5.1: a temporary exemption suspends the obligation up to and
    including its end."""
    b = bepaal_een([persoon(geboortedatum="2005-09-01"), verblijfsrecht("asiel", "2019-02-01"), koppeling("2019-02-05"),
                    uitstroom("2019-06-01"), verblijfplaats("2019-06-01", "0363"),
                    vrijstelling("tijdelijk", "Toekenning", "2023-09-01", reden="OPL", einddatum="2024-07-31")],
                   "2024-01-01")
    assert samenvatting(b.stappen, NAMEN) == [
        "De inburgeringsplicht onder de Wet inburgering 2021 (Wi2021), die begon op 1 september 2023, is opgeschort: "
        "DUO heeft een tijdelijke vrijstelling verleend, tot en met 31 juli 2024.",
        "De IND verleende op 1 februari 2019 een verblijfsvergunning voor asiel; de persoon was toen nog geen 18, dus "
        "de plicht begon op de 18e verjaardag, 1 september 2023.",
        "Verblijfsdoel: asiel. Doelgroep: asielstatushouder.",
    ]


def test_the_fault_variant_is_named_as_such():
    """Handreiking §1.1: in January 2022 the begin date was taken as the day DUO determined the obligation."""
    b = bepaal_een([persoon(nationaliteiten=["MAR"]), verblijfsrecht("gezinsvorming", "2021-11-30"),
                    document("2021-12-22"), verblijfplaats("2021-12-23", "0363")], "2022-01-04", variant=JANUARI_2022,
                   vastgesteld_op=date(2022, 1, 4))
    assert samenvatting(b.stappen, NAMEN)[1] == (
        "De IND verleende op 30 november 2021 een verblijfsvergunning voor gezinsvorming; de persoon ontving de "
        "verblijfspas op 22 december 2021. Let op: volgens de foutieve regel van januari 2022 begon de plicht op de dag "
        "waarop DUO haar vaststelde, 4 januari 2022; volgens de wet was dat 22 december 2021.")


def test_not_obligated_in_one_sentence_with_the_reason():
    """Wi2021 art. 3: EU nationals (dual nationals too), temporary purposes and eight years at school-attendance age
    give no obligation."""
    eu = bepaal_een([persoon(nationaliteiten=["DEU", "SYR"]), verblijfsrecht("gezinsvorming", "2022-09-01"),
                     document("2022-09-10")], "2023-01-01")
    studie = bepaal_een([persoon(), verblijfsrecht("studie", "2022-09-01"), document("2022-09-10")], "2023-01-01")
    acht = bepaal_een([persoon(geboortedatum="2005-06-01"), verblijfsrecht("asiel", "2010-01-10"),
                       koppeling("2010-01-15"), verblijfplaats("2010-01-20", "0363")], "2023-07-01")
    assert [samenvatting(b.stappen, NAMEN) for b in (eu, studie, acht)] == [
        ["Niet inburgeringsplichtig: de persoon heeft de nationaliteit van Duitsland, en onderdanen van de EU, de EER "
         "en Zwitserland zijn niet inburgeringsplichtig."],
        ["Niet inburgeringsplichtig: het verblijfsrecht is voor studie, een tijdelijk verblijfsdoel."],
        ["Niet inburgeringsplichtig: de persoon heeft volgens de BRP ten minste acht jaar in de leerplichtige leeftijd "
         "in Nederland gewoond (ongeveer 11,1 jaar)."],
    ]


def test_steps_stored_before_their_facts_were_kept_give_no_summary():
    oud = [Stap("plicht", "inburgeringsplichtig onder de Wi2021 sinds 2022-02-03", Bron("Wi2021 art. 3"))]
    assert samenvatting(oud, NAMEN) == []


def test_every_residence_purpose_has_words():
    assert all(v.omschrijving and "_" not in v.omschrijving for v in VERBLIJFSDOELEN.values())


# --- properties ----------------------------------------------------------------------------------------------------

ISO_DATUM = re.compile(r"\d{4}-\d{2}-\d{2}")
CODES = re.compile(r"\b(?:[a-z0-9]+_[a-z0-9_]+|bericht|regel \d+|m\d+|SYR|ERI|TUR|MAR|AFG|DEU|NLD|GBR|IRQ|"
                   r"0344|0363|0599|0518|1706|Wet\(code|Reden\.[A-Z_]+|Gebeurtenis\.SS\d+|Begindatumregel|Koppelingsregel|None|True|"
                   r"False)\b")
ADRES = re.compile(r"\b\d{4} ?[A-Z]{2}\b")


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_no_summary_holds_an_iso_date_an_internal_code_or_an_address(locs, berichten, peildatum):
    ids = [{**b, "id": f"m{i}"} for i, b in enumerate(locs + berichten)]  # message ids must not leak either
    for b in _bepaal(ids, peildatum).values():
        for lezer, zichtbaar in ((None, True), ("0599", False)):
            zinnen = samenvatting(b.stappen, NAMEN, lezer=lezer, gemeente_zichtbaar=zichtbaar)
            assert zinnen, b.stappen
            tekst = " ".join(zinnen)
            assert not ISO_DATUM.search(tekst), tekst
            assert not CODES.search(tekst), (CODES.search(tekst), tekst)
            assert not ADRES.search(tekst), tekst
            if not zichtbaar and b.gemeente not in (None, "0599"):
                assert NAMEN[b.gemeente] not in tekst, tekst


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_the_summary_reads_the_same_from_the_stored_steps(locs, berichten, peildatum):
    for b in _bepaal(locs + berichten, peildatum).values():
        opgeslagen = [Stap.uit_dict(s.als_dict()) for s in b.stappen]
        assert samenvatting(opgeslagen, NAMEN) == samenvatting(b.stappen, NAMEN)
