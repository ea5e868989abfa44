"""Benchmark: deliver 100,000 notifications to 20 local receivers, 30 % of which fail intermittently.

    .venv/bin/python bench/bench_aflevering.py [--aantal 100000] [--gemeenten 20] [--storend 0.3]

The receivers are real processes (``inburgering gemeente-ontvanger``); the failing ones answer 503 to 30 % of
requests and drop 5 % of connections after storing (so DUO must retry and the receiver must drop duplicates).
The outbox is filled as the engine leaves it (Notificatie rows, several per person), then delivered in this
process (``m2m.aflevering``). Afterwards it checks: every notification delivered, none lost (each receiver
holds exactly its own berichtIds), per person in order. Prints the figures as JSON. Database: a fresh SQLite
file, or ``DATABASE_URL`` (its tables are emptied first).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from pathlib import Path

from _gedeeld import vrije_poort

ROOT = Path(__file__).resolve().parents[1]


def haal(url: str):
    with urllib.request.urlopen(url, timeout=60) as r:
        return json.load(r)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--aantal", type=int, default=100_000)
    ap.add_argument("--gemeenten", type=int, default=20)
    ap.add_argument("--storend", type=float, default=0.3, help="fraction of receivers that fail intermittently")
    ap.add_argument("--per-persoon", type=int, default=3)
    ap.add_argument("--tot", type=float, default=300.0)
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-aflevering-"))
    os.environ["INBURGERING_DATA"] = str(tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    from inburgering.m2m import aflevering
    from inburgering.keten.models import Gemeente, Notificatie
    from inburgering.m2m.models import Afleverpoging, Afleverstatus

    for model in (Afleverpoging, Afleverstatus, Notificatie, Gemeente):
        model.objects.all().delete()

    duo_oin = os.environ.get("INBURGERING_OIN", "00000001800866472000")
    storend = round(args.gemeenten * args.storend)
    ontvangers, procs = {}, []
    for i in range(args.gemeenten):
        code, oin, poort = f"{9000 + i:04d}", f"{1000 + i:020d}", vrije_poort()
        cmd = [sys.executable, "-m", "inburgering.cli", "gemeente-ontvanger", "--port", str(poort), "--data",
               str(tmp / f"ontvanger-{code}.sqlite3"), "--oin", oin, "--duo-oin", duo_oin]
        if i < storend:
            cmd += ["--storing", "0.3", "--verbreek", "0.05"]
        procs.append(subprocess.Popen(cmd, stderr=subprocess.DEVNULL))
        ontvangers[code] = (oin, f"http://127.0.0.1:{poort}")
    for _, url in ontvangers.values():
        for _ in range(100):
            try:
                haal(url + "/status")
                break
            except OSError:
                time.sleep(0.1)
    Gemeente.objects.bulk_create([Gemeente(code=c, naam=f"Gemeente {c}", oin=o, notificatie_url=u)
                                  for c, (o, u) in ontvangers.items()])

    # The outbox as the engine leaves it: per person a few notifications in delivery order.
    codes = list(ontvangers)
    t0 = datetime(2024, 3, 1, 5, tzinfo=timezone.utc)
    rijen, volgorde = [], 0
    personen = args.aantal // args.per_persoon + 1
    for p in range(personen):
        bsn = f"{100000000 + p:09d}"
        for k in range(args.per_persoon):
            if volgorde >= args.aantal:
                break
            volgorde += 1
            rijen.append(Notificatie(bsn=bsn, vnummer=p, wet="Wi2021", gemeente=codes[p % len(codes)],
                                     gebeurtenis=("SS101", "SS139", "SS102", "SS121")[k % 4], dag=t0.date(),
                                     volgorde=volgorde, registratie=t0 + timedelta(seconds=volgorde),
                                     aanleiding="benchmark"))
    Notificatie.objects.bulk_create(rijen, batch_size=5000)
    del rijen
    print(f"{args.aantal} notificaties voor {personen} personen bij {len(codes)} gemeenten "
          f"({storend} storend), database {connection.vendor}", file=sys.stderr)

    beleid = aflevering.Beleid(basis=0.2, maximum=2.0, gemeente_maximum=2.0, timeout=5.0, verbindingen=2,
                               parallel=args.gemeenten)
    import resource

    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    start = time.monotonic()
    aflevering.lever_af_tot_leeg(beleid, tot=args.tot, pauze=0.05)
    duur = time.monotonic() - start
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = round(cpu1.ru_utime - cpu0.ru_utime + cpu1.ru_stime - cpu0.ru_stime, 1)

    # Verify: all delivered, none lost, in order per person.
    volgorde_van = {str(aflevering.bericht_uuid(i)): (v, b) for i, v, b in
                    Notificatie.objects.values_list("id", "volgorde", "bsn")}
    ontvangen, herhaald, fouten_volgorde = 0, 0, 0
    verwacht = defaultdict(set)
    for i, g in Notificatie.objects.values_list("id", "gemeente"):
        verwacht[g].add(str(aflevering.bericht_uuid(i)))
    verloren = 0
    for code, (_, url) in ontvangers.items():
        lijst = haal(url + "/notificaties")
        ids = {x["berichtId"] for x in lijst}
        verloren += len(verwacht[code] - ids)
        ontvangen += len(ids)
        herhaald += sum(x["herhaald"] for x in lijst)
        laatste: dict[str, int] = {}
        for x in lijst:  # arrival order (first arrival of each berichtId)
            v, bsn = volgorde_van[x["berichtId"]]
            if laatste.get(bsn, -1) > v:
                fouten_volgorde += 1
            laatste[bsn] = v
    for p in procs:
        p.terminate()
    pogingen = Afleverpoging.objects.count()
    uitslag = {
        "notificaties": args.aantal, "gemeenten": len(codes), "storende_gemeenten": storend,
        "seconden": round(duur, 1), "per_seconde": round(args.aantal / duur),
        "afgeleverd": Notificatie.objects.filter(afgeleverd_op__isnull=False).count(),
        "ontvangen_uniek": ontvangen, "verloren": verloren, "dubbel_ontvangen_en_genegeerd": herhaald,
        "pogingen": pogingen, "mislukte_pogingen": Afleverpoging.objects.filter(gelukt=False).count(),
        "volgorde_fouten": fouten_volgorde, "database": connection.vendor, "cpu_seconden_afleveraar": cpu,
    }
    print(json.dumps(uitslag, indent=2))
    ok = (uitslag["afgeleverd"] == args.aantal and ontvangen == args.aantal and verloren == 0
          and fouten_volgorde == 0 and duur < 120)
    print("OK" if ok else "NIET GEHAALD", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "src"))
    sys.exit(main())
