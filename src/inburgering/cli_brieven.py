"""Commands for DUO's letters to persons and the opt-in group: ``inburgering brieven`` and the replay outputs
``--brieven`` (contract §5.3) and ``--opt-in`` (§5.4)."""

from __future__ import annotations

import sys

import orjson

from .cli import _datum, _django, _fout


def schrijf_brieven(out) -> None:
    """``replay --brieven``: every letter in sending order."""
    from .dienst import brieven

    for dag, bsn, wet, soort in brieven.alle().values_list("dag", "bsn", "wet", "soort").iterator():
        out.write(orjson.dumps({"datum": dag.isoformat(), "bsn": bsn, "wet": wet, "soort": soort}) + b"\n")


def schrijf_opt_in(out) -> None:
    """``replay --opt-in``: the opt-in group at the end, sorted by BSN."""
    from .dienst import brieven

    for lid in brieven.opt_in_groep():
        out.write(orjson.dumps(lid.als_contract()) + b"\n")


def cmd_brieven(args) -> int:
    import os

    if args.map and not os.path.isdir(args.map):
        return _fout([f"--map {args.map}: map bestaat niet"])
    _django()
    from .dienst import brieven_pdf

    dag, bestanden, n = brieven_pdf.schrijf_dag(args.datum, args.map or ".")
    if dag is None:
        return _fout(["er zijn nog geen brieven verstuurd"])
    if not n:
        print(f"geen brieven op {dag.isoformat()}", file=sys.stderr)
        return 0
    for pad in bestanden:
        print(pad)
    print(f"{n} brieven van {dag.isoformat()}: één PDF per brief en de drukstraatbundel", file=sys.stderr)
    return 0


def voeg_toe(sub) -> None:
    b = sub.add_parser("brieven", help="de brieven van DUO aan personen van één dag als PDF, plus één bundel voor de "
                                       "drukstraat (contract §5.3)")
    b.add_argument("--datum", type=_datum, help="de verzenddag (standaard: de laatste dag met brieven)")
    b.add_argument("--map", help="waar de PDF's komen (standaard: de huidige map)")
    b.set_defaults(func=cmd_brieven)
