"""Service: append a file of chain messages to the log — validated whole, all or nothing, idempotent on id."""

from __future__ import annotations

from django.db import connection, transaction

from ..domein.berichten import Bericht as DomeinBericht
from ..domein.berichten import InvoerFout, lees_bestand, lees_regels
from ..keten.models import Bericht, Levering

_BATCH = 5000


def neem_op(berichten: list[DomeinBericht], bron: str) -> tuple[Levering | None, int, int]:
    """Append validated messages. Returns (levering, appended, skipped as already present).

    An id already in the log with other content is a fault: nothing is appended.
    """
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
                fouten.append(f"regel {b.regel}: veld 'id': {b.id!r} staat al in het berichtenlog met andere inhoud")
            continue
        nieuw.append(b)
    if fouten:
        raise InvoerFout(fouten)
    overgeslagen = len(berichten) - len(nieuw)
    if not nieuw:
        return None, 0, overgeslagen
    with transaction.atomic():
        levering = Levering.objects.create(bron=bron[:500], aantal=len(nieuw))
        sql = (f"INSERT INTO {Bericht._meta.db_table} (levering_id, regel, bericht_id, type, dag, ontvangen, bsn, inhoud) "
               "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")
        with connection.cursor() as c:
            for i in range(0, len(nieuw), _BATCH):
                c.executemany(sql, [(levering.pk, b.regel, b.id, b.type, b.dag, b.ontvangen.isoformat(), b.bsn,
                                     b.ruw.decode()) for b in nieuw[i:i + _BATCH]])
    return levering, len(nieuw), overgeslagen


def bekend_in_log(bsns) -> set[str]:
    """The BSNs among ``bsns`` that the log has a ``brp.persoon`` for (a DUO decision needs a known person)."""
    bsns, out = list(bsns), set()
    for i in range(0, len(bsns), 900):
        out.update(Bericht.objects.filter(type="brp.persoon", bsn__in=bsns[i:i + 900]).values_list("bsn", flat=True))
    return out


def neem_bestand_op(pad) -> tuple[Levering | None, int, int]:
    return neem_op(lees_bestand(pad, bekend_in_log), str(pad))


def neem_regels_op(regels, bron: str) -> tuple[Levering | None, int, int]:
    return neem_op(lees_regels(regels, bekend_in_log), bron)
