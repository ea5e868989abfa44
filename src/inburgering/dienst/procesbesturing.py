"""Service: process control from the CLI or portal. A pause or resume is a ``duo.procesbesturing``
message appended to the log, so it takes effect through the one engine, at its place in time."""

from __future__ import annotations

from datetime import date, datetime

import orjson

from ..domein.parameters import PROCESGROEPEN, WETTEN
from ..keten.models import Bericht
from .engine import Engine
from .intake import neem_regels_op
from .klok import Klok, huidige_klok


def wijzig(actie: str, wet: str, procesgroep: str, datum: date | None = None, klok: Klok | None = None,
           door: str = "cli") -> None:
    klok = klok or huidige_klok()
    datum = datum or klok.vandaag()
    engine = Engine(klok)
    verwerkt = engine.stand().verwerkt_tot
    if verwerkt and datum < verwerkt:
        raise ValueError(f"datum {datum} ligt vóór de laatst verwerkte dag {verwerkt}: kies die dag of een latere")
    regel = orjson.dumps({
        "type": "duo.procesbesturing", "ontvangen": datum.isoformat(), "actie": actie, "wet": wet,
        "procesgroep": procesgroep, "id": f"procesbesturing-{door}-{datetime.now().strftime('%Y%m%dT%H%M%S%f')}",
    })
    neem_regels_op([regel], f"procesbesturing door {door}")
    if datum <= klok.vandaag():
        engine.verwerk_tot(klok.vandaag())


def status() -> list[str]:
    stand = Engine().stand()
    gepauzeerd = {(w, g): s for w, g, s in stand.gepauzeerd}
    uit = [f"variant: begindatum={stand.begindatum_variant}, koppeling={stand.koppeling_variant}; "
           f"verwerkt tot {stand.verwerkt_tot or '—'}"]
    for w in WETTEN:
        for g in PROCESGROEPEN:
            s = gepauzeerd.get((w, g))
            uit.append(f"{w:7} {g:16} {'gepauzeerd sinds ' + s if s else 'actief'}")
    gepland = Bericht.objects.filter(type="duo.procesbesturing", volgnummer__gt=stand.hoogste_volgnummer)
    for dag, inhoud in gepland.order_by("dag", "ontvangen", "volgnummer").values_list("dag", "inhoud"):
        v = orjson.loads(inhoud)
        uit.append(f"gepland op {dag}: {v['actie']} {v['wet']} {v['procesgroep']}")
    return uit
