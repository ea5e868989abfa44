"""Re-determination: the dry run changes nothing and reports exactly what applying does; applying twice
changes nothing the second time; what was right is kept."""

from datetime import date

import pytest

from inburgering.dienst.engine import Engine
from inburgering.dienst.klok import VasteKlok
from inburgering.keten import models as m

from .keten import adres, document, draai, gemeenten, interpretatie, koppeling, persoon, recht, signalen, zichtbaar

pytestmark = pytest.mark.django_db

FOUT = "163923322"  # document 2021 → Wi2013, wrongly placed under Wi2021 by the faulty variant
GOED = "693563278"  # document 2022 → rightly under Wi2021
ADRES = "468819733"  # asylum at an unknown emergency address, coupled to 0344


def _keten_in_fout():
    berichten = gemeenten() + [interpretatie("2022-01-01", "vaststelling", "brp_adresfilter")] + [
        persoon(FOUT), recht(FOUT, "gezinsvorming", "2021-11-30", ontvangen="2022-01-04"),
        document(FOUT, "2021-12-22", ontvangen="2022-01-04"), adres(FOUT, "2021-12-23", "0363", ontvangen="2022-01-04"),
        persoon(GOED), recht(GOED, "gezinshereniging", "2022-01-05"), document(GOED, "2022-01-06"),
        adres(GOED, "2022-01-06", "0344", "3511AA", 9),
        persoon(ADRES), adres(ADRES, "2021-12-01", "0518", "2491AB", 77), recht(ADRES, "asiel", "2022-01-07"),
        koppeling(ADRES, "2022-01-10", "0344"),
    ]
    draai(berichten, "2022-02-01")


def _zet_variant(begindatum, koppeling_):
    stand = m.Ketenstand.objects.get(id=1)
    stand.begindatum_variant, stand.koppeling_variant = begindatum, koppeling_
    stand.save()


def test_dry_run_reports_corrections_and_changes_nothing():
    _keten_in_fout()
    _zet_variant("bekendmaking", "coa")
    voor = (signalen(), zichtbaar(), list(m.Persoon.objects.values_list("toestand", flat=True)))
    rapport = Engine(VasteKlok(date(2022, 2, 1))).herbeoordeel(uitvoeren=False)
    assert (signalen(), zichtbaar(), list(m.Persoon.objects.values_list("toestand", flat=True))) == voor
    rijen = {(r["gemeente"], r["wet"]): r for r in rapport["rijen"]}
    assert rijen[("0363", "Wi2021")]["ss190"] == 1
    assert rijen[("0518", "Wi2021")]["gemeente_gewijzigd"] == 1
    assert m.Herbeoordeling.objects.filter(uitgevoerd=False).count() == 1


def test_apply_sends_ss190_purges_the_wrong_and_keeps_the_right_and_twice_changes_nothing():
    _keten_in_fout()
    assert ("0518", "Wi2021", ADRES) in zichtbaar()
    _zet_variant("bekendmaking", "coa")
    engine = Engine(VasteKlok(date(2022, 2, 1)))
    proef = engine.herbeoordeel(uitvoeren=False)
    rapport = engine.herbeoordeel(uitvoeren=True)
    assert rapport["rijen"] == proef["rijen"]
    s = signalen()
    # the repair day: SS190 and the new environment for the wrongly placed, SS101 to the gemeente COA chose
    # for the one wrongly shown to 0518 (who is purged there, not told)
    assert s == [("2022-01-04", "0363", "Wi2021", "SS139", FOUT), ("2022-01-06", "0344", "Wi2021", "SS139", GOED),
                 ("2022-01-07", "0518", "Wi2021", "SS139", ADRES), ("2022-02-01", "0363", "Wi2021", "SS190", FOUT),
                 ("2022-02-01", "0363", "Wi2013", "SS101", FOUT), ("2022-02-01", "0344", "Wi2021", "SS101", ADRES)]
    assert zichtbaar() == {("0363", "Wi2013", FOUT), ("0344", "Wi2021", GOED), ("0344", "Wi2021", ADRES)}
    # the wrongly placed person's Wi2021 signals are purged, the correction is not
    wi2021 = m.Notificatie.objects.filter(bsn=FOUT, wet="Wi2021")
    assert {(n.gebeurtenis, n.verwijderd_op is None) for n in wi2021} == {("SS139", False), ("SS190", True)}
    # the rightly placed person's signals are kept untouched
    assert not m.Notificatie.objects.filter(bsn=GOED, verwijderd_op__isnull=False).exists()
    # 0518 saw the asylum status holder from 2022-01-07 to the repair: on record for the breach report
    periode = m.Zichtbaarheid.objects.get(bsn=ADRES, gemeente="0518")
    assert (periode.van, periode.tot) == (date(2022, 1, 7), date(2022, 2, 1))
    tweede = engine.herbeoordeel(uitvoeren=True)
    assert signalen() == s
    assert not any(r.get("ss190") or r.get("nieuwe_signalen") or r.get("opgeschoond") for r in tweede["rijen"])


@pytest.mark.django_db(transaction=True)
def test_parallel_redetermination_on_postgresql_does_exactly_what_one_process_does():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("parallelle herbeoordeling is er alleen voor PostgreSQL (zet DATABASE_URL)")
    _keten_in_fout()
    _zet_variant("bekendmaking", "coa")
    engine = Engine(VasteKlok(date(2022, 2, 1)))
    proef = engine.herbeoordeel(uitvoeren=False, werkers=2)
    assert signalen()[-1][0] < "2022-02-01"  # the dry run left nothing behind
    enkel = engine.herbeoordeel(uitvoeren=False)
    assert proef["rijen"] == enkel["rijen"] and proef["personen"] == enkel["personen"] == 3
    engine.herbeoordeel(uitvoeren=True, werkers=2)
    assert zichtbaar() == {("0363", "Wi2013", FOUT), ("0344", "Wi2021", GOED), ("0344", "Wi2021", ADRES)}
    assert [x for x in signalen() if x[0] == "2022-02-01"] == [
        ("2022-02-01", "0363", "Wi2021", "SS190", FOUT), ("2022-02-01", "0363", "Wi2013", "SS101", FOUT),
        ("2022-02-01", "0344", "Wi2021", "SS101", ADRES)]
