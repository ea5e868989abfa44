"""Inburgeringsaanbod, MAP, PVT and Z-route: one test per validation rule (domain.md §5), and the other
person APIs (leerbaarheidstoets, gevolgde uren, vrijstelling, ontheffing, examen, contactpersoon)."""

import pytest

from .keten import AMSTERDAM, ASIEL, BOW, GEEN, GEZIN, TST, UTRECHT, fouten

AANBOD = {"indicatorAlfabetiseringsonderwijs": "NVT", "datumInburgeringsaanbod": "2024-02-25"}


def _aanbod(api, nummer=BOW, body=None, gemeente=UTRECHT, bsn=ASIEL):
    return api.post(f"personen/{bsn}/Inburgeringsaanbod/{nummer}", json=body or AANBOD, gemeente=gemeente)


# --- Inburgeringsaanbod --------------------------------------------------------------------------------------------

def test_instellingen_lists_duos_register(api):
    r = api.get("instellingen")
    assert r.status_code == 200
    assert {i["instellingsnummer"]: (i["indicatieBowKeurmerk"], i["indicatieTstKeurmerk"]) for i in r.json()} == {
        BOW: (True, False), TST: (False, True), GEEN: (False, False)}


def test_aanbod_registered_and_deleted(api):
    assert api.pip(ASIEL, "2024-02-20", "B", gemeente=UTRECHT).status_code == 201
    r = _aanbod(api)
    assert r.status_code == 201, r.text
    r = api.delete(f"personen/{ASIEL}/Inburgeringsaanbod/{BOW}", gemeente=UTRECHT)
    assert r.status_code == 204 and r.content == b""
    assert api.delete(f"personen/{ASIEL}/Inburgeringsaanbod/{BOW}", gemeente=UTRECHT).status_code == 404


def test_rule_aanbod_only_for_asylum_status_holders(api):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = _aanbod(api, gemeente=AMSTERDAM, bsn=GEZIN)
    assert r.status_code == 403
    assert fouten(r) == ["Een inburgeringsaanbod kan alleen worden geregistreerd voor een asielstatushouder."]


def test_rule_aanbod_needs_a_pip(api):
    r = _aanbod(api)
    assert r.status_code == 403 and fouten(r) == ["Er is geen PIP bekend; registreer eerst het PIP."]


def test_rule_aanbod_provider_known(api):
    assert api.pip(ASIEL, "2024-02-20", gemeente=UTRECHT).status_code == 201
    r = _aanbod(api, nummer="ONBEKEND01")
    assert r.status_code == 403 and fouten(r) == ["Instelling ONBEKEND01 is niet bekend bij DUO."]


def test_rule_aanbod_provider_has_blik_op_werk_mark(api):
    assert api.pip(ASIEL, "2024-02-20", gemeente=UTRECHT).status_code == 201
    r = _aanbod(api, nummer=GEEN)
    assert r.status_code == 403 and fouten(r) == [f"Instelling {GEEN} heeft geen keurmerk van Blik op Werk."]
    r = _aanbod(api, nummer=TST)  # taalschakel only counts for the onderwijsroute
    assert r.status_code == 403 and fouten(r) == [f"Instelling {TST} heeft geen keurmerk van Blik op Werk."]


def test_rule_aanbod_taalschakel_institution_for_the_onderwijsroute(api, keten):
    assert api.pip(ASIEL, "2024-02-20", "O", gemeente=UTRECHT).status_code == 201
    assert _aanbod(api, nummer=TST).status_code == 201
    r = _aanbod(api, nummer=GEEN)
    assert r.status_code == 403
    assert fouten(r) == [f"Instelling {GEEN} heeft geen keurmerk van Blik op Werk en is geen erkende "
                         "taalschakelinstelling."]


def test_rule_aanbod_dates_not_before_the_current_pip(api):
    assert api.pip(ASIEL, "2024-02-20", gemeente=UTRECHT).status_code == 201
    r = _aanbod(api, body={"indicatorAlfabetiseringsonderwijs": "A", "verwachteStartdatumOpleiding": "2024-02-10"})
    assert r.status_code == 403
    assert ("verwachteStartdatumOpleiding (10-02-2024) ligt vóór de dagtekening van het actuele PIP (20-02-2024)."
            in fouten(r))


