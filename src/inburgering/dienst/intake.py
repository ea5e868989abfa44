"""Service: append a file of chain messages to the log — validated whole, all or nothing, idempotent on id.

On PostgreSQL a file streams through COPY: every line is validated as it is read and copied into a
temporary table, the database then finds what is already in the log (same id) and what conflicts with it
(same id, other content), and moves the rest into the log in effect order, all in one transaction. Nothing
of the file is held in memory. Should any line be bad, the transaction is rolled back and the file is read
again the ordinary way, which reports every fault exactly as ``lees_bestand`` does.
"""

from __future__ import annotations

import orjson
from django.db import connection, transaction

from ..domein.berichten import Bericht as DomeinBericht
from ..domein.berichten import PERSOONSBESLUITEN, InvoerFout, lees_bestand, lees_regels, valideer_object
from ..keten.models import Bericht, Levering

_BATCH = 5000
_VIA_COPY = 1000  # from this many messages on, PostgreSQL takes them through COPY (a file always)
_KOLOMMEN = "regel, bericht_id, type, dag, ontvangen, bsn, inhoud"


def _conflict(regel: int, bid: str) -> str:
    return f"regel {regel}: veld 'id': {bid!r} staat al in het berichtenlog met andere inhoud"


def _rij(b: DomeinBericht) -> tuple:
    return (b.regel, b.id, b.type, b.dag, b.ontvangen.isoformat(), b.bsn, b.ruw.decode())


def neem_op(berichten: list[DomeinBericht], bron: str) -> tuple[Levering | None, int, int]:
    """Append validated messages. Returns (levering, appended, skipped as already present).

    An id already in the log with other content is a fault: nothing is appended.
    """
    if connection.vendor == "postgresql" and len(berichten) >= _VIA_COPY:
        return _via_copy((_rij(b) for b in berichten), bron)
    met_id = {b.id: b for b in berichten if b.id is not None}
    bestaand: dict[str, str] = {}
    ids = list(met_id)
    for i in range(0, len(ids), 900):
        for bid, inhoud in Bericht.objects.filter(bericht_id__in=ids[i:i + 900]).values_list("bericht_id", "inhoud"):
            bestaand[bid] = inhoud
    fouten = []
    nieuw = []
    for b in berichten:
        if b.id is not None and b.id in bestaand:
            if bestaand[b.id] != b.ruw.decode():
                fouten.append(_conflict(b.regel, b.id))
            continue
        nieuw.append(b)
    if fouten:
        raise InvoerFout(fouten)
    overgeslagen = len(berichten) - len(nieuw)
    if not nieuw:
        return None, 0, overgeslagen
    with transaction.atomic():
        levering = Levering.objects.create(bron=bron[:500], aantal=len(nieuw))
        sql = (f"INSERT INTO {Bericht._meta.db_table} (levering_id, {_KOLOMMEN}) "
               "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")
        with connection.cursor() as c:
            for i in range(0, len(nieuw), _BATCH):
                c.executemany(sql, [(levering.pk, *_rij(b)) for b in nieuw[i:i + _BATCH]])
    return levering, len(nieuw), overgeslagen


def bekend_in_log(bsns) -> set[str]:
    """The BSNs among ``bsns`` that the log has a ``brp.persoon`` for (a DUO decision needs a known person)."""
    bsns, out = list(bsns), set()
    for i in range(0, len(bsns), 900):
        out.update(Bericht.objects.filter(type="brp.persoon", bsn__in=bsns[i:i + 900]).values_list("bsn", flat=True))
    return out


class _Terugval(Exception):
    """A bad line: let the ordinary reader report every fault."""


def _gevalideerd(pad):
    """Rows of the file's messages as they are read, each validated; ``_Terugval`` at the first bad line."""
    loads, valideer = orjson.loads, valideer_object
    with open(pad, "rb") as f:
        for nr, regel in enumerate(f, start=1):
            if not regel.strip():
                continue
            try:
                b, fouten = valideer(loads(regel), nr)
            except orjson.JSONDecodeError:
                raise _Terugval from None
            if fouten or b.type in PERSOONSBESLUITEN:  # a decision needs a known person: the ordinary reader checks
                raise _Terugval
            yield _rij(b)


def _via_copy(rijen, bron: str) -> tuple[Levering | None, int, int]:
    tabel = Bericht._meta.db_table
    with transaction.atomic(), connection.cursor() as c:
        c.execute("CREATE TEMP TABLE IF NOT EXISTS _invoer (regel integer, bericht_id text, type text, dag date, "
                  "ontvangen text, bsn text, inhoud text) ON COMMIT DROP")
        c.execute("TRUNCATE _invoer")  # an outer transaction (a test) may have used it already
        with c.cursor.copy(f"COPY _invoer ({_KOLOMMEN}) FROM STDIN") as kopie:
            for r in rijen:
                kopie.write_row(r)
        # The same id twice in the file: one message if the content is the same, else a fault (reported
        # line by line by the ordinary reader).
        c.execute("SELECT 1 FROM _invoer WHERE bericht_id IS NOT NULL GROUP BY bericht_id "
                  "HAVING count(DISTINCT inhoud) > 1 LIMIT 1")
        if c.fetchone():
            raise _Terugval
        c.execute("DELETE FROM _invoer a USING _invoer b WHERE a.bericht_id = b.bericht_id AND a.regel > b.regel")
        c.execute(f"SELECT i.regel, i.bericht_id FROM _invoer i JOIN {tabel} b ON b.bericht_id = i.bericht_id "
                  "WHERE b.inhoud <> i.inhoud ORDER BY i.regel")
        conflicten = c.fetchall()
        if conflicten:
            raise InvoerFout([_conflict(r, bid) for r, bid in conflicten])
        c.execute(f"DELETE FROM _invoer i USING {tabel} b WHERE b.bericht_id = i.bericht_id")
        overgeslagen = c.rowcount
        c.execute("SELECT count(*) FROM _invoer")
        n = c.fetchone()[0]
        if not n:
            return None, 0, overgeslagen
        levering = Levering.objects.create(bron=bron[:500], aantal=n)
        # Effect order, as lees_regels sorts: ``ontvangen`` (ISO text sorts as time), ties in file order.
        c.execute(f"INSERT INTO {tabel} (levering_id, {_KOLOMMEN}) SELECT %s, {_KOLOMMEN} FROM _invoer "
                  'ORDER BY ontvangen COLLATE "C", regel', [levering.pk])
    return levering, n, overgeslagen


def neem_bestand_op(pad) -> tuple[Levering | None, int, int]:
    if connection.vendor == "postgresql":
        try:
            return _via_copy(_gevalideerd(pad), str(pad))
        except (_Terugval, OSError, UnicodeDecodeError):
            pass  # nothing was applied; the ordinary reader reports the faults (or, if it finds none, appends)
    return neem_op(lees_bestand(pad, bekend_in_log), str(pad))


def neem_regels_op(regels, bron: str) -> tuple[Levering | None, int, int]:
    return neem_op(lees_regels(regels, bekend_in_log), bron)
