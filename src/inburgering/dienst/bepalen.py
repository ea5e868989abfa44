"""Service: determine every person in a file (contract §2) with the law's rules.

Uses an in-memory store: the file's messages folded into facts, then the domain rules. The same
rules serve the engine; only the store differs (no database needed for a one-off answer).

Large files are split over worker processes by BSN range (``_parallel``): every worker reads the
whole file, validates with the domain's own ``valideer_object`` the lines whose BSN falls in its
range (plus every ``coa.locatie`` and ``duo.gemeente``, which all workers need), folds them with the domain's
``bouw_feiten`` in the same effect order as one process would (``ontvangen``, ties in file order), and
writes its determinations sorted by BSN. The ranges are ordered, so the workers' outputs concatenated
are the single-process output, byte for byte. All-or-nothing holds: the parent waits until every
worker has validated its share and the message ids have been checked across workers before it
returns anything. Whenever the fast path cannot vouch for that (a bad line, a duplicate id, a line
whose BSN could not be read cheaply, a crashed worker), it falls back to the single-process path,
which reports the faults exactly as ``lees_bestand`` does (or, if there are none, gives the answer).
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
import shutil
import tempfile
import traceback
import weakref
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from datetime import date
from operator import attrgetter

import orjson

from ..domein.bepaling import bepaal
from ..domein.berichten import Bericht, lees_bestand, onbekende_personen, valideer_object
from ..domein.feiten import bouw_feiten
from ..domein.samenvatting import gemeentenamen_uit, samenvatting
from ..domein.uitleg import regel_met_bron
from ..domein.variant import WETTELIJK

PARALLEL_VANAF_BYTES = 8 << 20  # smaller files: one process (forking costs more than it saves)
_BSN_IN_REGEL = re.compile(rb'"bsn"\s*:\s*"([^"\\]*)"')
_BSN_COMPACT = b'"bsn":"'  # how orjson and most writers put it; anything else goes through the regex
_COA_LOCATIE = b"coa.locatie"
_GEMEENTE = b"duo.gemeente"  # the register of gemeenten: every worker needs the names for the summary
_VOOR_ALLEN = ("coa.locatie", "duo.gemeente")


def bepaal_bestand(pad, peildatum: date, uitleg: bool = False, *, werkers: int | None = None) -> Iterator[bytes]:
    """Validate the whole file (raising ``InvoerFout`` before anything is returned), then determine.

    Returns an iterator of JSON lines (bytes, no newline), sorted by BSN. ``werkers``: number of worker
    processes (default: environment ``INBURGERING_WERKERS``, else the CPUs available, at most 4; files
    under ``PARALLEL_VANAF_BYTES`` use one process unless ``werkers`` is given).
    """
    n = _aantal_werkers(pad, werkers)
    if n > 1:
        uitvoer = _parallel(pad, peildatum, uitleg, n)
        if uitvoer is not None:
            return uitvoer
    return _enkel(pad, peildatum, uitleg)


def _enkel(pad, peildatum: date, uitleg: bool) -> Iterator[bytes]:
    berichten = lees_bestand(pad)
    personen, locaties = bouw_feiten(berichten)
    namen = gemeentenamen_uit(berichten) if uitleg else {}
    del berichten
    return _uitvoer(personen, locaties, peildatum, uitleg, namen)


def _uitvoer(personen, locaties, peildatum, uitleg, namen=None) -> Iterator[bytes]:
    for bsn in sorted(personen):
        b = bepaal(personen[bsn], peildatum, WETTELIJK, locaties)
        d = b.als_contract()
        d["gedetailleerdeDoelgroep"] = b.gedetailleerde_doelgroep
        d["einddatum"] = b.einddatum.isoformat() if b.einddatum else None
        if uitleg:
            d["uitleg"] = [regel_met_bron(s) for s in b.stappen]  # the jurist's trace: facts, rule, article
            d["samenvatting"] = " ".join(samenvatting(b.stappen, namen))  # the consulent's summary
        yield orjson.dumps(d)


# --- Parallel: workers by BSN range ------------------------------------------------------------------


def _aantal_werkers(pad, gevraagd: int | None) -> int:
    if gevraagd is not None:
        return max(1, gevraagd)
    env = os.environ.get("INBURGERING_WERKERS")
    if env:
        return max(1, int(env))
    try:
        if os.path.getsize(pad) < PARALLEL_VANAF_BYTES:
            return 1
    except OSError:
        return 1  # let the single-process path report it
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return min(cpus, 4)


def _grenzen(pad, werkers: int, monsters: int = 2048) -> list[bytes]:
    """BSN boundaries splitting the file's lines into ``werkers`` ranges of about equal size (sampled)."""
    grootte = os.path.getsize(pad)
    gevonden: list[bytes] = []
    with open(pad, "rb") as f:
        for i in range(monsters):
            f.seek(grootte * i // monsters)
            if i:
                f.readline()  # skip the partial line
            m = _BSN_IN_REGEL.search(f.readline())
            if m:
                gevonden.append(m.group(1))
    gevonden.sort()
    if len(gevonden) < werkers:
        return []
    return sorted({gevonden[len(gevonden) * k // werkers] for k in range(1, werkers)})


def _parallel(pad, peildatum: date, uitleg: bool, werkers: int) -> Iterator[bytes] | None:
    """Start the workers and wait until the file is validated; None: use the single-process path."""
    try:
        grenzen = _grenzen(pad, werkers)
    except OSError:
        return None
    if not grenzen:
        return None
    werkers = len(grenzen) + 1
    try:
        ctx = multiprocessing.get_context("fork")  # workers share the parent's str hash secret (id check)
    except ValueError:
        return None
    tmp = tempfile.mkdtemp(prefix="inburgering-determine-")
    processen, verbindingen, uitpaden = [], [], []
    try:
        for k in range(werkers):
            ontvanger, zender = ctx.Pipe(duplex=False)
            uitpad = os.path.join(tmp, f"deel-{k}.jsonl")
            p = ctx.Process(target=_werker, args=(k, pad, grenzen, peildatum, uitleg, zender, uitpad), daemon=True)
            p.start()
            zender.close()
            processen.append(p)
            verbindingen.append(ontvanger)
            uitpaden.append(uitpad)
        # All-or-nothing: every share validated, and no message id used in two shares.
        gezien: set[int] = set()
        for c in verbindingen:
            try:
                antwoord = _ontvang(c)
            except RuntimeError:  # a worker died while validating: let one process do it all
                raise _TerugvalNaarEnkel from None
            if antwoord[0] != "geldig":
                raise _TerugvalNaarEnkel
            ids = array("q")
            ids.frombytes(antwoord[1])
            if not gezien.isdisjoint(ids):
                raise _TerugvalNaarEnkel
            gezien.update(ids)
        del gezien
    except _TerugvalNaarEnkel:
        _ruim_op(processen, tmp)
        return None
    except BaseException:
        _ruim_op(processen, tmp)
        raise
    uitvoer = _verzamel(processen, verbindingen, uitpaden, tmp)
    weakref.finalize(uitvoer, _ruim_op, processen, tmp)  # also when the caller never iterates
    return uitvoer


class _TerugvalNaarEnkel(Exception):
    pass


def _ontvang(c):
    try:
        antwoord = c.recv()
    except EOFError:
        raise RuntimeError("determine: een werkproces is onverwacht gestopt") from None
    if antwoord[0] == "crash":
        raise RuntimeError(f"determine: fout in een werkproces:\n{antwoord[1]}")
    return antwoord


def _verzamel(processen, verbindingen, uitpaden, tmp) -> Iterator[bytes]:
    try:
        for c, uitpad in zip(verbindingen, uitpaden):
            _ontvang(c)  # ("klaar", n)
            with open(uitpad, "rb") as f:
                for regel in f:
                    yield regel[:-1]
            os.unlink(uitpad)
        for p in processen:
            p.join()
    finally:
        _ruim_op(processen, tmp)


def _ruim_op(processen, tmp) -> None:
    for p in processen:
        if p.is_alive():
            p.terminate()
        p.join()
    shutil.rmtree(tmp, ignore_errors=True)


def _werker(k: int, pad, grenzen: list[bytes], peildatum: date, uitleg: bool, zender, uitpad: str) -> None:
    try:
        # Millions of long-lived objects and no cycles worth collecting: the cyclic GC only costs time here.
        gc.disable()
        berichten = _lees_deel(k, pad, grenzen, zender)
        if berichten is None:
            return
        namen = gemeentenamen_uit(berichten) if uitleg else {}
        personen, locaties = bouw_feiten(_leeg(berichten))
        n = 0
        with open(uitpad, "wb", buffering=1 << 20) as f:
            for regel in _uitvoer(personen, locaties, peildatum, uitleg, namen):
                f.write(regel)
                f.write(b"\n")
                n += 1
        zender.send(("klaar", n))
    except BaseException:
        zender.send(("crash", traceback.format_exc()))
    finally:
        zender.close()


def _leeg(berichten: list) -> Iterator:
    """The messages in order, each let go once folded: the messages and the facts are not both held."""
    berichten.reverse()
    pop = berichten.pop
    while berichten:
        yield pop()


def _lees_deel(k: int, pad, grenzen: list[bytes], zender):
    """Validate this worker's share of the lines; tell the parent the outcome (and the ids used)."""
    berichten = []
    ids: set[str] = set()
    eigen_ids = array("q")
    loads = orjson.loads
    zoek = _BSN_IN_REGEL.search
    with open(pad, "rb") as f:
        for nr, regel in enumerate(f, start=1):
            # Which share a line belongs to, read cheaply; checked against the parsed BSN below.
            i = regel.find(_BSN_COMPACT)
            if i >= 0:
                eigenaar = bisect_right(grenzen, regel[i + 7:i + 16])
            else:
                m = zoek(regel)
                eigenaar = bisect_right(grenzen, m.group(1)) if m else 0
            if eigenaar != k and _COA_LOCATIE not in regel and _GEMEENTE not in regel:
                continue
            if not regel.strip():
                continue
            try:
                obj = loads(regel)
            except orjson.JSONDecodeError:
                zender.send(("fout",))
                return None
            b, fouten = valideer_object(obj, nr)
            if fouten:
                zender.send(("fout",))
                return None
            if eigenaar == k:
                bsn = b.velden.get("bsn")
                if (0 if bsn is None else bisect_right(grenzen, bsn.encode())) != k:
                    zender.send(("anders",))  # the cheap BSN read disagrees with the parsed one
                    return None
            elif b.type not in _VOOR_ALLEN:
                continue
            if b.id is not None:
                if b.id in ids:
                    # Duplicate ids are rare: let the single-process path apply its exact rule.
                    zender.send(("anders",))
                    return None
                ids.add(b.id)
                if eigenaar == k:
                    eigen_ids.append(hash(b.id))
            # Without ``ruw`` (only needed to compare duplicate ids, which never get here): orjson's
            # output buffers are kilobytes each, and there are millions of messages.
            berichten.append(Bericht(b.regel, b.type, b.ontvangen, b.id, b.velden))
    del ids
    berichten.sort(key=attrgetter("ontvangen"))  # stable: file order on ties, as lees_regels
    if onbekende_personen(berichten):  # a person's messages all fall in one share: the same check as lees_regels
        zender.send(("fout",))
        return None
    zender.send(("geldig", eigen_ids.tobytes()))
    return berichten
