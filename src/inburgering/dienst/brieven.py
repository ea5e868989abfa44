"""Letters to the person: recorded by the engine, in the same transaction as the notifications that cause them.

What follows from a processing is decided in ``domein/brieven.py``; this module reads the letters sent before,
writes the new ones (append-only, at most once per person, law and kind) and reads them back for the CLI, the
breach report, the opt-in group and the API's ``datumKennisgevingInburgeringsplicht``. Nothing here is shown to a
gemeente: the portal and the API reach letters only through ``keten.scope.datum_kennisgeving``.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from ..domein import brieven as regels
from ..domein.kern import Wijziging
from ..domein.projectie import Projectie
from ..domein.signalering import gepubliceerde_wetten
from ..domein.wet import WI2021
from ..keten import models as m
from . import opslag


@dataclass(frozen=True, slots=True)
class Gevolg:
    """What one processing of a person did that letters may follow from."""

    bsn: str
    wetten_voor: tuple[str, ...]  # the law environments the person was published in before
    wetten_na: tuple[str, ...]  # … and after
    opschonen: tuple[tuple[str, str], ...]  # (wet, gemeente) purged now
    signalen: list  # the person's new Notificatie rows, in delivery order

    @classmethod
    def van(cls, bsn: str, toestand_voor: dict | None, w: Wijziging, signalen: list) -> Gevolg:
        return cls(bsn, gepubliceerde_wetten(toestand_voor), gepubliceerde_wetten(w.persoon.toestand),
                   tuple(w.opschonen), signalen)


def leg_vast(dag: date, gevolgen: list[Gevolg], volgorde: int) -> list[m.Brief]:
    """Record the letters that follow from a day's processing (``volgorde``: the engine's notification counter now,
    for a letter without a notification of its own). A dry run writes nothing."""
    relevant = [g for g in gevolgen if g.signalen or g.opschonen]
    if not relevant:
        return []
    bsns = [g.bsn for g in relevant]
    eerder: dict[str, list[tuple[str, str]]] = {}
    for i in range(0, len(bsns), 900):
        for bsn, wet, soort in (m.Brief.objects.filter(bsn__in=bsns[i:i + 900]).order_by("dag", "volgorde", "id")
                                .values_list("bsn", "wet", "soort")):
            eerder.setdefault(bsn, []).append((wet, soort))
    nieuw: list[m.Brief] = []
    for g in relevant:
        for b in regels.volgen(g.bsn, dag, g.signalen, g.wetten_voor, g.wetten_na, g.opschonen,
                               eerder.get(g.bsn, ())):
            nieuw.append(m.Brief(bsn=g.bsn, wet=b.wet, soort=b.soort, dag=dag,
                                 volgorde=g.signalen[b.signaal].volgorde if b.signaal is not None else volgorde))
    if nieuw and not opslag.in_proef():
        m.Brief.objects.bulk_create(nieuw, ignore_conflicts=True)
    return nieuw


def alle(tot: date | None = None, van: date | None = None):
    """Every letter in sending order."""
    q = m.Brief.objects.all()
    if van is not None:
        q = q.filter(dag__gte=van)
    if tot is not None:
        q = q.filter(dag__lte=tot)
    return q.order_by("dag", "volgorde", "id")


def voor_bsns(bsns: Collection[str]) -> list:
    """The letters of these persons, for the breach report (dienst.datalek.registreer_brieven)."""
    from .datalek import Brief as DatalekBrief

    bsns, out = list(bsns), []
    for i in range(0, len(bsns), 900):
        out += [DatalekBrief(d, b, w, s) for d, b, w, s in alle().filter(bsn__in=bsns[i:i + 900])
                .values_list("dag", "bsn", "wet", "soort")]
    return out


def opt_in_groep(tot: date | None = None) -> list[regels.OptInLid]:
    """The opt-in group as the chain stands (contract §5.4), with the law that applies now per person."""
    rijen = list(alle(tot).filter(wet=WI2021.code).values_list("bsn", "wet", "soort", "dag"))
    bsns = sorted({r[0] for r in rijen})
    wet_nu: dict[str, str | None] = {}
    for i in range(0, len(bsns), 900):
        for bsn, bep in m.Persoon.objects.filter(bsn__in=bsns[i:i + 900]).values_list("bsn", "bepaling"):
            projectie = Projectie.uit_json(bep)
            wet_nu[bsn] = (projectie.laatst_bepaald or projectie.kern).get("wet")
    return regels.opt_in_groep(rijen, wet_nu)


# --- the opt-in's bad input: someone outside the group, or a law that does not apply -----------------------

def _wet_voor(bsn: str, dag: date) -> str | None:
    """The law DUO had determined for the person before ``dag`` (its newest determination row before then)."""
    rij = m.Bepaling.objects.filter(bsn=bsn, dag__lt=dag).order_by("-dag", "-id").values_list("wet", flat=True).first()
    return rij


def fouten_na_verwerking(levering=None) -> list[str]:
    """The opt-ins in the log (``levering``: only those of that delivery) checked against the chain as it stood on
    their day: the file was stored whole before the engine ran, so the group is known only afterwards (replay, and
    ingest in one transaction that is undone on a fault). ``regel N: …`` per bad opt-in."""
    from ..domein import opt_in
    from ..domein.berichten import herstel
    import orjson

    uit = []
    keuzes = m.Bericht.objects.filter(type="duo.opt_in")
    if levering is not None:
        keuzes = keuzes.filter(levering=levering)
    for bsn, inhoud, regel, dag in (keuzes.order_by("dag", "ontvangen", "volgnummer")
                                    .values_list("bsn", "inhoud", "regel", "dag")):
        v = herstel(orjson.loads(inhoud), regel).velden
        groep = {x.bsn: x for x in regels.opt_in_groep(alle(dag).filter(bsn=bsn).values_list("bsn", "wet", "soort", "dag"),
                                                        {})}
        lid = groep.get(bsn)
        reden = opt_in.fout(lid is not None, _wet_voor(bsn, dag), v["wet"], v["datum"], lid.correctie if lid else None)
        if reden:
            uit.append(f"regel {regel}: {reden}")
    return uit
