"""Sources per law (issue 8, item 6): every step of a determination cites the article of the law that applies to
that person, with a link to the article and the version of the text read; ``bronnen.py`` is the one list."""

from __future__ import annotations

import ast
import inspect
from datetime import date

from hypothesis import given

from bouwers import (
    bepaal_een, document, koppeling, persoon, verblijfplaats, verblijfsrecht,
)
from inburgering.domein import bronnen
from inburgering.domein.bepaling import Bepaling
from inburgering.domein.leeftijd import aow_datum, aow_leeftijd_in, aow_vastgesteld
from inburgering.domein.uitleg import Stap, regel_met_bron
from test_regels_eigenschappen import INSTELLINGEN, _bepaal, locaties, peildata, persoon_berichten

WETTEN = ("Wi2021", "Wi2013", "Wi2007")


def bronnen_van(b: Bepaling) -> list[tuple[str, bronnen.Bron]]:
    return [(s.regel, s.bron) for s in b.stappen]


# --- legal cases: one person per law, every step with its own law's article -------------------------------------

def test_a_wi2013_family_migrant_is_explained_with_wi2013_articles_only():
    """Wi2021 art. 54 keeps Wi2013 for an obligation that began in 2016; a renewal decided after the old right
    expired, effective the day after, continues it (Wi2013 art. 3 lid 2). Each step cites Wi2013 (or a law-neutral
    source), never a Wi2021 article: begin date Wi2013 art. 3 lid 4, term Wi2013 art. 7 lid 1."""
    b = bepaal_een([persoon(), verblijfsrecht("gezinsvorming", "2016-03-01", einddatum="2021-02-28"),
                    document("2016-03-20"), verblijfplaats("2016-03-21", "0363"),
                    verblijfsrecht("gezinsvorming", "2021-04-20", ingangsdatum="2021-03-01", einddatum="2026-02-28")],
                   "2023-01-01")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2016, 3, 20))
    assert bronnen_van(b) == [
        ("doorlopend verblijf", bronnen.DOORLOPEND_WI2013),
        ("begindatum", bronnen.BEKENDMAKING_WI2013),
        ("wet", bronnen.WET_WI2013),
        ("verblijfsdoel", bronnen.DOELGROEP),
        ("plicht", bronnen.PLICHT_WI2013),
        ("gemeente", bronnen.GEMEENTE_WI2013),
        ("inburgeringstermijn", bronnen.INBURGERINGSTERMIJN_WI2013),
    ]
    assert bronnen.BEKENDMAKING_WI2013.url == ("https://wetten.overheid.nl/jci1.3:c:BWBR0020611&artikel=3&lid=4"
                                               "&z=2021-12-31&g=2021-12-31")


def test_a_wi2007_croatian_is_explained_with_wi2007_articles_and_ends_at_the_accession():
    """A Croatian family migrant obligated in 2010 (Wi2007: art. X of Stb. 2012, 430 keeps the text of 2012) stops
    being obligated when Croatia joins the EU on 1 July 2013: Wi2007 art. 5 lid 2 onder a."""
    b = bepaal_een([persoon(geboortedatum="1980-05-05", nationaliteiten=["HRV"]),
                    verblijfsrecht("gezinshereniging", "2010-06-01"), document("2010-06-15"),
                    verblijfplaats("2010-06-16", "0344")], "2014-01-01")
    assert (b.wet, b.einddatum, b.reden) == ("Wi2007", date(2013, 7, 1), "Overig")
    assert bronnen_van(b) == [
        ("begindatum", bronnen.BEKENDMAKING_WI2007),
        ("wet", bronnen.WET_WI2007),
        ("verblijfsdoel", bronnen.DOELGROEP),
        ("einde", bronnen.NATIONALITEIT_WI2007),
    ]
    assert bronnen.NATIONALITEIT_WI2007.naam.startswith("Wi2007 art. 3 lid 1 (vreemdeling) en art. 5 lid 2 onder a")
    assert bronnen.NATIONALITEIT_WI2007.versie == date(2012, 12, 31)


