"""Creating portal accounts: role, gemeente, password, and for DUO roles a TOTP device and reserve codes.
Used by ``inburgering gebruiker …`` and by the demo."""

from __future__ import annotations

import base64
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from ..keten.stamgegevens import gemeentenamen
from .models import Profiel, Rol


class GebruikerFout(ValueError):
    pass


def nieuw_wachtwoord() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def maak_gebruiker(naam: str, rol: str, gemeente: str = "", wachtwoord: str | None = None, volledige_naam: str = "",
                   controleer_gemeente: bool = True) -> tuple[object, str]:
    """Create or update an account with its role. Returns (user, password)."""
    if rol not in Rol.values:
        raise GebruikerFout(f"onbekende rol {rol!r}; kies uit {', '.join(Rol.values)}")
    gemeente = gemeente or ""
    if rol == Rol.GEMEENTE:
        if not (gemeente.isdigit() and len(gemeente) == 4):
            raise GebruikerFout("een gemeentemedewerker hoort bij één gemeente: geef --gemeente met een 4-cijferige CBS-code")
        register = gemeentenamen() if controleer_gemeente else {}
        if register and gemeente not in register:
            raise GebruikerFout(f"gemeente {gemeente} is geen ketenpartner (niet in het gemeentenregister)")
    elif gemeente:
        raise GebruikerFout("alleen een gemeentemedewerker hoort bij een gemeente")
    wachtwoord = wachtwoord or nieuw_wachtwoord()
    User = get_user_model()
    user, _ = User.objects.get_or_create(username=naam)
    try:
        validate_password(wachtwoord, user)
    except Exception as e:  # noqa: BLE001 - Django's ValidationError carries the Dutch messages
        raise GebruikerFout("; ".join(getattr(e, "messages", [str(e)]))) from None
    if volledige_naam:
        voor, _, achter = volledige_naam.partition(" ")
        user.first_name, user.last_name = voor, achter
    user.set_password(wachtwoord)
    user.is_active = True
    user.save()
    Profiel.objects.update_or_create(gebruiker=user, defaults={"rol": rol, "gemeente": gemeente})
    return user, wachtwoord


def totp_apparaat(user, opnieuw: bool = False):
    """The user's confirmed TOTP device (secret encrypted at rest); created if absent (or replaced when ``opnieuw``)."""
    from .models import TotpApparaat
    from .tweede_factor import nieuw_totp

    bestaand = TotpApparaat.objects.filter(user=user, confirmed=True).first()
    if bestaand and not opnieuw:
        return bestaand
    TotpApparaat.objects.filter(user=user).delete()
    return nieuw_totp(user)


def totp_geheim(apparaat) -> str:
    """The secret in base32, as authenticator apps ask for it when typed in."""
    return base64.b32encode(apparaat.bin_key).decode().rstrip("=")


def reservecodes(user, n: int = 8) -> list[str]:
    """Fresh one-time reserve codes (the old ones stop working); stored hashed."""
    from .tweede_factor import nieuwe_reservecodes

    return nieuwe_reservecodes(user, n)


def qr_tekst(uri: str) -> str:
    """The otpauth URI as a QR code for a terminal (empty when the qrcode package is absent)."""
    try:
        import io

        import qrcode
    except ImportError:
        return ""
    q = qrcode.QRCode(border=1)
    q.add_data(uri)
    buf = io.StringIO()
    q.print_ascii(out=buf, invert=True)
    return buf.getvalue()
