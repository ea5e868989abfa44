"""End-to-end: a DUO operator finds the opt-in group in the portal (chromium through Playwright) and downloads it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from tests.e2e.test_portaal import browser, inloggen, omgeving, pagina, toegankelijk  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_operator_finds_the_opt_in_group_and_downloads_it(live_server, pagina, omgeving):  # noqa: F811
    base = live_server.url
    inloggen(pagina, base, "beheerder", omgeving["wachtwoord"], totp=omgeving["totp"])
    pagina.wait_for_url(re.compile(r"/beheer/$"))
    pagina.get_by_role("link", name="Opt-in-groep", exact=True).click()
    pagina.wait_for_url(re.compile(r"/beheer/opt-in/$"))
    toegankelijk(pagina)
    rijen = pagina.locator("#opt-in-groep tbody tr")
    assert rijen.count() == 1
    assert [c.strip() for c in rijen.first.locator("td").all_inner_texts()] == ["163923322", "Wi2013", "04-01-2022",
                                                                               "01-03-2022"]
    with pagina.expect_download() as d:
        pagina.get_by_role("link", name="Download CSV").click()
    inhoud = Path(d.value.path()).read_bytes().decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(inhoud), delimiter=";"))[1] == ["163923322", "Wi2013", "2022-01-04", "2022-03-01"]
