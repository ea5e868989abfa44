"""PIP API: every validation rule of domain.md §5, and what a PIP does in the chain (scope, SS102, SS121)."""

from datetime import date, timedelta

import pytest

from .keten import AMSTERDAM, ASIEL, DEN_HAAG, GEZIN, UTRECHT, fouten


def test_first_pip_is_registered_with_default_niveau_and_read_back(api):
    r = api.pip(GEZIN, "2024-02-20", "B", indicatorAlfabetiseringsonderwijs="NVT", indicatorMagOpleidingAfmaken=True)
    assert r.status_code == 201, r.text
    assert r.content == b""
    r = api.get(f"personen/{GEZIN}/PIP")
    assert r.status_code == 200
    assert r.json() == {"gemeentecode": AMSTERDAM, "pip": {
        "dagtekeningPip": "2024-02-20", "leerroute": "B", "niveau": "B1", "indicatorMagOpleidingAfmaken": True,
        "indicatorAlfabetiseringsonderwijs": "NVT"}}


def test_no_niveau_means_b1_for_onderwijsroute_and_nothing_for_z_route(api, keten):
    assert api.pip(GEZIN, "2024-02-20", "O").status_code == 201
    assert api.get(f"personen/{GEZIN}/PIP").json()["pip"]["niveau"] == "B1"
    keten.volgende_dag()
    assert api.pip(GEZIN, "2024-02-21", "Z").status_code == 201
    assert "niveau" not in api.get(f"personen/{GEZIN}/PIP").json()["pip"]


def test_no_pip_yet_is_not_found(api):
    assert api.get(f"personen/{GEZIN}/PIP").status_code == 404


# --- one test per rule -------------------------------------------------------------------------------------------

def test_rule_dagtekening_not_before_the_start_of_the_obligation(api):
    r = api.pip(GEZIN, "2024-01-08")  # obligation from 2024-01-10; settled 2024-01-05
    assert r.status_code == 403
    assert fouten(r) == ["De dagtekening van het PIP (08-01-2024) ligt vóór het begin van de inburgeringsplicht "
                         "(10-01-2024)."]


def test_rule_dagtekening_not_before_settling_in_the_gemeente(api):
    r = api.pip(ASIEL, "2024-01-17", gemeente=UTRECHT)  # obligation from 2024-01-15, coupled to Utrecht 2024-01-20
    assert r.status_code == 403
    assert fouten(r) == ["De dagtekening van het PIP (17-01-2024) ligt vóór de vestiging in uw gemeente (20-01-2024)."]


