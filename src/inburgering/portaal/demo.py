"""Demo accounts for every role. Called by ``inburgering demo``; refused when the settings do not allow
demo accounts (``PORTAAL_DEMO_TOEGESTAAN``, False in ``project.productie``)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ..keten.stamgegevens import gemeentenamen
from .gebruikers import maak_gebruiker, reservecodes, totp_apparaat, totp_geheim
from .models import Rol


def maak_demo_gebruikers(gemeenten: list[str] | None = None) -> list[tuple[str, str, str, str]]:
    """Create (or reset) demo users: a gemeente medewerker per gemeente in ``keten.Gemeente`` (or the
    given codes), a functioneel beheerder and a privacy officer. Idempotent: running it again keeps the
    accounts and their TOTP secrets, and hands out new passwords and reserve codes.

    Returns [(rol, gebruikersnaam, wachtwoord, toelichting)].
    """
    if not getattr(settings, "PORTAAL_DEMO_TOEGESTAAN", False):
        raise ImproperlyConfigured("demo-accounts zijn in deze omgeving niet toegestaan (PORTAAL_DEMO_TOEGESTAAN)")
    namen = gemeentenamen()
    codes = gemeenten if gemeenten is not None else sorted(namen)
    uit: list[tuple[str, str, str, str]] = []
    for code in codes:
        user, ww = maak_gebruiker(f"consulent-{code}", Rol.GEMEENTE, gemeente=code,
                                  volledige_naam=f"Consulent {namen.get(code, code)}", controleer_gemeente=False)
        uit.append((Rol.GEMEENTE.value, user.username, ww, f"gemeentemedewerker {namen.get(code, 'gemeente ' + code)} ({code})"))
    for naam, rol, volledig in (("beheerder", Rol.BEHEERDER, "Functioneel Beheerder"), ("privacy", Rol.PRIVACY, "Privacy Officer")):
        user, ww = maak_gebruiker(naam, rol, volledige_naam=volledig)
        apparaat = totp_apparaat(user)
        codes_ = reservecodes(user)
        uit.append((rol.value, naam, ww, f"{rol.label}; tweede stap: TOTP-geheim {totp_geheim(apparaat)} in een "
                                         f"authenticator-app, of een reservecode (elk één keer): {' '.join(codes_)}"))
    return uit
