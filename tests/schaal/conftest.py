"""Fixtures for the tests at scale: a generated population through intake and the one engine, and a fingerprint
of the chain's whole end state to compare runs by.

SQLite: the test database is a file (as in tests/m2m), because Celery workers and worker processes write
from other threads and processes.
"""

from __future__ import annotations

import os
import tempfile
from collections import defaultdict
from datetime import date

import orjson
from django.conf import settings

from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.genereer import genereer_berichten
from inburgering.keten import models as m

_db = settings.DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3") and not _db.get("TEST", {}).get("NAME"):
    _db.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.gettempdir(), f"inburgering-schaal-test-{os.getpid()}.sqlite3")

DAG = date(2024, 1, 1)
FOUT = ("vaststelling", "brp_adresfilter")  # the January 2022 fault
WET = ("bekendmaking", "coa")  # the law


def zet_variant(begindatum: str, koppeling: str) -> None:
    m.Ketenstand.objects.filter(id=1).update(begindatum_variant=begindatum, koppeling_variant=koppeling)


def bouw(personen: int = 120, seed: int = 12) -> None:
    """A population placed under the faulty variant in one engine day (messages arriving after the engine
    passed their days), then the rules switched back to the law: a re-determination has corrections to make."""
    stand, _ = m.Ketenstand.objects.get_or_create(id=1)
    stand.verwerkt_tot = date(2023, 12, 31)
    stand.begindatum_variant, stand.koppeling_variant = FOUT
    stand.save()
    neem_regels_op([orjson.dumps(b) for b in genereer_berichten(personen, seed)], "test")
    Engine(VasteKlok(DAG)).verwerk_tot(DAG)
    zet_variant(*WET)


def eindstand() -> tuple:
    """Everything a run leaves behind, without database ids or absolute numbering: per person the
    notifications in delivery order, the persons' rows, visibility and determination history."""
    per_persoon = defaultdict(list)
    for bsn, *rest in m.Notificatie.objects.order_by("volgorde").values_list(
            "bsn", "dag", "gemeente", "wet", "gebeurtenis", "aanleiding", "doelgroep", "vnummer", "verwijderd_op",
            "status", "bepaling__dag", "bepaling__wet"):
        per_persoon[bsn].append(tuple(rest))
    # The release marker names a log position (an absolute number): read it as the message's own id.
    ids = dict(m.Bericht.objects.values_list("volgnummer", "bericht_id"))
    personen = []
    for rij in m.Persoon.objects.order_by("bsn").values_list(
            "bsn", "naam", "geboortedatum", "vnummer", "bepaling", "toestand", "volgende_controle", "aangehouden_wet",
            "aangehouden_groep"):
        vrij = (rij[4] or {}).get("vrijgegeven")
        if vrij:
            vrij["volgnummer"] = ids.get(vrij["volgnummer"])
        personen.append(rij)
    zicht = sorted(m.Zichtbaarheid.objects.values_list("bsn", "wet", "gemeente", "van", "tot", "variant", "reden_einde"),
                   key=repr)
    bepalingen = sorted(m.Bepaling.objects.values_list(
        "bsn", "dag", "variant", "inburgeringsplichtig", "wet", "begindatum", "einddatum", "reden", "doelgroep",
        "gedetailleerde_doelgroep", "gemeente", "uitleg"), key=repr)
    return dict(per_persoon), personen, zicht, bepalingen


def ss190(stand: tuple) -> list[tuple[str, str]]:
    return sorted((bsn, n[1]) for bsn, ns in stand[0].items() for n in ns if n[3] == "SS190")
