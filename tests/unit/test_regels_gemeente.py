"""The responsible gemeente (domain.md §3): COA's coupling for people in its care, else the BRP gemeente;
a COA location never makes its own gemeente responsible. And the two January 2022 fault variants
(contract `duo.interpretatie`): begin date = day DUO determined it, and the BRP address filter that only
knew some AZC addresses."""

from datetime import date

from bouwers import (
    BSN, BSN2, BSN3, BSN4, BSN5, BSN6, bepaal_alle, bepaal_een, contract, document, koppeling, locatie, persoon,
    stap, uitstroom, verblijfplaats, verblijfsrecht,
)
from inburgering.domein import bronnen
from inburgering.domein.variant import JANUARI_2022, Variant

AZC = dict(gemeentecode="1706", postcode="6021PA", huisnummer=2)  # AZC Budel, Cranendonck
NOOD = dict(gemeentecode="0518", postcode="2491AB", huisnummer=77)  # noodopvang in Den Haag
WONING_UTRECHT = dict(gemeentecode="0344", postcode="3511AA", huisnummer=9)
WONING_AMSTERDAM = dict(gemeentecode="0363", postcode="1011AB", huisnummer=5)

AZC_BUDEL = locatie("AZC-BUDEL", "azc", van="2015-01-01", ontvangen="2015-01-01", **AZC)
NOODOPVANG = locatie("NOOD-DH", "noodopvang", van="2021-11-01", ontvangen="2022-02-01", **NOOD)


def statushouder_in_azc(*extra, beschikking="2022-02-03"):
    return [
        AZC_BUDEL, persoon(nationaliteiten=["SYR"]),
        verblijfplaats("2021-05-20", **AZC),
        verblijfsrecht("asiel", beschikking, ingangsdatum="2021-11-30"),
        *extra,
    ]


# --- COA coupling --------------------------------------------------------------------------------------

def test_status_holder_in_azc_coupled_to_utrecht_belongs_to_utrecht_not_to_the_azc_gemeente():
    """Asielstatushouder in AZC Budel (1706), door het COA gekoppeld aan Utrecht → gemeente 0344."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344")), "2022-03-01")
    assert contract(b)["gemeente"] == "0344"
    assert stap(b, "gemeente").bron == bronnen.GEMEENTE_WI2021
    assert "gekoppeld aan gemeente 0344" in stap(b, "gemeente").uitkomst


def test_status_holder_in_azc_without_coupling_has_no_gemeente_yet():
    """Nog niet gekoppeld: plichtig, maar gemeente null (niemand krijgt een melding)."""
    b = bepaal_een(statushouder_in_azc(), "2022-03-01")
    assert contract(b) == {
        "bsn": BSN, "inburgeringsplichtig": True, "wet": "Wi2021", "begindatum": "2022-02-03",
        "doelgroep": "Asielstatushouder", "gemeente": None, "redenGeenInburgeringsplicht": None,
    }
    assert "nog niet gekoppeld" in stap(b, "gemeente").uitkomst


def test_status_holder_at_unregistered_emergency_location_without_coupling_has_no_gemeente():
    """Statushouder op een noodopvangadres dat het COA (nog) niet als locatie meldde, niet gekoppeld: in
    opvang van het COA volgens de eigen COA-gegevens → geen gemeente, zeker niet Den Haag."""
    berichten = [persoon(), verblijfplaats("2021-12-01", **NOOD), verblijfsrecht("asiel", "2022-01-07")]
    b = bepaal_een(berichten, "2022-01-08")
    assert (b.inburgeringsplichtig, b.gemeente) == (True, None)


def test_status_holder_at_emergency_location_coupled_to_utrecht_belongs_to_utrecht():
    """Zelfde noodopvang, gekoppeld aan Utrecht op 2022-01-10 → 0344, ook al meldde het COA de locatie pas later."""
    berichten = [NOODOPVANG, persoon(), verblijfplaats("2021-12-01", **NOOD), verblijfsrecht("asiel", "2022-01-07"),
                 koppeling("2022-01-10", "0344")]
    assert bepaal_een(berichten, "2022-01-12").gemeente == "0344"


def test_coupling_wins_over_a_temporary_brp_address_elsewhere():
    """Gekoppeld aan Utrecht maar in de BRP tijdelijk ingeschreven op een adres in Amsterdam: Utrecht."""
    berichten = [persoon(), verblijfsrecht("asiel", "2022-02-03"), koppeling("2022-02-10", "0344"),
                 verblijfplaats("2022-02-15", **WONING_AMSTERDAM)]
    assert bepaal_een(berichten, "2022-03-01").gemeente == "0344"


def test_recoupling_to_another_gemeente_moves_the_responsibility():
    """COA koppelt eerst aan Utrecht, later aan Amsterdam: de laatste koppeling telt."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344"), koppeling("2022-03-10", "0363")),
                   "2022-04-01")
    assert b.gemeente == "0363"


