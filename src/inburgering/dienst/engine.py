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
from django.db import connection, transaction
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


def _json(v) -> str | None:
    return None if v is None else orjson.dumps(v).decode()


def _invoegen(model, objecten: list) -> None:
    """INSERT with executemany: Django's bulk_create spends more time building SQL than the database needs."""
    if not objecten:
        return
    velden = [f for f in model._meta.concrete_fields if not (f.primary_key and f.get_internal_type() == "BigAutoField")]
    kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
    plekken = ", ".join(["%s"] * len(velden))
    rijen = [tuple(f.get_db_prep_save(getattr(o, f.attname), connection) for f in velden) for o in objecten]
    _sql(f"INSERT INTO {model._meta.db_table} ({kolommen}) VALUES ({plekken})", rijen)


def _sql(sql: str, rijen: list[tuple]) -> None:
    with connection.cursor() as c:
        c.executemany(sql, rijen)


class _Terugdraaien(Exception):
    pass


def _herbeoordeel_werker(taak) -> tuple[dict, int, int]:
    """One BSN range of a parallel re-determination, in a fresh process (see Engine._herbeoordeel_parallel)."""
    van, tot, dag, volgorde, uitvoeren, _ = taak
    engine = Engine()
    impact = Impact()
    n = 0
    try:
        with transaction.atomic():
            engine._stand = m.Ketenstand.objects.get(id=1)
            engine._locaties = engine._laad_locaties(engine._stand)
            engine._volgorde = volgorde
            bsns = list(m.Persoon.objects.filter(bsn__gte=van, bsn__lte=tot).order_by("bsn").values_list("bsn", flat=True))
            n = len(engine._beoordeel(bsns, dag, None, herbeoordeling=True, impact=impact))
            if not uitvoeren:
                raise _Terugdraaien
    except _Terugdraaien:
        pass
    finally:
        from django.db import connections

        connections.close_all()
    return impact.rijen, impact.personen, n


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

    def herbeoordeel(self, uitvoeren: bool, aanleiding: str = "op verzoek", werkers: int = 1) -> dict:
        with engine_slot():
            if werkers > 1 and connection.vendor == "postgresql":
                return self._herbeoordeel_parallel(uitvoeren, aanleiding, werkers)
            return self._herbeoordeel(uitvoeren, aanleiding)

    def _herbeoordeel_parallel(self, uitvoeren: bool, aanleiding: str, werkers: int) -> dict:
        """PostgreSQL: the same re-determination over worker processes, one BSN range each, each in its own
        transaction (a dry run rolls every one back). Applying is then not one transaction: should a worker
        fail, the others' ranges stand, and running it again completes the rest (re-determination converges).
        Each worker numbers its notifications in its own range, so delivery order stays per person."""
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        from django.conf import settings

        from .werker import herbeoordeel_deel

        stand = self.stand()
        dag = stand.verwerkt_tot or self.klok.vandaag()
        alle = list(m.Persoon.objects.order_by("bsn").values_list("bsn", flat=True))
        basis = m.Notificatie.objects.aggregate(v=Max("volgorde"))["v"] or 0
        stuk = -(-len(alle) // werkers) if alle else 1
        db = settings.DATABASES["default"]["NAME"]
        taken = [(alle[i], alle[min(i + stuk, len(alle)) - 1], dag, basis + k * 10**12, uitvoeren, db)
                 for k, i in enumerate(range(0, len(alle), stuk))]
        with ProcessPoolExecutor(len(taken) or 1, mp_context=multiprocessing.get_context("spawn")) as pool:
            uitkomsten = list(pool.map(herbeoordeel_deel, taken))
        impact = Impact()
        for rijen, personen in (u[:2] for u in uitkomsten):
            impact.personen += personen
            for (g, w), tellingen in rijen.items():
                for wat, n in tellingen.items():
                    impact.tel(g, w, wat, n)
        rapport = {"dag": dag.isoformat(), "personen": impact.personen, "rijen": impact.als_lijst(),
                   "notificaties": sum(u[2] for u in uitkomsten), "werkers": len(taken)}
        v = str(self.variant_van(stand))
        run = m.Herbeoordeling.objects.create(dag=dag, uitgevoerd=uitvoeren, variant_oud=v, variant_nieuw=v,
                                              aanleiding=aanleiding, rapport=rapport)
        rapport["id"] = run.pk
        if uitvoeren and rapport["notificaties"] and self.na_notificaties:
            self.na_notificaties(list(m.Notificatie.objects.filter(volgorde__gt=basis)))
        return rapport

    def _herbeoordeel(self, uitvoeren: bool, aanleiding: str) -> dict:
        """Re-determine everyone with the current variant on the processed day; a dry run rolls back.

        Both go through the same code; the dry run's transaction is undone, so the report is exactly
        what applying would do.
        """
        stand = self.stand()
        dag = stand.verwerkt_tot or self.klok.vandaag()
        self._locaties = self._laad_locaties(stand)
        self._stand = stand
        impact = Impact()
        rapport = {}
        try:
            with transaction.atomic():
                self._stand = m.Ketenstand.objects.select_for_update().get(id=1)
                self._volgorde = m.Notificatie.objects.aggregate(v=Max("volgorde"))["v"] or 0
                alle = list(m.Persoon.objects.order_by("bsn").values_list("bsn", flat=True))
                nieuw = self._beoordeel(alle, dag, None, herbeoordeling=True, impact=impact)
                rapport = {"dag": dag.isoformat(), "personen": impact.personen, "rijen": impact.als_lijst(),
                           "notificaties": len(nieuw)}
                if not uitvoeren:
                    raise _Terugdraaien
                v = str(self.variant_van(self._stand))
                run = m.Herbeoordeling.objects.create(dag=dag, uitgevoerd=True, variant_oud=v, variant_nieuw=v,
                                                      aanleiding=aanleiding, rapport=rapport)
                rapport["id"] = run.pk
                if nieuw and self.na_notificaties:
                    transaction.on_commit(lambda: self.na_notificaties(nieuw))
        except _Terugdraaien:
            v = str(self.variant_van(stand))
            run = m.Herbeoordeling.objects.create(dag=dag, uitgevoerd=False, variant_oud=v, variant_nieuw=v,
                                                  aanleiding=aanleiding, rapport=rapport)
            rapport["id"] = run.pk
        return rapport

    # --- the heart: determine, diff, persist -----------------------------------------------------------
    def _feiten(self, bsns: list[str], dag: date, grens) -> dict[str, PersoonFeiten]:
        out: dict[str, PersoonFeiten] = {}
        self._laatste_volgnummer: dict[str, int] = {}  # per person: the newest message the determination used
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
            if volgnummer > self._laatste_volgnummer.get(b.bsn, 0):
                self._laatste_volgnummer[b.bsn] = volgnummer
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

    def _beoordeel_deel(self, bsns, dag, grens, herbeoordeling, impact) -> list[m.Notificatie]:
        variant = self.variant_van(self._stand)
        feiten = self._feiten(bsns, dag, grens)
        personen = {p.bsn: p for p in m.Persoon.objects.filter(bsn__in=bsns)}
        open_zicht: dict[str, dict[str, set[str]]] = {}
        for bsn, wet, g in m.Zichtbaarheid.objects.filter(bsn__in=bsns, tot__isnull=True).values_list("bsn", "wet", "gemeente"):
            open_zicht.setdefault(bsn, {}).setdefault(wet, set()).add(g)
        registratie = datetime.combine(dag, time(6, 0), NL)
        bepalingen_nieuw: list[tuple[m.Bepaling, list[m.Notificatie]]] = []
        notificaties: list[m.Notificatie] = []
        opschonen: list[tuple[str, str, str]] = []
        zicht_open: list[m.Zichtbaarheid] = []
        zicht_dicht: list[tuple[str, str, str, str]] = []
        aanmaken, bijwerken = [], []
        vrijgeven: list[str] = []  # released after a pause without a new determination: its held row goes out
        for bsn in bsns:
            f = feiten.get(bsn)
            if f is None:
                continue
            p = personen.get(bsn)
            if p is None:
                p = m.Persoon(bsn=bsn, toestand={})
                aanmaken.append(p)
            else:
                bijwerken.append(p)
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
                              "vrijgegeven": {"dag": dag.isoformat(), "volgnummer": self._laatste_volgnummer.get(bsn, 0),
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
            if impact is not None:
                self._tel(impact, t, uit, b)
        _invoegen(m.Persoon, aanmaken)
        if bijwerken:  # plain executemany: Django's bulk_update builds a CASE per row and per field
            _sql(f"UPDATE {m.Persoon._meta.db_table} SET naam=%s, geboortedatum=%s, vnummer=%s, bepaling=%s, "
                 "toestand=%s, volgende_controle=%s, aangehouden_wet=%s, aangehouden_groep=%s WHERE bsn=%s",
                 [(p.naam, p.geboortedatum, p.vnummer, _json(p.bepaling), _json(p.toestand), p.volgende_controle,
                   p.aangehouden_wet, p.aangehouden_groep, p.bsn) for p in bijwerken])
        if bepalingen_nieuw:
            m.Bepaling.objects.bulk_create([b for b, _ in bepalingen_nieuw], batch_size=500)
        if vrijgeven:
            tabel = m.Bepaling._meta.db_table
            _sql(f"UPDATE {tabel} SET vrijgegeven_op=%s WHERE vrijgegeven_op IS NULL AND id = "
                 f"(SELECT MAX(id) FROM {tabel} WHERE bsn=%s)", [(dag, bsn) for bsn in vrijgeven])
            for bep, eigen in bepalingen_nieuw:
                for n in eigen:
                    n.bepaling_id = bep.pk
        _invoegen(m.Notificatie, notificaties)
        if opschonen:
            _sql(f"UPDATE {m.Notificatie._meta.db_table} SET verwijderd_op=%s WHERE bsn=%s AND wet=%s AND gemeente=%s "
                 "AND verwijderd_op IS NULL AND gebeurtenis <> 'SS190'", [(dag, *o) for o in opschonen])
        if zicht_dicht:
            _sql(f"UPDATE {m.Zichtbaarheid._meta.db_table} SET tot=%s, reden_einde=%s WHERE bsn=%s AND wet=%s "
                 "AND gemeente=%s AND tot IS NULL", [(dag, r, bsn, w, g) for bsn, w, g, r in zicht_dicht])
        _invoegen(m.Zichtbaarheid, zicht_open)
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
