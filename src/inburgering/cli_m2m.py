"""Commands of the m2m component; registered by inburgering.cli.

- ``serve``: the portal and DUO's M2M API under gunicorn (TLS / mutual TLS), with the background loop;
- ``achtergrond``: that loop on its own (the engine by the clock, delivery; Celery-scheduler with a broker);
- ``aflevering``: the delivery status per gemeente, or one delivery round;
- ``gemeente-ontvanger``: a reference receiver of DUO's notifications that fetches the data back and cleans up
  after a correction (SS190), telling its third parties;
- ``derde-ontvanger``: a reference third party of a gemeente that honours stop messages.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import orjson

from .cli import _django


def _prometheus_map() -> None:
    """Before Django and gunicorn start: one directory where every worker process keeps its API histogram,
    so /metrics answers for all of them (prometheus_client's multiprocess mode)."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    from pathlib import Path

    pad = Path(os.environ.get("INBURGERING_DATA", "var")) / "prometheus"
    pad.mkdir(parents=True, exist_ok=True)
    for oud in pad.glob("*.db"):
        oud.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(pad.resolve())


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def weigering_buiten_ontwikkeling(host: str) -> list[str]:
    """Why ``serve`` may not start on ``host``: outside development (any address but loopback) the secrets
    must be real and gemeenten must identify with a certificate."""
    from django.conf import settings

    if host in LOOPBACK:
        return []
    redenen = []
    for env, waarde, lengte in (("INBURGERING_SECRET_KEY", settings.SECRET_KEY, 50),
                                ("INBURGERING_LOGSLEUTEL", settings.INBURGERING_LOGSLEUTEL, 32),
                                ("INBURGERING_TOTPSLEUTEL", settings.INBURGERING_TOTPSLEUTEL, 32)):
        if waarde.startswith(settings.ONTWIKKELING) or len(waarde) < lengte:
            redenen.append(f"{env} is niet gezet (minstens {lengte} willekeurige tekens)")
    if settings.INBURGERING_LOGSLEUTEL == settings.SECRET_KEY:
        redenen.append("INBURGERING_LOGSLEUTEL moet een andere sleutel zijn dan INBURGERING_SECRET_KEY")
    if settings.INBURGERING_M2M_AUTH == "header":
        redenen.append("INBURGERING_M2M_AUTH=header is alleen voor ontwikkeling (op 127.0.0.1)")
    return redenen


def cmd_serve(args) -> int:
    _prometheus_map()
    _django(migreer=False)
    redenen = weigering_buiten_ontwikkeling(args.host)
    if redenen:
        print(f"inburgering serve weigert te starten op {args.host}: " + "; ".join(redenen) + ". Buiten "
              "ontwikkeling (elk adres behalve 127.0.0.1) zijn echte sleutels en clientcertificaten verplicht.",
              file=sys.stderr)
        return 2
    from django.core.management import call_command
    from django.db import connections

    from .m2m.server import draai, gunicorn_opties

    call_command("migrate", verbosity=0, interactive=False)
    connections.close_all()  # no connection may be inherited by the forked workers
    if args.crl:
        if not args.ca_certs:
            print("--crl vraagt ook --ca-certs (de uitgever die de intrekkingslijst ondertekent)", file=sys.stderr)
            return 2
        os.environ["INBURGERING_CRL"] = os.pathsep.join(args.crl)
        os.environ["INBURGERING_CA_CERTS"] = args.ca_certs
    if args.certfile is None and os.environ.get("INBURGERING_M2M_AUTH", "certificaat") != "header":
        print("let op: zonder --certfile en met INBURGERING_M2M_AUTH=certificaat weigert de M2M API elke gemeente "
              "(er is dan geen clientcertificaat)", file=sys.stderr)
    kind = None
    if not args.geen_achtergrond:
        kind = subprocess.Popen([sys.executable, "-m", "inburgering.cli", "achtergrond", "--interval",
                                 str(args.interval), "--aflever-interval", str(args.aflever_interval)])
    try:
        draai(gunicorn_opties(args.host, args.port, args.workers, args.threads, args.certfile, args.keyfile,
                              args.ca_certs, args.clientcert, args.toegangslog))
    finally:
        if kind is not None:
            kind.send_signal(signal.SIGTERM)
            try:
                kind.wait(10)
            except subprocess.TimeoutExpired:
                kind.kill()
    return 0


def cmd_achtergrond(args) -> int:
    _django(migreer=False)
    import threading

    from .dienst.taken import achtergrond
    from .m2m.aflevering import lever_af

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        achtergrond(lever_af, args.interval, args.aflever_interval, stop)
    except KeyboardInterrupt:
        pass
    return 0


def cmd_aflevering(args) -> int:
    _django()
    from .m2m import aflevering

    if args.nu:
        u = aflevering.start_ronde()
        if u is None:
            print("afleverronde in de wachtrij gezet", file=sys.stderr)
        else:
            print(f"{u.afgeleverd} afgeleverd, {u.mislukt} mislukt, {len(u.gepauzeerd)} gemeenten gepauzeerd",
                  file=sys.stderr)
    for regel in aflevering.overzicht():
        sys.stdout.buffer.write(orjson.dumps(regel) + b"\n")
    return 0


def _webadres(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        u = urlsplit(url)
        return u.scheme in ("http", "https") and bool(u.hostname) and (u.port is None or u.port > 0)
    except ValueError:
        return False


def cmd_ontvanger(args) -> int:
    import ssl

    from .cli import _fout
    from .m2m.ontvanger import maak_server

    fout = [f"--derde {u!r} is geen http(s)-adres" for u in args.derde if not _webadres(u)]
    if fout:
        return _fout(fout)

    ctx = None
    if args.duo and args.duo.startswith("https"):
        ctx = ssl.create_default_context(cafile=args.ca)
        if args.cert:
            ctx.load_cert_chain(args.cert, args.key)
    data = args.data or os.path.join(os.environ.get("INBURGERING_DATA", "var"), f"ontvanger-{args.port}.sqlite3")
    os.makedirs(os.path.dirname(os.path.abspath(data)), exist_ok=True)
    server = maak_server(args.host, args.port, data, args.oin, args.duo, args.duo_oin, ctx, args.storing,
                         args.verbreek, args.derde, args.derde_basis, args.derde_maximum)
    print(f"gemeente-ontvanger luistert op http://{args.host}:{server.server_address[1]}/notificaties "
          f"(opslag {data})", file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def cmd_derde(args) -> int:
    from .m2m.derde import maak_server

    data = args.data or os.path.join(os.environ.get("INBURGERING_DATA", "var"), f"derde-{args.port}.sqlite3")
    os.makedirs(os.path.dirname(os.path.abspath(data)), exist_ok=True)
    server = maak_server(args.host, args.port, data, args.storing, args.verbreek)
    print(f"derde-ontvanger luistert op http://{args.host}:{server.server_address[1]}/berichten (opslag {data})",
          file=sys.stderr, flush=True)
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


def voeg_toe(sub) -> None:
    s = sub.add_parser("serve", help="serveer het portaal en DUO's M2M API (gunicorn, TLS/mTLS) met de achtergrondlus")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    s.add_argument("--workers", type=int, default=max(2, os.cpu_count() or 1),
                   help="gunicorn-werkprocessen (standaard: het aantal cores, minstens 2)")
    s.add_argument("--threads", type=int, default=8,
                   help="draden per werkproces: gthread-worker met keep-alive (standaard 8); 1 = sync-worker")
    s.add_argument("--certfile", help="servercertificaat (PEM): serveer HTTPS")
    s.add_argument("--keyfile", help="sleutel bij --certfile")
    s.add_argument("--ca-certs", help="CA-bundel (PKIoverheid) waartegen clientcertificaten worden gecontroleerd")
    s.add_argument("--crl", action="append", help="intrekkingslijst (CRL, PEM of DER) van een CA uit --ca-certs; "
                                                  "herhaalbaar. Een ingetrokken certificaat, of een verlopen lijst, "
                                                  "wordt geweigerd")
    s.add_argument("--clientcert", choices=["verplicht", "optioneel"], default="verplicht",
                   help="met --ca-certs: clientcertificaat verplicht (standaard) of optioneel (portaal op dezelfde poort)")
    s.add_argument("--geen-achtergrond", action="store_true", help="start de achtergrondlus (engine, aflevering) niet")
    s.add_argument("--interval", type=float, default=60.0, help="engine elke N seconden (standaard 60)")
    s.add_argument("--aflever-interval", type=float, default=5.0, help="afleverronde elke N seconden (standaard 5)")
    s.add_argument("--toegangslog", action="store_true", help="log elk verzoek")
    s.set_defaults(func=cmd_serve)

    a = sub.add_parser("achtergrond", help="de achtergrondlus: engine tot vandaag en aflevering (of Celery-taken)")
    a.add_argument("--interval", type=float, default=60.0)
    a.add_argument("--aflever-interval", type=float, default=5.0)
    a.set_defaults(func=cmd_achtergrond)

    f = sub.add_parser("aflevering", help="stand van de aflevering van notificaties per gemeente")
    f.add_argument("--nu", action="store_true", help="voer eerst een afleverronde uit")
    f.set_defaults(func=cmd_aflevering)

    o = sub.add_parser("gemeente-ontvanger", help="referentie-ontvanger van notificaties (Notificatie API) die de "
                                                  "gegevens terug ophaalt bij DUO")
    o.add_argument("--host", default="127.0.0.1")
    o.add_argument("--port", type=int, required=True)
    o.add_argument("--data", help="SQLite-bestand van de ontvanger (standaard var/ontvanger-PORT.sqlite3)")
    o.add_argument("--oin", help="OIN van deze gemeente (doel van notificaties, bron bij raadpleging)")
    o.add_argument("--duo", help="basisadres van DUO's API, bv. http://127.0.0.1:8000/v1 (zonder: niet raadplegen)")
    o.add_argument("--duo-oin", default=os.environ.get("INBURGERING_OIN", "00000001800866472000"),
                   help="OIN van DUO (verwachte bron, doel bij raadpleging)")
    o.add_argument("--cert", help="clientcertificaat van de gemeente (PEM) voor DUO's API")
    o.add_argument("--key", help="sleutel bij --cert")
    o.add_argument("--ca", help="CA-bundel om DUO's servercertificaat te controleren")
    o.add_argument("--storing", type=float, default=0.0, help="kans (0–1) op een gesimuleerde 503 per notificatie")
    o.add_argument("--verbreek", type=float, default=0.0,
                   help="kans (0–1) dat de verbinding na opslag zonder antwoord wordt verbroken")
    o.add_argument("--derde", action="append", default=[], metavar="URL",
                   help="registreer een derde partij (webhook) die nieuwe personen krijgt en bij een correctie (SS190) "
                        "hoort te stoppen; herhaalbaar, bewaard in de opslag")
    o.add_argument("--derde-basis", type=float, default=5.0, help="eerste wachttijd (s) na een mislukte aflevering aan een derde")
    o.add_argument("--derde-maximum", type=float, default=900.0, help="maximale wachttijd (s) tussen pogingen aan een derde")
    o.set_defaults(func=cmd_ontvanger)

    d = sub.add_parser("derde-ontvanger", help="referentie van een derde partij (taalschool, leerbaarheidstoets): "
                                               "verwerkt aanmeldingen van een gemeente en stopt op haar verzoek")
    d.add_argument("--host", default="127.0.0.1")
    d.add_argument("--port", type=int, required=True)
    d.add_argument("--data", help="SQLite-bestand (standaard var/derde-PORT.sqlite3)")
    d.add_argument("--storing", type=float, default=0.0, help="kans (0–1) op een gesimuleerde 503 per bericht")
    d.add_argument("--verbreek", type=float, default=0.0,
                   help="kans (0–1) dat de verbinding na verwerking zonder antwoord wordt verbroken")
    d.set_defaults(func=cmd_derde)
