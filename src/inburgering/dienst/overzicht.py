"""Counts for the functioneel beheerder's pages: per gemeente, law and group, never a person.

The portal reads the chain's personal-data models only through ``keten.scope`` (the import contract
"persoonsgegevens"); what the DUO pages need beyond that — how many persons are held, signals per week, corrections
per gemeente, the re-determination runs — it reads here.
"""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Max, Q
from django.db.models.functions import TruncWeek

from ..domein.catalogus import Gebeurtenis
from ..keten import models as m


def aangehouden_per_groep() -> dict[tuple[str, str], int]:
    """(wet, procesgroep) → the number of persons held there."""
    return {(r["aangehouden_wet"], r["aangehouden_groep"]): r["n"] for r in
            m.Persoon.objects.filter(aangehouden_wet__isnull=False).values("aangehouden_wet", "aangehouden_groep")
            .annotate(n=Count("bsn"))}


def signalen_per_week(wet: str, eerste: date, eind: date) -> dict[str, dict[date, int]]:
    """gemeente → (Monday of the week → the number of signals under ``wet``) from ``eerste`` to ``eind``."""
    per: dict[str, dict[date, int]] = {}
    for r in (m.Notificatie.objects.filter(wet=wet, dag__gte=eerste, dag__lte=eind).annotate(week=TruncWeek("dag"))
              .values("gemeente", "week").annotate(n=Count("id"))):
        wk = r["week"].date() if hasattr(r["week"], "date") else r["week"]
        per.setdefault(r["gemeente"], {})[wk] = r["n"]
    return per


def correcties_per_gemeente() -> list[dict]:
    """Per gemeente its SS190 corrections: how many, how many delivered, the last day; most first."""
    return list(m.Notificatie.objects.filter(gebeurtenis=Gebeurtenis.SS190).values("gemeente")
                .annotate(n=Count("id"), afgeleverd=Count("id", filter=Q(afgeleverd_op__isnull=False)),
                          laatst=Max("dag")).order_by("-n"))
