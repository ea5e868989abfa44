"""The chain engine: from the message log to determinations, notifications and visibility, day by day.

One engine serves ``ingest``, ``replay``, ``serve`` and ``demo`` (built with its wiring by
``dienst.samenstelling``). It reads time only from its clock and processes each day in one transaction: the
day's messages in ``ontvangen`` order (process-control and rule-variant messages take effect at their place in
that order), then the day's scheduled work (18th birthdays, AOW age, a year abroad, the 10-week PIP term, the
PIP grace month).

This module is the shell around the functional core ``domein.kern.beoordeel_persoon``: it loads (``opslag``),
calls the core per person, and writes what changed through one bulk-write helper (``opslag.Schrijfwerk``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum

import orjson
from django.db import transaction
from django.db.models import Max, Min, Q

from ..domein.berichten import GLOBALE_TYPES, herstel
from ..domein.feiten import Locaties, locatie_uit
from ..domein.kern import Grens, Impact, Vorig, Wijziging, beoordeel_persoon
from ..domein.parameters import PROCESGROEPEN, WETTEN
from ..domein.variant import Variant
from ..keten import models as m
from . import brieven, opslag
from .klok import NL, Klok, huidige_klok
from .slot import engine_slot

_CHUNK = 1000


def _persoonrij(p: m.Persoon, rond: bool = False) -> tuple:
    """A person's stored row; ``rond``: its JSON as it reads back from the database (tuples become lists)."""
    bepaling, toestand = p.bepaling, p.toestand
    if rond:
        bepaling, toestand = orjson.loads(orjson.dumps(bepaling)), orjson.loads(orjson.dumps(toestand))
    return (p.naam, p.geboortedatum, p.vnummer, bepaling, toestand, p.volgende_controle, p.aangehouden_wet,
            p.aangehouden_groep)


def variant_van(stand: m.Ketenstand) -> Variant:
    return Variant(stand.begindatum_variant, stand.koppeling_variant)


@dataclass
class Ronde:
    """The run context: the chain state a run works on (locked per day), the COA locations known so far, and the
    last notification number handed out. Passed explicitly to every step of a run."""

    stand: m.Ketenstand
    locaties: Locaties
    volgorde: int = 0
    berichtdagen: list[date] = field(default_factory=list)  # days with messages still to run

    @property
    def variant(self) -> Variant:
        return variant_van(self.stand)

    @property
    def gepauzeerd(self) -> frozenset[tuple[str, str]]:
        return frozenset((w, g) for w, g, _ in self.stand.gepauzeerd)


class Inhaal(Enum):
    """How the first day of a run takes in late messages (``late_berichten``)."""

    GEEN = "geen"  # nothing arrived for a day already run
    MEE = "mee"  # the first new day takes them along, before its own messages (log order)
    HEROPEN = "heropen"  # no new day to run: the last day run is opened again for them alone


def late_berichten(stand: m.Ketenstand, doel: date) -> tuple[date | None, Inhaal]:
    """The late-message rule: the first day of a run, and how it takes in late messages.

    A message is late when it was appended to the log after the engine ran its day (its log number is above
    ``hoogste_volgnummer`` while its day is on or before ``verwerkt_tot``; e.g. a second ingest today, or a
    gemeente's report on a day already run). It is never lost and never moves a day already run: the first day
    of the next run takes it in, in log order before that day's own messages. If the run goes no further than
    the last day run (``doel`` ≤ ``verwerkt_tot``), that day is opened again and takes only the late messages.
    Returns (first day, how); the first day is None when there is nothing in the log yet."""
    if stand.verwerkt_tot is None:
        return m.Bericht.objects.aggregate(d=Min("dag"))["d"], Inhaal.GEEN
    late = m.Bericht.objects.filter(volgnummer__gt=stand.hoogste_volgnummer, dag__lte=stand.verwerkt_tot).exists()
    if late and stand.verwerkt_tot >= doel:
        return stand.verwerkt_tot, Inhaal.HEROPEN
    return stand.verwerkt_tot + timedelta(days=1), Inhaal.MEE if late else Inhaal.GEEN


def _berichten_van_dag(dag: date, stand: m.Ketenstand, inhaal: Inhaal) -> Q:
    if inhaal is Inhaal.HEROPEN:
        return Q(dag__lte=dag, volgnummer__gt=stand.hoogste_volgnummer)
    q = Q(dag=dag)
    if inhaal is Inhaal.MEE:
        q |= Q(dag__lt=dag, volgnummer__gt=stand.hoogste_volgnummer)
    return q