def test_rule_aanbod_dates_inside_the_term(api, keten):
    assert api.pip(ASIEL, "2024-02-20", gemeente=UTRECHT).status_code == 201
    keten.volgende_dag()  # the term is set: 2024-02-21 up to 2027-02-21
    r = _aanbod(api, body={"indicatorAlfabetiseringsonderwijs": "A", "datumInburgeringsaanbod": "2024-02-20",
                           "verwachteEinddatumOpleiding": "2027-03-01"})
    assert r.status_code == 403
    assert fouten(r) == [
        "datumInburgeringsaanbod (20-02-2024) ligt buiten de inburgeringstermijn (21-02-2024 tot 21-02-2027).",
        "verwachteEinddatumOpleiding (01-03-2027) ligt buiten de inburgeringstermijn (21-02-2024 tot 21-02-2027)."]


def test_rule_one_current_aanbod_per_institution(api):
    assert api.pip(ASIEL, "2024-02-20", gemeente=UTRECHT).status_code == 201
    assert _aanbod(api).status_code == 201
    r = _aanbod(api)
    assert r.status_code == 403
    assert fouten(r) == ["Er is al een actueel inburgeringsaanbod bij deze instelling; verwijder dat eerst."]


def test_aanbod_requires_alfabetisering_and_a_ten_character_number(api):
    assert _aanbod(api, body={"datumInburgeringsaanbod": "2024-02-25"}).status_code == 400
    r = api.post(f"personen/{ASIEL}/Inburgeringsaanbod/KORT", json=AANBOD, gemeente=UTRECHT)
    assert r.status_code == 400


# --- MAP en PVT -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("soort, veld", [("map", "datumEindgesprekMap"), ("pvt", "datumOndertekeningPvt")])
def test_rule_map_pvt_needs_the_gemeentes_current_pip(api, soort, veld):
    r = api.put(f"personen/{GEZIN}/{soort}", json={veld: "2024-02-25"})
    assert r.status_code == 403
    assert "Uw gemeente heeft geen actueel PIP voor deze persoon." in fouten(r)


@pytest.mark.parametrize("soort, veld", [("map", "datumEindgesprekMap"), ("pvt", "datumOndertekeningPvt")])
def test_rule_map_pvt_not_in_the_future(api, soort, veld):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = api.put(f"personen/{GEZIN}/{soort}", json={veld: "2024-03-05"})
    assert r.status_code == 403
    assert any("ligt in de toekomst" in f for f in fouten(r))


@pytest.mark.parametrize("soort, veld", [("map", "datumEindgesprekMap"), ("pvt", "datumOndertekeningPvt")])
def test_rule_map_pvt_verwijtbaar_only_without_a_date_and_after_the_term(api, soort, veld):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = api.put(f"personen/{GEZIN}/{soort}", json={veld: "2024-02-25", "verwijtbaar": "Ja"})
    assert r.status_code == 403
    assert any(f.startswith("Verwijtbaar kan alleen worden opgegeven zonder datum") for f in fouten(r))
    r = api.put(f"personen/{GEZIN}/{soort}", json={"verwijtbaar": "Ja"})
    assert r.status_code == 403
    assert any(f.startswith("Verwijtbaar kan pas worden opgegeven na afloop van de inburgeringstermijn") for f in fouten(r))


@pytest.mark.parametrize("soort, veld", [("map", "datumEindgesprekMap"), ("pvt", "datumOndertekeningPvt")])
def test_map_pvt_needs_a_date_or_verwijtbaar(api, soort, veld):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = api.put(f"personen/{GEZIN}/{soort}", json={})
    assert r.status_code == 400 and fouten(r) == [f"Geef {veld} of verwijtbaar op."]


@pytest.mark.parametrize("soort, veld", [("map", "datumEindgesprekMap"), ("pvt", "datumOndertekeningPvt")])
def test_rule_map_pvt_not_before_the_term_start_and_read_back(api, keten, soort, veld):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.volgende_dag()
    r = api.put(f"personen/{GEZIN}/{soort}", json={veld: "2024-02-20"})
    assert r.status_code == 403
    assert fouten(r) == [f"De datum {'eindgesprek MAP' if soort == 'map' else 'ondertekening PVT'} (20-02-2024) ligt "
                         "vóór de start van de inburgeringstermijn (21-02-2024)."]
    assert api.get(f"personen/{GEZIN}/{soort}").status_code == 404
    assert api.put(f"personen/{GEZIN}/{soort}", json={veld: "2024-02-28"}).status_code == 200
    assert api.get(f"personen/{GEZIN}/{soort}").json() == {veld: "2024-02-28"}


