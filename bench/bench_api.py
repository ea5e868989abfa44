"""Benchmark: GET /v1/personen/{bsn}/inburgeringsplicht under concurrent load from a second process (wrk).

    .venv/bin/python bench/bench_api.py [--personen 5000] [--duur 20] [--verbindingen 16] [--workers 2 --threads 8]

Builds a population in a fresh SQLite database (or ``DATABASE_URL``) through intake and the engine, starts
``inburgering serve`` (gunicorn; header identification), and lets wrk (Debian package ``wrk``) request random
persons of the gemeente with fresh headers per request. Server and load generator share the machine's cores.
Prints requests/s, latency percentiles and errors as JSON; target ≥ 1000 req/s, p99 < 100 ms, 0 errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from _gedeeld import vrije_poort

import orjson

DUO = "00000001800866472000"
OIN = "00000001002564440000"

LUA = r"""
local bsns = {}
for regel in io.lines("%(bsns)s") do bsns[#bsns + 1] = regel end
math.randomseed(os.time())
local function uuid()
  return string.format("%%08x-%%04x-4%%03x-%%04x-%%012x", math.random(0, 0x7fffffff), math.random(0, 0xffff),
    math.random(0, 0xfff), math.random(0x8000, 0xbfff), math.random(0, 0x7fffffff) * 0x10000 + math.random(0, 0xffff))
end
request = function()
  local bsn = bsns[math.random(#bsns)]
  return wrk.format("GET", "/v1/personen/" .. bsn .. "/inburgeringsplicht",
    {["bron"] = "%(oin)s", ["doel"] = "%(duo)s", ["berichtId"] = uuid()})
end
local fouten = 0
response = function(status, headers, body)
  if status ~= 200 then fouten = fouten + 1 end
end
done = function(summary, latency, requests)
  io.write(string.format("JSON {\"requests\": %%d, \"duration_us\": %%d, \"p50_us\": %%d, \"p90_us\": %%d, \"p99_us\": %%d, \"max_us\": %%d, \"errors_connect\": %%d, \"errors_read\": %%d, \"errors_write\": %%d, \"errors_status\": %%d, \"errors_timeout\": %%d}\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout))
end
"""


def bsns(n: int) -> list[str]:
    from stdnum.nl import bsn

    out, i = [], 200000000
    while len(out) < n:
        i += 1
        s = str(i)
        if bsn.is_valid(s):
            out.append(s)
    return out


def populatie(n: int) -> tuple[list[bytes], list[str]]:
    lijst = bsns(n)
    regels = [orjson.dumps({"id": "g", "type": "duo.gemeente", "ontvangen": "2023-01-01", "gemeentecode": "0363",
                            "naam": "Amsterdam", "oin": OIN})]
    start = date(2024, 1, 2)
    for i, b in enumerate(lijst):
        dag = (start + timedelta(days=i % 50)).isoformat()
        regels += [
            orjson.dumps({"id": f"p{i}", "type": "brp.persoon", "ontvangen": "2023-06-01", "bsn": b,
                          "geboortedatum": "1990-01-01", "geslachtsnaam": "Test", "nationaliteiten": ["MAR"]}),
            orjson.dumps({"id": f"r{i}", "type": "ind.verblijfsrecht", "ontvangen": dag, "bsn": b,
                          "verblijfsdoel": "gezinsvorming", "datum_beschikking": dag, "ingangsdatum": dag}),
            orjson.dumps({"id": f"a{i}", "type": "brp.verblijfplaats", "ontvangen": dag, "bsn": b, "datum": dag,
                          "gemeentecode": "0363", "postcode": "1011AB", "huisnummer": 1 + i % 500}),
            orjson.dumps({"id": f"d{i}", "type": "ind.document_uitgereikt", "ontvangen": dag, "bsn": b, "datum": dag}),
        ]
    return regels, lijst


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--personen", type=int, default=5000)
    ap.add_argument("--duur", type=int, default=20)
    ap.add_argument("--verbindingen", type=int, default=16)
    ap.add_argument("--draden", type=int, default=1, help="wrk threads")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--threads", type=int, default=8)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        print("wrk ontbreekt: apt-get install wrk", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="bench-api-"))
    env = {**os.environ, "INBURGERING_DATA": str(tmp), "INBURGERING_M2M_AUTH": "header", "INBURGERING_OIN": DUO,
           "INBURGERING_VANDAAG": "2024-03-01", "DJANGO_SETTINGS_MODULE": "inburgering.project.settings"}
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from inburgering.dienst.engine import Engine
    from inburgering.dienst.intake import neem_regels_op
    from inburgering.dienst.klok import VasteKlok
    from inburgering.keten.models import Zichtbaarheid

    t0 = time.monotonic()
    regels, lijst = populatie(args.personen)
    neem_regels_op(regels, "benchmark")
    Engine(VasteKlok(date(2024, 3, 1))).verwerk_tot(date(2024, 3, 1))
    zichtbaar = Zichtbaarheid.objects.filter(gemeente="0363", wet="Wi2021", tot__isnull=True).count()
    print(f"{args.personen} personen opgebouwd in {time.monotonic() - t0:.0f} s; {zichtbaar} zichtbaar voor 0363",
          file=sys.stderr)
    from django.db import connections

    connections.close_all()
    (tmp / "bsns.txt").write_text("\n".join(lijst) + "\n")
    (tmp / "last.lua").write_text(LUA % {"bsns": tmp / "bsns.txt", "oin": OIN, "duo": DUO})

    poort = vrije_poort()
    server = subprocess.Popen([sys.executable, "-m", "inburgering.cli", "serve", "--port", str(poort), "--workers",
                               str(args.workers), "--threads", str(args.threads), "--geen-achtergrond"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{poort}"
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", poort), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        time.sleep(1.0)
        subprocess.run(["wrk", "-t1", "-c4", "-d3s", "-s", str(tmp / "last.lua"), url], capture_output=True)  # warm-up
        r = subprocess.run(["wrk", f"-t{args.draden}", f"-c{args.verbindingen}", f"-d{args.duur}s", "--timeout", "5s",
                            "-s", str(tmp / "last.lua"), url], capture_output=True, text=True)
    finally:
        server.terminate()
        server.wait(15)
    m = re.search(r"^JSON (.*)$", r.stdout, re.M)
    if not m:
        print(r.stdout, r.stderr, file=sys.stderr)
        return 1
    w = json.loads(m.group(1))
    fouten = sum(v for k, v in w.items() if k.startswith("errors_"))
    niet_200 = re.search(r"Non-2xx or 3xx responses: (\d+)", r.stdout)
    uitslag = {
        "personen": args.personen, "gunicorn_workers": args.workers, "threads": args.threads,
        "verbindingen": args.verbindingen, "seconden": round(w["duration_us"] / 1e6, 1),
        "verzoeken": w["requests"], "per_seconde": round(w["requests"] / (w["duration_us"] / 1e6)),
        "p50_ms": round(w["p50_us"] / 1000, 1), "p90_ms": round(w["p90_us"] / 1000, 1),
        "p99_ms": round(w["p99_us"] / 1000, 1), "max_ms": round(w["max_us"] / 1000, 1),
        "fouten": fouten + (int(niet_200.group(1)) if niet_200 else 0), "cores": os.cpu_count(),
    }
    print(json.dumps(uitslag, indent=2))
    ok = uitslag["per_seconde"] >= 1000 and uitslag["p99_ms"] < 100 and uitslag["fouten"] == 0
    print("OK" if ok else "NIET GEHAALD", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
