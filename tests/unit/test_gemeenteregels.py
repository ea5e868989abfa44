"""DUO's rules for what a gemeente reports (domain.md §5), one case per rule, without a database.

Each case: a person as DUO knows them (``Situatie``), what the gemeente reports, and exactly the refusals
that follow — first of the rule alone, then of the whole report. Amsterdam (0363) is responsible for the
person unless a case says otherwise; today is 1 March 2024."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from inburgering.domein import gemeenteregels as gr
from inburgering.domein.gemeenteberichten import Dossier, PipRegistratie
from inburgering.domein.gemeenteregels import AanbodInvoer, Instelling, PipInvoer, Termijn
from inburgering.domein.parameters import ASIEL, GEZIN_OVERIG

AMSTERDAM, UTRECHT = "0363", "0344"
VANDAAG = date(2024, 3, 1)
TERMIJN = Termijn(date(2024, 2, 2), date(2027, 2, 2))
BOW = Instelling("BOW0000001", "Taalschool BoW", bow_keurmerk=True, tst_keurmerk=False)
TST = Instelling("TST0000002", "Taalschakel", bow_keurmerk=False, tst_keurmerk=True)
GEEN = Instelling("GEEN000003", "Zonder keurmerk", bow_keurmerk=False, tst_keurmerk=False)


def pip(dagtekening="2024-02-01", gemeente=AMSTERDAM, leerroute="B1-route", geregistreerd=None) -> PipRegistratie:
    d = date.fromisoformat(dagtekening)
    return PipRegistratie(gemeente, d, leerroute, geregistreerd or d)


def situatie(gemeente=AMSTERDAM, *, plichtig=True, begindatum="2024-01-10", doelgroep=GEZIN_OVERIG,
             verantwoordelijk=AMSTERDAM, vestiging="2024-01-05", dossier: Dossier | None = None,
             termijn: Termijn | None = None, vandaag=VANDAAG) -> gr.Situatie:
    return gr.Situatie(
        gemeente=gemeente, vandaag=vandaag, inburgeringsplichtig=plichtig,
        begindatum=date.fromisoformat(begindatum) if begindatum else None, doelgroep=doelgroep,
        verantwoordelijke_gemeente=verantwoordelijk,
        vestigingsdatum=date.fromisoformat(vestiging) if vestiging else None,
        dossier=dossier or Dossier(), termijn=termijn)


def nieuw_pip(dagtekening="2024-02-01", leerroute="B", **kw) -> PipInvoer:
    return PipInvoer(date.fromisoformat(dagtekening), leerroute, **kw)


# --- every rule names its source and is asked --------------------------------------------------------------

ALLE_LIJSTEN = (gr.PIP_REGELS, gr.PIP_VERWIJDEREN_REGELS, gr.AANBOD_REGELS, gr.MAP_PVT_REGELS, gr.ZROUTE_REGELS,
                gr.UREN_REGELS)
LOSSE_REGELS = (gr.pip_alleen_bij_inburgeringsplicht, gr.aanbod_verwijderen_door_eigen_gemeente,
                gr.lbt_overslaan_zonder_uitslag)


def test_every_rule_names_its_source_and_belongs_to_one_report():
    regels = [r for lijst in ALLE_LIJSTEN for r in lijst] + list(LOSSE_REGELS)
    in_module = [v for v in vars(gr).values() if isinstance(v, gr.Regel)]
    assert sorted(r.naam for r in regels) == sorted(r.naam for r in in_module)
    assert len({r.naam for r in regels}) == len(regels)
    for r in regels:
        assert r.bron.naam.strip(), r.naam


# --- PIP ---------------------------------------------------------------------------------------------------

def test_who_is_not_obligated_gets_one_refusal_and_nothing_else():
    """A student (no obligation) for whom Utrecht reports a PIP dated in the future: only the obligation counts."""
    s = situatie(UTRECHT, plichtig=False, begindatum=None)
    melding = nieuw_pip("2024-04-01", niveau="A2")
    verwacht = ["De persoon is niet inburgeringsplichtig onder de Wet inburgering 2021; een PIP kan niet worden "
                "geregistreerd."]
    assert gr.pip_alleen_bij_inburgeringsplicht(melding, s) == verwacht
    assert gr.pip_fouten(melding, s) == verwacht


def test_only_the_responsible_gemeente_sets_a_pip():
    """The person lives in Amsterdam; Utrecht reports a PIP, Amsterdam the same one."""
    verwacht = ["Uw gemeente is niet de gemeente waar de persoon woont of waaraan het COA de persoon heeft "
                "gekoppeld; alleen die gemeente kan een PIP vaststellen."]
    assert gr.pip_door_verantwoordelijke_gemeente(nieuw_pip(), situatie(UTRECHT)) == verwacht
    assert gr.pip_fouten(nieuw_pip(), situatie(UTRECHT)) == verwacht
    assert gr.pip_fouten(nieuw_pip(), situatie(AMSTERDAM)) == []


def test_a_pip_is_not_dated_in_the_future():
    assert gr.pip_niet_in_de_toekomst(nieuw_pip("2024-03-02"), situatie()) == [
        "De dagtekening van het PIP (02-03-2024) ligt in de toekomst."]
    assert gr.pip_niet_in_de_toekomst(nieuw_pip("2024-03-01"), situatie()) == []


def test_a_pip_is_not_dated_before_the_obligation_began():
    """Obligation from 10 January 2024, settled from 5 January: a PIP of 9 January is too early for the first."""
    assert gr.pip_niet_voor_begin_plicht(nieuw_pip("2024-01-09"), situatie()) == [
        "De dagtekening van het PIP (09-01-2024) ligt vóór het begin van de inburgeringsplicht (10-01-2024)."]
    assert gr.pip_fouten(nieuw_pip("2024-01-09"), situatie()) == [
        "De dagtekening van het PIP (09-01-2024) ligt vóór het begin van de inburgeringsplicht (10-01-2024)."]
    assert gr.pip_niet_voor_begin_plicht(nieuw_pip("2024-01-10"), situatie()) == []


def test_a_pip_is_not_dated_before_the_person_settled_in_the_gemeente():
    """Obligation since 10 January, moved to Amsterdam on 1 February: a PIP of 31 January is refused."""
    s = situatie(vestiging="2024-02-01")
    assert gr.pip_niet_voor_vestiging(nieuw_pip("2024-01-31"), s) == [
        "De dagtekening van het PIP (31-01-2024) ligt vóór de vestiging in uw gemeente (01-02-2024)."]
    assert gr.pip_fouten(nieuw_pip("2024-01-31"), s) == [
        "De dagtekening van het PIP (31-01-2024) ligt vóór de vestiging in uw gemeente (01-02-2024)."]
    assert gr.pip_niet_voor_vestiging(nieuw_pip("2024-02-01"), s) == []


def test_a_changed_pip_is_not_dated_before_the_first_nor_the_current_one():
    """First PIP 1 February, changed on 15 February: a change dated 10 February lies before the current one,
    a change dated 20 January before both."""
    s = situatie(dossier=Dossier(pips=[pip("2024-02-01"), pip("2024-02-15")]))
    assert gr.pip_niet_voor_eerdere_pip(nieuw_pip("2024-02-10", niveau="A2"), s) == [
        "De dagtekening van het PIP (10-02-2024) ligt vóór de dagtekening van het huidige PIP (15-02-2024)."]
    assert gr.pip_fouten(nieuw_pip("2024-01-20"), s) == [
        "De dagtekening van het PIP (20-01-2024) ligt vóór de dagtekening van het eerste PIP (01-02-2024).",
        "De dagtekening van het PIP (20-01-2024) ligt vóór de dagtekening van het huidige PIP (15-02-2024).",
    ]
    alleen_eerste = situatie(dossier=Dossier(pips=[pip("2024-02-01")]))
    assert gr.pip_niet_voor_eerdere_pip(nieuw_pip("2024-01-20"), alleen_eerste) == [
        "De dagtekening van het PIP (20-01-2024) ligt vóór de dagtekening van het eerste PIP (01-02-2024)."]


def test_the_niveau_fits_the_leerroute():
    """A2 not with the onderwijsroute, B1 not with the Z-route, A2 on the B1-route only in a changed PIP."""
    eerste = situatie()
    assert gr.pip_niveau_past_bij_leerroute(nieuw_pip(leerroute="O", niveau="A2"), eerste) == [
        "Niveau A2 is niet toegestaan bij de onderwijsroute."]
    assert gr.pip_niveau_past_bij_leerroute(nieuw_pip(leerroute="Z", niveau="B1"), eerste) == [
        "Niveau B1 is niet toegestaan bij de Z-route."]
    assert gr.pip_fouten(nieuw_pip(leerroute="B", niveau="A2"), eerste) == [
        "Niveau A2 bij de B1-route is niet toegestaan in een eerste PIP; dat kan alleen bij een wijziging van "
        "het PIP."]
    wijziging = situatie(dossier=Dossier(pips=[pip("2024-02-01")]))
    assert gr.pip_fouten(nieuw_pip("2024-02-10", leerroute="B", niveau="A2"), wijziging) == []
    assert gr.pip_fouten(nieuw_pip(leerroute="Z", niveau="A2"), eerste) == []


def test_no_niveau_means_b1_on_the_b1_route_and_the_onderwijsroute():
    assert [nieuw_pip(leerroute=r).met_standaardniveau().niveau for r in ("B", "O", "Z")] == ["B1", "B1", None]
    assert nieuw_pip(leerroute="B", niveau="A2").met_standaardniveau().niveau == "A2"


def test_an_estimated_intensity_only_for_an_asylum_status_holder_on_the_b1_route():
    verwacht = ["Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een asielstatushouder "
                "op de B1-route."]
    assert gr.pip_intensiteit_alleen_asiel_b1(nieuw_pip(geschatte_intensiteit=600), situatie()) == verwacht
    asiel = situatie(doelgroep=ASIEL)
    assert gr.pip_intensiteit_alleen_asiel_b1(nieuw_pip(leerroute="O", geschatte_intensiteit=600), asiel) == verwacht
    assert gr.pip_fouten(nieuw_pip(geschatte_intensiteit=600), asiel) == []


def test_every_fault_of_a_pip_at_once_in_the_order_of_the_rules():
    """Utrecht, where the person does not live, reports an A2 onderwijsroute PIP dated tomorrow with an intensity."""
    s = situatie(UTRECHT, vestiging=None)
    assert gr.pip_fouten(nieuw_pip("2024-03-02", leerroute="O", niveau="A2", geschatte_intensiteit=5), s) == [
        "Uw gemeente is niet de gemeente waar de persoon woont of waaraan het COA de persoon heeft gekoppeld; "
        "alleen die gemeente kan een PIP vaststellen.",
        "De dagtekening van het PIP (02-03-2024) ligt in de toekomst.",
        "Niveau A2 is niet toegestaan bij de onderwijsroute.",
        "Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een asielstatushouder op de "
        "B1-route.",
    ]


def test_only_the_gemeente_that_registered_the_pip_deletes_it():
    s = situatie(UTRECHT, dossier=Dossier(pips=[pip(gemeente=AMSTERDAM)]))
    assert gr.pip_verwijderen_fouten(s) == [
        "Het actuele PIP is niet door uw gemeente geregistreerd; u kunt het niet verwijderen."]
    assert gr.pip_verwijderen_fouten(situatie(dossier=Dossier(pips=[pip()]))) == []


def test_a_pip_is_deleted_only_before_the_term_is_set():
    s = situatie(dossier=Dossier(pips=[pip()]), termijn=TERMIJN)
    assert gr.pip_verwijderen_voor_termijn(s) == [
        "Het PIP kan niet meer worden verwijderd: de inburgeringstermijn is vastgesteld (gestart op 02-02-2024)."]
    assert gr.pip_verwijderen_fouten(s) == [
        "Het PIP kan niet meer worden verwijderd: de inburgeringstermijn is vastgesteld (gestart op 02-02-2024)."]


def test_a_pip_is_deleted_only_before_course_hours_exist():
    """Hours of taalles at a course institution count; hours of the broad intake do not."""
    met_cursus = situatie(dossier=Dossier(pips=[pip()], uren={UTRECHT: {"participatie_taalles": 4}}))
    assert gr.pip_verwijderen_zonder_cursusuren(met_cursus) == [
        "Het PIP kan niet meer worden verwijderd: er zijn al gevolgde cursusuren geregistreerd."]
    intake = situatie(dossier=Dossier(pips=[pip()], uren={AMSTERDAM: {"taalles_knm_bredeintake": 12}}))
    assert gr.pip_verwijderen_fouten(intake) == []


# --- Inburgeringsaanbod --------------------------------------------------------------------------------------

def aanbod(**kw) -> AanbodInvoer:
    return AanbodInvoer("NVT", **{k: date.fromisoformat(v) for k, v in kw.items()})


ASIEL_MET_PIP = situatie(doelgroep=ASIEL, dossier=Dossier(pips=[pip()]))


def test_an_offer_only_for_an_asylum_status_holder():
    s = replace(ASIEL_MET_PIP, doelgroep=GEZIN_OVERIG)
    assert gr.aanbod_fouten(aanbod(), BOW.instellingsnummer, BOW, s) == [
        "Een inburgeringsaanbod kan alleen worden geregistreerd voor een asielstatushouder."]
    assert gr.aanbod_fouten(aanbod(), BOW.instellingsnummer, BOW, ASIEL_MET_PIP) == []


def test_an_offer_needs_the_gemeentes_current_pip():
    zonder = situatie(doelgroep=ASIEL)
    assert gr.aanbod_na_eigen_pip(aanbod(), BOW.instellingsnummer, BOW, zonder) == [
        "Er is geen PIP bekend; registreer eerst het PIP."]
    van_utrecht = situatie(doelgroep=ASIEL, dossier=Dossier(pips=[pip(gemeente=UTRECHT)]))
    assert gr.aanbod_fouten(aanbod(), BOW.instellingsnummer, BOW, van_utrecht) == [
        "Het actuele PIP is niet van uw gemeente."]


def test_an_offer_only_at_a_known_institution_with_a_mark():
    """Blik op Werk mark required; for the onderwijsroute a taalschakel institution will also do."""
    assert gr.aanbod_fouten(aanbod(), "ONBEKEND00", None, ASIEL_MET_PIP) == ["Instelling ONBEKEND00 is niet bekend bij DUO."]
    assert gr.aanbod_fouten(aanbod(), TST.instellingsnummer, TST, ASIEL_MET_PIP) == [
        "Instelling TST0000002 heeft geen keurmerk van Blik op Werk."]
    onderwijs = situatie(doelgroep=ASIEL, dossier=Dossier(pips=[pip(leerroute="Onderwijsroute")]))
    assert gr.aanbod_fouten(aanbod(), TST.instellingsnummer, TST, onderwijs) == []
    assert gr.aanbod_bij_erkende_instelling(aanbod(), GEEN.instellingsnummer, GEEN, onderwijs) == [
        "Instelling GEEN000003 heeft geen keurmerk van Blik op Werk en is geen erkende taalschakelinstelling."]


def test_one_current_offer_per_institution():
    s = replace(ASIEL_MET_PIP, dossier=Dossier(pips=[pip()], aanbod={BOW.instellingsnummer: {"gemeentecode": AMSTERDAM}}))
    assert gr.aanbod_fouten(aanbod(), BOW.instellingsnummer, BOW, s) == [
        "Er is al een actueel inburgeringsaanbod bij deze instelling; verwijder dat eerst."]


def test_offer_dates_not_before_the_current_pip_and_inside_the_term_once_set():
    """PIP of 1 February; term 2 February 2024 to 2 February 2027."""
    vroeg = aanbod(datum_aanbod="2024-01-31", verwachte_start="2024-02-05", verwachte_einde="2027-03-01")
    assert gr.aanbod_fouten(vroeg, BOW.instellingsnummer, BOW, ASIEL_MET_PIP) == [
        "datumInburgeringsaanbod (31-01-2024) ligt vóór de dagtekening van het actuele PIP (01-02-2024)."]
    met_termijn = replace(ASIEL_MET_PIP, termijn=TERMIJN)
    assert gr.aanbod_datums_na_pip_en_in_termijn(vroeg, BOW.instellingsnummer, BOW, met_termijn) == [
        "datumInburgeringsaanbod (31-01-2024) ligt vóór de dagtekening van het actuele PIP (01-02-2024).",
        "datumInburgeringsaanbod (31-01-2024) ligt buiten de inburgeringstermijn (02-02-2024 tot 02-02-2027).",
        "verwachteEinddatumOpleiding (01-03-2027) ligt buiten de inburgeringstermijn (02-02-2024 tot 02-02-2027).",
    ]


def test_an_offer_does_not_end_before_it_starts():
    omgekeerd = aanbod(verwachte_start="2024-06-01", verwachte_einde="2024-05-01")
    assert gr.aanbod_fouten(omgekeerd, BOW.instellingsnummer, BOW, ASIEL_MET_PIP) == [
        "verwachteEinddatumOpleiding ligt vóór verwachteStartdatumOpleiding."]


def test_only_the_gemeente_that_registered_an_offer_deletes_it():
    assert gr.aanbod_verwijderen_fouten({"gemeentecode": UTRECHT}, AMSTERDAM) == [
        "Dit inburgeringsaanbod is niet door uw gemeente geregistreerd."]
    assert gr.aanbod_verwijderen_fouten({"gemeentecode": AMSTERDAM}, AMSTERDAM) == []


# --- MAP, PVT, Z-route ----------------------------------------------------------------------------------------

MET_PIP_EN_TERMIJN = situatie(dossier=Dossier(pips=[pip()]), termijn=TERMIJN)


def test_map_and_pvt_need_the_gemeentes_current_pip():
    s = situatie(UTRECHT, dossier=Dossier(pips=[pip()]), termijn=TERMIJN)
    assert gr.map_pvt_fouten("map", date(2024, 2, 20), None, s) == [
        "Uw gemeente heeft geen actueel PIP voor deze persoon."]
    assert gr.map_pvt_fouten("map", date(2024, 2, 20), None, MET_PIP_EN_TERMIJN) == []


def test_nothing_more_once_the_obligation_was_met_via_the_z_route():
    voldaan = Dossier(pips=[pip(leerroute="Z-route")], zroute={"datum_afronding": date(2024, 2, 25)},
                      map={"datum_eindgesprek": date(2024, 2, 10)}, pvt={"datum_ondertekening": date(2024, 2, 11)})
    s = replace(MET_PIP_EN_TERMIJN, dossier=voldaan)
    assert gr.map_pvt_fouten("pvt", date(2024, 2, 12), None, s) == ["De inburgeringsplicht is al voldaan via de Z-route."]


def test_a_map_or_pvt_date_lies_in_the_term_not_in_the_future_nor_after_the_z_route():
    assert gr.map_pvt_fouten("map", date(2024, 3, 2), None, MET_PIP_EN_TERMIJN) == [
        "De datum eindgesprek MAP (02-03-2024) ligt in de toekomst."]
    assert gr.map_pvt_fouten("pvt", date(2024, 2, 1), None, MET_PIP_EN_TERMIJN) == [
        "De datum ondertekening PVT (01-02-2024) ligt vóór de start van de inburgeringstermijn (02-02-2024)."]
    assert gr.map_pvt_fouten("map", date(2024, 2, 20), None, situatie(dossier=Dossier(pips=[pip()]))) == [
        "De inburgeringstermijn is nog niet gestart."]
    na_zroute = replace(MET_PIP_EN_TERMIJN, dossier=Dossier(pips=[pip()], zroute={"datum_afronding": date(2024, 2, 15)}))
    assert gr.map_pvt_datum_in_termijn_tot_afronding(gr.MapPvtInvoer("map", date(2024, 2, 16), None), na_zroute) == [
        "De datum eindgesprek MAP (16-02-2024) ligt na de afronding van de Z-route (15-02-2024)."]


def test_culpable_only_without_a_date_and_after_the_term():
    assert gr.map_pvt_fouten("pvt", date(2024, 2, 20), "Ja", MET_PIP_EN_TERMIJN) == [
        "Verwijtbaar kan alleen worden opgegeven zonder datum: het PVT is dan niet afgerond.",
        "Verwijtbaar kan pas worden opgegeven na afloop van de inburgeringstermijn (02-02-2027).",
    ]
    zonder_termijn = situatie(dossier=Dossier(pips=[pip()]))
    assert gr.map_pvt_verwijtbaar_zonder_datum_na_termijn(gr.MapPvtInvoer("map", None, "Nee"), zonder_termijn) == [
        "Verwijtbaar kan pas worden opgegeven na afloop van de inburgeringstermijn."]
    na_afloop = replace(MET_PIP_EN_TERMIJN, vandaag=date(2027, 2, 2))
    assert gr.map_pvt_fouten("map", None, "Ja", na_afloop) == []


def test_the_z_route_is_completed_on_the_gemeentes_z_route_pip():
    assert gr.zroute_fouten(date(2024, 2, 20), situatie(UTRECHT, termijn=TERMIJN)) == [
        "Uw gemeente heeft geen actueel PIP voor deze persoon."]
    assert gr.zroute_fouten(date(2024, 2, 20), MET_PIP_EN_TERMIJN) == [
        "De leerroute in het actuele PIP is niet de Z-route."]


def test_z_route_completion_in_the_term_and_not_in_the_future():
    z = situatie(dossier=Dossier(pips=[pip(leerroute="Z-route")]))
    assert gr.zroute_fouten(date(2024, 3, 2), z) == [
        "De datum afronding Z-route (02-03-2024) ligt in de toekomst.",
        "De inburgeringstermijn is nog niet gestart.",
    ]
    assert gr.zroute_datum_in_termijn(date(2024, 2, 1), replace(z, termijn=TERMIJN)) == [
        "De datum afronding Z-route (01-02-2024) ligt vóór de start van de inburgeringstermijn (02-02-2024)."]


def test_z_route_completion_not_before_map_and_pvt():
    d = Dossier(pips=[pip(leerroute="Z-route")], map={"datum_eindgesprek": date(2024, 2, 20)},
                pvt={"datum_ondertekening": date(2024, 2, 25)})
    s = situatie(dossier=d, termijn=TERMIJN)
    assert gr.zroute_fouten(date(2024, 2, 22), s) == [
        "De datum afronding Z-route (22-02-2024) ligt vóór de datum ondertekening PVT (25-02-2024)."]
    assert gr.zroute_fouten(date(2024, 2, 25), s) == []


# --- Leerbaarheidstoets, hours ------------------------------------------------------------------------------------

def test_the_lbt_is_skipped_only_before_a_result_is_known():
    assert gr.lbt_overslaan_fouten(Dossier(lbt_resultaten=[{"resultaat": "Geslaagd"}])) == [
        "Er is al een uitslag van de leerbaarheidstoets bekend; de toets kan niet meer worden overgeslagen."]
    assert gr.lbt_overslaan_fouten(Dossier()) == []


@pytest.mark.parametrize("soort, s, verwacht", [
    ("participatieactiviteiten", situatie(), [
        "Uren participatieactiviteiten kunnen alleen worden geregistreerd voor een asielstatushouder."]),
    ("participatieactiviteiten", situatie(doelgroep=ASIEL), []),
    ("participatie_taalles", situatie(), ["Uw gemeente heeft geen actueel PIP voor deze persoon."]),
    ("participatie_taalles", situatie(dossier=Dossier(pips=[pip()])), []),
    ("taalles_knm_bredeintake", situatie(), []),
])
def test_hours_of_participation_only_for_asylum_and_course_hours_only_with_the_gemeentes_pip(soort, s, verwacht):
    assert gr.uren_fouten(soort, s) == verwacht
