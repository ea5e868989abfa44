"""What the chain knows that is about no person: the gemeenten (DUO's register of chain partners), how far the
engine has run, and DUO's register of course institutions.

The portal and the API read these here. ``keten.models`` holds personal data and is theirs only through
``keten.scope``; the import contract "persoonsgegevens" in pyproject.toml keeps it that way.
"""

from __future__ import annotations

from dataclasses import dataclass

import orjson

from ..domein.berichten import valideer_object
from .models import Bericht, Gemeente, Ketenstand


@dataclass(frozen=True)
class Gemeentegegevens:
    """A gemeente as registered by ``duo.gemeente``: its CBS code, name, OIN and Notificatie API."""

    code: str
    naam: str
    oin: str
    notificatie_url: str


def gemeentenamen() -> dict[str, str]:
    """CBS code → name of every registered gemeente."""
    return dict(Gemeente.objects.values_list("code", "naam"))


def gemeentenaam(code: str) -> str | None:
    return Gemeente.objects.filter(code=code).values_list("naam", flat=True).first()


def gemeente_met_oin(oin: str) -> Gemeentegegevens | None:
    rij = Gemeente.objects.filter(oin=oin).values_list("code", "naam", "oin", "notificatie_url").first()
    return Gemeentegegevens(*rij) if rij else None


def ketenstand() -> Ketenstand:
    """The engine's state: rule variant, paused processes, how far it has run (a default before the first run)."""
    return Ketenstand.objects.filter(id=1).first() or Ketenstand(id=1)


def instellingen() -> dict[str, dict]:
    """DUO's register of course institutions (``duo.instelling`` messages, no BSN; the latest per number)."""
    out: dict[str, dict] = {}
    for inhoud, regel in Bericht.objects.filter(type="duo.instelling").order_by(
            "dag", "ontvangen", "volgnummer").values_list("inhoud", "regel"):
        b, _ = valideer_object(orjson.loads(inhoud), regel)
        if b is not None:
            out[b.velden["instellingsnummer"]] = b.velden
    return out
