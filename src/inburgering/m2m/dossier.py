"""Reading what the API shows and checks against, for one scoped person (``keten.scope.ZichtbarePersoon``):
the engine's projection and the message log, as far as released to gemeenten. ``instellingen`` is the
exception: DUO's register of course institutions holds no personal data (``keten.stamgegevens``)."""

from __future__ import annotations

from datetime import date

from ..domein.gemeenteberichten import Dossier, dossier, vestigingsdatum
from ..domein.gemeenteregels import Instelling, Situatie, Termijn
from ..domein.wet import M2M_WET
from ..keten import stamgegevens
from ..keten.scope import ZichtbarePersoon

WET = M2M_WET  # DUO's M2M chain serves one law environment (Wi2021)

_GEMEENTE_TYPES = None


def gemeente_types() -> list[str]:
    global _GEMEENTE_TYPES
    if _GEMEENTE_TYPES is None:
        from ..domein.berichten import SCHEMA

        _GEMEENTE_TYPES = sorted(t for t in SCHEMA if t.startswith(("gemeente.", "lbt.")) or t in (
            "duo.vrijstelling", "duo.ontheffing", "duo.examenresultaat", "duo.gratispogingen"))
    return _GEMEENTE_TYPES


def dossier_van(zp: ZichtbarePersoon) -> Dossier:
    return dossier(zp.feiten(gemeente_types()), zp.nietig_tot())


def termijn(zp: ZichtbarePersoon) -> Termijn | None:
    """The inburgeringstermijn once the engine has set it (SS102)."""
    t = zp.termijn()
    if t is None:
        return None
    return Termijn(t.start, t.eind)


def situatie(zp: ZichtbarePersoon, gemeente: str, vandaag: date) -> Situatie:
    """What DUO checks a report against: the same released picture the gemeente can read."""
    pub = zp.publicatie()
    f = zp.feiten()
    return Situatie(
        gemeente=gemeente,
        vandaag=vandaag,
        inburgeringsplichtig=pub is not None and pub.inburgeringsplichtig,
        begindatum=pub.begindatum if pub else None,
        doelgroep=pub.doelgroep if pub else None,
        verantwoordelijke_gemeente=pub.gemeente if pub else None,
        vestigingsdatum=vestigingsdatum(f, gemeente),
        dossier=dossier(f, zp.nietig_tot()),
        termijn=termijn(zp),
    )


def instelling(nummer: str) -> Instelling | None:
    v = stamgegevens.instellingen().get(nummer)
    if v is None:
        return None
    return Instelling(nummer, v["naam"], bool(v.get("bow_keurmerk")), bool(v.get("tst_keurmerk")))
