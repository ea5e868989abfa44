"""Bulk reads and writes of the engine's projections, at database speed.

- Reading a BSN range (a chunk of a re-determination): on PostgreSQL three server-side cursors in BSN order
  (messages, persons, open visibility rows) merged per group of persons; on SQLite one range query per group.
- Writing: new rows through COPY on PostgreSQL (executemany on SQLite); changed persons through COPY into a
  temporary table and one UPDATE … FROM; only rows that changed reach this module at all (the engine
  compares before it writes).

``tijden`` adds up the seconds spent here per process, so a chunk can report where its time went.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date

import orjson
from django.db import connection
from django.db.models import Q

from ..domein.berichten import herstel
from ..domein.catalogus import Gebeurtenis
from ..domein.feiten import Locaties, locatie_uit
from ..domein.kern import Grens
from ..domein.vouw import vouw
from ..keten import models as m

tijden: Counter = Counter()  # "lezen" (database), "vouwen" (the fold), "schrijven": seconds in this process
_proef: ContextVar[bool] = ContextVar("proef", default=False)  # a dry run: counted, not written (``proef``)


def in_proef() -> bool:
    """Whether this thread runs a dry run (nothing is written)."""
    return _proef.get()


_STROOM = 5000  # rows per fetch of a server-side cursor
_VEEL = 200  # from this many changed persons on, COPY + UPDATE … FROM beats executemany


def _json(v) -> str | None:
    return None if v is None else orjson.dumps(v).decode()


def _pg() -> bool:
    return connection.vendor == "postgresql"


# --- reading ---------------------------------------------------------------------------------------------------

def lees(bsns: list[str], dag: date, grens: Grens | None) -> tuple:
    """What the engine reads per group of persons: facts up to ``dag`` (on ``dag`` itself only up to the cut-off
    ``grens``), stored persons, open visibility rows."""
    rijen = (m.Bericht.objects.filter(bsn__in=bsns, dag__lte=dag)
             .order_by("dag", "ontvangen", "volgnummer")
             .values_list("volgnummer", "inhoud", "regel", "ontvangen", "dag"))
    t = time.perf_counter()
    rijen = [(volgnummer, inhoud, regel) for volgnummer, inhoud, regel, ontvangen, bdag in rijen
             if grens is None or bdag != dag or Grens(bdag, ontvangen, volgnummer) <= grens]
    t1 = time.perf_counter()
    feiten = vouw(rijen)
    tijden["vouwen"] += time.perf_counter() - t1
    tijden["lezen"] += t1 - t
    open_zicht = _open_zicht(m.Zichtbaarheid.objects.filter(bsn__in=bsns, tot__isnull=True)
                             .values_list("bsn", "wet", "gemeente"))
    return feiten, personen(bsns), open_zicht


def locaties(stand: m.Ketenstand) -> Locaties:
    """The COA locations the engine knew when it last ran (it adds the new ones at their place in the day)."""
    loc = Locaties()
    q = m.Bericht.objects.filter(type="coa.locatie", volgnummer__lte=stand.hoogste_volgnummer)
    if stand.verwerkt_tot:
        q = q.filter(dag__lte=stand.verwerkt_tot)
    for regel, inhoud in q.order_by("dag", "ontvangen", "volgnummer").values_list("regel", "inhoud"):
        loc.voeg_toe(locatie_uit(herstel(orjson.loads(inhoud), regel)))
    return loc


def bewoners(postcode: str, huisnummer: int) -> list[str]:
    """Everyone who ever lived at an address (a COA location there may change their determination)."""
    q = m.Bericht.objects.filter(type="brp.verblijfplaats", inhoud__contains=f'"huisnummer":{huisnummer},')
    q = q.filter(Q(inhoud__icontains=f'"postcode":"{postcode}"')
                 | Q(inhoud__icontains=f'"postcode":"{postcode[:4]} {postcode[4:]}"'))
    return sorted(set(q.values_list("bsn", flat=True)))


def aangehouden_in(paren: list[tuple[str, str]]) -> list[str]:
    """The persons held in one of these (wet, procesgroep) pairs, in BSN order."""
    q = Q(pk__in=[])
    for w, g in paren:
        q |= Q(aangehouden_wet=w, aangehouden_groep=g)
    return list(m.Persoon.objects.filter(q).order_by("bsn").values_list("bsn", flat=True))


def _berichten(van: str, tot: str, dag: date, tot_volgnummer: int | None):
    q = m.Bericht.objects.filter(bsn__gte=van, bsn__lte=tot, dag__lte=dag)
    if tot_volgnummer is not None:
        q = q.filter(volgnummer__lte=tot_volgnummer)
    return q.order_by("bsn", "dag", "ontvangen", "volgnummer").values_list("bsn", "volgnummer", "inhoud", "regel")


def _vouw_reeks(rijen) -> dict:
    """The fold of rows read in BSN order (the BSN column goes: every message names its person)."""
    return vouw((volgnummer, inhoud, regel) for _, volgnummer, inhoud, regel in rijen)


def _zicht(van: str, tot: str):
    return (m.Zichtbaarheid.objects.filter(bsn__gte=van, bsn__lte=tot, tot__isnull=True).order_by("bsn")
            .values_list("bsn", "wet", "gemeente"))


def _personen(van: str, tot: str):
    return m.Persoon.objects.filter(bsn__gte=van, bsn__lte=tot).order_by("bsn")


_PERSOON_KOLOMMEN = [f.attname for f in m.Persoon._meta.concrete_fields]


def _persoon_select() -> str:
    tekst = "::text" if _pg() else ""
    kolommen = ", ".join(f"{k}{tekst}" if k in ("bepaling", "toestand") else k for k in _PERSOON_KOLOMMEN)
    return f"SELECT {kolommen} FROM {m.Persoon._meta.db_table}"


def _als_personen(rijen) -> Iterator[m.Persoon]:
    """Rows of ``_persoon_select`` as Persoon objects, the JSON read with orjson (Django's JSONField uses json)."""
    i_bep, i_toe = _PERSOON_KOLOMMEN.index("bepaling"), _PERSOON_KOLOMMEN.index("toestand")
    loads = orjson.loads
    for r in rijen:  # dates come back as dates on both (Django registers SQLite's converters)
        r = list(r)
        r[i_bep] = None if r[i_bep] is None else loads(r[i_bep])
        r[i_toe] = None if r[i_toe] is None else loads(r[i_toe])
        yield m.Persoon.from_db("default", _PERSOON_KOLOMMEN, r)


def personen(bsns: list[str]) -> dict[str, m.Persoon]:
    """The stored persons among ``bsns``, by BSN."""
    if not bsns:
        return {}
    with connection.cursor() as c:
        c.execute(f"{_persoon_select()} WHERE bsn IN ({', '.join(['%s'] * len(bsns))})", bsns)
        return {p.bsn: p for p in _als_personen(c.fetchall())}


def _personen_pg(van: str, tot: str) -> Iterator[m.Persoon]:
    """Persons in BSN order through a server-side cursor."""
    with connection.chunked_cursor() as c:
        c.execute(f"{_persoon_select()} WHERE bsn BETWEEN %s AND %s ORDER BY bsn", [van, tot])
        while rijen := c.fetchmany(_STROOM):
            yield from _als_personen(rijen)


def _open_zicht(rijen) -> dict[str, dict[str, set[str]]]:
    out: dict[str, dict[str, set[str]]] = {}
    for bsn, wet, g in rijen:
        out.setdefault(bsn, {}).setdefault(wet, set()).add(g)
    return out


class _Vooruit:
    """An iterator of rows in BSN order that hands out, per call, the rows up to a BSN."""

    def __init__(self, it):
        self._it = iter(it)
        self._volgende = next(self._it, None)

    def tot_en_met(self, bsn: str) -> list:
        uit = []
        while self._volgende is not None and self._volgende[0] <= bsn:
            uit.append(self._volgende)
            self._volgende = next(self._it, None)
        return uit


def lees_reeks(van: str, tot: str, dag: date, tot_volgnummer: int | None, per: int) -> Iterator[tuple]:
    """The persons with a BSN in [van, tot] in groups of ``per``: (bsns, (facts, persons, open visibility)).

    The same input the engine reads per group with ``bsn IN (…)``, read in BSN order instead."""
    if not _pg():
        # SQLite has no server-side cursors, and a live cursor over a table written meanwhile is undefined.
        alle = list(_personen(van, tot).values_list("bsn", flat=True))
        for i in range(0, len(alle), per):
            t = time.perf_counter()
            g = alle[i:i + per]
            rijen = list(_berichten(g[0], g[-1], dag, tot_volgnummer))
            invoer = personen(g), _open_zicht(_zicht(g[0], g[-1]))
            t1 = time.perf_counter()
            feiten = _vouw_reeks(rijen)
            tijden["vouwen"] += time.perf_counter() - t1
            tijden["lezen"] += t1 - t
            yield g, (feiten, *invoer)
        return
    # PostgreSQL: Django's iterator() reads through a server-side (named) cursor in this transaction.
    berichten = _Vooruit(_berichten(van, tot, dag, tot_volgnummer).iterator(chunk_size=_STROOM))
    zicht = _Vooruit(_zicht(van, tot).iterator(chunk_size=_STROOM))
    groep: list[m.Persoon] = []
    t = time.perf_counter()
    for p in _personen_pg(van, tot):
        groep.append(p)
        if len(groep) == per:
            yield _groep(groep, berichten, zicht, t)
            groep = []
            t = time.perf_counter()
    if groep:
        yield _groep(groep, berichten, zicht, t)


def _groep(groep, berichten: _Vooruit, zicht: _Vooruit, t: float) -> tuple:
    laatste = groep[-1].bsn
    rijen = berichten.tot_en_met(laatste)
    open_zicht = _open_zicht(zicht.tot_en_met(laatste))
    t1 = time.perf_counter()
    feiten = _vouw_reeks(rijen)
    tijden["vouwen"] += time.perf_counter() - t1
    tijden["lezen"] += t1 - t
    return [p.bsn for p in groep], (feiten, {p.bsn: p for p in groep}, open_zicht)


# --- writing ---------------------------------------------------------------------------------------------------

def _velden(model, met_pk: bool = False):
    return [f for f in model._meta.concrete_fields
            if met_pk or not (f.primary_key and f.get_internal_type() == "BigAutoField")]


def _rij(velden, o, pg: bool) -> tuple:
    uit = []
    for f in velden:
        v = getattr(o, f.attname)
        if f.get_internal_type() == "JSONField":
            uit.append(_json(v))
        elif pg:
            uit.append(v)  # psycopg adapts dates, aware datetimes, UUIDs itself; Django's conversion costs more
        else:
            uit.append(f.get_db_prep_save(v, connection))
    return tuple(uit)


def invoegen(model, objecten: list, met_pk: bool = False) -> None:
    """INSERT the objects: COPY on PostgreSQL, executemany elsewhere (Django's bulk_create builds SQL slowly)."""
    if not objecten:
        return
    velden = _velden(model, met_pk)
    kolommen = ", ".join(connection.ops.quote_name(f.column) for f in velden)
    pg = _pg()
    rijen = [_rij(velden, o, pg) for o in objecten]
    with connection.cursor() as c:
        if _pg():
            with c.cursor.copy(f"COPY {model._meta.db_table} ({kolommen}) FROM STDIN") as kopie:
                for r in rijen:
                    kopie.write_row(r)
        else:
            plekken = ", ".join(["%s"] * len(velden))
            c.executemany(f"INSERT INTO {model._meta.db_table} ({kolommen}) VALUES ({plekken})", rijen)


def sql(opdracht: str, rijen: list[tuple]) -> None:
    if rijen:
        with connection.cursor() as c:
            c.executemany(opdracht, rijen)


def _via_tijdelijk(naam: str, kolommen: str, rijen: list[tuple], update: str, params: list) -> None:
    """PostgreSQL: COPY the rows into a temporary table, then one set-based UPDATE."""
    with connection.cursor() as c:
        c.execute(f"CREATE TEMP TABLE IF NOT EXISTS {naam} ({kolommen}) ON COMMIT DELETE ROWS")
        c.execute(f"TRUNCATE {naam}")
        with c.cursor.copy(f"COPY {naam} FROM STDIN") as kopie:
            for r in rijen:
                kopie.write_row(r)
        c.execute(update, params)


_PERSOON_VELDEN = ("naam", "geboortedatum", "vnummer", "bepaling", "toestand", "volgende_controle",
                   "aangehouden_wet", "aangehouden_groep")


def werk_personen_bij(personen: list[m.Persoon]) -> None:
    tabel = m.Persoon._meta.db_table
    rijen = [(p.naam, p.geboortedatum, p.vnummer, _json(p.bepaling), _json(p.toestand), p.volgende_controle,
              p.aangehouden_wet, p.aangehouden_groep, p.bsn) for p in personen]
    if not rijen:
        return
    if not _pg() or len(rijen) < _VEEL:  # plain executemany: Django's bulk_update builds a CASE per row and field
        sql(f"UPDATE {tabel} SET " + ", ".join(f"{v}=%s" for v in _PERSOON_VELDEN) + " WHERE bsn=%s", rijen)
        return
    kolommen = ", ".join((*_PERSOON_VELDEN, "bsn"))
    with connection.cursor() as c:
        c.execute(f"CREATE TEMP TABLE IF NOT EXISTS _persoon_nieuw (LIKE {tabel}) ON COMMIT DELETE ROWS")
        c.execute("TRUNCATE _persoon_nieuw")
        with c.cursor.copy(f"COPY _persoon_nieuw ({kolommen}) FROM STDIN") as kopie:
            for r in rijen:
                kopie.write_row(r)
        c.execute(f"UPDATE {tabel} p SET " + ", ".join(f"{v} = n.{v}" for v in _PERSOON_VELDEN)
                  + " FROM _persoon_nieuw n WHERE p.bsn = n.bsn")


def nieuwe_bepalingen(bepalingen: list[m.Bepaling]) -> None:
    """INSERT determinations and set their ids (the engine links notifications to them)."""
    if not bepalingen:
        return
    if _pg():
        with connection.cursor() as c:
            c.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                      [m.Bepaling._meta.db_table, len(bepalingen)])
            for b, (i,) in zip(bepalingen, c.fetchall()):
                b.pk = i
        invoegen(m.Bepaling, bepalingen, met_pk=True)
    else:
        # SQLite: one writer at a time (and the engine holds its lock), so the next ids are known.
        with connection.cursor() as c:
            c.execute(f"SELECT coalesce(max(id), 0) FROM {m.Bepaling._meta.db_table}")
            volgende = c.fetchone()[0]
        for i, b in enumerate(bepalingen, start=volgende + 1):
            b.pk = i
        invoegen(m.Bepaling, bepalingen, met_pk=True)


