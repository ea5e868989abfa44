"""End-to-end: the portal in Debian's chromium through Playwright, against pytest-django's live server.

Run: .venv/bin/python -m pytest tests/e2e/test_portaal.py -m browser
Screenshots for the docs: PORTAAL_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/e2e/test_portaal_screenshots.py
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop in this thread

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _chromium_of_overslaan():
    if not CHROMIUM.exists():
        if os.environ.get("CI") == "true":
            pytest.fail("/usr/bin/chromium ontbreekt in CI: installeer het Debian-pakket chromium")
        pytest.skip("/usr/bin/chromium ontbreekt: apt-get install -y chromium (Playwright downloadt geen browser)")
    try:
        from playwright.sync_api import sync_playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI") == "true":
            pytest.fail("het Python-pakket playwright ontbreekt")
        pytest.skip("het Python-pakket playwright ontbreekt: pip install playwright")


@pytest.fixture(scope="module")
def browser():
    _chromium_of_overslaan()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def pagina(browser):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1366, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    fouten: list[str] = []
    page.on("console", lambda m: fouten.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: fouten.append(str(e)))
    yield page
    context.close()
    # no script errors and no Content-Security-Policy violations (htmx runs without eval or inline styles);
    # the deliberate 404 of another gemeente's person logs one failed resource load
    assert [f for f in fouten if "404" not in f] == [], fouten


@pytest.fixture
def omgeving(transactional_db, settings):
    from tests.portaal.conftest import VANDAAG, draai

    from inburgering.portaal.gebruikers import maak_gebruiker, reservecodes, totp_apparaat

    settings.PORTAAL_VANDAAG = VANDAAG
    draai()
    ww = "e2e-wachtwoord-lang-genoeg"
    for code in ("0344", "0363"):
        maak_gebruiker(f"consulent-{code}", "gemeente", gemeente=code, wachtwoord=ww)
    beheerder, _ = maak_gebruiker("beheerder", "beheerder", wachtwoord=ww)
    apparaat = totp_apparaat(beheerder)
    return {"wachtwoord": ww, "totp": apparaat, "reservecodes": reservecodes(beheerder)}


def toegankelijk(page) -> None:
    """WCAG basics a machine can check: language, one h1, every form control labelled, images named."""
    fouten = page.evaluate("""() => {
      const f = [];
      if (document.documentElement.lang !== 'nl') f.push('lang');
      if (document.querySelectorAll('h1').length !== 1) f.push('h1');
      for (const el of document.querySelectorAll('input:not([type=hidden]), select, textarea')) {
        if (!(el.labels && el.labels.length) && !el.getAttribute('aria-label')) f.push('label:' + (el.name || el.id));
      }
      for (const el of document.querySelectorAll('svg[role=img]')) {
        if (!el.getAttribute('aria-labelledby') && !el.getAttribute('aria-label')) f.push('svg');
      }
      if (!document.querySelector('main')) f.push('main');
      return f;
    }""")
    assert fouten == [], (page.url, fouten)


def inloggen(page, base, naam, wachtwoord, totp=None):
    page.goto(base + "/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(naam)
    page.get_by_label("Wachtwoord").fill(wachtwoord)
    page.get_by_role("button", name="Inloggen").click()
    if totp is not None:
        from django_otp.oath import totp as bereken

        page.get_by_label(re.compile("Code uit uw authenticator-app")).fill(f"{bereken(totp.bin_key):06d}")
        page.get_by_role("button", name="Bevestigen").click()


def test_gemeente_logs_in_filters_bulk_handles_and_downloads(live_server, pagina, omgeving):
    from inburgering.keten.models import Notificatie

    base = live_server.url
    inloggen(pagina, base, "consulent-0344", omgeving["wachtwoord"])
    pagina.wait_for_url(re.compile(r"/gemeente/Wi2021/signalen/"))
    assert pagina.get_by_role("heading", name=re.compile(r"^4 signalen")).is_visible()
    toegankelijk(pagina)

    # filter on a gebeurtenis (SS139: the two who live in Utrecht, contract §5.6): htmx swaps the result list
    # and updates the address bar
    pagina.get_by_label("Gebeurtenis").select_option("SS139")
    pagina.wait_for_url(re.compile(r"gebeurtenis=SS139"))
    assert pagina.get_by_role("heading", name=re.compile(r"^2 signalen")).is_visible()
    assert pagina.locator("tbody tr").count() == 2
    assert pagina.locator("#aankondiging").text_content() == "2 signalen gevonden"  # announced to screen readers

    # download the selection as CSV
    with pagina.expect_download() as d:
        pagina.get_by_role("link", name="Download selectie als CSV").click()
    inhoud = Path(d.value.path()).read_text(encoding="utf-8-sig")
    rijen = list(csv.DictReader(io.StringIO(inhoud), delimiter=";"))
    assert {r["gebeurtenis"] for r in rijen} == {"SS139"} and len(rijen) == 2

    # bulk: mark the whole selection handled, with a confirmation
    pagina.get_by_role("button", name=re.compile("Markeer hele selectie")).click()
    pagina.get_by_role("button", name=re.compile("Ja, markeer 2")).click()
    assert pagina.get_by_text("2 signalen gemarkeerd als afgehandeld.").is_visible()
    assert Notificatie.objects.filter(gemeente="0344", status="afgehandeld").count() == 2

    # keyboard only: the skip link is the first stop and leads to the content
    pagina.keyboard.press("Tab")
    assert pagina.evaluate("document.activeElement.textContent") == "Naar de inhoud"

    # a person page from the list
    pagina.goto(base + "/gemeente/Wi2021/signalen/?status=alle&bsn=693563278")
    pagina.get_by_role("link", name="Bekijk persoon").first.click()
    assert pagina.get_by_role("heading", name="Waarom? De uitleg van DUO").is_visible()
    toegankelijk(pagina)

    # another gemeente's person by URL: not found
    r = pagina.goto(base + "/gemeente/Wi2021/personen/495181754/")
    assert r.status == 404


def test_gemeente_works_without_javascript(browser, live_server, omgeving):
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    inloggen(page, live_server.url, "consulent-0363", omgeving["wachtwoord"])
    page.get_by_role("link", name="Correcties (SS190)").click()
    assert page.get_by_text("163923322").first.is_visible()
    page.get_by_label("Status", exact=True).select_option("alle")
    page.get_by_role("button", name="Filter toepassen").click()
    assert "status=alle" in page.url
    context.close()


def achtergrond():
    from inburgering.dienst.herbeoordeling import voer_open_runs_uit

    voer_open_runs_uit(werkers=1)


def test_operator_pauses_resumes_and_runs_a_redetermination(live_server, pagina, omgeving):
    from inburgering.keten.models import Herbeoordeling, Ketenstand

    base = live_server.url
    inloggen(pagina, base, "beheerder", omgeving["wachtwoord"], totp=omgeving["totp"])
    pagina.wait_for_url(re.compile(r"/beheer/$"))
    assert pagina.get_by_role("heading", name=re.compile("Signalen per week")).is_visible()
    toegankelijk(pagina)

    pagina.get_by_role("link", name="Procesbesturing", exact=True).click()
    toegankelijk(pagina)
    pagina.get_by_label("Pauzeren").check()
    pagina.get_by_label("Wet", exact=True).select_option("Wi2021")
    pagina.get_by_label("Herstartgroep").select_option("asiel_en_overig")
    pagina.get_by_label("Ingangsdatum").fill("2022-06-03")
    pagina.get_by_role("button", name="Verder naar bevestigen").click()
    pagina.get_by_role("button", name=re.compile("Ja, pauzeer")).click()
    assert pagina.get_by_text(re.compile("gepauzeerd met ingang van 03-06-2022")).is_visible()
    assert ["Wi2021", "asiel_en_overig", "2022-06-03"] in Ketenstand.objects.get().gepauzeerd

    # an effective date in the past is explained, not executed
    pagina.get_by_label("Hervatten").check()
    pagina.get_by_label("Ingangsdatum").fill("2022-05-01")
    pagina.get_by_role("button", name="Verder naar bevestigen").click()
    assert pagina.get_by_text(re.compile("al verwerkt tot en met")).first.is_visible()
    pagina.get_by_label("Ingangsdatum").fill("2022-06-11")
    pagina.get_by_label("Herstartgroep").select_option("asiel_en_overig")
    pagina.get_by_role("button", name="Verder naar bevestigen").click()
    pagina.get_by_role("button", name=re.compile("Ja, hervat")).click()
    # the chain has processed up to today, so the resume is planned for 11 June and shown as such
    assert pagina.get_by_text(re.compile("hervat met ingang van 11-06-2022")).is_visible()
    assert pagina.get_by_role("heading", name="Geplande wijzigingen").is_visible()

    uitgevoerd = Herbeoordeling.objects.filter(uitgevoerd=True).count()  # the variant changes of 1 Jan and 1 Mar
    pagina.get_by_role("link", name="Herbeoordeling", exact=True).click()
    pagina.get_by_role("button", name="Proefrun starten").click()
    # the run is planned and done in the background; the page shows its progress and polls (htmx)
    assert pagina.get_by_role("heading", name=re.compile("Proefrun herbeoordeling loopt")).is_visible()
    assert pagina.get_by_text("Personen beoordeeld").is_visible()
    toegankelijk(pagina)
    achtergrond()  # what the background loop of `inburgering serve` does; the next poll reloads the page
    pagina.get_by_role("button", name=re.compile("Deze herbeoordeling uitvoeren")).wait_for()
    assert pagina.get_by_role("heading", name=re.compile("Proefrun herbeoordeling")).is_visible()
    toegankelijk(pagina)
    assert pagina.locator("svg.grafiek").count() >= 0  # a chart when there is impact, else the empty state
    pagina.get_by_role("button", name=re.compile("Deze herbeoordeling uitvoeren")).click()
    pagina.get_by_role("button", name="Ja, voer de herbeoordeling uit").click()
    assert pagina.get_by_role("heading", name=re.compile("Herbeoordeling wordt uitgevoerd")).is_visible()
    achtergrond()
    pagina.get_by_role("heading", name=re.compile("Herbeoordeling uitgevoerd")).wait_for()
    assert Herbeoordeling.objects.filter(uitgevoerd=True).count() == uitgevoerd + 1
