"""Screenshots of the portal's main pages for the docs, on a generated population replayed through the
January 2022 incident. Not part of the normal run:

    PORTAAL_SCREENSHOTS=docs/screenshots .venv/bin/python -m pytest tests/e2e/test_portaal_screenshots.py
"""

from __future__ import annotations

import os
import re
from datetime import date
from pathlib import Path

import orjson
import pytest

from tests.e2e.test_portaal import ARGS, CHROMIUM, _chromium_of_overslaan

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
DOEL = os.environ.get("PORTAAL_SCREENSHOTS")
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(not DOEL, reason="zet PORTAAL_SCREENSHOTS=map om schermafdrukken te maken")]


def test_screenshots(live_server, settings):
    _chromium_of_overslaan()
    from django.db.models import Count
    from django_otp.oath import totp
    from playwright.sync_api import sync_playwright

    from inburgering.dienst.engine import Engine
    from inburgering.dienst.intake import neem_regels_op
    from inburgering.dienst.klok import VasteKlok
    from inburgering.genereer import genereer_berichten
    from inburgering.keten.models import Notificatie
    from inburgering.portaal.gebruikers import maak_gebruiker, totp_apparaat
    from tests.portaal.conftest import BERICHTEN

    settings.PORTAAL_VANDAAG = "2022-07-01"
    regels = [orjson.dumps(b) for b in genereer_berichten(int(os.environ.get("PORTAAL_SCREENSHOTS_PERSONEN", "2500")), 7)]
    regels += [orjson.dumps(b) for b in BERICHTEN]
    neem_regels_op(regels, "schermafdrukken")
    Engine(VasteKlok(date(2022, 6, 30))).verwerk_tot(date(2022, 6, 30))
    gemeente = (Notificatie.objects.filter(wet="Wi2021", verwijderd_op__isnull=True).values("gemeente")
                .annotate(n=Count("id")).order_by("-n")[0]["gemeente"])
    if not Notificatie.objects.filter(gemeente=gemeente, gebeurtenis="SS190").exists():
        gemeente = "0363"
    ww = "schermafdruk-wachtwoord"
    maak_gebruiker("consulent", "gemeente", gemeente=gemeente, wachtwoord=ww, volledige_naam="Fatima de Vries")
    fb, _ = maak_gebruiker("beheerder", "beheerder", wachtwoord=ww, volledige_naam="Jeroen Bakker")
    po, _ = maak_gebruiker("privacy", "privacy", wachtwoord=ww, volledige_naam="Anouk Jansen")
    doel = Path(DOEL)
    doel.mkdir(parents=True, exist_ok=True)
    base = live_server.url

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS + ["--lang=nl-NL"])

        def sessie():
            return b.new_context(locale="nl-NL", viewport={"width": 1366, "height": 860}).new_page()

        def foto(page, naam, volledig=True):
            page.screenshot(path=str(doel / f"{naam}.png"), full_page=volledig)

        def inloggen(page, naam, apparaat=None):
            page.goto(base + "/inloggen/")
            page.get_by_label("Gebruikersnaam").fill(naam)
            page.get_by_label("Wachtwoord").fill(ww)
            page.get_by_role("button", name="Inloggen").click()
            if apparaat is not None:
                page.get_by_label(re.compile("Code uit uw")).fill(f"{totp(apparaat.bin_key):06d}")
                page.get_by_role("button", name="Bevestigen").click()

        g = sessie()
        g.goto(base + "/inloggen/")
        foto(g, "inloggen", volledig=False)
        inloggen(g, "consulent")
        g.goto(base + "/gemeente/Wi2021/signalen/?status=alle")
        foto(g, "gemeente-signalen")
        g.get_by_label("Gebeurtenis").select_option("SS101")
        g.wait_for_url(re.compile("gebeurtenis=SS101"))
        g.get_by_role("button", name=re.compile("Markeer hele selectie")).click()
        foto(g, "gemeente-bulk-afhandelen", volledig=False)
        g.goto(base + "/gemeente/Wi2021/correcties/?status=alle")
        foto(g, "gemeente-correcties")
        g.goto(base + "/gemeente/Wi2021/signalen/?status=alle")
        g.get_by_role("link", name="Bekijk persoon").first.click()
        foto(g, "gemeente-persoon")
        g.goto(base + "/gemeente/Wi2021/correcties/")
        with g.expect_download():
            g.get_by_role("link", name="Download selectie als Excel (XLSX)").click()

        a = sessie()
        apparaat = totp_apparaat(fb)
        a.goto(base + "/inloggen/")
        a.get_by_label("Gebruikersnaam").fill("beheerder")
        a.get_by_label("Wachtwoord").fill(ww)
        a.get_by_role("button", name="Inloggen").click()
        foto(a, "inloggen-code", volledig=False)
        a.get_by_label(re.compile("Code uit uw")).fill(f"{totp(apparaat.bin_key):06d}")
        a.get_by_role("button", name="Bevestigen").click()
        a.goto(base + "/beheer/?wet=Wi2021&weken=26")
        foto(a, "beheer-dashboard")
        a.goto(base + "/beheer/procesbesturing/")
        foto(a, "beheer-procesbesturing")
        a.goto(base + "/beheer/herbeoordeling/")
        a.get_by_role("button", name="Proefrun starten").click()
        a.wait_for_url(re.compile(r"/beheer/herbeoordeling/\d+/"))
        foto(a, "beheer-proefrun")
        # the re-determination the engine did when the corrected rules took effect on 1 March 2022
        from inburgering.keten.models import Herbeoordeling

        maart = Herbeoordeling.objects.filter(dag=date(2022, 3, 1), uitgevoerd=True).order_by("-id").first()
        a.goto(base + f"/beheer/herbeoordeling/{maart.pk}/")
        foto(a, "beheer-herbeoordeling")

        pr = sessie()
        inloggen(pr, "privacy", totp_apparaat(po))
        pr.goto(base + "/privacy/verwerkingen/")
        foto(pr, "privacy-verwerkingslog")
        b.close()
