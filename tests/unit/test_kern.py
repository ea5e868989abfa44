"""The chain's decisions without a database: the functional core run day by day (``keten_zonder_db``). Exact
sequences of notifications, purges and visibility, as legal cases; the same cases run through intake and the real
engine in tests/integratie/test_engine_signalen.py."""

from __future__ import annotations

from datetime import date

import orjson

from berichtbouwers import Ketenbouwer
from inburgering.domein.berichten import lees_regels
from inburgering.domein.feiten import bouw_feiten
from inburgering.domein.kern import Grens, Vorig, beoordeel_persoon
from inburgering.domein.variant import JANUARI_2022, WETTELIJK, Variant

from keten_zonder_db import draai

k = Ketenbouwer()
A = "111222333"
ALLE = frozenset((w, g) for w in ("Wi2007", "Wi2013", "Wi2021") for g in ("gezinsmigranten", "asiel_en_overig"))


def gezinsmigrant(bsn=A, gemeente="0363"):
    """A family migrant: permit 1 March 2022, document 10 March, living in the gemeente from 12 March."""
    return [k.persoon(bsn), k.recht(bsn, "gezinsvorming", "2022-03-01"), k.document(bsn, "2022-03-10"),
            k.adres(bsn, "2022-03-12", gemeente)]


def test_a_paused_group_is_silent_and_its_release_tells_the_gemeente_on_the_day_of_the_restart():
    r = draai(gezinsmigrant(), "2022-04-02",
              pauzes={"2022-02-01": ALLE, "2022-04-01": ALLE - {("Wi2021", "gezinsmigranten")}})
    assert r.signalen == [("2022-04-01", "0363", "Wi2021", "SS139", A)]
    assert r.zichtbaar() == {("0363", "Wi2021", A)}


def test_pausing_one_group_does_not_hold_the_other():
    r = draai(gezinsmigrant(), "2022-03-13", pauzes={"2022-02-01": {("Wi2021", "asiel_en_overig")}})
    assert r.signalen == [("2022-03-12", "0363", "Wi2021", "SS139", A)]


def test_a_correction_sends_ss190_to_every_gemeente_ever_told_and_purges_each_view():
    """Wrongly shown to Den Haag (address fault) and wrongly under Wi2021 (begin-date fault): the address repair
    purges Den Haag's view (not told: a rules fix); the begin-date repair moves the person to Wi2013, and SS190
    reaches both gemeenten ever told under Wi2021, Den Haag too. Corrections are never held."""
    r = draai([k.persoon(A), k.adres(A, "2021-12-01", "0518", "2491AB", 77),
               k.recht(A, "gezinsvorming", "2021-11-30", ontvangen="2022-01-04"),
               k.document(A, "2021-12-22", ontvangen="2022-01-04"),
               k.koppeling(A, "2022-01-02", "0344", ontvangen="2022-01-04")], "2022-03-02",
              varianten={"2022-01-01": JANUARI_2022, "2022-02-01": Variant("vaststelling", "coa"),
                         "2022-03-01": WETTELIJK})
    assert r.signalen == [("2022-01-04", "0518", "Wi2021", "SS139", A), ("2022-02-01", "0344", "Wi2021", "SS101", A),
                          ("2022-03-01", "0518", "Wi2021", "SS190", A), ("2022-03-01", "0344", "Wi2021", "SS190", A),
                          ("2022-03-01", "0344", "Wi2013", "SS101", A)]
    assert r.opgeschoond == [("2022-02-01", A, "Wi2021", "0518"), ("2022-03-01", A, "Wi2021", "0344"),
                             ("2022-03-01", A, "Wi2021", "0518")]
    assert r.zichtbaar() == {("0344", "Wi2013", A)}


def test_a_re_determination_purges_the_gemeente_that_should_never_have_seen_the_person():
    """The address fault shows Den Haag an asylum status holder at an emergency address; the repair (a
    re-determination) takes Den Haag's view away and purges it there, without SS122 (nothing moved)."""
    r = draai([k.persoon(A), k.adres(A, "2021-12-01", "0518", "2491AB", 77), k.recht(A, "asiel", "2022-01-07"),
               k.koppeling(A, "2022-01-20", "0344")], "2022-03-02",
              varianten={"2022-01-01": JANUARI_2022, "2022-03-01": WETTELIJK})
    assert r.signalen == [("2022-01-07", "0518", "Wi2021", "SS139", A), ("2022-03-01", "0344", "Wi2021", "SS101", A)]
    assert r.opgeschoond == [("2022-03-01", A, "Wi2021", "0518")]
    assert r.zichtbaar() == {("0344", "Wi2021", A)}


