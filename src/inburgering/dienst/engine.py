"""The chain engine: from the message log to determinations, notifications and visibility, day by day.

One engine serves ``ingest``, ``replay``, ``serve`` and ``demo``. It reads time only from its clock and
processes each day in one transaction: the day's messages in ``ontvangen`` order (process-control and
rule-variant messages take effect at their place in that order), then the day's scheduled work
(18th birthdays, AOW age, a year abroad, the 10-week PIP term, the PIP grace month).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import orjson
from django.db import transaction
from django.db.models import Max, Min, Q

from ..domein import gemeenteberichten
from ..domein.bepaling import bepaal
from ..domein.berichten import GLOBALE_TYPES, herstel
from ..domein.feiten import Locaties, PersoonFeiten, locatie_uit, voeg_toe
from ..domein.parameters import PROCESGROEPEN, WETTEN
from ..domein.signalering import Toestand, verwerk, volgende_controle, zichtbaarheid
from ..domein.scope import volgende_scopewijziging
from ..domein.variant import Variant
from ..keten import models as m
from . import brieven, opslag
from .klok import NL, Klok, huidige_klok
from .slot import engine_slot

_CHUNK = 1000


@dataclass
class Impact:
    """Counts per (gemeente, wet) of what a (re-)determination did; the impact report's rows."""

    rijen: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    personen: int = 0

    def tel(self, gemeente: str | None, wet: str | None, wat: str, n: int = 1) -> None:
        r = self.rijen.setdefault((gemeente or "—", wet or "—"), {})
        r[wat] = r.get(wat, 0) + n

    def als_lijst(self) -> list[dict]:
        return [{"gemeente": g, "wet": w, **c} for (g, w), c in sorted(self.rijen.items())]


def _persoonrij(p: m.Persoon, rond: bool = False) -> tuple:
    """A person's stored row; ``rond``: its JSON as it reads back from the database (tuples become lists)."""
    bepaling, toestand = p.bepaling, p.toestand
    if rond:
        bepaling, toestand = orjson.loads(orjson.dumps(bepaling)), orjson.loads(orjson.dumps(toestand))
    return (p.naam, p.geboortedatum, p.vnummer, bepaling, toestand, p.volgende_controle, p.aangehouden_wet,
            p.aangehouden_groep)