def test_rule_map_pvt_not_after_z_route_completion_and_not_once_met_via_the_z_route(api, keten):
    assert api.pip(GEZIN, "2024-02-20", "Z").status_code == 201
    keten.volgende_dag(3)
    assert api.put(f"personen/{GEZIN}/zroute", json={"datumAfrondingZroute": "2024-03-01"}).status_code == 200
    r = api.put(f"personen/{GEZIN}/map", json={"datumEindgesprekMap": "2024-03-02"})
    assert r.status_code == 403
    assert fouten(r) == ["De datum eindgesprek MAP (02-03-2024) ligt na de afronding van de Z-route (01-03-2024)."]
    assert api.put(f"personen/{GEZIN}/map", json={"datumEindgesprekMap": "2024-02-28"}).status_code == 200
    assert api.put(f"personen/{GEZIN}/pvt", json={"datumOndertekeningPvt": "2024-02-28"}).status_code == 200
    r = api.put(f"personen/{GEZIN}/pvt", json={"datumOndertekeningPvt": "2024-02-29"})
    assert r.status_code == 403
    assert fouten(r) == ["De inburgeringsplicht is al voldaan via de Z-route."]


def test_rule_z_route_needs_the_z_route_in_the_pip(api, keten):
    assert api.pip(GEZIN, "2024-02-20", "B").status_code == 201
    r = api.put(f"personen/{GEZIN}/zroute", json={"datumAfrondingZroute": "2024-02-28"})
    assert r.status_code == 403
    assert "De leerroute in het actuele PIP is niet de Z-route." in fouten(r)


# --- other person APIs ------------------------------------------------------------------------------------------------

def test_leerbaarheidstoets_examennummer_results_and_skipping(api, keten):
    r = api.get(f"personen/{GEZIN}/lbt/examennummer")
    assert r.status_code == 200 and len(r.json()["examennummer"]) == 12
    assert r.json()["examennummer"] == api.get(f"personen/{GEZIN}/lbt/examennummer").json()["examennummer"]
    assert api.get(f"personen/{GEZIN}/lbt/resultaten").json() == []
    keten.neem_op([keten.bericht("lbt.resultaat", "2024-03-01", bsn=GEZIN, datum_afname="2024-02-27",
                                 resultaat="B1-route haalbaar", behaalde_score="72,50", benodigde_score="60,00")])
    keten.verwerk(keten.dag)  # gemeenten see what the engine has taken in (released)
    assert api.get(f"personen/{GEZIN}/lbt/resultaten").json() == [
        {"resultaat": "B1-route haalbaar", "behaaldeScore": "72,50", "benodigdeScore": "60,00",
         "datumAfname": "2024-02-27"}]
    r = api.delete(f"personen/{GEZIN}/lbt/examennummer")
    assert r.status_code == 403
    assert fouten(r) == ["Er is al een uitslag van de leerbaarheidstoets bekend; de toets kan niet meer worden "
                         "overgeslagen."]
    assert api.delete(f"personen/{ASIEL}/lbt/examennummer", gemeente=UTRECHT).status_code == 200
    assert api.get(f"personen/{ASIEL}/lbt/examennummer", gemeente=UTRECHT).status_code == 404


def test_gevolgde_uren_per_gemeente(api):
    assert api.put(f"personen/{ASIEL}/uren/bredeintake/taallesknm", json={"uren": 40}, gemeente=UTRECHT).status_code == 200
    assert api.put(f"personen/{ASIEL}/uren/participatieactiviteiten", json={"uren": 8}, gemeente=UTRECHT).status_code == 200
    r = api.put(f"personen/{ASIEL}/uren/participatietaalles", json={"uren": 5}, gemeente=UTRECHT)
    assert r.status_code == 403 and fouten(r) == ["Uw gemeente heeft geen actueel PIP voor deze persoon."]
    r = api.put(f"personen/{GEZIN}/uren/participatieactiviteiten", json={"uren": 8})
    assert r.status_code == 403
    assert api.put(f"personen/{GEZIN}/uren/bredeintake/taallesknm", json={"uren": 10000}).status_code == 400
    assert api.get(f"personen/{ASIEL}/uren", gemeente=UTRECHT).json() == [
        {"gemeentecode": UTRECHT, "TaallesEnKnmBredeIntake": {"uren": 40},
         "ParticipatieactiviteitenBredeIntake": {"uren": 8}}]


