"""What counts as scheduled process control is one definition (``dienst.procesbesturing.gepland``): the CLI's
``proces status`` and the portal's process-control page show the same changes for the same log."""

from __future__ import annotations

import re
from datetime import date

import orjson
from django.urls import reverse

from inburgering.dienst import procesbesturing
from inburgering.dienst.intake import neem_regels_op
from inburgering.keten.models import Ketenstand

from .conftest import BERICHTEN, draai

# In the log before the engine ran up to 1 June 2022, effective later: still to come, although the engine has
# passed its log position.
VOORUIT = {"id": "p-vooruit", "type": "duo.procesbesturing", "ontvangen": "2022-07-01", "actie": "pauzeer",
           "wet": "Wi2013", "procesgroep": "asiel_en_overig"}
# Appended after the engine ran, for a day it has run: the engine takes it in on its next run.
LAAT = {"id": "p-laat", "type": "duo.procesbesturing", "ontvangen": "2022-05-31", "actie": "hervat",
        "wet": "Wi2021", "procesgroep": "alle"}
# Appended after the engine ran, for a later day.
LATER = {"id": "p-later", "type": "duo.procesbesturing", "ontvangen": "2022-06-20", "actie": "pauzeer",
         "wet": "alle", "procesgroep": "gezinsmigranten"}


def _portaal(client) -> list[tuple[str, str, str, str]]:
    html = client.get(reverse("portaal:procesbesturing")).content.decode()
    tabel = html.split("<h2>Geplande wijzigingen</h2>", 1)[1].split("</table>", 1)[0]
    rijen = re.findall(r"<tr><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td><td>.*?</td></tr>", tabel)
    return [(dag, actie, wet, groep) for dag, actie, wet, groep in rijen]


def _cli() -> list[str]:
    return [r for r in procesbesturing.status() if r.startswith("gepland op ")]


def test_cli_and_portal_show_the_same_scheduled_changes(client, gebruikers, als):
    draai([VOORUIT, *BERICHTEN])
    neem_regels_op([orjson.dumps(LAAT), orjson.dumps(LATER)], "procesbesturing door test")
    stand = Ketenstand.objects.get(id=1)
    assert stand.verwerkt_tot == date(2022, 6, 1)

    assert [(g.dag, g.actie, g.wet, g.procesgroep) for g in procesbesturing.gepland(stand)] == [
        (date(2022, 5, 31), "hervat", "Wi2021", "alle"),
        (date(2022, 6, 20), "pauzeer", "alle", "gezinsmigranten"),
        (date(2022, 7, 1), "pauzeer", "Wi2013", "asiel_en_overig"),
    ]
    assert _cli() == [
        "gepland op 2022-05-31: hervat Wi2021 alle",
        "gepland op 2022-06-20: pauzeer alle gezinsmigranten",
        "gepland op 2022-07-01: pauzeer Wi2013 asiel_en_overig",
    ]
    als("beheerder")
    assert _portaal(client) == [
        ("31-05-2022", "hervatten", "Wi2021", "Alle groepen"),
        ("20-06-2022", "pauzeren", "alle wetten", "Gezinsmigranten"),
        ("01-07-2022", "pauzeren", "Wi2013", "Asielstatushouders en overige migranten"),
    ]


def test_what_the_engine_has_taken_in_is_no_longer_scheduled(client, gebruikers, als):
    """After the engine's next run the late resume and the change of 20 June are in effect; 1 July is to come."""
    from inburgering.dienst.engine import Engine
    from inburgering.dienst.klok import VasteKlok

    draai([VOORUIT, *BERICHTEN])
    neem_regels_op([orjson.dumps(LAAT), orjson.dumps(LATER)], "procesbesturing door test")
    Engine(VasteKlok(date(2022, 6, 25))).verwerk_tot(date(2022, 6, 25))
    assert _cli() == ["gepland op 2022-07-01: pauzeer Wi2013 asiel_en_overig"]
    als("beheerder")
    assert _portaal(client) == [("01-07-2022", "pauzeren", "Wi2013", "Asielstatushouders en overige migranten")]