class Engine:
    def __init__(self, klok: Klok | None = None, na_notificaties: Callable[[list[m.Notificatie]], None] | None = None):
        self.klok = klok or huidige_klok()
        self.na_notificaties = na_notificaties
        self._locaties: Locaties | None = None

    # --- state ----------------------------------------------------------------------------------
    def stand(self) -> m.Ketenstand:
        stand, _ = m.Ketenstand.objects.get_or_create(id=1)
        return stand

    @staticmethod
    def variant_van(stand: m.Ketenstand) -> Variant:
        return Variant(stand.begindatum_variant, stand.koppeling_variant)

    def _laad_locaties(self, stand: m.Ketenstand) -> Locaties:
        loc = Locaties()
        q = m.Bericht.objects.filter(type="coa.locatie", volgnummer__lte=stand.hoogste_volgnummer)
        if stand.verwerkt_tot:
            q = q.filter(dag__lte=stand.verwerkt_tot)
        for regel, inhoud in q.order_by("dag", "ontvangen", "volgnummer").values_list("regel", "inhoud"):
            loc.voeg_toe(locatie_uit(herstel(orjson.loads(inhoud), regel)))
        return loc

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
        self._locaties = self._laad_locaties(stand)
        late = stand.verwerkt_tot is not None and m.Bericht.objects.filter(
            volgnummer__gt=stand.hoogste_volgnummer, dag__lte=stand.verwerkt_tot).exists()
        heropend = False
        if stand.verwerkt_tot is None:
            eerste = m.Bericht.objects.aggregate(d=Min("dag"))["d"]
            if eerste is None:
                return 0
            dag = eerste
        elif late and stand.verwerkt_tot >= doel:
            # Messages arrived for a day already run (e.g. a second ingest today): that day takes them now.
            dag, heropend = stand.verwerkt_tot, True
        else:
            dag = stand.verwerkt_tot + timedelta(days=1)
        totaal = 0
        self._berichtdagen = sorted(set(m.Bericht.objects.filter(dag__gte=dag, dag__lte=doel)
                                        .values_list("dag", flat=True).distinct()))
        while dag <= doel:
            if not late:
                dag = min(self._volgende_werkdag(dag), doel + timedelta(days=1))
                if dag > doel:
                    break
            with transaction.atomic():
                stand = m.Ketenstand.objects.select_for_update().get(id=1)
                totaal += self._dag(dag, stand, late, heropend)
            late = heropend = False
            dag += timedelta(days=1)
        with transaction.atomic():
            stand = m.Ketenstand.objects.select_for_update().get(id=1)
            if stand.verwerkt_tot is None or stand.verwerkt_tot < doel:
                stand.verwerkt_tot = doel
                stand.hoogste_volgnummer = max(stand.hoogste_volgnummer,
                                               m.Bericht.objects.filter(dag__lte=doel).aggregate(v=Max("volgnummer"))["v"] or 0)
                stand.save()
        return totaal

    def _volgende_werkdag(self, dag: date) -> date:
        i = bisect_left(self._berichtdagen, dag)
        kandidaten = [
            self._berichtdagen[i] if i < len(self._berichtdagen) else None,
            m.Persoon.objects.filter(volgende_controle__isnull=False).aggregate(d=Min("volgende_controle"))["d"],
        ]
        kandidaten = [max(k, dag) for k in kandidaten if k is not None]
        return min(kandidaten) if kandidaten else date.max

    def _dag(self, dag: date, stand: m.Ketenstand, late: bool, heropend: bool = False) -> int:
        """One day: its messages (and, on the first day of a run, those that arrived for days already run)."""
        if heropend:
            q = Q(dag__lte=dag, volgnummer__gt=stand.hoogste_volgnummer)
        else:
            q = Q(dag=dag)
            if late:
                q |= Q(dag__lt=dag, volgnummer__gt=stand.hoogste_volgnummer)
        berichten = list(
            m.Bericht.objects.filter(q).order_by("dag", "ontvangen", "volgnummer")
            .values_list("volgnummer", "type", "bsn", "inhoud", "regel", "ontvangen", "dag")
        )
        self._stand = stand
        self._volgorde = m.Notificatie.objects.aggregate(v=Max("volgorde"))["v"] or 0  # under the day's lock
        nieuw: list[m.Notificatie] = []
        vuil: dict[str, None] = {}
        for volgnummer, type_, bsn, inhoud, regel, ontvangen, bdag in berichten:
            if type_ not in GLOBALE_TYPES:
                if bsn:
                    vuil[bsn] = None
                continue
            grens = (bdag, ontvangen, volgnummer)
            b = herstel(orjson.loads(inhoud), regel)
            v = b.velden
            if type_ == "duo.gemeente":
                m.Gemeente.objects.update_or_create(
                    code=v["gemeentecode"],
                    defaults={"naam": v["naam"], "oin": v["oin"], "notificatie_url": v.get("notificatie_url", "")},
                )
            elif type_ == "coa.locatie":
                nieuw += self._beoordeel(list(vuil), dag, grens)
                vuil.clear()
                loc = locatie_uit(b)
                self._locaties.voeg_toe(loc)
                nieuw += self._beoordeel(self._bewoners(loc.postcode, loc.huisnummer), dag, grens)
            elif type_ == "duo.procesbesturing":
                nieuw += self._beoordeel(list(vuil), dag, grens)
                vuil.clear()
                nieuw += self._procesbesturing(stand, v["actie"], v["wet"], v["procesgroep"], dag, grens)
            elif type_ == "duo.interpretatie":
                nieuw += self._beoordeel(list(vuil), dag, grens)
                vuil.clear()
                oud = self.variant_van(stand)
                stand.begindatum_variant, stand.koppeling_variant = v["begindatum"], v["koppeling"]
                stand.save()
                if self.variant_van(stand) != oud:
                    nieuw += self._herbeoordeling(dag, oud, f"bericht {b.id or 'regel ' + str(b.regel)}", grens)
        nieuw += self._beoordeel(list(vuil), dag, None)
        gepland = list(m.Persoon.objects.filter(volgende_controle__lte=dag).values_list("bsn", flat=True))
        nieuw += self._beoordeel(gepland, dag, None)
        if berichten:
            stand.hoogste_volgnummer = max(stand.hoogste_volgnummer, max(r[0] for r in berichten))
        stand.verwerkt_tot = dag
        stand.save()
        if nieuw and self.na_notificaties:
            transaction.on_commit(lambda: self.na_notificaties(nieuw))
        return len(nieuw)

    def _bewoners(self, postcode: str, huisnummer: int) -> list[str]:
        q = m.Bericht.objects.filter(type="brp.verblijfplaats", inhoud__contains=f'"huisnummer":{huisnummer},')
        q = q.filter(Q(inhoud__icontains=f'"postcode":"{postcode}"') | Q(inhoud__icontains=f'"postcode":"{postcode[:4]} {postcode[4:]}"'))
        return sorted(set(q.values_list("bsn", flat=True)))

    # --- process control and re-determination -----------------------------------------------------
    def gepauzeerd(self, wet: str, groep: str | None) -> bool:
        return any(w == wet and g == groep for w, g, _ in self._stand.gepauzeerd)

    def _procesbesturing(self, stand, actie, wet, groep, dag, grens) -> list[m.Notificatie]:
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
        q = Q(pk__in=[])
        for w, g in paren:
            q |= Q(aangehouden_wet=w, aangehouden_groep=g)
        vrij = list(m.Persoon.objects.filter(q).order_by("bsn").values_list("bsn", flat=True))
        return self._beoordeel(vrij, dag, grens)

    def _herbeoordeling(self, dag, oud: Variant, aanleiding: str, grens=None) -> list[m.Notificatie]:
        impact = Impact()
        alle = list(m.Persoon.objects.order_by("bsn").values_list("bsn", flat=True))
        nieuw = self._beoordeel(alle, dag, grens, herbeoordeling=True, impact=impact)
        m.Herbeoordeling.objects.create(
            dag=dag, uitgevoerd=True, variant_oud=str(oud), variant_nieuw=str(self.variant_van(self._stand)),
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
        self._stand = m.Ketenstand.objects.get(id=1)
        self._locaties = self._laad_locaties(self._stand)
        self._volgorde = volgorde
        nieuw: list[m.Notificatie] = []
        for bsns, invoer in opslag.lees_reeks(van, tot, dag, tot_volgnummer, _CHUNK):
            nieuw += self._beoordeel_deel(bsns, dag, None, True, impact, invoer=invoer)
        return nieuw

    # --- the heart: determine, diff, persist -----------------------------------------------------------
    def _lees(self, bsns: list[str], dag: date, grens) -> tuple:
        """What ``_beoordeel_deel`` reads per group: facts, stored persons, open visibility rows."""
        personen = opslag.personen(bsns)
        open_zicht: dict[str, dict[str, set[str]]] = {}
        for bsn, wet, g in m.Zichtbaarheid.objects.filter(bsn__in=bsns, tot__isnull=True).values_list("bsn", "wet", "gemeente"):
            open_zicht.setdefault(bsn, {}).setdefault(wet, set()).add(g)
        return self._feiten(bsns, dag, grens), personen, open_zicht

    def _feiten(self, bsns: list[str], dag: date, grens) -> dict[str, PersoonFeiten]:
        out: dict[str, PersoonFeiten] = {}
        rijen = (m.Bericht.objects.filter(bsn__in=bsns, dag__lte=dag)
                 .order_by("dag", "ontvangen", "volgnummer")
                 .values_list("volgnummer", "inhoud", "regel", "ontvangen", "dag"))
        for volgnummer, inhoud, regel, ontvangen, bdag in rijen:
            if grens is not None and bdag == dag and (bdag, ontvangen, volgnummer) > grens:
                continue
            b = herstel(orjson.loads(inhoud), regel)
            p = out.get(b.bsn)
            if p is None:
                p = out[b.bsn] = PersoonFeiten(b.bsn)
            voeg_toe(p, b, volgnummer)
        for p in out.values():
            p.sorteer()
        return out

    def _beoordeel(self, bsns: Iterable[str], dag: date, grens, herbeoordeling: bool = False,
                   impact: Impact | None = None) -> list[m.Notificatie]:
        bsns = list(dict.fromkeys(bsns))
        nieuw: list[m.Notificatie] = []
        for i in range(0, len(bsns), _CHUNK):
            nieuw += self._beoordeel_deel(bsns[i:i + _CHUNK], dag, grens, herbeoordeling, impact)
        return nieuw

    def _beoordeel_deel(self, bsns, dag, grens, herbeoordeling, impact, invoer=None) -> list[m.Notificatie]:
        variant = self.variant_van(self._stand)
        feiten, personen, open_zicht = invoer or self._lees(bsns, dag, grens)
        registratie = datetime.combine(dag, time(6, 0), NL)
        bepalingen_nieuw: list[tuple[m.Bepaling, list[m.Notificatie]]] = []
        notificaties: list[m.Notificatie] = []
        opschonen: list[tuple[str, str, str]] = []
        zicht_open: list[m.Zichtbaarheid] = []
        zicht_dicht: list[tuple[str, str, str, str]] = []
        aanmaken, bijwerken = [], []
        vrijgeven: list[str] = []  # released after a pause without a new determination: its held row goes out
        gevolgen: list[tuple] = []  # per person: what letters follow from (dienst/brieven.py)
        for bsn in bsns:
            f = feiten.get(bsn)
            if f is None:
                continue
            p = personen.get(bsn)
            if p is None:
                p = m.Persoon(bsn=bsn, toestand={})
                aanmaken.append(p)
                was = None
            else:
                was = _persoonrij(p)
            p.naam, p.geboortedatum, p.vnummer = f.naam or "", f.geboortedatum, f.vnummer
            t = Toestand.uit_dict(p.toestand)
            b = bepaal(f, dag, variant, self._locaties, vastgesteld_op=t.vastgesteld_op, kennis_op=dag)
            pips = gemeenteberichten.pips(f)
            pip_gemeente = pips[-1].gemeente if pips else None
            uit = verwerk(t, b, dag, self.gepauzeerd, herbeoordeling, pip_gemeente, pips=pips)
            kern = {**b.als_contract(), "variant": str(variant), "einddatum": b.einddatum.isoformat() if b.einddatum else None}
            bep = None
            vorig = p.bepaling or {}
            if vorig.get("laatst_bepaald", vorig.get("kern")) != kern:
                bep = m.Bepaling(
                    bsn=bsn, dag=dag, variant=str(variant), inburgeringsplichtig=b.inburgeringsplichtig, wet=b.wet,
                    begindatum=b.begindatum, einddatum=b.einddatum, reden=b.reden, doelgroep=b.doelgroep,
                    gedetailleerde_doelgroep=b.gedetailleerde_doelgroep, gemeente=b.gemeente,
                    uitleg=[s.als_dict() for s in b.stappen], vrijgegeven_op=None if uit.aangehouden else dag,
                )
            elif uit.vrijgegeven and not uit.aangehouden:
                vrijgeven.append(bsn)
            if uit.aangehouden:
                # Held: what gemeenten see stays as it was; only DUO's own record moves on.
                p.bepaling = {**vorig, "laatst_bepaald": kern}
            else:
                # What gemeenten may know from now on: this determination, the person data it used, and how far
                # into the log its facts go (keten.scope shows nothing later while a next one is held).
                p.bepaling = {"kern": kern, "laatst_bepaald": kern, "gedetailleerdeDoelgroep": b.gedetailleerde_doelgroep,
                              "procesgroep": b.procesgroep, "uitleg": [s.als_dict() for s in b.stappen],
                              "dag": dag.isoformat(),
                              "pip_termijn_start": b.pip_termijn_start.isoformat() if b.pip_termijn_start else None,
                              "asielrechten": b.asielrechten,  # AsielrechtenWijzigingVerblijfsdoel
                              "termijn": [d.isoformat() for d in b.termijn] if b.termijn else None,  # Wi2013
                              "in_coa": b.in_coa,
                              "persoon": {"naam": f.naam or "", "vnummer": f.vnummer,
                                          "geboortedatum": f.geboortedatum.isoformat() if f.geboortedatum else None},
                              "vrijgegeven": {"dag": dag.isoformat(), "volgnummer": f.laatste_volgorde,
                                              "grens": None if grens is None else [grens[0].isoformat(), grens[1], grens[2]]}}
            eigen = []
            for s in uit.signalen:
                self._volgorde += 1
                n = m.Notificatie(
                    bsn=bsn, vnummer=None if s.gebeurtenis == "SS190" else f.vnummer,  # SS190 carries the BSN only
                    wet=s.wet, gemeente=s.gemeente, gebeurtenis=s.gebeurtenis, dag=dag, volgorde=self._volgorde,
                    registratie=registratie, aanleiding=s.aanleiding,
                    doelgroep=None if s.gebeurtenis == "SS190" else b.doelgroep,
                )
                eigen.append(n)
            if bep is not None:
                bepalingen_nieuw.append((bep, eigen))
            notificaties += eigen
            gevolgen.append((bsn, t, uit, eigen))
            for wet, g in uit.opschonen:
                opschonen.append((bsn, wet, g))
            # visibility: what is open now against the scope rule's answer for the new state
            voor = open_zicht.get(bsn, {})
            na = zichtbaarheid(uit.toestand, {"Wi2021": uit.pips}, dag)  # valid PIPs only (a purge voids some)
            for wet in set(voor) | set(na):
                for g in voor.get(wet, frozenset()) - na.get(wet, frozenset()):
                    zicht_dicht.append((bsn, wet, g, "herbeoordeling" if herbeoordeling else "wijziging"))
                for g in na.get(wet, frozenset()) - voor.get(wet, frozenset()):
                    zicht_open.append(m.Zichtbaarheid(bsn=bsn, wet=wet, gemeente=g, van=dag, variant=str(variant)))
            p.toestand = uit.toestand.als_dict()
            kandidaten = [d for d in (volgende_controle(b, uit.toestand, dag), volgende_scopewijziging(uit.pips, dag))
                          if d]
            p.volgende_controle = min(kandidaten) if kandidaten else None
            p.aangehouden_wet, p.aangehouden_groep = uit.toestand.aangehouden or (None, None)
            if was is not None and _persoonrij(p, rond=True) != was:
                bijwerken.append(p)  # only persons whose row changed are written
            if impact is not None:
                self._tel(impact, t, uit, b)
        opslag.schrijf(dag, aanmaken, bijwerken, bepalingen_nieuw, notificaties, opschonen, zicht_dicht, zicht_open,
                       vrijgeven)
        brieven.leg_vast(dag, gevolgen, self._volgorde)  # letters to the person (contract §5.3), same transaction
        return notificaties

    @staticmethod
    def _tel(impact: Impact, voor: Toestand, uit, b) -> None:
        impact.personen += 1
        for wet, pub in voor.publicaties.items():
            if wet != b.wet:
                impact.tel(pub.gemeente, wet, "wet_gewijzigd")
            elif pub.gemeente and pub.gemeente != b.woongemeente:
                impact.tel(pub.gemeente, wet, "gemeente_gewijzigd")
        for s in uit.signalen:
            impact.tel(s.gemeente, s.wet, "ss190" if s.gebeurtenis == "SS190" else "nieuwe_signalen")
        for wet, g in uit.opschonen:
            impact.tel(g, wet, "opgeschoond")
        if uit.aangehouden and b.wet:
            impact.tel(b.woongemeente, b.wet, "aangehouden")
