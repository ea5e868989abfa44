"""Service: process control from the CLI or portal. A pause or resume is a ``duo.procesbesturing``
message appended to the log, so it takes effect through the one engine, at its place in time; until then it
is scheduled (``gepland``: the one answer both the CLI and the portal show)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import orjson
from django.db.models import Q

from ..domein.parameters import PROCESGROEPEN, WETTEN
from ..keten import models as m
from . import samenstelling
from .intake import neem_regels_op
from .klok import Klok, huidige_klok


def wijzig(actie: str, wet: str, procesgroep: str, datum: date | None = None, klok: Klok | None = None,
           door: str = "cli") -> None:
    klok = klok or huidige_klok()
    datum = datum or klok.vandaag()
    engine = samenstelling.engine(klok)
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


@dataclass(frozen=True)
class GeplandeWijziging:
    dag: date  # the day it takes effect
    actie: str  # pauzeer | hervat
    wet: str  # a law, or "alle"
    procesgroep: str  # a restart group, or "alle"
    door: str  # who put it in the log (the delivery's source: "procesbesturing door …")


def gepland(stand: m.Ketenstand) -> list[GeplandeWijziging]:
    """The pauses and resumes in the log that the engine has not taken in yet, in the order it will apply them.

    Not taken in: effective on a day the engine has not run (after ``verwerkt_tot``), or appended after it ran
    that day (a log position above ``hoogste_volgnummer``: the engine takes such a late message in on its next
    run). A change appended before the engine ran, but for a later day, is still to come; one for a day already
    run, appended afterwards, is too."""
    q = m.Bericht.objects.filter(type="duo.procesbesturing")
    if stand.verwerkt_tot is not None:
        q = q.filter(Q(dag__gt=stand.verwerkt_tot) | Q(volgnummer__gt=stand.hoogste_volgnummer))
    uit = []
    for dag, inhoud, door in q.order_by("dag", "ontvangen", "volgnummer").values_list("dag", "inhoud",
                                                                                       "levering__bron"):
        v = orjson.loads(inhoud)
        uit.append(GeplandeWijziging(dag, v["actie"], v["wet"], v["procesgroep"], door))
    return uit


def status() -> list[str]:
    stand = m.Ketenstand.objects.get_or_create(id=1)[0]
    gepauzeerd = {(w, g): s for w, g, s in stand.gepauzeerd}
    uit = [f"variant: begindatum={stand.begindatum_variant}, koppeling={stand.koppeling_variant}; "
           f"verwerkt tot {stand.verwerkt_tot or '—'}"]
    for w in WETTEN:
        for g in PROCESGROEPEN:
            s = gepauzeerd.get((w, g))
            uit.append(f"{w:7} {g:16} {'gepauzeerd sinds ' + s if s else 'actief'}")
    for g in gepland(stand):
        uit.append(f"gepland op {g.dag}: {g.actie} {g.wet} {g.procesgroep}")
    return uit
