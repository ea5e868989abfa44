"""Issue 8 item 4 through DUO's M2M API: every API tells the same story as every other once DUO decides
(contract §5.1), the inburgeringstermijn's end moves with an extension, and the doelgroep says which rights
hold after a change of purpose (asielrechtenWijzigingVerblijfsdoel)."""

from __future__ import annotations

from .keten import AMSTERDAM, GEZIN, UTRECHT


def _besluit(keten, type_, **velden):
    keten.neem_op([keten.bericht(type_, keten.dag, bsn=GEZIN, **velden)])
    keten.verwerk(keten.dag)


def test_a_full_exemption_ends_the_obligation_in_every_api(api, keten):
    _besluit(keten, "duo.vrijstelling", soort="geheel", oordeel="Toekenning", reden="DIP", datum_oordeel="2024-03-01")
    assert api.get(f"personen/{GEZIN}/vrijstellingen").json() == [
        {"GeheleVrijstelling": {"oordeel": "Toekenning", "reden": "DIP", "datumOordeel": "2024-03-01"}}]
    plicht = api.get(f"personen/{GEZIN}/inburgeringsplicht").json()
    assert (plicht["indicatorInburgeringsplicht"], plicht["einddatum"], plicht["redenGeenInburgeringsplicht"]) == (
        False, "2024-03-01", "Volledige vrijstelling")
    assert keten.notificaties(GEZIN)[-1] == ("2024-03-01", AMSTERDAM, "SS107", GEZIN)


def test_a_withdrawn_temporary_exemption_shows_its_shortened_period_and_the_obligation_runs_again(api, keten):
    _besluit(keten, "duo.vrijstelling", soort="tijdelijk", oordeel="Toekenning", reden="INS",
             datum_oordeel="2024-03-01", einddatum="2025-02-28")
    plicht = api.get(f"personen/{GEZIN}/inburgeringsplicht").json()
    assert (plicht["indicatorInburgeringsplicht"], plicht["redenGeenInburgeringsplicht"]) == (
        False, "Tijdelijke vrijstelling")
    keten.volgende_dag(9)
    _besluit(keten, "duo.vrijstelling", soort="tijdelijk", oordeel="Intrekking", reden="INS",
             datum_oordeel="2024-03-10")
    # the withdrawal is no decision of its own in the Vrijstelling API: it shortens the exemption
    assert api.get(f"personen/{GEZIN}/vrijstellingen").json() == [{"TijdelijkeVrijstelling": {
        "oordeel": "Toekenning", "reden": "INS", "datumOordeel": "2024-03-01", "einddatum": "2024-03-09"}}]
    plicht = api.get(f"personen/{GEZIN}/inburgeringsplicht").json()
    assert (plicht["indicatorInburgeringsplicht"], plicht.get("redenGeenInburgeringsplicht")) == (True, None)
    assert [n[2] for n in keten.notificaties(GEZIN)][-2:] == ["SS109", "SS129"]


def test_the_term_end_moves_with_a_granted_extension_and_the_history_shows_both(api, keten):
    assert api.pip(GEZIN, "2024-02-20").status_code == 201
    keten.volgende_dag()
    _besluit(keten, "duo.termijnverlenging", soort="op_verzoek", oordeel="Toekenning", datum_oordeel="2024-03-02",
             nieuwe_einddatum="2027-08-20")
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn").json() == {
        "startdatum": "2024-02-21", "einddatum": "2027-08-21", "wijzigingsdatum": "2024-03-02"}
    assert api.get(f"personen/{GEZIN}/inburgeringstermijn/historie").json() == [
        {"einddatum": "2027-02-21", "wijzigingsdatum": "2024-03-01"},
        {"einddatum": "2027-08-21", "wijzigingsdatum": "2024-03-02"}]
    assert [n[2] for n in keten.notificaties(GEZIN)] == ["SS139", "SS102", "SS104"]


def test_the_doelgroep_says_the_asylum_rights_are_kept_after_asylum_to_regular(api, keten):
    """ASIEL (coupled to Utrecht) gets a family permit: DUO keeps the asylum rights (no SS124)."""
    from .keten import ASIEL

    keten.neem_op([keten.recht(ASIEL, "gezinsvorming", "2024-03-01"), keten.document(ASIEL, "2024-03-01")])
    keten.verwerk(keten.dag)
    assert api.get(f"personen/{ASIEL}/doelgroep", gemeente=UTRECHT).json() == {
        "indeling": "Asielstatushouder", "begindatum": "2024-01-15", "gedetailleerdeDoelgroep": "Asielstatushouder",
        "asielrechtenWijzigingVerblijfsdoel": "Behoud asielrechten"}
    assert [n[2] for n in keten.notificaties(ASIEL)] == ["SS101"]
