"""The demo: a generated population through the January 2022 incident, its repair and ordinary traffic.

Everything goes through the real intake and the one engine; the demo only writes the chain messages
(population + DUO's own control messages) and runs the engine over them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import orjson

from ..domein.catalogus import Gebeurtenis
from ..domein.wet import WI2007, WI2013, WI2021

# The 2022 story as DUO's own messages (domain.md §6): the faulty variant from 1 January, the stop on
# 19 January, the repair and the family restart on 1 March, asylum and other on 25 March, Wi2013 (and
# Wi2007) at the end of May.
TIJDLIJN_2022 = (
    {"id": "demo-i1", "type": "duo.interpretatie", "ontvangen": "2022-01-01", "begindatum": "vaststelling",
     "koppeling": "brp_adresfilter"},
    {"id": "demo-o1", "type": "duo.procesbesturing", "ontvangen": "2022-01-19T12:00:00", "actie": "pauzeer",
     "wet": "alle", "procesgroep": "alle"},
    {"id": "demo-i2", "type": "duo.interpretatie", "ontvangen": "2022-03-01T08:00:00", "begindatum": "bekendmaking",
     "koppeling": "coa"},
    {"id": "demo-o2", "type": "duo.procesbesturing", "ontvangen": "2022-03-01T09:00:00", "actie": "hervat",
     "wet": WI2021.code, "procesgroep": "gezinsmigranten"},
    {"id": "demo-o3", "type": "duo.procesbesturing", "ontvangen": "2022-03-25T09:00:00", "actie": "hervat",
     "wet": WI2021.code, "procesgroep": "asiel_en_overig"},
    {"id": "demo-o4", "type": "duo.procesbesturing", "ontvangen": "2022-05-30T09:00:00", "actie": "hervat",
     "wet": WI2013.code, "procesgroep": "alle"},
    {"id": "demo-o5", "type": "duo.procesbesturing", "ontvangen": "2022-05-30T09:00:00", "actie": "hervat",
     "wet": WI2007.code, "procesgroep": "alle"},
)
VERHAAL_GEMEENTEN = ("0363", "0344", "0518", "1706")  # the gemeenten of the 2022 story


def schrijf_berichten(pad: Path, personen: int, seed: int) -> int:
    from ..genereer import genereer_berichten

    n = 0
    with open(pad, "wb") as f:
        for b in genereer_berichten(personen, seed):
            f.write(orjson.dumps(b) + b"\n")
            n += 1
        for b in TIJDLIJN_2022:
            f.write(orjson.dumps(b) + b"\n")
            n += 1
    return n


def samenvatting() -> list[dict]:
    """Per gemeente and law: persons visible now, notifications, held persons, corrections (SS190)."""
    from ..domein.projectie import Projectie
    from ..keten import models as m

    zichtbaar = Counter(m.Zichtbaarheid.objects.filter(tot__isnull=True).values_list("gemeente", "wet"))
    notificaties = Counter(m.Notificatie.objects.values_list("gemeente", "wet"))
    correcties = Counter(m.Notificatie.objects.filter(gebeurtenis=Gebeurtenis.SS190).values_list("gemeente", "wet"))
    aangehouden = Counter()
    for wet, bep in m.Persoon.objects.filter(aangehouden_wet__isnull=False).values_list("aangehouden_wet", "bepaling"):
        aangehouden[((Projectie.uit_json(bep).laatst_bepaald or {}).get("gemeente") or "—", wet)] += 1
    namen = dict(m.Gemeente.objects.values_list("code", "naam"))
    sleutels = sorted(set(zichtbaar) | set(notificaties) | set(aangehouden))
    return [{"gemeente": g, "naam": namen.get(g, ""), "wet": w, "personen": zichtbaar[(g, w)],
             "notificaties": notificaties[(g, w)], "aangehouden": aangehouden[(g, w)], "correcties": correcties[(g, w)]}
            for g, w in sleutels]