def test_family_member_of_status_holder_coupled_by_coa_follows_the_coupling():
    """Gezinshereniger met asielstatushouder, in de opvang en gekoppeld aan Utrecht → 0344."""
    berichten = [AZC_BUDEL, persoon(), verblijfplaats("2022-01-20", **AZC),
                 verblijfsrecht("gezinshereniging_asielstatushouder", "2022-02-01"), document("2022-02-05"),
                 koppeling("2022-02-10", "0344")]
    b = bepaal_een(berichten, "2022-03-01")
    assert (b.gemeente, b.gedetailleerde_doelgroep) == ("0344", "Gezinshereniger met Asielstatushouder")


def test_status_holder_who_gets_a_family_permit_while_in_reception_still_follows_the_coupling():
    """Kwam binnen met een asielvergunning, kreeg in de opvang een gezinsvergunning: nog in opvang van het
    COA tot de uitstroom → de gekoppelde gemeente, niet de AZC-gemeente."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344"),
                                       verblijfsrecht("gezinshereniging", "2022-04-01"), document("2022-04-05")),
                   "2022-05-01")
    # asylum → regular purpose: DUO keeps the asylum rights (contract §5.1)
    assert (b.gemeente, b.doelgroep, b.asielrechten) == ("0344", "Asielstatushouder", "Behoud asielrechten")


def test_family_migrant_living_in_a_gemeente_who_later_gets_asylum_was_never_in_reception():
    """Gezinsmigrant die in Amsterdam woont en later een asielvergunning krijgt: niet in COA-opvang,
    dus de woongemeente 0363."""
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-02-03"), document("2022-02-05"),
                 verblijfplaats("2022-02-05", **WONING_AMSTERDAM), verblijfsrecht("asiel", "2023-01-10")]
    b = bepaal_een(berichten, "2023-02-01")
    assert (b.inburgeringsplichtig, b.gemeente, b.doelgroep) == (True, "0363", "Asielstatushouder")


# --- leaving COA ---------------------------------------------------------------------------------------

def test_after_leaving_coa_and_moving_to_the_coupled_gemeente_it_is_the_brp_gemeente():
    """Uitstroom op 2022-05-01, ingeschreven in Utrecht die dag → 0344 uit de BRP; PIP-termijn vanaf 2022-05-01."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344"), uitstroom("2022-05-01"),
                                       verblijfplaats("2022-05-01", **WONING_UTRECHT)), "2022-05-02")
    assert b.gemeente == "0344"
    assert "woont in gemeente 0344" in stap(b, "gemeente").uitkomst
    assert b.pip_termijn_start == date(2022, 5, 1)
    assert stap(b, "PIP-termijn").bron == bronnen.PIP_TERMIJN


