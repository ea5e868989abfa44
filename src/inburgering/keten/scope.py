"""The scope rule for queries: every read of personal data by or for a gemeente goes through here.

The rule itself is ``inburgering.domein.scope.zichtbaar_voor``; the engine applies it whenever a
person's chain state changes and keeps its answer in ``Zichtbaarheid`` (with history, for the breach
report). These helpers only read that answer, so the portal, the API, downloads and notification
delivery cannot disagree about who may see whom.

``persoon`` hands out a ``ZichtbarePersoon``: the only way the API handlers and the portal's person pages
reach a person's data. It shows what was *released* to gemeenten (never what DUO holds during a pause),
and of the history only what was shown on days this gemeente could see the person. Which fields a
gemeente sees depends on its basis for seeing the person (``VELDEN``): the address only where the person
lives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import orjson
from django.db.models import QuerySet

from ..domein.feiten import PersoonFeiten
from ..domein.projectie import Projectie, VrijgegevenPersoon
from ..domein.signalering import Publicatie, Termijn, Toestand
from ..domein.vouw import vouw
from .models import Bepaling, Bericht, Brief, Notificatie, Persoon, Zichtbaarheid

# --- who may see whom -------------------------------------------------------------------------------------


def zichtbare_bsns(gemeente: str, wet: str) -> QuerySet:
    """BSNs the gemeente may see now under this law (a subquery-able values list)."""
    return Zichtbaarheid.objects.filter(gemeente=gemeente, wet=wet, tot__isnull=True).values("bsn")


def mag_zien(gemeente: str, wet: str, bsn: str) -> bool:
    return Zichtbaarheid.objects.filter(gemeente=gemeente, wet=wet, bsn=bsn, tot__isnull=True).exists()


def personen(gemeente: str, wet: str) -> QuerySet:
    """The persons the gemeente may see under this law."""
    return Persoon.objects.filter(bsn__in=zichtbare_bsns(gemeente, wet))


def persoon(gemeente: str, wet: str, bsn: str) -> ZichtbarePersoon | None:
    """One person if in scope now, else None — indistinguishable from an unknown BSN."""
    perioden = list(Zichtbaarheid.objects.filter(gemeente=gemeente, wet=wet, bsn=bsn)
                    .order_by("van", "id").values_list("van", "tot"))
    if not perioden or not any(tot is None for _, tot in perioden):
        return None
    p = Persoon.objects.filter(bsn=bsn).first()
    if p is None:
        return None
    return ZichtbarePersoon(gemeente, wet, bsn, p, perioden)


NIEUW, AFGEHANDELD = Notificatie.NIEUW, Notificatie.AFGEHANDELD
SIGNAALSTATUSSEN = (NIEUW, AFGEHANDELD)  # a signal in the gemeente's inbox


def signalen(gemeente: str, wet: str) -> QuerySet:
    """The gemeente's own signals in a law environment, purged ones left out (SS190 is never purged).

    A signal is addressed to the gemeente and carries the BSN only; the person's data behind it is
    shown only while the person is in scope (``persoon``).
    """
    return Notificatie.objects.filter(gemeente=gemeente, wet=wet, verwijderd_op__isnull=True)


def zet_signaalstatus(gemeente: str, wet: str, pk: int, status: str, door: str) -> int:
    """Mark one of the gemeente's own signals new or handled (by ``door``); returns 1, or 0 if it is not theirs."""
    return signalen(gemeente, wet).filter(pk=pk).update(status=status, afgehandeld_door=door)


# --- data minimisation: which field for which basis ----------------------------------------------------------

WOONT, GEKOPPELD, PIP, VORIGE_PIP = "woont", "gekoppeld", "pip", "vorige_pip"
ALLE = frozenset({WOONT, GEKOPPELD, PIP, VORIGE_PIP})
# Why a gemeente may see each field. Identity and the determination: every basis (the gemeente must know
# whom its work is about and whether the obligation runs). The address: only where the person lives. The
# name of the responsible gemeente: only the responsible gemeente itself (a PIP gemeente learns that the
# person moved, not where to).
VELDEN: dict[str, frozenset[str]] = {
    "bsn": ALLE, "naam": ALLE, "geboortedatum": ALLE, "vnummer": ALLE,
    "bepaling": ALLE, "uitleg": ALLE, "geschiedenis": ALLE, "signalen": ALLE, "dossier": ALLE,
    "adres": frozenset({WOONT}),
    "verantwoordelijke_gemeente": frozenset({WOONT, GEKOPPELD}),
}

