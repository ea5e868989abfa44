"""DUO operator pages: dashboard, process control through the engine, re-determination dry run and apply."""

from datetime import date

import pytest
from django.urls import reverse

from inburgering.keten.models import Bericht, Herbeoordeling, Ketenstand, Notificatie

pytestmark = pytest.mark.django_db
PROCES = reverse("portaal:procesbesturing")


def test_dashboard_shows_weekly_chart_held_items_and_corrections(client, keten, als):
    als("beheerder")
    r = client.get(reverse("portaal:dashboard"))
    t = r.content.decode()
    assert r.status_code == 200
    assert '<svg class="grafiek" role="img"' in t and "Signalen per week" in t
    assert "Utrecht" in t  # a gemeente row of the per-week table
    assert "Verstuurde correcties (SS190)" in t and "Amsterdam" in t
    assert "Aangehouden per herstartgroep" in t
    assert "163923322" not in t and "Amrani" not in t  # counts only, no personal data


def test_dashboard_chart_for_one_gemeente(client, keten, als):
    als("beheerder")
    t = client.get(reverse("portaal:dashboard"), {"wet": "Wi2021", "weken": "26", "gemeente": "0344"}).content.decode()
    assert "Signalen per week, Wi2021, Utrecht" in t
    assert client.get(reverse("portaal:dashboard"), {"gemeente": "9999", "weken": "7"}).status_code == 200  # ignored


def test_pause_needs_confirmation_and_goes_through_the_log(client, keten, als):
    als("beheerder")
    gegevens = {"actie": "pauzeer", "wet": "Wi2021", "procesgroep": "asiel_en_overig", "datum": "2022-06-05"}
    r = client.post(PROCES, gegevens)
    assert r.status_code == 200 and "Bevestig".encode() in r.content
    assert not any(w == "Wi2021" for w, *_ in Ketenstand.objects.get().gepauzeerd)  # nothing changed yet
    r = client.post(PROCES, {**gegevens, "bevestigd": "ja"})
    assert r.status_code == 302
    stand = Ketenstand.objects.get()
    assert ["Wi2021", "asiel_en_overig", "2022-06-05"] in stand.gepauzeerd
    assert stand.verwerkt_tot == date(2022, 6, 10)  # the engine ran up to the portal's today
    b = Bericht.objects.filter(type="duo.procesbesturing").order_by("-volgnummer").first()
    assert "procesbesturing-portaal-beheerder" in b.bericht_id and b.levering.bron.endswith("portaal-beheerder")
    pagina = client.get(PROCES).content.decode()
    assert "gepauzeerd</span> sinds 05-06-2022" in pagina


def test_effective_date_not_after_the_processed_day_is_a_helpful_error(client, keten, als):
    als("beheerder")
    r = client.post(PROCES, {"actie": "hervat", "wet": "alle", "procesgroep": "alle", "datum": "2022-05-01", "bevestigd": "ja"})
    assert r.status_code == 200
    assert "al verwerkt tot en met 01-06-2022".encode() in r.content and "02-06-2022 of later".encode() in r.content
    r = client.post(PROCES, {"actie": "hervat", "wet": "alle", "procesgroep": "alle", "datum": ""})
    assert "Vul een ingangsdatum in".encode() in r.content


def test_resume_releases_what_was_held(client, keten, als):
    """Pause family migrants under Wi2021, one gets a permit meanwhile (held), resume → signal."""
    from .conftest import draai

    als("beheerder")
    client.post(PROCES, {"actie": "pauzeer", "wet": "Wi2021", "procesgroep": "gezinsmigranten", "datum": "2022-06-02", "bevestigd": "ja"})
    draai([
        {"id": "h1", "type": "brp.persoon", "ontvangen": "2022-06-11", "bsn": "100000009", "geboortedatum": "1991-01-01", "geslachtsnaam": "Wachtend", "nationaliteiten": ["SYR"]},
        {"id": "h2", "type": "brp.verblijfplaats", "ontvangen": "2022-06-11", "bsn": "100000009", "datum": "2022-06-11", "gemeentecode": "0344", "postcode": "3511AB", "huisnummer": 1},
        {"id": "h3", "type": "ind.verblijfsrecht", "ontvangen": "2022-06-12", "bsn": "100000009", "verblijfsdoel": "gezinsvorming", "datum_beschikking": "2022-06-12", "ingangsdatum": "2022-06-12"},
        {"id": "h4", "type": "ind.document_uitgereikt", "ontvangen": "2022-06-12", "bsn": "100000009", "datum": "2022-06-12"},
    ], date(2022, 6, 13))
    assert not Notificatie.objects.filter(bsn="100000009").exists()
    assert "<td class=\"getal\">1</td>" in client.get(PROCES).content.decode()  # one person held
    with pytest.MonkeyPatch.context() as mp:
        from django.conf import settings
        mp.setattr(settings, "PORTAAL_VANDAAG", "2022-06-14")
        client.post(PROCES, {"actie": "hervat", "wet": "Wi2021", "procesgroep": "gezinsmigranten", "datum": "2022-06-14", "bevestigd": "ja"})
    # lives in 0344 outside COA care: the first notification is SS139 (contract §5.6)
    assert list(Notificatie.objects.filter(bsn="100000009").values_list("dag", "gemeente", "gebeurtenis")) == [
        (date(2022, 6, 14), "0344", "SS139")]