def test_a_minor_refugee_turning_18_in_2022_cites_wi2021_also_for_the_begin_date_taken_before_the_law_was_known():
    """The asylum decision of 25 April 2022 is made known before the 18th birthday; the obligation begins on
    30 November 2022 (Wi2021 art. 3 jo. art. 4 lid 1). The begin-date step is taken before the law is known and still
    cites Wi2021."""
    b = bepaal_een([persoon(geboortedatum="2004-11-30", nationaliteiten=["ERI"]), verblijfsrecht("asiel", "2022-04-25"),
                    koppeling("2022-05-02", "0344")], "2023-01-01")
    assert bronnen_van(b) == [
        ("begindatum", bronnen.BEKENDMAKING_WI2021),
        ("minderjarig", bronnen.MEERDERJARIG_WI2021),
        ("wet", bronnen.WET_WI2021),
        ("verblijfsdoel", bronnen.DOELGROEP),
        ("plicht", bronnen.PLICHT_WI2021),
        ("gemeente", bronnen.GEMEENTE_WI2021),
    ]


def test_a_person_never_obligated_cites_the_law_of_the_day_that_decided_it():
    """A temporary purpose decided in 2015 is judged under Wi2013 art. 3 lid 1 onder a, one decided in 2022 under
    Wi2021 art. 3 lid 1."""
    oud = bepaal_een([persoon(), verblijfsrecht("studie", "2015-09-01"), document("2015-09-10")], "2016-01-01")
    nieuw = bepaal_een([persoon(), verblijfsrecht("studie", "2022-09-01"), document("2022-09-10")], "2023-01-01")
    assert bronnen_van(oud) == [("verblijfsdoel", bronnen.TIJDELIJK_DOEL_WI2013)]
    assert bronnen_van(nieuw) == [("verblijfsdoel", bronnen.TIJDELIJK_DOEL_WI2021)]


def test_an_earlier_obligation_is_cited_under_its_own_law_the_current_one_under_its_own():
    """A Wi2013 obligation that really ended (expiry, Vw 2000 art. 25) and a new one in 2023 under Wi2021: the step
    about the earlier obligation cites the source of its end, the rest Wi2021."""
    b = bepaal_een([persoon(), verblijfsrecht("gezinsvorming", "2016-03-01", einddatum="2019-02-28"),
                    document("2016-03-20"), verblijfplaats("2016-03-21", "0363"),
                    verblijfsrecht("gezinsvorming", "2023-01-10"), document("2023-01-20")], "2023-06-01")
    assert (b.wet, b.vorige.wet) == ("Wi2021", "Wi2013")
    assert bronnen_van(b) == [
        ("eerdere plicht", bronnen.VERLOPEN_RECHT),
        ("begindatum", bronnen.BEKENDMAKING_WI2021),
        ("wet", bronnen.WET_WI2021),
        ("verblijfsdoel", bronnen.DOELGROEP),
        ("plicht", bronnen.PLICHT_WI2021),
        ("gemeente", bronnen.GEMEENTE_WI2021),
        ("PIP-termijn", bronnen.PIP_TERMIJN),
    ]


# --- the AOW table: fixed through 2031 -----------------------------------------------------------------------

def test_the_aow_age_is_67_and_3_months_from_2028_and_fixed_through_2031():
    """AOW art. 7a: 67 years in 2024-2027, 67 years and 3 months in 2028-2031 (set five years ahead, the last in
    2025); from 2032 nothing is fixed yet and the last value is assumed."""
    assert [aow_leeftijd_in(j) for j in (2024, 2027, 2028, 2031, 2032)] == [(67, 0), (67, 0), (67, 3), (67, 3), (67, 3)]
    assert (aow_vastgesteld(date(2031, 12, 31)), aow_vastgesteld(date(2032, 1, 1))) == (True, False)
    assert aow_datum(date(1964, 9, 30)) == date(2031, 12, 30)


def test_an_end_by_the_aow_age_after_2031_says_the_age_is_assumed():
    """Someone born in 1965 reaches the AOW age in 2032, a year not yet fixed: the explanation says so."""
    b = bepaal_een([persoon(geboortedatum="1965-01-15"), verblijfsrecht("asiel", "2022-04-01"),
                    koppeling("2022-04-05")], "2032-06-01")
    einde = [s for s in b.stappen if s.regel == "einde"]
    assert [(s.uitkomst, s.bron) for s in einde] == [(
        "inburgeringsplicht geëindigd op 2032-04-15: AOW-leeftijd bereikt op 2032-04-15 (de AOW-leeftijd is "
        "vastgesteld tot en met 2031; daarna is de laatste aangenomen); reden 'Overig'", bronnen.AOW_WI2021)]


