"""End-to-end: the privacy officer opens the breach report in Debian's chromium and downloads it as PDF and XLSX.

Screenshot for the docs: PORTAAL_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/e2e/test_datalek.py
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from tests.e2e.test_portaal import browser, inloggen, pagina  # noqa: F401  (fixtures and the login steps)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def privacy(transactional_db, settings):
    from tests.portaal.conftest import VANDAAG, draai

    from inburgering.portaal.gebruikers import maak_gebruiker, totp_apparaat

    settings.PORTAAL_VANDAAG = VANDAAG
    draai()
    ww = "e2e-wachtwoord-lang-genoeg"
    gebruiker, _ = maak_gebruiker("privacy", "privacy", wachtwoord=ww)
    return {"wachtwoord": ww, "totp": totp_apparaat(gebruiker)}


def test_the_privacy_officer_reads_and_downloads_the_breach_report(live_server, pagina, privacy):  # noqa: F811
    from openpyxl import load_workbook
    from pypdf import PdfReader

    from inburgering.portaal.models import Verwerking

    base = live_server.url
    inloggen(pagina, base, "privacy", privacy["wachtwoord"], totp=privacy["totp"])
    pagina.get_by_role("link", name="Datalekrapport").click()
    pagina.get_by_role("heading", name="Datalekrapport", level=1).wait_for()
    assert pagina.locator("dl.gegevens").first.inner_text().count("Aantal betrokkenen") == 1
    rijen = pagina.locator("section[aria-labelledby=k-personen] tbody tr")
    assert [rijen.nth(i).locator("td").first.inner_text() for i in range(rijen.count())] == ["163923322", "468819733"]
    if os.environ.get("PORTAAL_SCREENSHOTS"):
        pagina.screenshot(path=str(Path(os.environ["PORTAAL_SCREENSHOTS"]) / "privacy-datalek.png"), full_page=True)

    with pagina.expect_download() as d:
        pagina.get_by_role("link", name="Download als PDF").click()
    tekst = "\n".join(p.extract_text() for p in PdfReader(d.value.path()).pages)
    assert "Aantal betrokkenen" in tekst and "Sara Amrani" in tekst
    with pagina.expect_download() as d:
        pagina.get_by_role("link", name="Download als XLSX").click()
    wb = load_workbook(io.BytesIO(Path(d.value.path()).read_bytes()))
    assert [r[2].value for r in wb["Perioden"].iter_rows(min_row=2)] == ["163923322", "468819733"]

    # the period filter works without JavaScript too: it is a plain GET form
    pagina.get_by_label("Vanaf").fill("2022-02-01")
    pagina.get_by_label("Tot en met").fill("2022-02-10")
    pagina.get_by_role("button", name="Toon").click()
    pagina.get_by_text("01-02-2022 tot en met 10-02-2022").first.wait_for()
    assert list(Verwerking.objects.order_by("id").values_list("name", flat=True)) == [
        "datalekrapport bekijken", "datalekrapport downloaden (PDF)", "datalekrapport downloaden (XLSX)",
        "datalekrapport bekijken"]
