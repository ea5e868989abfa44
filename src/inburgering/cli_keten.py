"""Commands that work on the chain's database: ingest, replay, proces, herbeoordeling, demo, serve."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date

import orjson

from .cli import _datum, _django, _fout
from .domein.wet import PERIODEN


def cmd_ingest(args) -> int:
    _django()
    from .dienst import samenstelling
    from .dienst.intake import neem_bestand_op
    from .domein.berichten import InvoerFout

    try:
        if _heeft_opt_in(args.bestand):
            return _ingest_met_opt_in(args)
        _, nieuw, dubbel = neem_bestand_op(args.bestand)
    except InvoerFout as e:
        return _fout(e.fouten)
    n = samenstelling.engine().verwerk_tot(args.tot)
    print(f"{nieuw} berichten toegevoegd, {dubbel} al aanwezig; {n} notificaties aangemaakt", file=sys.stderr)
    return 0


def _heeft_opt_in(pad) -> bool:
    with open(pad, "rb") as f:
        return any(b"duo.opt_in" in regel for regel in f)


class _OptInFout(Exception):
    def __init__(self, fouten: list[str]):
        self.fouten = fouten


def _ingest_met_opt_in(args) -> int:
    """An opt-in is judged against the chain as it stood on its day, as replay judges it, and the same file may be
    what puts the person in the group: append and process in one transaction, undone when an opt-in does not hold
    (nothing of the file applied; deliveries are handed on only at commit)."""
    from django.db import transaction

    from .dienst import samenstelling
    from .dienst.brieven import fouten_na_verwerking
    from .dienst.intake import neem_bestand_op

    try:
        with transaction.atomic():
            levering, nieuw, dubbel = neem_bestand_op(args.bestand)
            n = samenstelling.engine().verwerk_tot(args.tot)
            fouten = fouten_na_verwerking(levering) if levering is not None else []
            if fouten:
                raise _OptInFout(fouten)
    except _OptInFout as e:
        return _fout(e.fouten)
    print(f"{nieuw} berichten toegevoegd, {dubbel} al aanwezig; {n} notificaties aangemaakt", file=sys.stderr)
    return 0


def cmd_replay(args) -> int:
    from .domein.berichten import InvoerFout, lees_bestand

    try:
        berichten = lees_bestand(args.bestand)  # validate before touching any store
    except InvoerFout as e:
        return _fout(e.fouten)
    with tempfile.TemporaryDirectory(prefix="inburgering-replay-") as tmp:
        os.environ["INBURGERING_SQLITE_SYNC"] = "OFF"  # a throwaway store needs no durability
        _django(f"sqlite:///{tmp}/replay.sqlite3")
        from .dienst import samenstelling
        from .dienst.intake import neem_op
        from .dienst.klok import VasteKlok
        from .keten.models import Notificatie, Zichtbaarheid

        neem_op(berichten, str(args.bestand))
        tot = args.tot or (max(b.dag for b in berichten) if berichten else date.today())
        samenstelling.engine(VasteKlok(tot), afleveren=False).verwerk_tot(tot)
        out = sys.stdout.buffer
        if any(b.type == "duo.opt_in" for b in berichten):
            from .dienst.brieven import fouten_na_verwerking

            fouten = fouten_na_verwerking()  # an opt-in is checked against the group on its day
            if fouten:
                connections_close()
                return _fout(fouten)
        if args.brieven or args.opt_in:
            from .cli_brieven import schrijf_brieven, schrijf_opt_in

            (schrijf_brieven if args.brieven else schrijf_opt_in)(out)
        elif args.datalek:
            from .dienst.datalek import lekken_in_keten

            for lek in lekken_in_keten(einde=tot):
                out.write(orjson.dumps(lek.als_contract()) + b"\n")
        elif args.zichtbaarheid:
            rijen = (Zichtbaarheid.objects.filter(tot__isnull=True).order_by("gemeente", "wet", "bsn")
                     .values_list("gemeente", "wet", "bsn").distinct())
            for g, w, bsn in rijen:
                out.write(orjson.dumps({"gemeente": g, "wet": w, "bsn": bsn}) + b"\n")
        else:
            for n in Notificatie.objects.order_by("volgorde").values("dag", "gemeente", "wet", "gebeurtenis", "bsn").iterator():
                out.write(orjson.dumps({"datum": n["dag"].isoformat(), "gemeente": n["gemeente"], "wet": n["wet"],
                                        "gebeurtenisId": n["gebeurtenis"], "bsn": n["bsn"]}) + b"\n")
        out.flush()
        connections_close()
    return 0


def connections_close() -> None:
    from django.db import connections

    connections.close_all()


def cmd_datalek(args) -> int:
    if args.van and args.tot and args.van > args.tot:
        return _fout([f"--van {args.van} ligt na --tot {args.tot}"])
    for pad in (args.pdf, args.xlsx):
        if pad and not os.path.isdir(os.path.dirname(os.path.abspath(pad))):
            return _fout([f"map van {pad} bestaat niet"])
    _django()
    from .dienst import datalek

    if datalek.einde_keten() is None:
        return _fout(["de keten heeft nog geen dag verwerkt: er is geen zichtbaarheidsgeschiedenis"])
    out = sys.stdout
    if args.pdf or args.xlsx:
        from .dienst.datalek_export import als_pdf, als_xlsx

        r = datalek.stel_op(args.van, args.tot)
        for pad, maak in ((args.pdf, als_pdf), (args.xlsx, als_xlsx)):
            if pad:
                with open(pad, "wb") as f:
                    f.write(maak(r))
                print(f"geschreven: {pad} ({r.betrokkenen} betrokkenen, {len(r.lekken)} perioden)", file=sys.stderr)
        return 0
    if args.samenvatting:
        from .dienst.datalek_tekst import schrijf_samenvatting

        schrijf_samenvatting(datalek.stel_op(args.van, args.tot), out)
        return 0
    uit = sys.stdout.buffer
    for lek in datalek.lekken_in_keten(args.van, args.tot):
        uit.write(orjson.dumps(lek.als_contract()) + b"\n")
    return 0


def cmd_proces(args) -> int:
    _django()
    from .dienst.procesbesturing import status, wijzig

    if args.actie == "status":
        for regel in status():
            print(regel)
        return 0
    try:
        wijzig(args.actie, args.wet, args.procesgroep, args.datum)
    except ValueError as e:
        return _fout([str(e)])
    for regel in status():
        print(regel)
    return 0


def cmd_herbeoordeling(args) -> int:
    _django()
    from .dienst import herbeoordeling
    from .dienst.klok import huidige_klok
    from .dienst.rapport import schrijf_impact
    from .dienst.taken import na_notificaties

    def meld(v: dict) -> None:
        rest = f", nog ± {v['seconden_resterend']} s" if v["seconden_resterend"] is not None else ""
        print(f"herbeoordeling {v['id']}: {v['personen_klaar']}/{v['personen_totaal']} personen, "
              f"{v['delen_klaar']}/{v['delen_totaal']} delen{rest}", file=sys.stderr, flush=True)

    via = "lokaal" if args.lokaal else "auto"
    if args.hervat is not None:
        run = herbeoordeling.m.Herbeoordeling.objects.filter(pk=args.hervat).first()
        if run is None:
            return _fout([f"herbeoordeling {args.hervat} bestaat niet"])
    else:
        try:
            run = herbeoordeling.plan(args.uitvoeren, "commando herbeoordeling", klok=huidige_klok(),
                                      deelgrootte=args.deelgrootte)
        except herbeoordeling.HerbeoordelingLoopt as e:
            return _fout([str(e)])
        print(f"herbeoordeling {run.pk}: {run.personen_totaal} personen in {run.delen.count()} delen "
              f"({'uitvoeren' if run.uitgevoerd else 'proefrun'}, peildag {run.dag})", file=sys.stderr, flush=True)
    if args.niet_wachten:
        status = herbeoordeling.voer_uit(run.pk, via="celery" if via == "auto" else via, wacht=False)
        print(f"herbeoordeling {run.pk}: delen in de wachtrij; volg met --hervat {run.pk}", file=sys.stderr)
        return 0
    status = herbeoordeling.voer_uit(run.pk, werkers=args.werkers, na_notificaties=na_notificaties, via=via,
                                     meld=meld if not args.stil else None)
    if status != "klaar":
        return _fout([f"herbeoordeling {run.pk}: {status}"
                      + (" (de keten is intussen verder verwerkt: start een nieuwe)" if status == "verouderd" else "")])
    rapport = herbeoordeling.rapport(run.pk)
    schrijf_impact(rapport, sys.stdout, csv_pad=args.csv)
    if not run.uitgevoerd:
        print("\nProefrun: er is niets gewijzigd. Voer uit met --uitvoeren.", file=sys.stderr)
    return 0


def cmd_demo(args) -> int:
    import time
    from pathlib import Path

    from django.conf import settings

    _django()
    from django.core.management import call_command

    from .dienst import demo
    from .dienst import samenstelling
    from .dienst.intake import neem_bestand_op
    from .dienst.klok import huidige_klok
    from .keten.models import Bericht

    if Bericht.objects.exists():
        if not args.opnieuw:
            return _fout(["de database bevat al berichten; gebruik --opnieuw om hem leeg te maken voor de demo"])
        call_command("flush", interactive=False, verbosity=0)
    t0 = time.monotonic()
    pad = Path(settings.DATA_DIR) / "demo-berichten.jsonl"
    n = demo.schrijf_berichten(pad, args.personen, args.seed)
    print(f"1/3  {n} ketenberichten geschreven naar {pad} ({args.personen} personen, seed {args.seed})")
    neem_bestand_op(pad)
    vandaag = huidige_klok().vandaag()
    print(f"2/3  berichten opgenomen; de keten draait dag voor dag tot en met {vandaag} …", flush=True)
    samenstelling.engine().verwerk_tot(vandaag)
    print(f"3/3  klaar in {time.monotonic() - t0:.0f} s\n")
    rijen = demo.samenvatting()
    kop = f"{'gemeente':<24} {'wet':<7} {'personen':>9} {'notificaties':>13} {'aangehouden':>12} {'correcties':>11}"
    print(kop)
    print("-" * len(kop))
    for r in rijen:
        print(f"{(r['gemeente'] + ' ' + r['naam'])[:24]:<24} {r['wet']:<7} {r['personen']:>9} {r['notificaties']:>13} "
              f"{r['aangehouden']:>12} {r['correcties']:>11}")
    gebruikers = []
    try:
        from .portaal.demo import maak_demo_gebruikers
    except ImportError:
        maak_demo_gebruikers = None
    if maak_demo_gebruikers is not None:
        gebruikers = maak_demo_gebruikers()
    voorbeeld = _demo_brieven(Path(settings.DATA_DIR) / "brieven")
    print("\nWat nu?")
    print(f"  - Het verhaal van 2022 opnieuw afspelen:  inburgering replay {pad} | less")
    if voorbeeld:
        print(f"  - Brieven van een ten onrechte onder de Wi2021 geplaatste persoon: {voorbeeld}")
    print(f"  - De opt-in-groep:                       inburgering replay {pad} --opt-in  (portaal: /beheer/opt-in/)")
    print("  - Het datalekrapport van januari 2022:   inburgering datalek --samenvatting  (portaal: /privacy/datalek/)")
    print(f"  - Wie ziet wie aan het eind:              inburgering replay {pad} --zichtbaarheid | less")
    print("  - Procesbesturing bekijken:               inburgering proces status")
    print("  - Herbeoordeling als proef:               inburgering herbeoordeling --proef")
    if gebruikers:
        lijst = Path(settings.DATA_DIR) / "demo-gebruikers.txt"
        with open(lijst, "w", encoding="utf-8") as f:
            for rol, naam, wachtwoord, toelichting in gebruikers:
                f.write(f"{rol}\t{naam}\t{wachtwoord}\t{toelichting}\n")
        os.chmod(lijst, 0o600)
        print("  - Portaal en API starten:                 inburgering serve  (http://127.0.0.1:8000/)")
        print("    Inloggen als (alle demo-accounts staan in " + str(lijst) + "):")
        for rol, naam, wachtwoord, toelichting in gebruikers:
            if rol != "gemeente" or naam[-4:] in demo.VERHAAL_GEMEENTEN:
                print(f"      {naam:<18} wachtwoord {wachtwoord:<18} {toelichting}")
    return 0


def _demo_brieven(map_) -> str | None:
    """The letters of the first person of the opt-in group as PDFs in ``map_``/BSN (the demo's story)."""
    from .dienst.brieven import opt_in_groep
    from .dienst.brieven_pdf import schrijf_persoon

    groep = opt_in_groep()
    if not groep:
        return None
    doel = map_ / groep[0].bsn
    doel.mkdir(parents=True, exist_ok=True)
    schrijf_persoon(groep[0].bsn, str(doel))
    return str(doel)


def voeg_toe(sub) -> None:
    d = sub.add_parser("demo", help="bouw een demodatabase: gegenereerde populatie door het verhaal van 2022 en 2023")
    d.add_argument("--personen", type=int, default=20000)
    d.add_argument("--seed", type=int, default=2022)
    d.add_argument("--opnieuw", action="store_true", help="maak een bestaande database eerst leeg")
    d.set_defaults(func=cmd_demo)

    i = sub.add_parser("ingest", help="voeg een bestand toe aan de database en verwerk tot vandaag (contract §4)")
    i.add_argument("bestand")
    i.add_argument("--tot", type=_datum, help="verwerk tot en met deze dag (standaard: vandaag)")
    i.set_defaults(func=cmd_ingest)

    r = sub.add_parser("replay", help="speel een bestand dag voor dag af in een tijdelijke database (contract §3)")
    r.add_argument("bestand")
    r.add_argument("--tot", type=_datum)
    uitvoer = r.add_mutually_exclusive_group()
    uitvoer.add_argument("--zichtbaarheid", action="store_true", help="toon wie aan het eind wie mag zien")
    uitvoer.add_argument("--datalek", action="store_true",
                         help="toon het datalekrapport: wie een gemeente zag zonder dat de wet dat gaf (contract §5.5)")
    uitvoer.add_argument("--brieven", action="store_true", help="toon elke brief van DUO aan een persoon (contract §5.3)")
    uitvoer.add_argument("--opt-in", action="store_true", help="toon de opt-in-groep aan het eind (contract §5.4)")
    r.set_defaults(func=cmd_replay)

    dl = sub.add_parser("datalek", help="het datalekrapport op de database: wie een gemeente zag zonder dat de wet "
                                        "dat gaf (contract §5.5)")
    dl.add_argument("--van", type=_datum, help="alleen perioden vanaf deze dag (ingekort)")
    dl.add_argument("--tot", type=_datum, help="alleen perioden tot en met deze dag (ingekort)")
    dl.add_argument("--samenvatting", action="store_true",
                    help="een leesbare samenvatting voor de melding aan de AP in plaats van JSON-regels")
    dl.add_argument("--pdf", metavar="PAD", help="schrijf het rapport voor de AP als PDF (met de te informeren personen)")
    dl.add_argument("--xlsx", metavar="PAD", help="schrijf het rapport als XLSX (alle perioden en personen)")
    dl.set_defaults(func=cmd_datalek)

    p = sub.add_parser("proces", help="procesbesturing: pauzeer of hervat het vaststellen per wet en groep")
    p.add_argument("actie", choices=["pauzeer", "hervat", "status"])
    p.add_argument("--wet", choices=[*(w.code for w in reversed(PERIODEN)), "alle"], default="alle")
    p.add_argument("--procesgroep", choices=["gezinsmigranten", "asiel_en_overig", "alle"], default="alle")
    p.add_argument("--datum", type=_datum, help="ingangsdatum (standaard: vandaag)")
    p.set_defaults(func=cmd_proces)

    h = sub.add_parser("herbeoordeling", help="herbeoordeel iedereen: proefrun met impactrapport, of uitvoeren")
    g = h.add_mutually_exclusive_group(required=True)
    g.add_argument("--proef", action="store_true")
    g.add_argument("--uitvoeren", action="store_true")
    g.add_argument("--hervat", type=int, metavar="ID", help="maak een onderbroken herbeoordeling af (dezelfde run)")
    h.add_argument("--csv", help="schrijf het impactrapport ook als CSV")
    h.add_argument("--werkers", type=int, default=int(os.environ.get("INBURGERING_WERKERS", "1")),
                   help="processen naast elkaar op deze machine (alleen PostgreSQL; standaard 1)")
    h.add_argument("--deelgrootte", type=int, help="personen per deel (standaard INBURGERING_DEELGROOTTE of 5000)")
    h.add_argument("--lokaal", action="store_true", help="ook met CELERY_BROKER_URL op deze machine uitvoeren")
    h.add_argument("--niet-wachten", action="store_true", help="alleen de delen in de wachtrij zetten (Celery)")
    h.add_argument("--stil", action="store_true", help="geen voortgang op stderr")
    h.set_defaults(func=cmd_herbeoordeling)