def test_rule_a_change_not_before_the_first_pip(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = api.pip(GEZIN, "2024-02-10")
    assert r.status_code == 403
    assert fouten(r) == ["De dagtekening van het PIP (10-02-2024) ligt vóór de dagtekening van het eerste PIP "
                         "(20-02-2024)."]


def test_rule_a_change_not_before_the_current_pip(api, keten):
    assert api.pip(GEZIN, "2024-02-01").status_code == 201
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    r = api.pip(GEZIN, "2024-02-10")
    assert r.status_code == 403
    assert fouten(r) == ["De dagtekening van het PIP (10-02-2024) ligt vóór de dagtekening van het huidige PIP "
                         "(20-02-2024)."]


def test_rule_a2_not_with_the_onderwijsroute(api):
    r = api.pip(GEZIN, "2024-02-20", "O", niveau="A2")
    assert r.status_code == 403 and fouten(r) == ["Niveau A2 is niet toegestaan bij de onderwijsroute."]


def test_rule_b1_not_with_the_z_route(api):
    r = api.pip(GEZIN, "2024-02-20", "Z", niveau="B1")
    assert r.status_code == 403 and fouten(r) == ["Niveau B1 is niet toegestaan bij de Z-route."]


def test_rule_a2_with_the_b1_route_not_on_a_first_pip_but_on_a_change(api):
    r = api.pip(GEZIN, "2024-02-20", "B", niveau="A2")
    assert r.status_code == 403
    assert fouten(r) == ["Niveau A2 bij de B1-route is niet toegestaan in een eerste PIP; dat kan alleen bij een "
                         "wijziging van het PIP."]
    assert api.pip(GEZIN, "2024-02-20", "B").status_code == 201
    assert api.pip(GEZIN, "2024-02-25", "B", niveau="A2").status_code == 201


def test_rule_estimated_intensity_only_for_asylum_on_the_b1_route(api):
    r = api.pip(GEZIN, "2024-02-20", "B", geschatteIntensiteitB1Route=600)
    assert r.status_code == 403
    assert fouten(r) == ["Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een "
                         "asielstatushouder op de B1-route."]
    assert api.pip(ASIEL, "2024-02-20", "O", gemeente=UTRECHT, geschatteIntensiteitB1Route=600).status_code == 403
    assert api.pip(ASIEL, "2024-02-20", "B", gemeente=UTRECHT, geschatteIntensiteitB1Route=600).status_code == 201
    assert api.get(f"personen/{ASIEL}/PIP", gemeente=UTRECHT).json()["pip"]["geschatteIntensiteitB1Route"] == 600


def test_rule_dagtekening_not_in_the_future(api, keten):
    r = api.pip(GEZIN, keten.dag + timedelta(days=1))
    assert r.status_code == 403 and fouten(r) == ["De dagtekening van het PIP (02-03-2024) ligt in de toekomst."]


def test_rule_only_the_responsible_gemeente_sets_a_pip(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.volgende_dag()
    r = api.pip(GEZIN, "2024-03-02")  # Amsterdam still sees the person (its PIP is current) but is no longer theirs
    assert r.status_code == 403
    assert fouten(r) == ["Uw gemeente is niet de gemeente waar de persoon woont of waaraan het COA de persoon heeft "
                         "gekoppeld; alleen die gemeente kan een PIP vaststellen."]


def test_rule_person_must_be_obligated(api, keten):
    keten.neem_op([keten.recht(GEZIN, "studie", "2024-03-01")])  # residence purpose became temporary
    keten.volgende_dag()
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht")
    assert r.status_code == 200 and r.json()["indicatorInburgeringsplicht"] is False
    assert r.json()["redenGeenInburgeringsplicht"] == "Verblijfsdoel gewijzigd"
    r = api.pip(GEZIN, "2024-02-20")
    assert r.status_code == 403
    assert fouten(r) == ["De persoon is niet inburgeringsplichtig onder de Wet inburgering 2021; een PIP kan niet "
                         "worden geregistreerd."]


@pytest.mark.parametrize("body, melding", [
    ({"leerroute": "B"}, "Het veld dagtekeningPip ontbreekt."),
    ({"dagtekeningPip": "2024-02-20"}, "Het veld leerroute ontbreekt."),
    ({"dagtekeningPip": "2024-02-30", "leerroute": "B"}, "Het veld dagtekeningPip is geen bestaande datum."),
    ({"dagtekeningPip": "20-02-2024", "leerroute": "B"}, "Het veld dagtekeningPip moet een datum JJJJ-MM-DD zijn."),
    ({"dagtekeningPip": "2024-02-20", "leerroute": "X"}, "Het veld leerroute moet een van B, O, Z zijn."),
    ({"dagtekeningPip": "2024-02-20", "leerroute": "B", "niveau": "C1"}, "Het veld niveau moet een van A2, B1 zijn."),
    ({"dagtekeningPip": "2024-02-20", "leerroute": "B", "geschatteIntensiteitB1Route": 0},
     "Het veld geschatteIntensiteitB1Route moet een geheel getal van 1 tot en met 9999 zijn."),
    ({"dagtekeningPip": "2024-02-20", "leerroute": "B", "indicatorMagOpleidingAfmaken": "ja"},
     "Het veld indicatorMagOpleidingAfmaken moet true of false zijn."),
    ([], "De body moet een JSON-object zijn."),
])
def test_malformed_pip_is_a_bad_request(api, body, melding):
    r = api.post(f"personen/{GEZIN}/PIP", json=body)
    assert r.status_code == 400 and fouten(r) == [melding]


# --- what a PIP does in the chain ----------------------------------------------------------------------------------

def test_a_move_with_a_pip_gives_ss121_and_the_pip_keeps_the_old_gemeente_in_scope(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.volgende_dag()
    nieuw = [n for n in keten.notificaties(GEZIN) if n[0] == "2024-03-02"]
    assert ("2024-03-02", UTRECHT, "SS121", GEZIN) in nieuw
    assert ("2024-03-02", AMSTERDAM, "SS122", GEZIN) in nieuw
    assert keten.zichtbaar(GEZIN) == {AMSTERDAM, UTRECHT}  # Amsterdam: its PIP is still the current one
    assert api.get(f"personen/{GEZIN}/PIP", gemeente=UTRECHT).json()["gemeentecode"] == AMSTERDAM
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht").status_code == 200


def test_the_previous_pip_gemeente_loses_sight_a_month_after_the_new_pip(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.volgende_dag(2)
    assert api.pip(GEZIN, "2024-03-03", gemeente=UTRECHT).status_code == 201
    keten.volgende_dag()
    assert keten.zichtbaar(GEZIN) == {AMSTERDAM, UTRECHT}  # previous PIP, less than a month old
    keten.volgende_dag(31)
    assert keten.zichtbaar(GEZIN) == {UTRECHT}
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht").status_code == 404


def test_a_move_without_a_pip_gives_ss120(api, keten):
    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.volgende_dag()
    assert ("2024-03-02", UTRECHT, "SS120", GEZIN) in keten.notificaties(GEZIN)
    assert keten.zichtbaar(GEZIN) == {UTRECHT}


def test_first_pip_starts_the_term_with_ss102_three_years_from_the_day_after_the_dagtekening(api, keten):
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn").status_code == 404
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.volgende_dag()
    assert ("2024-03-01", AMSTERDAM, "SS102", GEZIN) in keten.notificaties(GEZIN)
    r = api.get(f"personen/{GEZIN}/inburgeringstermijn")
    assert r.status_code == 200
    assert r.json() == {"startdatum": "2024-02-21", "einddatum": "2027-02-21", "wijzigingsdatum": "2024-03-01"}
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn/historie").json() == [
        {"einddatum": "2027-02-21", "wijzigingsdatum": "2024-03-01"}]
    # a later PIP does not move the term, nor signal again
    keten.volgende_dag()
    assert api.pip(GEZIN, "2024-03-02", "O").status_code == 201
    keten.volgende_dag()
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn").json()["startdatum"] == "2024-02-21"
    assert [n for n in keten.notificaties(GEZIN) if n[2] == "SS102"] == [("2024-03-01", AMSTERDAM, "SS102", GEZIN)]


def test_a_pip_signed_today_starts_the_term_tomorrow(api, keten):
    assert api.pip(GEZIN, keten.dag).status_code == 201
    keten.verwerk(keten.dag)
    assert not [n for n in keten.notificaties(GEZIN) if n[2] == "SS102"]
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn").status_code == 404
    keten.volgende_dag()
    assert ("2024-03-02", AMSTERDAM, "SS102", GEZIN) in keten.notificaties(GEZIN)
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn").json()["startdatum"] == "2024-03-02"


# --- deleting ----------------------------------------------------------------------------------------------------

def test_a_pip_is_deleted_before_its_term_is_set(api, keten):
    assert api.pip(GEZIN, keten.dag).status_code == 201  # term would begin tomorrow
    r = api.delete(f"personen/{GEZIN}/PIP")
    assert r.status_code == 200, r.text
    assert api.get(f"personen/{GEZIN}/PIP").status_code == 404
    keten.volgende_dag()
    assert not [n for n in keten.notificaties(GEZIN) if n[2] == "SS102"]
    assert api.delete(f"personen/{GEZIN}/PIP").status_code == 404


def test_rule_a_pip_is_not_deleted_once_the_term_is_set(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.volgende_dag()
    r = api.delete(f"personen/{GEZIN}/PIP")
    assert r.status_code == 403
    assert fouten(r) == ["Het PIP kan niet meer worden verwijderd: de inburgeringstermijn is vastgesteld (gestart op "
                         "21-02-2024)."]


def test_rule_a_pip_is_not_deleted_once_course_hours_exist(api, keten):
    assert api.pip(GEZIN, keten.dag).status_code == 201
    assert api.put(f"personen/{GEZIN}/uren/participatietaalles", json={"uren": 12}).status_code == 200
    r = api.delete(f"personen/{GEZIN}/PIP")
    assert r.status_code == 403
    assert fouten(r) == ["Het PIP kan niet meer worden verwijderd: er zijn al gevolgde cursusuren geregistreerd."]


def test_rule_only_the_registering_gemeente_deletes_a_pip(api, keten):
    assert api.pip(GEZIN, keten.dag).status_code == 201
    keten.neem_op([keten.adres(GEZIN, "2024-03-02", UTRECHT, "3511AA", 9)])
    keten.volgende_dag()
    r = api.delete(f"personen/{GEZIN}/PIP", gemeente=UTRECHT)
    assert r.status_code == 403
    assert "niet door uw gemeente geregistreerd" in fouten(r)[0]


def test_deleting_in_another_gemeentes_scope_is_not_found(api, keten):
    assert api.pip(GEZIN, keten.dag).status_code == 201
    assert api.delete(f"personen/{GEZIN}/PIP", gemeente=DEN_HAAG).status_code == 404


def test_the_pip_changes_what_the_engine_knows_without_recomputing(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    from inburgering.keten.models import Bericht

    b = Bericht.objects.get(type="gemeente.pip", bsn=GEZIN)
    assert b.bericht_id.startswith("m2m:00000001002564440000:")
    assert '"leerroute":"B1-route"' in b.inhoud and '"niveau":"B1"' in b.inhoud
    assert keten.dag == date(2024, 3, 1)
