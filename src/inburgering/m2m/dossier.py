"""Reading what the API shows and checks against: the engine's projection (``Persoon``, ``Bepaling``) and
the message log (what gemeenten and others reported). Only called for a person the caller may see
(``keten.scope.persoon``), except ``instellingen`` which holds no personal data."""

from __future__ import annotations

from datetime import date

import orjson

from ..domein.berichten import valideer_object
from ..domein.feiten import PersoonFeiten, voeg_toe
from ..domein.gemeenteberichten import Dossier, dossier, vestigingsdatum
from ..keten.models import Bericht, Persoon
from .regels import Instelling, Situatie, Termijn

WET = "Wi2021"  # DUO's M2M chain serves the Wi2021 environment


def feiten(bsn: str, types: list[str] | None = None) -> PersoonFeiten:
    """The person's facts from the log (all of them, or only messages of ``types``)."""
    p = PersoonFeiten(bsn)
    q = Bericht.objects.filter(bsn=bsn)
    if types is not None:
        q = q.filter(type__in=types)
    for volgnummer, inhoud, regel in q.order_by("dag", "ontvangen", "volgnummer").values_list(
            "volgnummer", "inhoud", "regel"):
        b, _ = valideer_object(orjson.loads(inhoud), regel)
        if b is not None:
            voeg_toe(p, b, volgnummer)
    p.sorteer()
    return p


_GEMEENTE_TYPES = None


def gemeente_types() -> list[str]:
    global _GEMEENTE_TYPES
    if _GEMEENTE_TYPES is None:
        from ..domein.berichten import SCHEMA

        _GEMEENTE_TYPES = sorted(t for t in SCHEMA if t.startswith(("gemeente.", "lbt.")) or t in (
            "duo.vrijstelling", "duo.ontheffing", "duo.examenresultaat", "duo.gratispogingen"))
    return _GEMEENTE_TYPES


def dossier_van(bsn: str) -> Dossier:
    return dossier(feiten(bsn, gemeente_types()))


def publicatie(p: Persoon) -> dict | None:
    """What the Wi2021 environment shows about the person (the engine's state)."""
    return (p.toestand or {}).get("publicaties", {}).get(WET)


def termijn(p: Persoon) -> Termijn | None:
    """The inburgeringstermijn once the engine has set it (SS102)."""
    t = (p.toestand or {}).get("termijn")
    if not t or not t.get("gestart_op"):
        return None
    return Termijn(date.fromisoformat(t["start"]), date.fromisoformat(t["eind"]))


def situatie(p: Persoon, gemeente: str, vandaag: date) -> Situatie:
    pub = publicatie(p) or {}
    f = feiten(p.bsn)
    return Situatie(
        gemeente=gemeente,
        vandaag=vandaag,
        inburgeringsplichtig=bool(pub.get("inburgeringsplichtig")),
        begindatum=date.fromisoformat(pub["begindatum"]) if pub.get("begindatum") else None,
        doelgroep=pub.get("doelgroep"),
        verantwoordelijke_gemeente=pub.get("gemeente"),
        vestigingsdatum=vestigingsdatum(f, gemeente),
        dossier=dossier(f),
        termijn=termijn(p),
    )


def instellingen() -> dict[str, dict]:
    """DUO's register of course institutions (``duo.instelling`` messages; the latest per number)."""
    out: dict[str, dict] = {}
    for inhoud, regel in Bericht.objects.filter(type="duo.instelling").order_by(
            "dag", "ontvangen", "volgnummer").values_list("inhoud", "regel"):
        b, _ = valideer_object(orjson.loads(inhoud), regel)
        if b is not None:
            out[b.velden["instellingsnummer"]] = b.velden
    return out


def instelling(nummer: str) -> Instelling | None:
    v = instellingen().get(nummer)
    if v is None:
        return None
    return Instelling(nummer, v["naam"], bool(v.get("bow_keurmerk")), bool(v.get("tst_keurmerk")))