def test_after_leaving_coa_and_moving_to_another_gemeente_the_brp_gemeente_is_responsible():
    """Gekoppeld aan Utrecht, na uitstroom toch in Amsterdam gaan wonen → 0363 (woongemeente)."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344"), uitstroom("2022-05-01"),
                                       verblijfplaats("2022-05-03", **WONING_AMSTERDAM)), "2022-06-01")
    assert b.gemeente == "0363"


def test_after_leaving_coa_a_brp_address_at_the_azc_never_gives_the_azc_gemeente():
    """Uitgestroomd maar in de BRP nog op het AZC-adres: niet 1706; tot de nieuwe inschrijving blijft de
    persoon bij de gekoppelde gemeente (geen 'vertrokken'-signaal, geen heen-en-weer), en de PIP-termijn
    loopt nog niet."""
    b = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344"), uitstroom("2022-05-01")), "2022-05-02")
    assert (b.inburgeringsplichtig, b.gemeente) == (True, "0344")
    assert stap(b, "gemeente").bron == bronnen.GEMEENTE_WI2021
    assert b.pip_termijn_start is None


def test_after_leaving_coa_a_noodopvang_address_reported_late_by_coa_is_still_filtered():
    """Uitgestroomd, BRP-adres is een noodopvanglocatie die het COA pas later meldde: wettelijk telt de
    locatie zelf, niet wanneer DUO ervan hoorde → geen gemeente 0518."""
    berichten = [NOODOPVANG, persoon(), verblijfplaats("2021-12-01", **NOOD), verblijfsrecht("asiel", "2022-01-07"),
                 uitstroom("2022-01-20")]
    assert bepaal_een(berichten, "2022-01-25").gemeente is None


def test_family_migrant_registered_at_an_azc_address_gets_no_gemeente():
    """Gezinsmigrant (niet in COA-opvang) met BRP-adres op het AZC: dat adres maakt 1706 niet verantwoordelijk."""
    berichten = [AZC_BUDEL, persoon(), verblijfsrecht("gezinshereniging", "2022-02-03"), document("2022-02-05"),
                 verblijfplaats("2022-01-20", **AZC)]
    b = bepaal_een(berichten, "2022-03-01")
    assert (b.inburgeringsplichtig, b.gemeente) == (True, None)


def test_address_of_a_closed_coa_location_is_an_ordinary_address_again():
    """AZC gesloten per 2020-12-31; een gezinsmigrant die er in 2022 woont, hoort bij die gemeente."""
    gesloten = locatie("AZC-OUD", "azc", van="2015-01-01", tot="2020-12-31", **AZC)
    berichten = [gesloten, persoon(), verblijfsrecht("gezinshereniging", "2022-02-03"), document("2022-02-05"),
                 verblijfplaats("2022-01-20", **AZC)]
    assert bepaal_een(berichten, "2022-03-01").gemeente == "1706"


def test_family_migrant_follows_the_brp_when_moving_between_gemeenten():
    berichten = [persoon(), verblijfsrecht("gezinsvorming", "2022-02-03"), document("2022-02-05"),
                 verblijfplaats("2022-02-05", **WONING_AMSTERDAM), verblijfplaats("2022-09-01", **WONING_UTRECHT)]
    assert bepaal_een(berichten, "2022-08-31").gemeente == "0363"
    assert bepaal_een(berichten, "2022-09-01").gemeente == "0344"


def test_person_not_obligated_gets_no_gemeente_even_with_an_address():
    berichten = [persoon(nationaliteiten=["DEU"]), verblijfsrecht("gezinsvorming", "2022-02-03"),
                 document("2022-02-05"), verblijfplaats("2022-02-05", **WONING_AMSTERDAM)]
    b = bepaal_een(berichten, "2022-03-01")
    assert (b.inburgeringsplichtig, b.gemeente) == (False, None)


# --- the January 2022 fault variants -------------------------------------------------------------------

def gezinsvormer_2021():
    """Document ontvangen 2021-12-22 (Wi2013 volgens de wet), woont in Amsterdam."""
    return [persoon(nationaliteiten=["MAR"]), verblijfsrecht("gezinsvorming", "2021-11-30", ingangsdatum="2021-11-01"),
            document("2021-12-22"), verblijfplaats("2021-12-23", **WONING_AMSTERDAM)]


def test_fault_variant_vaststelling_places_a_2021_document_under_wi2021():
    """Foutieve variant: begindatum = dag waarop DUO vaststelde (2022-01-04) → ten onrechte Wi2021."""
    b = bepaal_een(gezinsvormer_2021(), "2022-01-04", variant=Variant("vaststelling", "brp_adresfilter"),
                   vastgesteld_op=date(2022, 1, 4))
    assert (b.wet, b.begindatum, b.gemeente) == ("Wi2021", date(2022, 1, 4), "0363")
    assert stap(b, "begindatum").bron == bronnen.VASTSTELLING_FOUT
    assert "bekendmaking was 2021-12-22" in stap(b, "begindatum").uitkomst


def test_same_person_under_the_law_falls_under_wi2013():
    b = bepaal_een(gezinsvormer_2021(), "2022-01-04")
    assert (b.wet, b.begindatum) == ("Wi2013", date(2021, 12, 22))
    assert stap(b, "begindatum").bron == bronnen.BEKENDMAKING_WI2013


def test_fault_variant_vaststelling_defaults_to_the_peildatum():
    b = bepaal_een(gezinsvormer_2021(), "2022-01-10", variant=Variant("vaststelling", "coa"))
    assert b.begindatum == date(2022, 1, 10)


def test_fault_variant_vaststelling_never_puts_the_begin_before_the_bekendmaking():
    """Vastgesteld vóór de bekendmaking (kan niet echt): de begindatum blijft de bekendmaking."""
    b = bepaal_een(gezinsvormer_2021(), "2022-01-10", variant=JANUARI_2022, vastgesteld_op=date(2021, 12, 1))
    assert b.begindatum == date(2021, 12, 22)


def test_fault_variant_adresfilter_unknown_noodopvang_address_gives_gemeente_of_the_address():
    """Foutieve variant: statushouder op een nog onbekend noodopvangadres in Den Haag → ten onrechte 0518,
    ook nadat het COA aan Utrecht koppelde."""
    berichten = [NOODOPVANG, persoon(), verblijfplaats("2021-12-01", **NOOD), verblijfsrecht("asiel", "2022-01-07"),
                 koppeling("2022-01-10", "0344")]
    voor = bepaal_een(berichten, "2022-01-08", variant=JANUARI_2022, vastgesteld_op=date(2022, 1, 7))
    assert (voor.wet, voor.gemeente) == ("Wi2021", "0518")
    assert stap(voor, "gemeente").bron == bronnen.ADRESFILTER_FOUT
    na = bepaal_een(berichten, "2022-01-12", variant=JANUARI_2022, vastgesteld_op=date(2022, 1, 7))
    assert na.gemeente == "0518"
    # the law, same facts: the coupled gemeente
    assert bepaal_een(berichten, "2022-01-12").gemeente == "0344"


def test_fault_variant_adresfilter_once_duo_knows_the_noodopvang_it_is_filtered():
    """De noodopvang is DUO bekend vanaf 2022-02-01: daarna filtert ook de foutieve variant het adres
    en telt de koppeling; met kennis van vóór die dag niet."""
    berichten = [NOODOPVANG, persoon(), verblijfplaats("2021-12-01", **NOOD), verblijfsrecht("asiel", "2022-01-07"),
                 koppeling("2022-01-10", "0344")]
    assert bepaal_een(berichten, "2022-03-01", variant=JANUARI_2022).gemeente == "0344"
    assert bepaal_een(berichten, "2022-03-01", variant=JANUARI_2022, kennis_op=date(2022, 1, 12)).gemeente == "0518"


def test_fault_variant_adresfilter_known_azc_address_is_filtered():
    """Foutieve variant, bekend AZC-adres: gefilterd → zonder koppeling geen gemeente, met koppeling 0344."""
    zonder = bepaal_een(statushouder_in_azc(), "2022-03-01", variant=Variant("vaststelling", "brp_adresfilter"))
    assert (zonder.inburgeringsplichtig, zonder.gemeente) == (True, None)
    met = bepaal_een(statushouder_in_azc(koppeling("2022-02-10", "0344")), "2022-03-01",
                     variant=Variant("vaststelling", "brp_adresfilter"))
    assert met.gemeente == "0344"
    assert stap(met, "gemeente").bron == bronnen.ADRESFILTER_FOUT


# --- the contract's incident file under the law --------------------------------------------------------

def test_incident_timeline_under_the_law(voorbeelden):
    """tijdlijn-2022.jsonl met de wettelijke regels: Sara Wi2013 (document 2021), Abel/Priya/Omid Wi2021 bij
    hun gekoppelde of woongemeente; niemand bij 0518 of 1706."""
    from inburgering.domein.berichten import lees_regels
    from inburgering.domein.bepaling import bepaal
    from inburgering.domein.feiten import bouw_feiten

    with open(voorbeelden / "tijdlijn-2022.jsonl", "rb") as f:
        personen, locaties = bouw_feiten(lees_regels(f))
    uit = {bsn: contract(bepaal(p, date(2022, 6, 1), locaties=locaties)) for bsn, p in personen.items()}
    samenvatting = {bsn: (d["wet"], d["begindatum"], d["gemeente"]) for bsn, d in uit.items()}
    assert samenvatting == {
        BSN3: ("Wi2013", "2021-12-22", "0363"),
        BSN4: ("Wi2021", "2022-01-07", "0344"),
        BSN5: ("Wi2021", "2022-02-01", "0344"),
        BSN6: ("Wi2021", "2022-02-14", "0363"),
    }
    assert all(d["inburgeringsplichtig"] for d in uit.values())


def test_two_people_in_one_file_are_determined_independently():
    berichten = statushouder_in_azc(koppeling("2022-02-10", "0344")) + [
        persoon(bsn=BSN2), verblijfsrecht("studie", "2022-01-01", bsn=BSN2),
        verblijfplaats("2022-01-02", bsn=BSN2, **WONING_AMSTERDAM),
    ]
    uit = bepaal_alle(berichten, "2022-03-01")
    assert (uit[BSN].gemeente, uit[BSN2].inburgeringsplichtig) == ("0344", False)


def _noodopvang_gekoppeld(*later):
    """An asylum status holder at an unregistered emergency address (0268), coupled to 0344, then ``later``."""
    from inburgering.domein.berichten import lees_regels
    from inburgering.domein.feiten import bouw_feiten
    import orjson

    regels = [orjson.dumps(x) for x in [
        {"type": "brp.persoon", "ontvangen": "2022-06-01", "bsn": "111222333", "geboortedatum": "1990-01-01",
         "geslachtsnaam": "X", "nationaliteiten": ["SYR"]},
        {"type": "brp.verblijfplaats", "ontvangen": "2022-06-01", "bsn": "111222333", "datum": "2022-06-01",
         "gemeentecode": "0268", "postcode": "6541CV", "huisnummer": 88},
        {"type": "ind.verblijfsrecht", "ontvangen": "2022-09-01", "bsn": "111222333", "verblijfsdoel": "asiel",
         "datum_beschikking": "2022-09-01", "ingangsdatum": "2022-09-01"},
        {"type": "coa.koppeling", "ontvangen": "2022-10-01", "bsn": "111222333", "gemeentecode": "0344", "datum": "2022-10-01"},
        *later,
    ]]
    personen, locaties = bouw_feiten(lees_regels(regels))
    return personen["111222333"], locaties


_UITSTROOM = {"type": "coa.uitstroom", "ontvangen": "2023-05-01", "bsn": "111222333", "datum": "2023-05-01"}


def _nieuw_adres(dag):
    return {"type": "brp.verblijfplaats", "ontvangen": dag, "bsn": "111222333", "datum": dag, "gemeentecode": "0344",
            "postcode": "3511AA", "huisnummer": 9}


def test_after_leaving_coa_the_old_reception_address_never_makes_its_gemeente_responsible():
    """Between COA's outflow and the new BRP registration the person still shows the (unregistered)
    emergency address: that is no residence; the person stays with the coupled gemeente, not 0268."""
    from inburgering.domein.bepaling import bepaal
    from datetime import date

    p, locaties = _noodopvang_gekoppeld(_UITSTROOM, _nieuw_adres("2023-05-20"))
    assert bepaal(p, date(2023, 4, 1), locaties=locaties).gemeente == "0344"
    tussen = bepaal(p, date(2023, 5, 10), locaties=locaties)
    assert tussen.gemeente == "0344" and tussen.pip_termijn_start is None
    later = bepaal(p, date(2023, 6, 1), locaties=locaties)
    assert later.gemeente == "0344" and later.pip_termijn_start == date(2023, 5, 20)


def test_a_new_home_registered_a_few_days_before_coa_reports_the_outflow_counts():
    from inburgering.domein.bepaling import bepaal
    from datetime import date

    p, locaties = _noodopvang_gekoppeld(_nieuw_adres("2023-04-28"), _UITSTROOM)
    b = bepaal(p, date(2023, 5, 10), locaties=locaties)
    assert b.gemeente == "0344" and b.pip_termijn_start == date(2023, 5, 1)
