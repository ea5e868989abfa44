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
from datetime import date

import orjson
from django.db import connection

from ..domein.berichten import herstel
from ..domein.feiten import PersoonFeiten, voeg_toe
from ..keten import models as m

tijden: Counter = Counter()  # "lezen" (database), "vouwen" (the fold), "schrijven": seconds in this process
_proef: ContextVar[bool] = ContextVar("proef", default=False)  # a dry run: counted, not written (``proef``)

_STROOM = 5000  # rows per fetch of a server-side cursor
_VEEL = 200  # from this many changed persons on, COPY + UPDATE … FROM beats executemany


def _json(v) -> str | None:
    return None if v is None else orjson.dumps(v).decode()


def _pg() -> bool:
    return connection.vendor == "postgresql"


# --- reading ---------------------------------------------------------------------------------------------------

def vouw(rijen) -> dict[str, PersoonFeiten]:
    """Fold stored messages (bsn, volgnummer, inhoud, regel) in effect order into facts per person."""
    out: dict[str, PersoonFeiten] = {}
    for bsn, volgnummer, inhoud, regel in rijen:
        b = herstel(orjson.loads(inhoud), regel)
        p = out.get(bsn)
        if p is None:
            p = out[bsn] = PersoonFeiten(bsn)
        voeg_toe(p, b, volgnummer)
    for p in out.values():
        p.sorteer()
    return out


def _berichten(van: str, tot: str, dag: date, tot_volgnummer: int | None):
    q = m.Bericht.objects.filter(bsn__gte=van, bsn__lte=tot, dag__lte=dag)
    if tot_volgnummer is not None:
        q = q.filter(volgnummer__lte=tot_volgnummer)
    return q.order_by("bsn", "dag", "ontvangen", "volgnummer").values_list("bsn", "volgnummer", "inhoud", "regel")


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
            feiten = vouw(rijen)
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
    feiten = vouw(rijen)
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


def schrijf(dag: date, aanmaken, bijwerken, bepalingen_nieuw, notificaties, opschonen, zicht_dicht, zicht_open,
            vrijgeven=()) -> None:
    """Persist what the engine decided for a group of persons (only what changed). ``vrijgeven``: persons released
    after a pause without a new determination — their newest (held) determination row goes out to gemeenten."""
    if _proef.get():
        return
    t = time.perf_counter()
    invoegen(m.Persoon, aanmaken)
    werk_personen_bij(bijwerken)
    nieuwe_bepalingen([b for b, _ in bepalingen_nieuw])
    if vrijgeven:
        tabel = m.Bepaling._meta.db_table
        sql(f"UPDATE {tabel} SET vrijgegeven_op=%s WHERE vrijgegeven_op IS NULL AND id = "
            f"(SELECT MAX(id) FROM {tabel} WHERE bsn=%s)", [(dag, bsn) for bsn in vrijgeven])
    for bep, eigen in bepalingen_nieuw:
        for n in eigen:
            n.bepaling_id = bep.pk
    invoegen(m.Notificatie, notificaties)
    notificatie, zichtbaarheid = m.Notificatie._meta.db_table, m.Zichtbaarheid._meta.db_table
    if _pg() and len(opschonen) >= _VEEL:
        _via_tijdelijk("_opschonen", "bsn text, wet text, gemeente text", opschonen,
                       f"UPDATE {notificatie} n SET verwijderd_op = %s FROM _opschonen o WHERE n.bsn = o.bsn "
                       "AND n.wet = o.wet AND n.gemeente = o.gemeente AND n.verwijderd_op IS NULL "
                       "AND n.gebeurtenis <> 'SS190'", [dag])
    else:
        sql(f"UPDATE {notificatie} SET verwijderd_op=%s WHERE bsn=%s AND wet=%s AND gemeente=%s "
            "AND verwijderd_op IS NULL AND gebeurtenis <> 'SS190'", [(dag, *o) for o in opschonen])
    if _pg() and len(zicht_dicht) >= _VEEL:
        _via_tijdelijk("_zicht_dicht", "bsn text, wet text, gemeente text, reden text", zicht_dicht,
                       f"UPDATE {zichtbaarheid} z SET tot = %s, reden_einde = d.reden FROM _zicht_dicht d "
                       "WHERE z.bsn = d.bsn AND z.wet = d.wet AND z.gemeente = d.gemeente AND z.tot IS NULL", [dag])
    else:
        sql(f"UPDATE {zichtbaarheid} SET tot=%s, reden_einde=%s WHERE bsn=%s AND wet=%s "
            "AND gemeente=%s AND tot IS NULL", [(dag, r, bsn, w, g) for bsn, w, g, r in zicht_dicht])
    invoegen(m.Zichtbaarheid, zicht_open)
    tijden["schrijven"] += time.perf_counter() - t


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
