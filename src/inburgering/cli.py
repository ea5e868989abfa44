"""The ``inburgering`` command. Commands that need the database set up Django first; ``determine``
works on an in-memory store and starts in milliseconds."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date



def _datum(s: str) -> date:
    try:
        d = date.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{s!r} is geen datum JJJJ-MM-DD") from None
    if not 1900 <= d.year <= 2200:
        raise argparse.ArgumentTypeError(f"{s!r} ligt niet tussen 1900 en 2200")
    return d


def _fout(regels: list[str]) -> int:
    for r in regels:
        print(r, file=sys.stderr)
    return 1


def cmd_determine(args) -> int:
    from .dienst.bepalen import bepaal_bestand
    from .domein.berichten import InvoerFout

    try:
        from .dienst.klok import huidige_klok

        uitvoer = bepaal_bestand(args.bestand, args.peildatum or huidige_klok().vandaag(), uitleg=args.uitleg)
    except InvoerFout as e:
        return _fout(e.fouten)
    out = sys.stdout.buffer
    for regel in uitvoer:
        out.write(regel)
        out.write(b"\n")
    return 0


def cmd_genereer(args) -> int:
    from .genereer import schrijf

    schrijf(args.personen, args.seed, args.uitvoer)
    return 0


def _django(database_url: str | None = None, migreer: bool = True):
    """Set Django up for a command (on ``database_url`` if given) and bring the schema up to date."""
    if database_url is not None:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    import django

    django.setup()
    if migreer:
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)


def maak_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="inburgering", description="De inburgeringsketen: DUO's kant.")
    sub = p.add_subparsers(dest="commando", required=True)

    d = sub.add_parser("determine", help="bepaal de inburgeringsplicht van elk BSN in een bestand (contract §2)")
    d.add_argument("bestand")
    d.add_argument("--peildatum", type=_datum)
    d.add_argument("--uitleg", action="store_true", help="voeg de uitleg per stap toe (leesbaar Nederlands)")
    d.set_defaults(func=cmd_determine)

    g = sub.add_parser("genereer", help="genereer een synthetische populatie als ketenberichten (JSON Lines)")
    g.add_argument("--personen", type=int, required=True)
    g.add_argument("--seed", type=int, default=1)
    g.add_argument("--uitvoer", "-o", help="bestand (standaard: stdout)")
    g.set_defaults(func=cmd_genereer)

    from . import cli_brieven, cli_keten, cli_m2m, cli_portaal

    cli_keten.voeg_toe(sub)
    cli_brieven.voeg_toe(sub)
    cli_portaal.voeg_toe(sub)
    cli_m2m.voeg_toe(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = maak_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
