"""The one fold of the log and the typed read model of a person's released state (no database)."""

from __future__ import annotations

from datetime import date

from inburgering.domein.projectie import Projectie, Vrijgave, VrijgegevenPersoon
from inburgering.domein.vouw import vouw

A = "111222333"


def _recht(ingang: str, eind: str) -> dict:
    return {"type": "ind.verblijfsrecht", "ontvangen": "2022-03-01T09:00:00", "bsn": A, "verblijfsdoel": "asiel",
            "datum_beschikking": "2022-03-01", "ingangsdatum": ingang, "einddatum": eind}


def test_a_stored_message_that_would_not_validate_today_is_folded_not_dropped():
    """An end before the start is refused at intake today; a message stored before that rule still happened."""
    feiten = vouw([(7, _recht("2022-03-01", "2022-02-01"), 1)])
    assert [(f.volgorde, f.recht.einddatum) for f in feiten[A].rechten] == [(7, date(2022, 2, 1))]
    assert feiten[A].laatste_volgorde == 7


def test_the_fold_reads_json_text_and_parsed_messages_alike():
    import orjson

    tekst = vouw([(1, orjson.dumps(_recht("2022-03-01", "2023-03-01")), 1)])[A]
    gelezen = vouw([(1, _recht("2022-03-01", "2023-03-01"), 1)])[A]
    assert tekst.rechten == gelezen.rechten


def test_the_read_model_reads_back_what_it_writes():
    p = Projectie(kern={"wet": "Wi2021"}, laatst_bepaald={"wet": "Wi2021"}, gedetailleerde_doelgroep="x",
                  procesgroep="asiel_en_overig", uitleg=[{"regel": "r"}], dag=date(2022, 3, 1),
                  pip_termijn_start=date(2022, 3, 2), asielrechten=None, termijn=None, in_coa=False,
                  persoon=VrijgegevenPersoon("Test", None, date(1990, 1, 1)),
                  vrijgegeven=Vrijgave(date(2022, 3, 1), 12, ("2022-03-01", "2022-03-01T10:00:00", 11)))
    assert Projectie.uit_json(p.als_json()) == p
    assert Projectie.uit_json(None) == Projectie()


def test_a_release_covers_the_log_up_to_its_cut_off():
    v = Vrijgave(date(2022, 3, 1), 12, ("2022-03-01", "2022-03-01T10:00:00", 11))
    assert v.omvat(5, date(2022, 2, 28), "2022-02-28T23:00:00")
    assert v.omvat(11, date(2022, 3, 1), "2022-03-01T10:00:00")
    assert not v.omvat(12, date(2022, 3, 1), "2022-03-01T10:00:00")  # after the cut-off that day
    assert not v.omvat(13, date(2022, 2, 1), "2022-02-01T00:00:00")  # appended after the release
    assert not v.omvat(3, date(2022, 3, 2), "2022-03-02T00:00:00")  # a later day


def test_while_held_only_duos_own_record_moves_and_the_next_determination_compares_with_it():
    vrijgegeven = Projectie(kern={"wet": "Wi2021", "inburgeringsplichtig": True},
                            laatst_bepaald={"wet": "Wi2021", "inburgeringsplichtig": True}, dag=date(2022, 3, 1))
    nieuw = {"wet": "Wi2013", "inburgeringsplichtig": True}
    gehouden = Projectie.aangehouden(vrijgegeven.als_json(), nieuw)
    gelezen = Projectie.uit_json(gehouden)
    assert (gelezen.kern, gelezen.laatst_bepaald, gelezen.dag) == (vrijgegeven.kern, nieuw, date(2022, 3, 1))
    assert Projectie.laatst_bepaald_in(gehouden) == nieuw
    assert Projectie.laatst_bepaald_in({"kern": {"wet": "Wi2013"}}) == {"wet": "Wi2013"}  # stored before the field
    assert Projectie.laatst_bepaald_in(None) is None


def test_the_chain_state_is_read_typed_as_the_engine_wrote_it():
    from inburgering.domein.signalering import Publicatie, Termijn, Toestand, gepubliceerde_wetten

    pub = Publicatie("Wi2021", "0363", True, "Asielmigrant", date(2022, 3, 1), None, date(2022, 3, 2))
    t = Toestand(publicaties={"Wi2021": pub, "Wi2013": Publicatie("Wi2013", None, False, None, None, "Overig", None)},
                 termijn=Termijn(date(2022, 5, 2), date(2025, 5, 2), date(2022, 5, 2)),
                 nietig={"0344": date(2022, 4, 1)})
    gelezen = Toestand.uit_dict(t.als_dict())
    assert (gelezen.publicaties, gelezen.termijn, gelezen.nietig) == (t.publicaties, t.termijn, t.nietig)
    assert gepubliceerde_wetten(t.als_dict()) == ("Wi2021", "Wi2013")
    assert gepubliceerde_wetten(None) == ()
