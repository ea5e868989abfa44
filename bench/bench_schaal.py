"""Benchmark at national scale on PostgreSQL: ingest, engine to today, re-determination dry run and apply with
1 and 2 workers, each bulk path against the floor of the same rows through COPY. Prints figures; asserts nothing.

    .venv/bin/python bench/bench_schaal.py opzet --personen 1000000 --db schaal_bench
    .venv/bin/python bench/bench_schaal.py herbeoordeling --db schaal_bench --werkers 1 2

``opzet``: a fresh database ``--db`` (dropped first: use a database of your own), the population of
``genereer`` (seed 2022): its register of gemeenten and COA locations processed up to the end of 2023, then
the persons' messages taken in through ``neem_bestand_op`` (COPY) as messages that arrive after the engine
has passed their days, so the one engine determines everyone once, in a single day (its late-arrival path);
then a copy of the database as template ``<db>_basis``. ``herbeoordeling``: per worker count a fresh copy of the
template, the rule variant switched to the January 2022 fault (begin date ``vaststelling``, address filter
``brp_adresfilter``), then ``inburgering herbeoordeling --proef`` and ``--uitvoeren`` as subprocesses (wall
time, peak memory of the process tree), and the time per chunk split into reading, determining and writing
(from the run's chunk records). Floors: the same rows copied with COPY into empty copies of the tables.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "out"
PY = sys.executable
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def log(**kw) -> None:
    kw = {"t": time.strftime("%H:%M:%S", time.gmtime()), **kw}
    print(json.dumps(kw, ensure_ascii=False), flush=True)


def psql(db: str, sql: str) -> str:
    return subprocess.run(["psql", f"{PG}/{db}", "-Atqc", sql], check=True, capture_output=True, text=True).stdout


def maak_db(naam: str, template: str | None = None) -> None:
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", naam], check=True)
    cmd = ["createdb", "-h", "127.0.0.1", "-U", "postgres", naam]
    if template:
        cmd += ["-T", template]
    subprocess.run(cmd, check=True)


def django(db: str) -> None:
    os.environ["DATABASE_URL"] = f"{PG}/{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django as dj

    dj.setup()


def rss_boom(pid: int) -> int:
    kinderen: dict[int, list[int]] = {}
    for naam in os.listdir("/proc"):
        if naam.isdigit():
            try:
                stat = Path(f"/proc/{naam}/stat").read_bytes()
            except OSError:
                continue
            kinderen.setdefault(int(stat[stat.rindex(b")") + 2:].split()[1]), []).append(int(naam))
    totaal, rij = 0, [pid]
    while rij:
        p = rij.pop()
        try:
            totaal += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
        rij.extend(kinderen.get(p, ()))
    return totaal


def meet(cmd: list[str], env: dict) -> dict:
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    piek, klaar = 0, threading.Event()

    def bemonster():
        nonlocal piek
        while not klaar.wait(0.5):
            piek = max(piek, rss_boom(proc.pid))

    threading.Thread(target=bemonster, daemon=True).start()
    uit, fout = proc.communicate()
    klaar.set()
    if proc.returncode:
        raise SystemExit(fout[-3000:])
    return {"seconden": round(time.perf_counter() - t, 1), "piek_mb": round(piek / 2**20), "stdout": uit, "stderr": fout}


# --- floors: the same rows through COPY ------------------------------------------------------------------------

def vloer(db: str, tabel: str, select: str, kolommen: str) -> float:
    """Seconds to COPY the rows of ``select`` into an empty copy of ``tabel`` (with its indexes)."""
    import psycopg

    with psycopg.connect(f"{PG}/{db}", autocommit=True) as c:
        buf = io.BytesIO()
        with c.cursor().copy(f"COPY ({select}) TO STDOUT") as kopie:
            for deel in kopie:
                buf.write(deel)
        c.execute(f"DROP TABLE IF EXISTS vloer_{tabel}")
        c.execute(f"CREATE TABLE vloer_{tabel} (LIKE {tabel} INCLUDING ALL)")
        t = time.perf_counter()
        with c.transaction():
            with c.cursor().copy(f"COPY vloer_{tabel} ({kolommen}) FROM STDIN") as kopie:
                kopie.write(buf.getvalue())
        dt = time.perf_counter() - t
        c.execute(f"DROP TABLE vloer_{tabel}")
    return dt


def lees_vloer(db: str) -> float:
    """Seconds to COPY out what a re-determination reads: messages, persons, open visibility rows."""
    import psycopg

    t = time.perf_counter()
    with psycopg.connect(f"{PG}/{db}") as c:
        for select in ("SELECT bsn, volgnummer, inhoud, regel FROM keten_bericht WHERE bsn IS NOT NULL "
                       "ORDER BY bsn, dag, ontvangen, volgnummer",
                       "SELECT * FROM keten_persoon ORDER BY bsn",
                       "SELECT bsn, wet, gemeente FROM keten_zichtbaarheid WHERE tot IS NULL ORDER BY bsn"):
            with c.cursor().copy(f"COPY ({select}) TO STDOUT") as kopie:
                for _ in kopie:
                    pass
    return time.perf_counter() - t


# --- steps -----------------------------------------------------------------------------------------------------

def opzet(args) -> None:
    bestand = OUT / f"pop-{args.personen}-zonder.jsonl"
    if not bestand.exists():
        sys.path.insert(0, str(ROOT / "src"))
        import orjson

        from inburgering.genereer import genereer_berichten

        with open(bestand, "wb") as f:
            for b in genereer_berichten(args.personen, 2022):
                f.write(orjson.dumps(b) + b"\n")
    # The register of gemeenten and COA locations first (processed up to the end of 2023), then the persons'
    # messages as late arrivals: the engine determines each person once, in one day.
    globaal, personen = OUT / f"pop-{args.personen}-globaal.jsonl", OUT / f"pop-{args.personen}-personen.jsonl"
    regels = 0
    with open(bestand, "rb") as f, open(globaal, "wb") as g, open(personen, "wb") as p:
        for regel in f:
            regels += 1
            (g if b'"type":"duo.gemeente"' in regel or b'"type":"coa.locatie"' in regel else p).write(regel)
    maak_db(args.db)
    django(args.db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from inburgering.dienst.engine import Engine
    from inburgering.dienst.intake import neem_bestand_op
    from inburgering.dienst.klok import VasteKlok
    from inburgering.keten import models as m

    neem_bestand_op(globaal)
    Engine(VasteKlok(date(2023, 12, 31))).verwerk_tot(date(2023, 12, 31))
    t = time.perf_counter()
    _, n, _ = neem_bestand_op(personen)
    intake = time.perf_counter() - t
    psql(args.db, "VACUUM ANALYZE keten_bericht")
    uit = {"stap": "ingest", "personen": args.personen, "regels": regels, "berichten": n, "seconden": round(intake, 1)}
    if args.vloer:
        kol = "levering_id, regel, bericht_id, type, dag, ontvangen, bsn, inhoud"
        v = vloer(args.db, "keten_bericht", f"SELECT {kol} FROM keten_bericht WHERE bsn IS NOT NULL", kol)
        uit.update(vloer_copy=round(v, 1), verhouding=round(intake / v, 2))
    log(**uit)
    import resource

    t = time.perf_counter()
    notificaties = Engine(VasteKlok(date(2024, 1, 1))).verwerk_tot(date(2024, 1, 1))
    dt = time.perf_counter() - t
    log(stap="engine tot vandaag (één dag, één proces)", personen=m.Persoon.objects.count(), notificaties=notificaties,
        seconden=round(dt, 1), personen_per_s=round(m.Persoon.objects.count() / dt),
        piek_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    from django.db import connections

    connections.close_all()
    psql(args.db, "VACUUM ANALYZE")
    maak_db(f"{args.db}_basis", template=args.db)
    log(stap="template", db=f"{args.db}_basis", grootte=psql(args.db, f"SELECT pg_size_pretty(pg_database_size('{args.db}'))").strip())


def herbeoordeling(args) -> None:
    env = {**os.environ, "DATABASE_URL": f"{PG}/{args.db}", "CELERY_BROKER_URL": ""}
    for werkers in args.werkers:
        maak_db(args.db, template=f"{args.db}_basis")
        psql(args.db, "UPDATE keten_ketenstand SET begindatum_variant = 'vaststelling', koppeling_variant = 'brp_adresfilter'")
        for soort in ("--proef", "--uitvoeren"):
            if soort == "--proef" and not args.proef:
                continue
            r = meet([PY, "-m", "inburgering.cli", "herbeoordeling", soort, "--werkers", str(werkers), "--stil",
                      "--lokaal"], env)
            run = int(psql(args.db, "SELECT max(id) FROM keten_herbeoordeling"))
            tijden = json.loads(psql(args.db, "SELECT json_build_object('lezen', sum((tijden->>'lezen')::float), "
                                              "'vouwen', sum((tijden->>'vouwen')::float), "
                                              "'bepalen', sum((tijden->>'bepalen')::float), "
                                              "'schrijven', sum((tijden->>'schrijven')::float), 'delen', count(*)) "
                                              f"FROM keten_herbeoordelingdeel WHERE run_id = {run}"))
            rapport = json.loads(psql(args.db, f"SELECT rapport FROM keten_herbeoordeling WHERE id = {run}"))
            personen = rapport["personen"]
            uitslag = {"stap": f"herbeoordeling {soort[2:]}", "werkers": werkers, "personen": personen,
                       "notificaties": rapport.get("notificaties"), "seconden": r["seconden"],
                       "personen_per_s": round(personen / r["seconden"]), "piek_mb_alle_processen": r["piek_mb"],
                       "cpu_seconden_per_deel_som": {k: round(v or 0, 1) for k, v in tijden.items() if k != "delen"},
                       "delen": tijden["delen"]}
            if soort == "--uitvoeren":
                uitslag["geschreven"] = schrijf_vloer(args.db, run)
            log(**uitslag)
    if args.leesvloer:
        log(stap="leesvloer: COPY TO van berichten, personen, open zichtbaarheid", seconden=round(lees_vloer(args.db), 1))


def schrijf_vloer(db: str, run: int) -> dict:
    """The rows the apply wrote, copied again into empty copies of their tables: the floor of the writes.
    New rows are those above the template's highest id; changed rows are copied whole (persons: all of them,
    an upper bound; closed visibility rows; purged notifications)."""
    dag = psql(db, f"SELECT dag FROM keten_herbeoordeling WHERE id = {run}").strip()
    basis = int(psql(db, f"SELECT volgorde_basis FROM keten_herbeoordeling WHERE id = {run}"))
    sjabloon = f"{db}_basis" if not db.endswith("_basis") else db
    hoogste = {t: int(psql(sjabloon, f"SELECT coalesce(max(id), 0) FROM {t}") or 0)
               for t in ("keten_bepaling", "keten_zichtbaarheid", "keten_notificatie")}
    uit, totaal = {}, 0.0
    for naam, tabel, waar in (
            ("nieuwe notificaties", "keten_notificatie", f"volgorde > {basis}"),
            ("opgeschoonde notificaties", "keten_notificatie", f"verwijderd_op = '{dag}' AND id <= {hoogste['keten_notificatie']}"),
            ("nieuwe bepalingen", "keten_bepaling", f"id > {hoogste['keten_bepaling']}"),
            ("nieuwe zichtbaarheid", "keten_zichtbaarheid", f"id > {hoogste['keten_zichtbaarheid']}"),
            ("gesloten zichtbaarheid", "keten_zichtbaarheid", f"tot = '{dag}' AND id <= {hoogste['keten_zichtbaarheid']}"),
            ("personen (alle, bovengrens)", "keten_persoon", "true")):
        kolommen = psql(db, "SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) FROM information_schema.columns "
                            f"WHERE table_name = '{tabel}'" + (" AND column_name <> 'id'" if tabel != "keten_persoon" else "")).strip()
        n = int(psql(db, f"SELECT count(*) FROM {tabel} WHERE {waar}"))
        v = vloer(db, tabel, f"SELECT {kolommen} FROM {tabel} WHERE {waar}", kolommen)
        totaal += v
        uit[naam] = {"rijen": n, "vloer_copy_s": round(v, 2)}
    uit["vloer_totaal_s"] = round(totaal, 1)
    return uit


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="stap", required=True)
    o = sub.add_parser("opzet")
    o.add_argument("--personen", type=int, default=1_000_000)
    o.add_argument("--db", default="schaal_bench")
    o.add_argument("--vloer", action=argparse.BooleanOptionalAction, default=True)
    h = sub.add_parser("herbeoordeling")
    h.add_argument("--db", default="schaal_bench")
    h.add_argument("--werkers", type=int, nargs="+", default=[1, 2])
    h.add_argument("--proef", action=argparse.BooleanOptionalAction, default=True)
    h.add_argument("--leesvloer", action=argparse.BooleanOptionalAction, default=True)
    v = sub.add_parser("vloer", help="the write floor of a run already applied in --db")
    v.add_argument("--db", default="schaal_bench")
    v.add_argument("--run", type=int, required=True)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    log(machine=f"{os.cpu_count()} cores", load=os.getloadavg())
    if args.stap == "vloer":
        tijden = psql(args.db, "SELECT json_build_object('lezen', sum((tijden->>'lezen')::float), "
                               "'vouwen', sum((tijden->>'vouwen')::float), 'bepalen', sum((tijden->>'bepalen')::float), "
                               f"'schrijven', sum((tijden->>'schrijven')::float)) FROM keten_herbeoordelingdeel WHERE run_id = {args.run}")
        log(stap="schrijfvloer", run=args.run, tijden=json.loads(tijden), geschreven=schrijf_vloer(args.db, args.run))
        return
    {"opzet": opzet, "herbeoordeling": herbeoordeling}[args.stap](args)


if __name__ == "__main__":
    main()