_ADRES = re.compile(r"\b\d{4} ?[A-Z]{2} \d+(?: ?[A-Za-z])?\b")
_GEMEENTE = re.compile(r"\bgemeente (\d{4})\b")


# --- one person as one gemeente may see them -------------------------------------------------------------------

_GEMEENTE_BRONNEN = ("gemeente.",)  # reports of gemeenten (PIP, …): the engine applies them at once, never held


@dataclass
class ZichtbarePersoon:
    """What ``gemeente`` may see of one person in the ``wet`` environment (only made by ``persoon``)."""

    gemeente: str
    wet: str
    bsn: str
    _p: Persoon = field(repr=False)
    perioden: list[tuple[date, date | None]] = field(repr=False)

    # -- the released determination (``Persoon.bepaling`` keeps DUO's held one apart, in ``laatst_bepaald``) --
    @cached_property
    def _projectie(self) -> Projectie:
        return Projectie.uit_json(self._p.bepaling)

    @property
    def kern(self) -> dict:
        return dict(self._projectie.kern)

    @property
    def bepaald_op(self) -> date | None:
        return self._projectie.dag

    @property
    def gedetailleerde_doelgroep(self) -> str | None:
        return self._projectie.gedetailleerde_doelgroep

    @property
    def asielrechten(self) -> str | None:
        """AsielrechtenWijzigingVerblijfsdoel: which rights hold after a change of purpose (released, like the rest)."""
        return self._projectie.asielrechten

    def _vrijgegeven_persoon(self) -> VrijgegevenPersoon:
        return self._projectie.persoon or VrijgegevenPersoon(self._p.naam, self._p.vnummer, self._p.geboortedatum)

    @property
    def naam(self) -> str:
        return self._vrijgegeven_persoon().naam or ""

    @property
    def geboortedatum(self) -> date | None:
        return self._vrijgegeven_persoon().geboortedatum

    @property
    def vnummer(self) -> int | None:
        return self._vrijgegeven_persoon().vnummer

    # -- the chain's state (``Persoon.toestand``), read as the engine wrote it --
    @cached_property
    def _toestand(self) -> Toestand:
        return Toestand.uit_dict(self._p.toestand)

    def publicatie(self) -> Publicatie | None:
        """What the environment shows about the person (the engine's state; unchanged while held)."""
        return self._toestand.publicaties.get(self.wet)

    def datum_kennisgeving(self) -> date | None:
        """The day DUO sent the person the kennisgeving under this law (the API's datumKennisgevingInburgeringsplicht):
        of DUO's letters to the person, the one thing a gemeente in scope may know (contract §5.3)."""
        return (Brief.objects.filter(bsn=self.bsn, wet=self.wet, soort="kennisgeving")
                .values_list("dag", flat=True).first())

    def nietig_tot(self) -> dict[str, date]:
        """Per gemeente, up to which day what it reported about the person is void (purged with its wrong view)."""
        return dict(self._toestand.nietig)

    def termijn(self) -> Termijn | None:
        """The inburgeringstermijn once the engine has set it (SS102; Wi2021; not moved while held)."""
        t = self._toestand.termijn
        return t if t is not None and t.gestart_op is not None else None

    # -- basis and minimisation --
    @cached_property
    def grondslagen(self) -> frozenset[str]:
        """Why this gemeente may see the person now."""
        out = set()
        pub = self.publicatie()
        if pub is not None and pub.gemeente == self.gemeente:
            # lives there only when the engine said so (``in_coa`` False); unknown counts as coupled (no address)
            out.add(WOONT if self._projectie.in_coa is False else GEKOPPELD)
        from ..domein.gemeenteberichten import pips

        reeks = pips(self.feiten(), self.nietig_tot())
        if reeks and reeks[-1].gemeente == self.gemeente:
            out.add(PIP)
        elif len(reeks) > 1 and reeks[-2].gemeente == self.gemeente:
            out.add(VORIGE_PIP)
        return frozenset(out) or frozenset({VORIGE_PIP})  # in scope by the grace month only

    def mag(self, veld: str) -> bool:
        return bool(VELDEN[veld] & self.grondslagen)

    def uitleg(self) -> list[dict]:
        """The jurist's explanation of the released determination (rule, outcome, article with its link and
        version), without what this gemeente has no basis for. The structured facts stay out: the summary reads them
        (``samenvatting``), under the same minimisation."""
        adres, gemeente = self.mag("adres"), self.mag("verantwoordelijke_gemeente")
        return [{"regel": s.get("regel", ""), "uitkomst": self._minimaal(s.get("uitkomst", ""), adres, gemeente),
                 "bron": s.get("bron", ""), "url": s.get("url") or "",
                 "versie": date.fromisoformat(s["versie"]) if s.get("versie") else None}
                for s in self._projectie.uitleg]

    def samenvatting(self, gemeentenamen: dict[str, str]) -> list[str]:
        """The consulent's summary of the released determination (``domein.samenvatting``): never an address, and
        the responsible gemeente's name only where this gemeente's basis allows it (``VELDEN``)."""
        from ..domein.samenvatting import samenvatting
        from ..domein.uitleg import Stap

        stappen = [Stap.uit_dict(s) for s in self._projectie.uitleg]
        return samenvatting(stappen, gemeentenamen, lezer=self.gemeente,
                            gemeente_zichtbaar=self.mag("verantwoordelijke_gemeente"))

    def _minimaal(self, tekst: str, adres: bool, gemeente: bool) -> str:
        if not adres:
            tekst = _ADRES.sub("[adres]", tekst)
        if not gemeente:
            tekst = _GEMEENTE.sub(lambda m: m.group(0) if m.group(1) == self.gemeente else "een andere gemeente",
                                  tekst)
        return tekst

    # -- history: released determinations shown on days this gemeente could see the person --
    def bepalingen(self) -> list[Bepaling]:
        """Each released determination of this environment that was in force for gemeenten on a day this
        gemeente could see the person; ``vrijgegeven_op`` is the day gemeenten got it."""
        rijen = list(Bepaling.objects.filter(bsn=self.bsn, vrijgegeven_op__isnull=False).defer("uitleg")
                     .order_by("vrijgegeven_op", "id"))
        out = []
        for i, r in enumerate(rijen):
            van = r.vrijgegeven_op
            tot = rijen[i + 1].vrijgegeven_op if i + 1 < len(rijen) else None  # exclusive
            if r.wet == self.wet and self._zag(van, tot):
                out.append(r)
        return out

    def _zag(self, van: date, tot: date | None) -> bool:
        """Whether [van, tot) overlaps a period this gemeente could see the person."""
        return any((tot is None or z_van < tot) and (z_tot is None or van < z_tot) for z_van, z_tot in self.perioden
                   if z_tot is None or z_van < z_tot)

    # -- the message log: what was reported about the person, as far as released --
    def berichten(self, types: Iterable[str] | None = None) -> list[tuple[int, dict, int]]:
        """(volgnummer, message, regel) of the person's messages that gemeenten may know: reports of gemeenten
        at once (the engine applies them at once, pause or not), anything else as far as the engine released
        it (not what arrived while held, nor what it has not taken in yet)."""
        q = Bericht.objects.filter(bsn=self.bsn)
        if types is not None:
            q = q.filter(type__in=list(types))
        vrijgave = self._projectie.vrijgegeven
        uit = []
        for volgnummer, type_, dag, ontvangen, inhoud, regel in q.order_by("dag", "ontvangen", "volgnummer").values_list(
                "volgnummer", "type", "dag", "ontvangen", "inhoud", "regel"):
            if vrijgave is not None and not type_.startswith(_GEMEENTE_BRONNEN) and not vrijgave.omvat(
                    volgnummer, dag, ontvangen):
                continue
            uit.append((volgnummer, orjson.loads(inhoud), regel))
        return uit

    def feiten(self, types: Iterable[str] | None = None):
        """The person's facts (``domein.feiten.PersoonFeiten``) from the messages gemeenten may know."""
        key = None if types is None else tuple(sorted(types))
        cache = self.__dict__.setdefault("_feiten", {})
        if key not in cache:  # the engine's fold: a stored message that would not validate today still counts
            cache[key] = vouw(self.berichten(types)).get(self.bsn) or PersoonFeiten(self.bsn)
        return cache[key]