class Engine:
    def __init__(self, klok: Klok | None = None, na_notificaties: Callable[[list[m.Notificatie]], None] | None = None):
        self.klok = klok or huidige_klok()
        self.na_notificaties = na_notificaties

    # --- state ----------------------------------------------------------------------------------
    def stand(self) -> m.Ketenstand:
        stand, _ = m.Ketenstand.objects.get_or_create(id=1)
        return stand

    # --- running --------------------------------------------------------------------------------
    def verwerk_tot(self, doel: date | None = None) -> int:
        """Process every day up to and including ``doel`` (default: today by the clock)."""
        with engine_slot():
            return self._verwerk_tot(doel or self.klok.vandaag())

    def _verwerk_tot(self, doel: date) -> int:
        from .herbeoordeling import uitvoering_open

        if uitvoering_open():  # a re-determination is being applied in chunks on this day: the day must stay
            return 0
        stand = self.stand()
        dag, inhaal = late_berichten(stand, doel)
        if dag is None:
            return 0
        ronde = Ronde(stand, opslag.locaties(stand))
        ronde.berichtdagen = sorted(set(m.Bericht.objects.filter(dag__gte=dag, dag__lte=doel)
                                        .values_list("dag", flat=True).distinct()))
        totaal = 0
        while dag <= doel:
            if inhaal is Inhaal.GEEN:
                dag = min(self._volgende_werkdag(ronde, dag), doel + timedelta(days=1))
                if dag > doel:
                    break
            with transaction.atomic():
                ronde.stand = m.Ketenstand.objects.select_for_update().get(id=1)
                totaal += self._dag(ronde, dag, inhaal)
            inhaal = Inhaal.GEEN
            dag += timedelta(days=1)
        with transaction.atomic():
            stand = m.Ketenstand.objects.select_for_update().get(id=1)
            if stand.verwerkt_tot is None or stand.verwerkt_tot < doel:
                stand.verwerkt_tot = doel
                stand.hoogste_volgnummer = max(stand.hoogste_volgnummer,
                                               m.Bericht.objects.filter(dag__lte=doel).aggregate(v=Max("volgnummer"))["v"] or 0)
                stand.save()
        return totaal

    @staticmethod
    def _volgende_werkdag(ronde: Ronde, dag: date) -> date:
        i = bisect_left(ronde.berichtdagen, dag)
        kandidaten = [
            ronde.berichtdagen[i] if i < len(ronde.berichtdagen) else None,
            m.Persoon.objects.filter(volgende_controle__isnull=False).aggregate(d=Min("volgende_controle"))["d"],
        ]
        kandidaten = [max(k, dag) for k in kandidaten if k is not None]
        return min(kandidaten) if kandidaten else date.max

    def _dag(self, ronde: Ronde, dag: date, inhaal: Inhaal) -> int:
        """One day: its messages (and, by the late-message rule, those that arrived for days already run)."""
        stand = ronde.stand
        berichten = list(
            m.Bericht.objects.filter(_berichten_van_dag(dag, stand, inhaal)).order_by("dag", "ontvangen", "volgnummer")
            .values_list("volgnummer", "type", "bsn", "inhoud", "regel", "ontvangen", "dag")
        )
        ronde.volgorde = m.Notificatie.objects.aggregate(v=Max("volgorde"))["v"] or 0  # under the day's lock
        nieuw: list[m.Notificatie] = []
        vuil: dict[str, None] = {}  # persons with new messages today, judged before the next global message
        for volgnummer, type_, bsn, inhoud, regel, ontvangen, bdag in berichten:
            if type_ not in GLOBALE_TYPES:
                if bsn:
                    vuil[bsn] = None
                continue
            if type_ != "duo.gemeente":
                nieuw += self._beoordeel(ronde, list(vuil), dag, Grens(bdag, ontvangen, volgnummer))
                vuil.clear()
            nieuw += self._globaal(ronde, type_, herstel(orjson.loads(inhoud), regel), dag,
                                   Grens(bdag, ontvangen, volgnummer))
        nieuw += self._beoordeel(ronde, list(vuil), dag, None)
        gepland = list(m.Persoon.objects.filter(volgende_controle__lte=dag).values_list("bsn", flat=True))
        nieuw += self._beoordeel(ronde, gepland, dag, None)
        if berichten:
            stand.hoogste_volgnummer = max(stand.hoogste_volgnummer, max(r[0] for r in berichten))
        stand.verwerkt_tot = dag
        stand.save()
        if nieuw and self.na_notificaties:
            transaction.on_commit(lambda: self.na_notificaties(nieuw))
        return len(nieuw)

    def _globaal(self, ronde: Ronde, type_: str, b, dag: date, grens: Grens) -> list[m.Notificatie]:
        """A message about the chain rather than one person, at its place in the day."""
        v, stand = b.velden, ronde.stand
        if type_ == "duo.gemeente":
            m.Gemeente.objects.update_or_create(
                code=v["gemeentecode"],
                defaults={"naam": v["naam"], "oin": v["oin"], "notificatie_url": v.get("notificatie_url", "")},
            )
        elif type_ == "coa.locatie":
            loc = locatie_uit(b)
            ronde.locaties.voeg_toe(loc)
            return self._beoordeel(ronde, opslag.bewoners(loc.postcode, loc.huisnummer), dag, grens)
        elif type_ == "duo.procesbesturing":
            return self._procesbesturing(ronde, v["actie"], v["wet"], v["procesgroep"], dag, grens)
        elif type_ == "duo.interpretatie":
            oud = ronde.variant
            stand.begindatum_variant, stand.koppeling_variant = v["begindatum"], v["koppeling"]
            stand.save()
            if ronde.variant != oud:
                return self._herbeoordeling(ronde, dag, oud, f"bericht {b.id or 'regel ' + str(b.regel)}", grens)
        return []

    # --- process control and re-determination -----------------------------------------------------
    def _procesbesturing(self, ronde: Ronde, actie, wet, groep, dag, grens) -> list[m.Notificatie]:
        stand = ronde.stand
        paren = [(w, g) for w in (WETTEN if wet == "alle" else (wet,))
                 for g in (PROCESGROEPEN if groep == "alle" else (groep,))]
        huidig = {(w, g): s for w, g, s in stand.gepauzeerd}
        if actie == "pauzeer":
            for p in paren:
                huidig.setdefault(p, dag.isoformat())
        else:
            for p in paren:
                huidig.pop(p, None)
        stand.gepauzeerd = [[w, g, s] for (w, g), s in sorted(huidig.items())]
        stand.save()
        if actie != "hervat":
            return []
        return self._beoordeel(ronde, opslag.aangehouden_in(paren), dag, grens)

    def _herbeoordeling(self, ronde: Ronde, dag, oud: Variant, aanleiding: str, grens=None) -> list[m.Notificatie]:
        impact = Impact()
        alle = list(m.Persoon.objects.order_by("bsn").values_list("bsn", flat=True))
        nieuw = self._beoordeel(ronde, alle, dag, grens, herbeoordeling=True, impact=impact)
        m.Herbeoordeling.objects.create(
            dag=dag, uitgevoerd=True, variant_oud=str(oud), variant_nieuw=str(ronde.variant),
            aanleiding=aanleiding, rapport={"personen": impact.personen, "rijen": impact.als_lijst()},
        )
        return nieuw

    def herbeoordeel(self, uitvoeren: bool, aanleiding: str = "op verzoek", werkers: int = 1,
                     deelgrootte: int | None = None) -> dict:
        """Re-determine everyone with the current rules on the processed day: the impact report (a dry run
        changes nothing), or apply it. A run in chunks of BSN ranges (dienst/herbeoordeling.py), here in
        this process or over ``werkers`` local processes (PostgreSQL); returns the run's report."""
        from . import herbeoordeling

        run = herbeoordeling.plan(uitvoeren, aanleiding, klok=self.klok, deelgrootte=deelgrootte)
        herbeoordeling.voer_uit(run.pk, werkers=werkers, na_notificaties=self.na_notificaties)
        return herbeoordeling.rapport(run.pk)

    def herbeoordeel_reeks(self, van: str, tot: str, dag: date, volgorde: int, tot_volgnummer: int | None,
                           impact: Impact) -> list[m.Notificatie]:
        """One chunk of a re-determination run: everyone with a BSN in [van, tot] on ``dag``, in the caller's
        transaction, reading the chunk in BSN order; notifications are numbered from ``volgorde`` on."""
        stand = m.Ketenstand.objects.get(id=1)
        ronde = Ronde(stand, opslag.locaties(stand), volgorde)
        nieuw: list[m.Notificatie] = []
        for bsns, invoer in opslag.lees_reeks(van, tot, dag, tot_volgnummer, _CHUNK):
            nieuw += self._beoordeel_deel(ronde, bsns, dag, None, True, impact, invoer=invoer)
        return nieuw

    # --- the shell around the core: load, call, write ----------------------------------------------------
    def _beoordeel(self, ronde: Ronde, bsns: Iterable[str], dag: date, grens: Grens | None,
                   herbeoordeling: bool = False, impact: Impact | None = None) -> list[m.Notificatie]:
        bsns = list(dict.fromkeys(bsns))
        nieuw: list[m.Notificatie] = []
        for i in range(0, len(bsns), _CHUNK):
            nieuw += self._beoordeel_deel(ronde, bsns[i:i + _CHUNK], dag, grens, herbeoordeling, impact)
        return nieuw

    def _beoordeel_deel(self, ronde: Ronde, bsns, dag, grens: Grens | None, herbeoordeling: bool,
                        impact: Impact | None, invoer=None) -> list[m.Notificatie]:
        feiten, personen, open_zicht = invoer or opslag.lees(bsns, dag, grens)
        variant, gepauzeerd = ronde.variant, ronde.gepauzeerd
        schrijven = opslag.Schrijfwerk(dag)
        gevolgen: list[brieven.Gevolg] = []  # per person: what the letters follow from (dienst/brieven.py)
        for bsn in bsns:
            f = feiten.get(bsn)
            if f is None:
                continue
            p = personen.get(bsn)
            vorig = Vorig(p and p.bepaling, p and p.toestand, open_zicht.get(bsn, {}))
            w = beoordeel_persoon(f, vorig, dag, variant, gepauzeerd, ronde.locaties, herbeoordeling, grens)
            eigen = self._neem_op(ronde, schrijven, bsn, p, w, dag, str(variant))
            gevolgen.append(brieven.Gevolg.van(bsn, vorig.toestand, w, eigen))
            if impact is not None:
                impact.neem_op(w)
        schrijven.schrijf()
        brieven.leg_vast(dag, gevolgen, ronde.volgorde)  # letters to the person (contract §5.3), same transaction
        return schrijven.notificaties

    @staticmethod
    def _neem_op(ronde: Ronde, s: opslag.Schrijfwerk, bsn: str, p: m.Persoon | None, w: Wijziging, dag: date,
                 variant: str) -> list[m.Notificatie]:
        """The core's answer for one person as rows for the bulk write (only a changed person row is written);
        returns the person's new notification rows."""
        was = None if p is None else _persoonrij(p)
        if p is None:
            p = m.Persoon(bsn=bsn)
            s.aanmaken.append(p)
        r = w.persoon
        p.naam, p.geboortedatum, p.vnummer = r.naam, r.geboortedatum, r.vnummer
        p.bepaling, p.toestand, p.volgende_controle = r.bepaling, r.toestand, r.volgende_controle
        p.aangehouden_wet, p.aangehouden_groep = r.aangehouden_wet, r.aangehouden_groep
        if was is not None and _persoonrij(p, rond=True) != was:
            s.bijwerken.append(p)
        registratie = datetime.combine(dag, time(6, 0), NL)
        eigen = []
        for n in w.meldingen:
            ronde.volgorde += 1
            eigen.append(m.Notificatie(
                bsn=bsn, vnummer=n.vnummer, wet=n.wet, gemeente=n.gemeente, gebeurtenis=n.gebeurtenis, dag=dag,
                volgorde=ronde.volgorde, registratie=registratie, aanleiding=n.aanleiding, doelgroep=n.doelgroep))
        if w.historie:
            b = w.bepaling
            s.bepalingen.append((m.Bepaling(
                bsn=bsn, dag=dag, variant=variant, inburgeringsplichtig=b.inburgeringsplichtig, wet=b.wet,
                begindatum=b.begindatum, einddatum=b.einddatum, reden=b.reden, doelgroep=b.doelgroep,
                gedetailleerde_doelgroep=b.gedetailleerde_doelgroep, gemeente=b.gemeente,
                uitleg=[st.als_dict() for st in b.stappen], vrijgegeven_op=w.vrijgegeven_op,
            ), eigen))
        elif w.vrijgeven:
            s.vrijgeven.append(bsn)
        s.notificaties += eigen
        s.opschonen += [(bsn, wet, g) for wet, g in w.opschonen]
        s.zicht_dicht += [(bsn, wet, g, reden) for wet, g, reden in w.zicht_dicht]
        s.zicht_open += [m.Zichtbaarheid(bsn=bsn, wet=wet, gemeente=g, van=dag, variant=variant)
                         for wet, g in w.zicht_open]
        return eigen
