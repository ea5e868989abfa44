"""The privacy officer's breach report page and its PDF and XLSX downloads: access, content, the processing log."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from inburgering.portaal import verwerkingslog
from inburgering.portaal.models import Betrokkene, Verwerking

pytestmark = pytest.mark.django_db

PAGINA = reverse("portaal:datalek")
PDF = reverse("portaal:datalek_download", kwargs={"formaat": "pdf"})
XLSX = reverse("portaal:datalek_download", kwargs={"formaat": "xlsx"})
# The tijdlijn of January 2022 in the portal's test data: Sara Amrani wrongly under Wi2021 at Amsterdam, Abel Tesfaye
# at Den Haag through the address fault; both views purged on 1 March (see tests/integratie/test_datalek.py).
PERIODEN = [("0363", "Wi2021", "163923322", date(2022, 1, 4), date(2022, 2, 28), "vaststelling", 56),
            ("0518", "Wi2021", "468819733", date(2022, 1, 7), date(2022, 2, 28), "brp_adresfilter", 53)]


@pytest.fixture(autouse=True)
def _geen_cache():
    from django.core.cache import cache

    cache.clear()


@pytest.mark.parametrize("url", [PAGINA, PDF, XLSX])
def test_only_the_privacy_officer_with_a_verified_code_gets_the_report(client, keten, als, url):
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith(reverse("portaal:inloggen"))
    for wie in ("0363", "beheerder"):
        als(wie)
        assert client.get(url).status_code == 403
    als("privacy", verifieer=False)
    r = client.get(url)
    assert r.status_code == 302 and r.url.startswith(reverse("portaal:code"))
    assert not Verwerking.objects.exists()  # nobody saw anything
    als("privacy")
    assert client.get(url).status_code == 200


def test_the_page_shows_the_figures_and_the_persons_and_is_logged(client, keten, als):
    als("privacy")
    r = client.get(PAGINA)
    html = r.content.decode()
    assert r["Cache-Control"] == "no-store"
    for tekst in ("Aantal betrokkenen</dt><dd>2", "04-01-2022 tot en met 28-02-2022", "Sara Amrani", "Abel Tesfaye",
                  "163923322", "468819733", "Amsterdam (0363)", "&#x27;s-Gravenhage (0518)", "brp_adresfilter",
                  "kennisgeving 04-01-2022, correctie 01-03-2022", "Brieven aan betrokkenen"):
        assert tekst in html, tekst
    assert "693563278" not in html and "495181754" not in html  # seen rightly: never in the report
    v = Verwerking.objects.get()
    assert (v.name, v.rol, v.processing_activity_id, v.aantal_betrokkenen) == (
        "datalekrapport bekijken", "privacy", verwerkingslog.ACTIVITEITEN["datalek-melden"].uri, 2)
    assert set(Betrokkene.objects.values_list("data_subject_id", flat=True)) == {
        verwerkingslog.pseudoniem("163923322"), verwerkingslog.pseudoniem("468819733")}


def test_the_xlsx_has_every_period_and_person(client, keten, als):
    als("privacy")
    r = client.get(XLSX)
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(r.content))
    perioden = [tuple(c.value for c in rij) for rij in wb["Perioden"].iter_rows(min_row=2)]
    assert [(g, w, b, v.date(), t.date(), var, n) for g, w, b, v, t, var, n in perioden] == PERIODEN
    personen = [(rij[0].value, rij[1].value, rij[4].value) for rij in wb["Personen"].iter_rows(min_row=2)]
    assert personen == [("163923322", "Sara Amrani", "0363"), ("468819733", "Abel Tesfaye", "0518")]
    assert [rij[0].value for rij in wb["Per gemeente"].iter_rows(min_row=2)] == ["0363", "0518"]
    v = Verwerking.objects.get()
    assert (v.name, v.status_code, v.aantal_betrokkenen, v.end_time is not None) == (
        "datalekrapport downloaden (XLSX)", Verwerking.STATUS_OK, 2, True)


def test_the_pdf_has_the_notification_figures_and_the_persons(client, keten, als):
    als("privacy")
    r = client.get(PDF + "?van=2022-02-01&tot=2022-02-10")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith('attachment; filename="datalekrapport-')
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
    for t in ("Datalekrapport", "Aantal betrokkenen", "01-02-2022 tot en met 10-02-2022", "163923322", "Sara Amrani",
              "468819733", "Te informeren personen", "Brieven aan betrokkenen"):
        assert t in tekst, t
    v = Verwerking.objects.get()
    assert v.toelichting["van"] == "2022-02-01" and v.toelichting["formaat"] == "pdf" and v.aantal_betrokkenen == 2


def test_a_bad_window_is_refused_and_nothing_is_shown_or_logged(client, keten, als):
    als("privacy")
    r = client.get(PAGINA + "?van=2022-03-01&tot=2022-02-01")
    assert r.status_code == 400
    assert "ligt na" in r.content.decode() and "163923322" not in r.content.decode()
    assert client.get(XLSX + "?van=gisteren").status_code == 400
    assert not Verwerking.objects.exists()


def test_an_empty_report_says_so(client, db, gebruikers, als):
    from .conftest import BERICHTEN, draai

    draai([b for b in BERICHTEN if b["type"] != "duo.interpretatie"])
    als("privacy")
    html = client.get(PAGINA).content.decode()
    assert "Geen onterechte inzage gevonden" in html
    assert Verwerking.objects.get().aantal_betrokkenen == 0