# --- the one list ------------------------------------------------------------------------------------------------

def test_every_source_in_the_list_belongs_to_its_law_or_to_none_and_links_to_its_version():
    for grond, per_wet in bronnen.BRONNEN.items():
        assert set(per_wet) <= set(WETTEN), grond
        for wet, b in per_wet.items():
            assert b.wet in (wet, None), (grond, wet)
            if b.versie is not None:
                g = b.versie.isoformat()
                assert b.url.startswith("https://wetten.overheid.nl/jci1.3:c:BWBR") and b.url.endswith(f"&g={g}"), b


def test_every_source_is_a_named_entry_with_a_line_saying_what_it_supports():
    """bronnen.py is reviewed rule by rule: each source is a module constant followed by its docstring line, and
    the table holds only those constants."""
    boom = ast.parse(inspect.getsource(bronnen))
    regels = boom.body
    benoemd = {}
    for i, knoop in enumerate(regels):
        if isinstance(knoop, ast.Assign) and len(knoop.targets) == 1 and isinstance(knoop.targets[0], ast.Name):
            naam = knoop.targets[0].id
            if isinstance(getattr(bronnen, naam, None), bronnen.Bron):
                volgende = regels[i + 1] if i + 1 < len(regels) else None
                assert isinstance(volgende, ast.Expr) and isinstance(volgende.value, ast.Constant) \
                    and volgende.value.value.strip(), f"{naam}: geen regel over wat de bron ondersteunt"
                benoemd[id(getattr(bronnen, naam))] = naam
    for grond, per_wet in bronnen.BRONNEN.items():
        for wet, b in per_wet.items():
            assert id(b) in benoemd, (grond, wet)


# --- properties --------------------------------------------------------------------------------------------------

@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_every_step_of_every_random_person_cites_a_source_of_that_persons_own_law(locs, berichten, peildatum):
    """The person's law is the law of the obligation, else of the day that decided it; a step about an earlier
    obligation cites that obligation's law. Every source comes from the one list."""
    for b in _bepaal(locs + berichten, peildatum).values():
        eigen = b.wet or b.bronwet
        assert eigen in WETTEN
        for s in b.stappen:
            wet = b.vorige.wet if s.regel == "eerdere plicht" else eigen
            assert s.bron.wet in (wet, None), (s.regel, s.bron.naam, wet)
            assert s.bron is bronnen.bron(s.grond, wet), (s.regel, s.grond, wet)


@INSTELLINGEN
@given(locs=locaties(), berichten=persoon_berichten(), peildatum=peildata)
def test_a_step_survives_its_json_form(locs, berichten, peildatum):
    for b in _bepaal(locs + berichten, peildatum).values():
        assert [Stap.uit_dict(s.als_dict()) for s in b.stappen] == b.stappen


def test_a_step_stored_before_sources_per_law_still_reads():
    oud = {"regel": "begindatum", "uitkomst": "bekendmaking verblijfsrecht: …; begindatum 2022-02-03",
           "bron": "Wi2021 art. 3 jo. beleid SZW"}
    s = Stap.uit_dict(oud)
    assert (s.regel, s.uitkomst, s.bron, s.grond, s.gegevens) == (
        "begindatum", oud["uitkomst"], bronnen.Bron("Wi2021 art. 3 jo. beleid SZW"), "", {})
    assert regel_met_bron(s) == f"{oud['uitkomst']} [Wi2021 art. 3 jo. beleid SZW]"


def test_the_jurists_line_has_the_citation_its_version_and_its_link():
    s = Stap("plicht", "inburgeringsplichtig onder de Wi2013 sinds 2016-03-20", bronnen.PLICHT_WI2013,
             "inburgeringsplicht")
    assert regel_met_bron(s) == (
        "inburgeringsplichtig onder de Wi2013 sinds 2016-03-20 [Wi2013 art. 3 lid 1, tekst geldig op 2021-12-31: "
        "https://wetten.overheid.nl/jci1.3:c:BWBR0020611&artikel=3&lid=1&z=2021-12-31&g=2021-12-31]")