def test_a_move_during_a_pause_hides_the_person_from_the_old_gemeente_at_once_and_signals_on_release():
    r = draai(gezinsmigrant() + [k.adres(A, "2022-05-10", "0599", "3011AA", 3)], "2022-05-20",
              pauzes={"2022-05-01": ALLE})
    assert r.signalen == [("2022-03-12", "0363", "Wi2021", "SS139", A)]
    assert r.zichtbaar() == set()  # 0363 no longer sees someone who left; 0599 waits for the restart
    r = draai(gezinsmigrant() + [k.adres(A, "2022-05-10", "0599", "3011AA", 3)], "2022-06-02",
              pauzes={"2022-05-01": ALLE, "2022-06-01": set()})
    # on release: the move (SS122 to the old, SS120 to the new) and the PIP term's ten weeks that ran out meanwhile
    assert r.signalen == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-06-01", "0363", "Wi2021", "SS122", A),
                          ("2022-06-01", "0599", "Wi2021", "SS120", A), ("2022-06-01", "0599", "Wi2021", "SS126", A)]
    assert r.zichtbaar() == {("0599", "Wi2021", A)}


def test_a_pip_starts_the_term_the_next_day_and_a_move_with_it_gives_ss121():
    """The first PIP (dagtekening 1 April) starts the inburgeringstermijn on 2 April (SS102 to its gemeente); no SS126
    (a PIP came within ten weeks); the move to Rotterdam gives SS122 to Amsterdam and SS121 to Rotterdam (settled with
    the previous gemeente's PIP), and Amsterdam, holder of the current PIP, keeps its view."""
    r = draai(gezinsmigrant() + [k.pip(A, "2022-04-01", "0363"), k.adres(A, "2022-06-01", "0599", "3011AA", 3)],
              "2022-07-15")
    assert r.signalen == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-04-02", "0363", "Wi2021", "SS102", A),
                          ("2022-06-01", "0363", "Wi2021", "SS122", A), ("2022-06-01", "0599", "Wi2021", "SS121", A)]
    assert r.zichtbaar() == {("0363", "Wi2021", A), ("0599", "Wi2021", A)}


def test_without_a_pip_ten_weeks_give_ss126_once():
    r = draai(gezinsmigrant(), "2022-08-01")
    assert r.signalen == [("2022-03-12", "0363", "Wi2021", "SS139", A), ("2022-05-21", "0363", "Wi2021", "SS126", A)]


def _stap(berichten, dag, vorig=None, gepauzeerd=frozenset(), grens=None):
    personen, locaties = bouw_feiten(lees_regels([orjson.dumps(b) for b in berichten]))
    return beoordeel_persoon(personen[A], vorig or Vorig(), date.fromisoformat(dag), WETTELIJK, gepauzeerd,
                             locaties, grens=grens)


def _opgeslagen(w, zicht=None):
    return Vorig(orjson.loads(orjson.dumps(w.persoon.bepaling)), orjson.loads(orjson.dumps(w.persoon.toestand)),
                 zicht or {})


def test_a_held_determination_is_a_history_row_not_released_and_goes_out_on_release_without_a_new_row():
    berichten = gezinsmigrant()
    held = _stap(berichten, "2022-03-12", gepauzeerd=ALLE)
    assert (held.historie, held.vrijgegeven_op, held.meldingen, held.zicht_open) == (True, None, [], [])
    assert (held.persoon.aangehouden_wet, held.persoon.aangehouden_groep) == ("Wi2021", "gezinsmigranten")
    assert "kern" not in held.persoon.bepaling  # gemeenten see nothing of a held determination
    vrij = _stap(berichten, "2022-03-20", _opgeslagen(held))
    assert (vrij.historie, vrij.vrijgeven) == (False, True)
    assert [(n.gemeente, n.gebeurtenis) for n in vrij.meldingen] == [("0363", "SS139")]
    assert vrij.zicht_open == [("Wi2021", "0363")] and vrij.persoon.aangehouden_wet is None
    assert vrij.persoon.bepaling["kern"] == vrij.persoon.bepaling["laatst_bepaald"]


def test_the_same_facts_the_next_day_change_nothing():
    w = _stap(gezinsmigrant(), "2022-03-12")
    opnieuw = _stap(gezinsmigrant(), "2022-03-13", _opgeslagen(w, {"Wi2021": {"0363"}}))
    assert (opnieuw.historie, opnieuw.vrijgeven, opnieuw.meldingen, opnieuw.opschonen, opnieuw.zicht_open,
            opnieuw.zicht_dicht) == (False, False, [], [], [], [])
    assert opnieuw.persoon.toestand == orjson.loads(orjson.dumps(w.persoon.toestand))
    assert opnieuw.persoon.volgende_controle.isoformat() == "2022-05-21"  # the SS126 day


def test_a_release_records_how_far_into_the_log_its_facts_go():
    grens = Grens(date(2022, 3, 12), "2022-03-12T00:00:00", 7)
    w = _stap(gezinsmigrant(), "2022-03-12", grens=grens)
    assert w.persoon.bepaling["vrijgegeven"]["grens"] == ["2022-03-12", "2022-03-12T00:00:00", 7]