def _achtergrond():
    """What the background loop of ``inburgering serve`` does with a run the portal planned (without a broker)."""
    from inburgering.dienst.herbeoordeling import voer_open_runs_uit

    voer_open_runs_uit(werkers=1)


def test_redetermination_dry_run_then_apply(client, keten, als):
    als("beheerder")
    start = reverse("portaal:herbeoordeling_start")
    notificaties = Notificatie.objects.count()
    r = client.post(start)
    proef = Herbeoordeling.objects.order_by("-id").first()
    assert r.status_code == 302 and r.url == reverse("portaal:herbeoordeling", kwargs={"pk": proef.pk})
    # planned, running in the background: the page shows progress and polls (htmx), and works without JS
    pagina = client.get(r.url).content.decode()
    assert "Proefrun herbeoordeling loopt" in pagina and "Personen beoordeeld" in pagina and "0 van 6" in pagina
    assert 'hx-trigger="every 2s"' in pagina and "Voortgang vernieuwen" in pagina
    blok = client.get(r.url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="voortgang")
    assert blok.status_code == 200 and "<html" not in blok.content.decode() and "Delen klaar" in blok.content.decode()
    _achtergrond()
    klaar = client.get(r.url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="voortgang")
    assert klaar.status_code == 204 and klaar["HX-Refresh"] == "true"  # done: the page reloads with the impact
    proef.refresh_from_db()
    assert not proef.uitgevoerd and proef.status == "klaar" and Notificatie.objects.count() == notificaties
    pagina = client.get(r.url).content.decode()
    assert "Proefrun herbeoordeling" in pagina and "Impact per gemeente" in pagina
    assert "Deze herbeoordeling uitvoeren" in pagina
    bevestig = client.post(start, {"uitvoeren": "ja", "proef": proef.pk})
    assert "Herbeoordeling uitvoeren?".encode() in bevestig.content
    r = client.post(start, {"uitvoeren": "ja", "proef": proef.pk, "bevestigd": "ja"})
    echt = Herbeoordeling.objects.order_by("-id").first()
    assert echt.uitgevoerd and echt.pk != proef.pk and r.url.endswith(f"/{echt.pk}/")
    assert "Herbeoordeling wordt uitgevoerd" in client.get(r.url).content.decode()
    _achtergrond()
    echt.refresh_from_db()
    assert echt.status == "klaar" and echt.rapport["rijen"] == proef.rapport["rijen"]
    assert "Herbeoordeling uitgevoerd" in client.get(r.url).content.decode()
    # the old dry run can no longer be applied
    r = client.post(start, {"uitvoeren": "ja", "proef": proef.pk, "bevestigd": "ja"})
    assert Herbeoordeling.objects.order_by("-id").first().pk == echt.pk
    assert "niet meer actueel".encode() in client.get(r.url).content


def test_redetermination_report_shows_table_and_chart_per_gemeente(client, keten, als):
    Herbeoordeling.objects.create(dag=date(2022, 6, 1), uitgevoerd=False, variant_oud="a", variant_nieuw="b", aanleiding="test",
                                  rapport={"dag": "2022-06-01", "personen": 6, "notificaties": 3, "rijen": [
                                      {"gemeente": "0363", "wet": "Wi2021", "ss190": 2, "nieuwe_signalen": 1},
                                      {"gemeente": "0344", "wet": "Wi2021", "opgeschoond": 4}]})
    als("beheerder")
    run = Herbeoordeling.objects.get(aanleiding="test")
    t = client.get(reverse("portaal:herbeoordeling", kwargs={"pk": run.pk})).content.decode()
    assert "<svg" in t and "Amsterdam" in t and "Utrecht" in t and "Correcties SS190" in t
    assert client.get(reverse("portaal:herbeoordeling", kwargs={"pk": 9999})).status_code == 404


def test_a_failed_chunk_waits_for_the_operator_and_resume_completes_the_run(client, keten, als):
    from inburgering.dienst import herbeoordeling
    from inburgering.keten.models import HerbeoordelingDeel

    als("beheerder")
    run = herbeoordeling.plan(False, "test", deelgrootte=2)
    herbeoordeling.voer_deel_uit(run.pk, 0)
    HerbeoordelingDeel.objects.filter(run=run, nummer=1).update(status="mislukt", fout="OperationalError")
    _achtergrond()  # the background loop leaves a failed chunk alone
    pagina = client.get(reverse("portaal:herbeoordeling", kwargs={"pk": run.pk})).content.decode()
    assert "1 deel is mislukt" in pagina and "Hervatten" in pagina
    r = client.post(reverse("portaal:herbeoordeling_hervat", kwargs={"pk": run.pk}))
    assert r.status_code == 302
    _achtergrond()
    run.refresh_from_db()
    assert run.status == "klaar" and run.rapport["personen"] == 6
