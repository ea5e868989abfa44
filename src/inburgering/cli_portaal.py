"""Commands of the portaal component; registered by inburgering.cli.

``inburgering gebruiker maak NAAM --rol gemeente --gemeente 0363`` and friends: accounts for the portal.
"""

from __future__ import annotations

import getpass
import sys

from .cli import _django


def _toon_tweede_factor(user, opnieuw: bool = False) -> None:
    from .portaal.gebruikers import qr_tekst, reservecodes, totp_apparaat, totp_geheim

    apparaat = totp_apparaat(user, opnieuw=opnieuw)
    print("Tweede factor (verplicht voor DUO-rollen):")
    print(f"  TOTP-geheim:  {totp_geheim(apparaat)}")
    print(f"  otpauth-URI:  {apparaat.config_url}")
    qr = qr_tekst(apparaat.config_url)
    if qr:
        print(qr)
    print(f"  reservecodes (elk één keer te gebruiken): {' '.join(reservecodes(user))}")


def cmd_gebruiker(args) -> int:
    _django()
    from django.contrib.auth import get_user_model

    from .portaal.gebruikers import GebruikerFout, maak_gebruiker, nieuw_wachtwoord
    from .portaal.models import Profiel

    User = get_user_model()
    if args.actie == "lijst":
        for p in Profiel.objects.select_related("gebruiker").order_by("rol", "gemeente", "gebruiker__username"):
            u = p.gebruiker
            print(f"{u.username:24} {p.get_rol_display():28} {p.gemeente or '':5} {'actief' if u.is_active else 'uitgeschakeld'}")
        return 0
    if not args.naam:
        print("geef een gebruikersnaam", file=sys.stderr)
        return 2
    if args.actie == "maak":
        wachtwoord = None
        if args.wachtwoord_vragen:
            wachtwoord = getpass.getpass("Wachtwoord: ")
            if wachtwoord != getpass.getpass("Nog een keer: "):
                print("de wachtwoorden zijn niet gelijk", file=sys.stderr)
                return 1
        try:
            user, ww = maak_gebruiker(args.naam, args.rol, gemeente=args.gemeente or "", wachtwoord=wachtwoord,
                                      volledige_naam=args.volledige_naam or "")
        except GebruikerFout as e:
            print(f"niet aangemaakt: {e}", file=sys.stderr)
            return 1
        print(f"Gebruiker {user.username} ({user.portaalprofiel.get_rol_display()}"
              f"{', gemeente ' + args.gemeente if args.gemeente else ''}) is klaar.")
        if not args.wachtwoord_vragen:
            print(f"  wachtwoord: {ww}")
        if user.portaalprofiel.twee_factoren_vereist:
            _toon_tweede_factor(user)
        return 0
    user = User.objects.filter(username=args.naam).first()
    if user is None:
        print(f"gebruiker {args.naam} bestaat niet", file=sys.stderr)
        return 1
    if args.actie == "totp":
        _toon_tweede_factor(user, opnieuw=args.opnieuw)
    elif args.actie == "wachtwoord":
        ww = nieuw_wachtwoord()
        user.set_password(ww)
        user.save()
        print(f"nieuw wachtwoord voor {user.username}: {ww}")
    elif args.actie == "deactiveer":
        user.is_active = False
        user.save()
        print(f"{user.username} kan niet meer inloggen")
    return 0


def voeg_toe(sub) -> None:
    g = sub.add_parser("gebruiker", help="accounts voor het Portaal Inburgering: maak, lijst, totp, wachtwoord, deactiveer")
    g.add_argument("actie", choices=["maak", "lijst", "totp", "wachtwoord", "deactiveer"])
    g.add_argument("naam", nargs="?", help="gebruikersnaam")
    g.add_argument("--rol", choices=["gemeente", "beheerder", "privacy"], default="gemeente",
                   help="gemeente: gemeentemedewerker; beheerder: functioneel beheerder DUO; privacy: privacy officer DUO")
    g.add_argument("--gemeente", help="CBS-gemeentecode (4 cijfers), verplicht bij rol gemeente")
    g.add_argument("--volledige-naam")
    g.add_argument("--wachtwoord-vragen", action="store_true", help="vraag het wachtwoord (anders wordt er een gemaakt)")
    g.add_argument("--opnieuw", action="store_true", help="bij totp: maak een nieuw geheim (het oude werkt niet meer)")
    g.set_defaults(func=cmd_gebruiker)
