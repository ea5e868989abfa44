"""The chain's functional core: one person on one day, from facts and the previous state to everything that changes.

``beoordeel_persoon`` takes a person's facts, what the chain stored about them before (released determination,
chain state, the visibility rows still open), the day, the rule variant, the paused (law, group) pairs and the
COA locations, and returns a ``Wijziging``: the person's new row, the history row of a new determination, the
notifications, the purges, the visibility opened and closed, whether a held determination is released, the next
day to look again and the impact counts. No storage, no clock, no Django: ``dienst/engine.py`` loads, calls this
and writes the result, so every decision here is testable with plain values (tests/unit/).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from . import gemeenteberichten
from .bepaling import Bepaling, bepaal
from .catalogus import CORRECTIES
from .feiten import Locaties, PersoonFeiten
from .projectie import Projectie, Vrijgave, VrijgegevenPersoon
from .scope import volgende_scopewijziging
from .signalering import Toestand, Uitkomst, verwerk, volgende_controle, zichtbaarheid
from .variant import Variant
from .wet import PERIODEN


class Grens(NamedTuple):
    """The cut-off within a day: a message at a later place in the day's log order is not yet known.

    The log's order is (day, received, log number); a process-control or rule-variant message takes effect at
    its place, so the persons it touches are judged on what came before it."""

    dag: date
    ontvangen: object  # the received timestamp as stored (compared, never interpreted)
    volgnummer: int

    def als_json(self) -> list:
        return [self.dag.isoformat(), self.ontvangen, self.volgnummer]


@dataclass(frozen=True, slots=True)
class Vorig:
    """What the chain stored about a person before this step (all None / empty for a new person)."""

    bepaling: dict | None = None  # the released projection (keten.scope's read model), JSON as stored
    toestand: dict | None = None  # signalering.Toestand as JSON
    open_zicht: dict[str, set[str]] = field(default_factory=dict)  # wet → gemeenten that see the person now


@dataclass(frozen=True, slots=True)
class PersoonRij:
    """The person's stored row after this step."""

    naam: str
    geboortedatum: date | None
    vnummer: str | None
    bepaling: dict
    toestand: dict
    volgende_controle: date | None
    aangehouden_wet: str | None
    aangehouden_groep: str | None


@dataclass(frozen=True, slots=True)
class Melding:
    """A notification to a gemeente (numbered and stored by the shell)."""

    wet: str
    gemeente: str
    gebeurtenis: str
    aanleiding: str
    vnummer: str | None
    doelgroep: str | None


@dataclass(slots=True)
class Wijziging:
    """Everything one step changes for one person."""

    persoon: PersoonRij
    bepaling: Bepaling  # the determination made (the history row is ``historie``)
    historie: bool  # a new determination row is written (the determination differs from the last one made)
    vrijgegeven_op: date | None  # the new row's release day (None: held)
    vrijgeven: bool  # released after a pause without a new determination: the held row goes out
    meldingen: list[Melding]
    opschonen: list[tuple[str, str]]  # (wet, gemeente): purge the person's data there
    zicht_dicht: list[tuple[str, str, str]]  # (wet, gemeente, reden)
    zicht_open: list[tuple[str, str]]  # (wet, gemeente)
    impact: list[tuple[str | None, str | None, str]]  # (gemeente, wet, what) to count


@dataclass
class Impact:
    """Counts per (gemeente, wet) of what a (re-)determination did; the impact report's rows."""

    rijen: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    personen: int = 0

    def tel(self, gemeente: str | None, wet: str | None, wat: str, n: int = 1) -> None:
        r = self.rijen.setdefault((gemeente or "—", wet or "—"), {})
        r[wat] = r.get(wat, 0) + n

    def neem_op(self, w: Wijziging) -> None:
        self.personen += 1
        for g, wet, wat in w.impact:
            self.tel(g, wet, wat)

    def als_lijst(self) -> list[dict]:
        return [{"gemeente": g, "wet": w, **c} for (g, w), c in sorted(self.rijen.items())]


