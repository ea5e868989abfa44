"""Ingest of a file: through COPY on PostgreSQL, batched INSERTs on SQLite — the same log either way: all or
nothing, idempotent on id, a conflicting id refused with the line, faults reported as the reader reports them,
messages in effect order."""

from __future__ import annotations

import orjson
import pytest

from inburgering.dienst.intake import neem_bestand_op
from inburgering.domein.berichten import InvoerFout, lees_bestand
from inburgering.genereer import genereer_berichten
from inburgering.keten import models as m

pytestmark = pytest.mark.django_db


def _schrijf(pad, berichten):
    pad.write_bytes(b"".join(orjson.dumps(b) + b"\n" for b in berichten))
    return pad


def test_a_file_enters_the_log_in_effect_order_once(tmp_path):
    berichten = list(genereer_berichten(60, 3))
    pad = _schrijf(tmp_path / "a.jsonl", berichten + berichten[:5])  # the same ids again: one message each
    levering, nieuw, dubbel = neem_bestand_op(pad)
    assert (nieuw, dubbel) == (len(berichten), 0)
    verwacht = [(b.regel, b.id) for b in lees_bestand(pad)]
    assert list(m.Bericht.objects.order_by("volgnummer").values_list("regel", "bericht_id")) == verwacht
    assert neem_bestand_op(pad)[1:] == (0, len(berichten))  # idempotent


def test_a_conflicting_id_or_a_bad_line_applies_nothing(tmp_path):
    berichten = list(genereer_berichten(10, 4))
    neem_bestand_op(_schrijf(tmp_path / "a.jsonl", berichten))
    voor = m.Bericht.objects.count()
    anders = {**berichten[3], "ontvangen": "2030-01-01"}
    nieuw = {**berichten[4], "id": "nieuw-1"}
    with pytest.raises(InvoerFout) as fout:
        neem_bestand_op(_schrijf(tmp_path / "b.jsonl", [nieuw, anders]))
    assert fout.value.fouten == [f"regel 2: veld 'id': {berichten[3]['id']!r} staat al in het berichtenlog met andere inhoud"]
    slecht = tmp_path / "c.jsonl"
    slecht.write_bytes(orjson.dumps(nieuw) + b"\n{kapot\n" + orjson.dumps({**nieuw, "id": "x", "ontvangen": "gisteren"}) + b"\n")
    with pytest.raises(InvoerFout) as fout:
        neem_bestand_op(slecht)
    with pytest.raises(InvoerFout) as verwacht:
        lees_bestand(slecht)
    assert fout.value.fouten == verwacht.value.fouten and len(fout.value.fouten) == 2
    dubbel = _schrijf(tmp_path / "d.jsonl", [nieuw, {**nieuw, "ontvangen": "2030-01-02"}])
    with pytest.raises(InvoerFout, match="staat al op regel 1 met andere inhoud"):
        neem_bestand_op(dubbel)
    assert m.Bericht.objects.count() == voor
