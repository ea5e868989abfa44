"""Benchmark of the chain engine: replay through the 2022 timeline, and re-determination (dry run and
apply) of a whole population on SQLite and PostgreSQL. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_keten.py --replay 100000 --herbeoordeling 100000 [--postgres URL]

Re-determination set-up: the population is taken in as messages that arrive after the engine has passed
their days, so the one engine processes everyone in a single day (its late-arrival path); then the rule
variant is switched to the January 2022 fault and everyone is re-determined (every Wi2013 person moves,
SS190s go out where Wi2021 was told, addresses are re-coupled).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable


def genereer(n: int, pad: Path) -> None:
    if pad.exists():
        return
    sys.path.insert(0, str(ROOT / "src"))
    from inburgering.dienst.demo import schrijf_berichten

    schrijf_berichten(pad, n, 2022)


def _kind(code: str, env: dict) -> tuple[float, float, str]:
    t = time.perf_counter()
    r = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return dt, rss, r.stdout.strip()


def replay(n: int, werk: Path) -> None:
    pad = werk / f"pop-{n}.jsonl"
    genereer(n, pad)
    t = time.perf_counter()
    r = subprocess.run(["/usr/bin/time", "-f", "%M", PY, "-m", "inburgering.cli", "replay", str(pad)],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    rss = int(r.stderr.strip().splitlines()[-1]) / 1024
    regels = r.stdout.count("\n")
    print(f"replay          {n:>9} personen  {dt:8.1f} s  {n / dt:9.0f} personen/s  piek {rss:7.0f} MB  "
          f"{regels} notificaties")


OPZET = """
import os, sys, time
from datetime import date
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
import django; django.setup()
from django.core.management import call_command
call_command("flush", interactive=False, verbosity=0) if os.environ.get("DATABASE_URL") else None
call_command("migrate", verbosity=0)
from inburgering.keten import models as m
from inburgering.dienst.engine import Engine
from inburgering.dienst.intake import neem_bestand_op
from inburgering.dienst.klok import VasteKlok
stand, _ = m.Ketenstand.objects.get_or_create(id=1)
stand.verwerkt_tot = date(2023, 12, 31); stand.save()
t = time.perf_counter()
neem_bestand_op(sys.argv[1] if len(sys.argv) > 1 else os.environ["BESTAND"])
t1 = time.perf_counter()
Engine(VasteKlok(date(2024, 1, 1))).verwerk_tot(date(2024, 1, 1))
print(f"{t1 - t:.1f} {time.perf_counter() - t1:.1f} {m.Persoon.objects.count()}")
"""

HERBEOORDEEL = """
import os, time
from datetime import date
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
import django; django.setup()
from inburgering.keten import models as m
from inburgering.dienst.engine import Engine
from inburgering.dienst.klok import VasteKlok
stand = m.Ketenstand.objects.get(id=1)
stand.begindatum_variant, stand.koppeling_variant = "vaststelling", "brp_adresfilter"; stand.save()
t = time.perf_counter()
r = Engine(VasteKlok(date(2024, 1, 1))).herbeoordeel(uitvoeren=os.environ["UITVOEREN"] == "1")
print(f"{time.perf_counter() - t:.1f} {r['personen']} {r['notificaties']}")
"""


def herbeoordeling(n: int, werk: Path, database_url: str | None) -> None:
    pad = werk / f"pop-{n}.jsonl"
    genereer(n, pad)
    env = {**os.environ, "BESTAND": str(pad)}
    naam = "PostgreSQL" if database_url else "SQLite"
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
        env["INBURGERING_DATA"] = str(werk / f"db-{n}")
    dt, rss, out = _kind(OPZET, env)
    intake, engine, personen = out.split()
    print(f"opzet {naam:<10} {n:>9} personen  intake {intake} s, engine (één dag) {engine} s, {personen} personen")
    for uitvoeren in ("0", "1"):
        env["UITVOEREN"] = uitvoeren
        r = subprocess.run(["/usr/bin/time", "-f", "%M", PY, "-c", HERBEOORDEEL], env=env, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(r.stderr[-3000:])
        rss = int(r.stderr.strip().splitlines()[-1]) / 1024
        sec, personen, notif = r.stdout.split()
        soort = "uitvoeren" if uitvoeren == "1" else "proefrun"
        print(f"herbeoordeling {soort:<9} {naam:<10} {n:>9} personen  {float(sec):8.1f} s  "
              f"{int(personen) / float(sec):9.0f} personen/s  piek {rss:7.0f} MB  {notif} notificaties")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--replay", type=int, nargs="*", default=[])
    p.add_argument("--herbeoordeling", type=int, nargs="*", default=[])
    p.add_argument("--postgres", help="ook op PostgreSQL, bv. postgres://postgres@127.0.0.1:5432/bench")
    p.add_argument("--werkmap", default=None)
    a = p.parse_args()
    werk = Path(a.werkmap or tempfile.mkdtemp(prefix="bench-keten-"))
    werk.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} kernen; werkmap {werk}")
    for n in a.replay:
        replay(n, werk)
    for n in a.herbeoordeling:
        herbeoordeling(n, werk, None)
        if a.postgres:
            herbeoordeling(n, werk, a.postgres)


if __name__ == "__main__":
    main()