def beoordeel_persoon(f: PersoonFeiten, vorig: Vorig, dag: date, variant: Variant,
                      gepauzeerd: Collection[tuple[str, str | None]], locaties: Locaties | None,
                      herbeoordeling: bool = False, grens: Grens | None = None) -> Wijziging:
    """Determine the person on ``dag`` and work out what changes in the chain (see the module docstring).

    ``gepauzeerd``: the paused (wet, procesgroep) pairs; ``herbeoordeling``: a rules fix (a wrong view is
    purged, not told); ``grens``: the cut-off within the day the facts were read up to (stored with a release)."""
    t = Toestand.uit_dict(vorig.toestand)
    b = bepaal(f, dag, variant, locaties, vastgesteld_op=t.vastgesteld_op, kennis_op=dag)
    pips = gemeenteberichten.pips(f)
    uit = verwerk(t, b, dag, lambda w, g: (w, g) in gepauzeerd, herbeoordeling,
                  pips[-1].gemeente if pips else None, pips=pips)
    kern = {**b.als_contract(), "variant": str(variant), "einddatum": b.einddatum.isoformat() if b.einddatum else None}
    historie = Projectie.laatst_bepaald_in(vorig.bepaling) != kern
    if uit.aangehouden:
        # Held: what gemeenten see stays as it was; only DUO's own record moves on.
        projectie = Projectie.aangehouden(vorig.bepaling, kern)
    else:
        projectie = vrijgegeven_projectie(f, b, kern, dag, grens)
    volgende = [d for d in (volgende_controle(b, uit.toestand, dag), volgende_scopewijziging(uit.pips, dag)) if d]
    aangehouden_wet, aangehouden_groep = uit.toestand.aangehouden or (None, None)
    persoon = PersoonRij(f.naam or "", f.geboortedatum, f.vnummer, projectie, uit.toestand.als_dict(),
                         min(volgende) if volgende else None, aangehouden_wet, aangehouden_groep)
    dicht, open_ = zichtbaarheid_verschil(vorig.open_zicht, uit, dag, herbeoordeling)
    return Wijziging(
        persoon=persoon, bepaling=b, historie=historie, vrijgegeven_op=None if uit.aangehouden else dag,
        vrijgeven=not historie and uit.vrijgegeven and not uit.aangehouden,
        meldingen=[Melding(s.wet, s.gemeente, s.gebeurtenis, s.aanleiding,
                           None if s.gebeurtenis in CORRECTIES else f.vnummer,  # SS190 carries the BSN only
                           None if s.gebeurtenis in CORRECTIES else b.doelgroep) for s in uit.signalen],
        opschonen=list(uit.opschonen), zicht_dicht=dicht, zicht_open=open_, impact=impact(t, uit, b),
    )


def vrijgegeven_projectie(f: PersoonFeiten, b: Bepaling, kern: dict, dag: date, grens: Grens | None) -> dict:
    """What gemeenten may know from now on: this determination, the person data it used, and how far into the log
    its facts go (keten.scope shows nothing later while a next one is held). Read back as ``projectie.Projectie``."""
    return Projectie(
        kern=kern, laatst_bepaald=kern, gedetailleerde_doelgroep=b.gedetailleerde_doelgroep, procesgroep=b.procesgroep,
        uitleg=[s.als_dict() for s in b.stappen], dag=dag, pip_termijn_start=b.pip_termijn_start,
        asielrechten=b.asielrechten, termijn=[d.isoformat() for d in b.termijn] if b.termijn else None,  # Wi2013
        in_coa=b.in_coa, persoon=VrijgegevenPersoon(f.naam or "", f.vnummer, f.geboortedatum),
        vrijgegeven=Vrijgave(dag, f.laatste_volgorde, None if grens is None else tuple(grens.als_json())),
    ).als_json()


def zichtbaarheid_verschil(voor: dict[str, set[str]], uit: Uitkomst, dag: date, herbeoordeling: bool
                           ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """Visibility: what is open now against the scope rule's answer for the new state (closed, opened)."""
    # where a PIP gives sight: the valid PIPs only (a purge voids some)
    na = zichtbaarheid(uit.toestand, {w.code: uit.pips for w in PERIODEN if w.pip}, dag)
    reden = "herbeoordeling" if herbeoordeling else "wijziging"
    dicht, open_ = [], []
    for wet in set(voor) | set(na):
        for g in voor.get(wet, frozenset()) - na.get(wet, frozenset()):
            dicht.append((wet, g, reden))
        for g in na.get(wet, frozenset()) - voor.get(wet, frozenset()):
            open_.append((wet, g))
    return dicht, open_


def impact(voor: Toestand, uit: Uitkomst, b: Bepaling) -> list[tuple[str | None, str | None, str]]:
    """What this step counts in a re-determination's impact report."""
    out: list[tuple[str | None, str | None, str]] = []
    for wet, pub in voor.publicaties.items():
        if wet != b.wet:
            out.append((pub.gemeente, wet, "wet_gewijzigd"))
        elif pub.gemeente and pub.gemeente != b.woongemeente:
            out.append((pub.gemeente, wet, "gemeente_gewijzigd"))
    for s in uit.signalen:
        out.append((s.gemeente, s.wet, "ss190" if s.gebeurtenis in CORRECTIES else "nieuwe_signalen"))
    for wet, g in uit.opschonen:
        out.append((g, wet, "opgeschoond"))
    if uit.aangehouden and b.wet:
        out.append((b.woongemeente, b.wet, "aangehouden"))
    return out
