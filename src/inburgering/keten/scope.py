"""The scope rule for queries: every read of personal data by or for a gemeente goes through here.

The rule itself is ``inburgering.domein.scope.zichtbaar_voor``; the engine applies it whenever a
person's chain state changes and keeps its answer in ``Zichtbaarheid`` (with history, for the breach
report). These helpers only read that answer, so the portal, the API, downloads and notification
delivery cannot disagree about who may see whom.
"""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notificatie, Persoon, Zichtbaarheid


def zichtbare_bsns(gemeente: str, wet: str) -> QuerySet:
    """BSNs the gemeente may see now under this law (a subquery-able values list)."""
    return Zichtbaarheid.objects.filter(gemeente=gemeente, wet=wet, tot__isnull=True).values("bsn")


def mag_zien(gemeente: str, wet: str, bsn: str) -> bool:
    return Zichtbaarheid.objects.filter(gemeente=gemeente, wet=wet, bsn=bsn, tot__isnull=True).exists()


def wetten_zichtbaar(gemeente: str, bsn: str) -> list[str]:
    """The law environments in which the gemeente may see this person."""
    return sorted(set(Zichtbaarheid.objects.filter(gemeente=gemeente, bsn=bsn, tot__isnull=True)
                      .values_list("wet", flat=True)))


def personen(gemeente: str, wet: str) -> QuerySet:
    """The persons the gemeente may see under this law."""
    return Persoon.objects.filter(bsn__in=zichtbare_bsns(gemeente, wet))


def persoon(gemeente: str, wet: str, bsn: str) -> Persoon | None:
    """One person if in scope, else None — indistinguishable from an unknown BSN."""
    if not mag_zien(gemeente, wet, bsn):
        return None
    return Persoon.objects.filter(bsn=bsn).first()


def signalen(gemeente: str, wet: str) -> QuerySet:
    """The gemeente's own signals in a law environment, purged ones left out (SS190 is never purged).

    A signal is addressed to the gemeente and carries the BSN only; the person's data behind it is
    shown only while the person is in scope (``persoon``).
    """
    return Notificatie.objects.filter(gemeente=gemeente, wet=wet, verwijderd_op__isnull=True)