def test_vrijstelling_ontheffing_examen_from_duos_registrations(api, keten):
    for pad in ("vrijstellingen", "ontheffingen", "examens/resultaten", "examens/gratispogingen"):
        assert api.get(f"personen/{GEZIN}/{pad}").json() == []
    keten.neem_op([
        keten.bericht("duo.vrijstelling", "2024-02-01", bsn=GEZIN, soort="tijdelijk", oordeel="Toekenning",
                      reden="INS", datum_oordeel="2024-02-01", startdatum="2024-02-01", einddatum="2024-08-01"),
        keten.bericht("duo.ontheffing", "2024-02-01", bsn=GEZIN, soort="gedeeltelijk", oordeel="Afwijzing",
                      datum_oordeel="2024-02-01", grond="MED", examenonderdeel="SP"),
        keten.bericht("duo.examenresultaat", "2024-02-01", bsn=GEZIN, examendatum="2024-01-30", onderdeel="KNM",
                      resultaat="Geslaagd", niveau="B1"),
        keten.bericht("duo.gratispogingen", "2024-02-01", bsn=GEZIN, onderdeel="LE", aantal=2),
    ])
    keten.verwerk(keten.dag)  # gemeenten see what the engine has taken in (released)
    assert api.get(f"personen/{GEZIN}/vrijstellingen").json() == [{"TijdelijkeVrijstelling": {
        "oordeel": "Toekenning", "reden": "INS", "datumOordeel": "2024-02-01", "startdatum": "2024-02-01",
        "einddatum": "2024-08-01"}}]
    assert api.get(f"personen/{GEZIN}/ontheffingen").json() == [{"GedeeltelijkeOntheffing": {
        "oordeel": "Afwijzing", "datumOordeel": "2024-02-01", "grond": "MED", "examenonderdeel": "SP"}}]
    assert api.get(f"personen/{GEZIN}/examens/resultaten").json() == [
        {"examendatum": "2024-01-30", "resultaat": "Geslaagd", "onderdeel": "KNM", "niveau": "B1"}]
    assert api.get(f"personen/{GEZIN}/examens/gratispogingen").json() == [{"onderdeel": "LE", "gratisPogingenTegoed": 2}]


def test_contactpersoon_lifecycle_and_link_to_a_person(api):
    gegevens = {"naam": "Jan de Vries", "email": "jan@gemeente.nl", "telefoonnummer": "020 1234567"}
    r = api.post("contactpersonen", json=gegevens)
    assert r.status_code == 201
    cid = r.json()["id"]
    assert r.json() == {"id": cid, "contactpersoongegevens": gegevens}
    assert api.put(f"contactpersonen/{cid}", json={**gegevens, "telefoonnummer": "+31 20 7654321"}).status_code == 200
    assert api.put(f"contactpersonen/{cid}", json=gegevens, gemeente=UTRECHT).status_code == 404  # not theirs
    assert api.post(f"contactpersonen/{cid}/personen/{GEZIN}").status_code == 201
    assert api.post(f"contactpersonen/{cid}/personen/{ASIEL}").status_code == 404  # not in Amsterdam's scope
    assert api.delete(f"contactpersonen/{cid}/personen/{GEZIN}").status_code == 200
    assert api.delete(f"contactpersonen/{cid}/personen/{GEZIN}").status_code == 404
    assert api.delete(f"contactpersonen/{cid}").status_code == 200
    assert api.put(f"contactpersonen/{cid}", json=gegevens).status_code == 404
    assert api.post("contactpersonen", json={**gegevens, "telefoonnummer": "bel me"}).status_code == 400
    assert api.post("contactpersonen", json={**gegevens, "naam": "Jan\x00"}).status_code == 400  # found by schemathesis on PostgreSQL