@dataclass
class Schrijfwerk:
    """What the engine decided for a group of persons, as rows: collected per person, written at once by
    ``schrijf`` (only what changed reaches it)."""

    dag: date
    aanmaken: list[m.Persoon] = field(default_factory=list)
    bijwerken: list[m.Persoon] = field(default_factory=list)
    bepalingen: list[tuple[m.Bepaling, list[m.Notificatie]]] = field(default_factory=list)  # with their notifications
    notificaties: list[m.Notificatie] = field(default_factory=list)
    opschonen: list[tuple[str, str, str]] = field(default_factory=list)  # (bsn, wet, gemeente)
    zicht_dicht: list[tuple[str, str, str, str]] = field(default_factory=list)  # (bsn, wet, gemeente, reden)
    zicht_open: list[m.Zichtbaarheid] = field(default_factory=list)
    # released after a pause without a new determination: their newest (held) determination row goes out
    vrijgeven: list[str] = field(default_factory=list)

    def schrijf(self) -> None:
        """The one bulk write of the engine's decisions."""
        if _proef.get():
            return
        t = time.perf_counter()
        invoegen(m.Persoon, self.aanmaken)
        werk_personen_bij(self.bijwerken)
        nieuwe_bepalingen([b for b, _ in self.bepalingen])
        self._vrijgeven()
        for bep, eigen in self.bepalingen:
            for n in eigen:
                n.bepaling_id = bep.pk
        invoegen(m.Notificatie, self.notificaties)
        self._opschonen()
        self._sluit_zicht()
        invoegen(m.Zichtbaarheid, self.zicht_open)
        tijden["schrijven"] += time.perf_counter() - t

    def _vrijgeven(self) -> None:
        if self.vrijgeven:
            tabel = m.Bepaling._meta.db_table
            sql(f"UPDATE {tabel} SET vrijgegeven_op=%s WHERE vrijgegeven_op IS NULL AND id = "
                f"(SELECT MAX(id) FROM {tabel} WHERE bsn=%s)", [(self.dag, bsn) for bsn in self.vrijgeven])

    def _opschonen(self) -> None:
        notificatie = m.Notificatie._meta.db_table
        if _pg() and len(self.opschonen) >= _VEEL:
            _via_tijdelijk("_opschonen", "bsn text, wet text, gemeente text", self.opschonen,
                           f"UPDATE {notificatie} n SET verwijderd_op = %s FROM _opschonen o WHERE n.bsn = o.bsn "
                           "AND n.wet = o.wet AND n.gemeente = o.gemeente AND n.verwijderd_op IS NULL "
                           f"AND n.gebeurtenis <> '{Gebeurtenis.SS190}'", [self.dag])
        else:
            sql(f"UPDATE {notificatie} SET verwijderd_op=%s WHERE bsn=%s AND wet=%s AND gemeente=%s "
                f"AND verwijderd_op IS NULL AND gebeurtenis <> '{Gebeurtenis.SS190}'",  # a correction stays
                [(self.dag, *o) for o in self.opschonen])

    def _sluit_zicht(self) -> None:
        zichtbaarheid = m.Zichtbaarheid._meta.db_table
        if _pg() and len(self.zicht_dicht) >= _VEEL:
            _via_tijdelijk("_zicht_dicht", "bsn text, wet text, gemeente text, reden text", self.zicht_dicht,
                           f"UPDATE {zichtbaarheid} z SET tot = %s, reden_einde = d.reden FROM _zicht_dicht d "
                           "WHERE z.bsn = d.bsn AND z.wet = d.wet AND z.gemeente = d.gemeente AND z.tot IS NULL",
                           [self.dag])
        else:
            sql(f"UPDATE {zichtbaarheid} SET tot=%s, reden_einde=%s WHERE bsn=%s AND wet=%s "
                "AND gemeente=%s AND tot IS NULL", [(self.dag, r, bsn, w, g) for bsn, w, g, r in self.zicht_dicht])


@contextmanager
def proef():
    """A dry run of a re-determination: the engine decides and counts, nothing is written. Exact, because
    within a run no person's outcome reads what was written for another (each person is read once, before
    any write); the caller still rolls back to a savepoint in case anything else wrote."""
    token = _proef.set(True)  # per thread (Celery's thread pool runs chunks side by side)
    try:
        yield
    finally:
        _proef.reset(token)
