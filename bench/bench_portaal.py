"""Benchmark of the portal's read paths: one gemeente with 100,000 signals.

    .venv/bin/python bench/bench_portaal.py                 # SQLite in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench .venv/bin/python bench/bench_portaal.py  # an empty database

The data is inserted once; a second run on the same database reuses it.

Measures, in-process through Django's test client (middleware, scope, processing log, templates; no
network): the first inbox page (p50/p95 over repeated requests, default filter and two others), and
the CSV and XLSX download of all 100,000 rows (wall time, and Python's peak allocation with tracemalloc
at 10,000 and at 100,000 rows: flat memory means the two peaks are about equal).

The signals are inserted directly (bulk) rather than through the engine: this measures the portal, and
the engine would need tens of minutes to produce 100,000 signals for one gemeente. Targets (issue):
first page p95 < 150 ms, CSV of 100k rows < 3 s with flat memory.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta, timezone

N = int(os.environ.get("BENCH_SIGNALEN", "100000"))
ANDEREN = int(os.environ.get("BENCH_ANDERE_SIGNALEN", "100000"))  # signals of other gemeenten, as noise
HERHALINGEN = int(os.environ.get("BENCH_HERHALINGEN", "40"))


def _bsn(i: int) -> str:
    # 8-digit prefix + eleven-test check digit (skip prefixes without one)
    while True:
        p = f"{10000000 + i:08d}"
        c = sum((9 - k) * int(x) for k, x in enumerate(p)) % 11
        if c < 10:
            return p + str(c)
        i += 7919


def vul(n: int, anderen: int) -> None:
    from inburgering.keten.models import Gemeente, Notificatie, Zichtbaarheid

    rnd = random.Random(1)
    Gemeente.objects.bulk_create([Gemeente(code="0363", naam="Amsterdam", oin="00000001002564440000"),
                                  Gemeente(code="0344", naam="Utrecht", oin="00000001002220647000")], ignore_conflicts=True)
    gebeurtenissen = ["SS101"] * 5 + ["SS139"] * 4 + ["SS120"] * 3 + ["SS127", "SS126", "SS122", "SS131", "SS102", "SS190"]
    doelgroepen = ["Asielstatushouder", "Gezinsmigrant en overige migrant"]
    personen = max(1, n // 3)
    start = date(2022, 1, 3)
    reg = datetime(2022, 1, 3, 5, 0, tzinfo=timezone.utc)
    batch = []
    volgorde = 0
    for gemeente, aantal in (("0363", n), ("0344", anderen)):
        for i in range(aantal):
            volgorde += 1
            g = rnd.choice(gebeurtenissen)
            dag = start + timedelta(days=int(i * 1000 / max(1, aantal)))
            batch.append(Notificatie(
                bsn=_bsn((i % personen) * 3 + (0 if gemeente == "0363" else 1)), vnummer=None if g == "SS190" else 2000000000 + i,
                wet="Wi2021", gemeente=gemeente, gebeurtenis=g, dag=dag, volgorde=volgorde, registratie=reg + timedelta(days=(dag - start).days),
                aanleiding="bench", doelgroep=None if g == "SS190" else rnd.choice(doelgroepen),
                status="afgehandeld" if rnd.random() < 0.6 else "nieuw"))
            if len(batch) >= 5000:
                Notificatie.objects.bulk_create(batch)
                batch = []
    Notificatie.objects.bulk_create(batch)
    Zichtbaarheid.objects.bulk_create([Zichtbaarheid(bsn=_bsn(i * 3), wet="Wi2021", gemeente="0363", van=start, variant="bench")
                                       for i in range(0, personen, 2)], batch_size=5000)


def meet(client, url: str, herhalingen: int) -> tuple[float, float]:
    for _ in range(3):
        client.get(url)
    tijden = []
    for _ in range(herhalingen):
        t = time.perf_counter()
        r = client.get(url)
        tijden.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (url, r.status_code)
    tijden.sort()
    return statistics.median(tijden), tijden[min(len(tijden) - 1, int(round(0.95 * len(tijden))) - 1)]


def download(client, url: str, geheugen: bool) -> tuple[float, int, int]:
    if geheugen:
        tracemalloc.start()
    t = time.perf_counter()
    r = client.get(url)
    grootte = 0
    for deel in r.streaming_content:
        grootte += len(deel)
    duur = time.perf_counter() - t
    piek = 0
    if geheugen:
        piek = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return duur, grootte, piek


def main() -> int:
    tmp = tempfile.mkdtemp(prefix="bench-portaal-")
    os.environ.setdefault("INBURGERING_DATA", tmp)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0, interactive=False)
    from inburgering.keten.models import Notificatie
    from inburgering.portaal.gebruikers import maak_gebruiker

    if not Notificatie.objects.filter(gemeente="0363").exists():
        t = time.perf_counter()
        vul(N, ANDEREN)
        print(f"gevuld: {N:,} signalen voor 0363 + {ANDEREN:,} voor een andere gemeente in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE")
    user, _ = maak_gebruiker("bench-0363", "gemeente", gemeente="0363", wachtwoord="bench-wachtwoord-lang", controleer_gemeente=False)
    client = Client()
    client.force_login(user)
    print(f"database: {connection.vendor}; {N:,} signalen van één gemeente (+{ANDEREN:,} van een andere)")
    print()
    print("| meting | p50 | p95 |")
    print("|---|---:|---:|")
    for naam, url in (("inbox, eerste pagina (standaard: status nieuw)", "/gemeente/Wi2021/signalen/"),
                      ("inbox, eerste pagina, alle statussen", "/gemeente/Wi2021/signalen/?status=alle"),
                      ("inbox, filter gebeurtenis + periode, op BSN gesorteerd", "/gemeente/Wi2021/signalen/?gebeurtenis=SS101&van=2022-06-01&tot=2023-06-30&sorteer=bsn"),
                      ("inbox, laatste pagina", "/gemeente/Wi2021/signalen/?status=alle&pagina=9999"),
                      ("correcties SS190, eerste pagina", "/gemeente/Wi2021/correcties/?status=alle")):
        p50, p95 = meet(client, url, HERHALINGEN)
        print(f"| {naam} | {p50:.0f} ms | {p95:.0f} ms |")
    print()
    print("| download | rijen | tijd (mediaan van 3) | grootte | piekgeheugen (tracemalloc) |")
    print("|---|---:|---:|---:|---:|")
    for formaat in ("csv", "xlsx"):
        for rijen, filt in ((10_000, "&tot=2022-04-12"), (N, "")):
            url = f"/gemeente/Wi2021/download.{formaat}?status=alle{filt}"
            metingen = [download(client, url, geheugen=False) for _ in range(3)]
            duur, grootte = statistics.median(m[0] for m in metingen), metingen[0][1]
            _, _, piek = download(client, url, geheugen=True)
            label = f"~{rijen:,}" if filt else f"{rijen:,}"
            print(f"| {formaat.upper()} | {label} | {duur:.2f} s | {grootte / 1e6:.1f} MB | {piek / 1e6:.1f} MB |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
