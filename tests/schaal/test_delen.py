"""A re-determination in chunks: any split gives the same end state as one chunk; a run stopped halfway and
run again completes exactly what was left; a done chunk is never applied twice; the engine waits meanwhile."""

from datetime import timedelta

import pytest
from django.core.management import call_command

from inburgering.dienst import herbeoordeling
from inburgering.dienst.engine import Engine
from inburgering.dienst.klok import VasteKlok
from inburgering.keten import models as m

from .conftest import DAG, bouw, eindstand, ss190

pytestmark = pytest.mark.django_db(transaction=True)


def _na(doe) -> tuple[tuple, dict]:
    call_command("flush", interactive=False, verbosity=0)
    bouw()
    rapport = doe()
    return eindstand(), rapport


def _in_een_deel() -> dict:
    run = herbeoordeling.plan(True, "test", deelgrootte=10_000)
    assert herbeoordeling.voer_uit(run.pk) == "klaar"
    return herbeoordeling.rapport(run.pk)


def test_many_chunks_and_an_interrupted_run_end_exactly_as_one_chunk():
    referentie, rapport = _na(_in_een_deel)
    assert ss190(referentie), "the scenario must contain corrections"
    assert rapport["notificaties"] > 0 and rapport["delen"] == 1

    def in_delen_onderbroken():
        run = herbeoordeling.plan(True, "test", deelgrootte=7)
        assert run.delen.count() > 10
        for k in (0, 3, 4):
            herbeoordeling.voer_deel_uit(run.pk, k)
        assert herbeoordeling.voortgang(run.pk)["delen_klaar"] == 3
        # while the run is open the engine keeps to its day
        assert Engine(VasteKlok(DAG + timedelta(days=5))).verwerk_tot(DAG + timedelta(days=5)) == 0
        assert m.Ketenstand.objects.get().verwerkt_tot == DAG
        with pytest.raises(herbeoordeling.HerbeoordelingLoopt):
            herbeoordeling.plan(True, "nog een")
        assert herbeoordeling.voer_uit(run.pk) == "klaar"  # "running the same run id again"
        assert herbeoordeling.voer_deel_uit(run.pk, 3) == "klaar"  # done stays done: nothing twice
        return herbeoordeling.rapport(run.pk)

    stand, rapport_delen = _na(in_delen_onderbroken)
    assert stand == referentie
    assert rapport_delen["rijen"] == rapport["rijen"] and rapport_delen["notificaties"] == rapport["notificaties"]
    assert len(ss190(stand)) == len(set(ss190(stand)))  # no gemeente told twice


def test_dry_run_in_chunks_reports_what_applying_does_and_changes_nothing():
    call_command("flush", interactive=False, verbosity=0)
    bouw()
    voor = eindstand()
    proef = Engine(VasteKlok(DAG)).herbeoordeel(uitvoeren=False, deelgrootte=9)
    assert eindstand() == voor
    echt = Engine(VasteKlok(DAG)).herbeoordeel(uitvoeren=True, deelgrootte=13)
    assert proef["rijen"] == echt["rijen"] and proef["notificaties"] == echt["notificaties"] > 0
    assert m.Herbeoordeling.objects.filter(uitgevoerd=False, status="klaar").count() == 1


def test_a_dry_run_goes_stale_when_the_engine_moves_on():
    call_command("flush", interactive=False, verbosity=0)
    bouw(personen=30)
    run = herbeoordeling.plan(False, "test", deelgrootte=5)
    herbeoordeling.voer_deel_uit(run.pk, 0)
    Engine(VasteKlok(DAG + timedelta(days=1))).verwerk_tot(DAG + timedelta(days=1))  # a dry run does not hold it
    assert herbeoordeling.voer_uit(run.pk) == "verouderd"
