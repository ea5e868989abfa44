"""Benchmark ``inburgering determine`` on synthetic populations (not a test).

For each population size: generate it with ``inburgering genereer`` to a temporary file, run
``inburgering determine`` on it as a subprocess (output to a file, so writing is included) and print
wall time, persons per second, and memory: the peak RSS of the largest single process (from the
kernel's rusage of the child and its descendants) and the peak of the summed RSS of the whole process
tree (sampled every 0.2 s: the workers of the parallel path run side by side).

    .venv/bin/python bench/bench_determine.py                       # 100k and 1M persons
    .venv/bin/python bench/bench_determine.py --personen 10000 100000 --werkers 1

Target: 1M persons in under 60 s on 2 cores, growing linearly; at most 5x the parse floor (one process
doing only ``json.loads`` of every line of the same file; ``orjson`` is printed as well).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PAGINA = os.sysconf("SC_PAGE_SIZE")


def _kinderen() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for naam in os.listdir("/proc"):
        if not naam.isdigit():
            continue
        try:
            with open(f"/proc/{naam}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
        out.setdefault(ppid, []).append(int(naam))
    return out


def _rss_boom(pid: int) -> int:
    """Summed resident memory (bytes) of ``pid`` and all its descendants."""
    kinderen = _kinderen()
    totaal, rij = 0, [pid]
    while rij:
        p = rij.pop()
        try:
            with open(f"/proc/{p}/statm", "rb") as f:
                totaal += int(f.read().split()[1]) * PAGINA
        except OSError:
            pass
        rij.extend(kinderen.get(p, ()))
    return totaal


def meet(cmd: list[str], stdout, env=None) -> dict:
    """Run ``cmd``; wall time, exit code, peak single-process RSS and peak summed tree RSS (bytes)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, env=env)
    piek_boom = 0
    klaar = threading.Event()

    def bemonster():
        nonlocal piek_boom
        while not klaar.wait(0.2):
            piek_boom = max(piek_boom, _rss_boom(proc.pid))

    t = threading.Thread(target=bemonster, daemon=True)
    t.start()
    _, status, rusage = os.wait4(proc.pid, 0)
    wand = time.perf_counter() - t0
    klaar.set()
    t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wand": wand, "code": proc.returncode, "piek_proces": rusage.ru_maxrss * 1024,
            "piek_boom": max(piek_boom, rusage.ru_maxrss * 1024), "cpu": rusage.ru_utime + rusage.ru_stime}


_VLOER = "import {m}, sys\nloads = {m}.loads\nwith open(sys.argv[1], 'rb') as f:\n    for regel in f:\n        loads(regel)\n"


def parse_vloer(pad, module: str = "json") -> float:
    """The parse floor: one process doing nothing but ``json.loads`` (the issue's measure; ``orjson``: the
    parser the project uses) of every line of the file (wall seconds)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", _VLOER.format(m=module), str(pad)], check=True)
    return time.perf_counter() - t


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f} MB"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--personen", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--peildatum", default="2025-07-01")
    ap.add_argument("--werkers", type=int, help="INBURGERING_WERKERS for determine (default: its own choice)")
    ap.add_argument("--map", help="directory for the files (default: a temporary one, removed afterwards)")
    ap.add_argument("--houd", action="store_true", help="keep the generated files")
    args = ap.parse_args(argv)

    inburgering = [sys.executable, "-m", "inburgering.cli"]
    env = dict(os.environ)
    if args.werkers:
        env["INBURGERING_WERKERS"] = str(args.werkers)
    map_ = Path(args.map) if args.map else Path(tempfile.mkdtemp(prefix="bench-determine-"))
    map_.mkdir(parents=True, exist_ok=True)
    print(f"# {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}; files in {map_}", flush=True)
    kop = f"{'personen':>10} {'regels':>10} {'genereer':>9} {'determine':>10} {'personen/s':>11} " \
          f"{'cpu':>8} {'piek proces':>12} {'piek totaal':>12} {'parsevloer':>11} {'verhouding':>10}"
    print(kop, flush=True)
    try:
        for n in args.personen:
            invoer = map_ / f"populatie-{n}-{args.seed}.jsonl"
            uitvoer = map_ / f"determine-{n}-{args.seed}.jsonl"
            with open(os.devnull, "wb") as leeg:
                g = meet([*inburgering, "genereer", "--personen", str(n), "--seed", str(args.seed), "-o", str(invoer)],
                         leeg)
            if g["code"] != 0:
                print(f"genereer faalde ({g['code']})", file=sys.stderr)
                return 1
            with open(invoer, "rb") as f:
                regels = sum(1 for _ in f)
            with open(uitvoer, "wb") as uit:
                d = meet([*inburgering, "determine", str(invoer), "--peildatum", args.peildatum], uit, env)
            if d["code"] != 0:
                print(f"determine faalde ({d['code']})", file=sys.stderr)
                return 1
            with open(uitvoer, "rb") as f:
                bepaald = sum(1 for _ in f)
            if bepaald != n:
                print(f"determine gaf {bepaald} regels voor {n} personen", file=sys.stderr)
                return 1
            vloer, vloer_orjson = parse_vloer(invoer), parse_vloer(invoer, "orjson")
            print(f"{n:>10,} {regels:>10,} {g['wand']:>8.1f}s {d['wand']:>9.1f}s {n / d['wand']:>11,.0f} "
                  f"{d['cpu']:>7.1f}s {_mb(d['piek_proces']):>12} {_mb(d['piek_boom']):>12} {vloer:>10.1f}s "
                  f"{d['wand'] / vloer:>9.1f}x  (orjson-vloer {vloer_orjson:.1f}s)", flush=True)
            if not args.houd:
                invoer.unlink()
                uitvoer.unlink()
    finally:
        if not args.map and not args.houd:
            shutil.rmtree(map_, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
