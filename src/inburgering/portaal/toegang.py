"""Who may use which page: roles, the bound gemeente, two-factor for DUO roles. Plus the portal's clock."""

from __future__ import annotations

from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse

from ..dienst.klok import Klok, VasteKlok, huidige_klok
from ..domein.wet import PERIODEN
from .models import Profiel, Rol


def profiel_van(user) -> Profiel | None:
    if not user.is_authenticated:
        return None
    try:
        return user.portaalprofiel
    except Profiel.DoesNotExist:
        return None


def vereist(*rollen: str):
    """View decorator: logged in, one of ``rollen``, and for DUO roles a verified second factor.

    Sets ``request.profiel``. Anyone else gets 403; there is no way around it by URL.
    """

    def deco(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            profiel = profiel_van(request.user)
            if profiel is None or profiel.rol not in rollen:
                raise PermissionDenied("Uw rol geeft geen toegang tot deze pagina.")
            if profiel.twee_factoren_vereist and not request.user.is_verified():
                return redirect(f"{reverse('portaal:code')}?{urlencode({'next': request.get_full_path()})}")
            request.profiel = profiel
            return view(request, *args, **kwargs)

        inner.rollen = rollen
        return inner

    return deco


gemeente_vereist = vereist(Rol.GEMEENTE)
beheerder_vereist = vereist(Rol.BEHEERDER)
privacy_vereist = vereist(Rol.PRIVACY)


def startpagina(profiel: Profiel | None) -> str:
    if profiel is None:
        return reverse("portaal:geen_rol")
    if profiel.rol == Rol.GEMEENTE:
        return reverse("portaal:signalen", kwargs={"wet": PERIODEN[0].code})  # the newest law first
    if profiel.rol == Rol.BEHEERDER:
        return reverse("portaal:dashboard")
    return reverse("portaal:verwerkingen")


def klok() -> Klok:
    """The clock the portal hands to the engine's services; ``PORTAAL_VANDAAG`` fixes it (demo, tests)."""
    vast = getattr(settings, "PORTAAL_VANDAAG", None)
    if vast:
        return VasteKlok(vast if isinstance(vast, date) else date.fromisoformat(vast))
    return huidige_klok()


def in_scope(view):
    """For a gemeente user's view with ``bsn`` or ``pk`` (a signal) in its URL: the person is resolved through
    ``keten.scope`` before the view runs, and handed over as ``persoon`` (a ``ZichtbarePersoon``) or
    ``signaal``; outside the gemeente's scope the view never runs and the answer is the 404 of something
    that does not exist. The view has no other way to the person's data."""
    from django.http import Http404

    from ..keten import scope

    @wraps(view)
    def inner(request, *args, wet, **kwargs):
        g = request.profiel.gemeente
        if "bsn" in kwargs:
            zp = scope.persoon(g, wet, kwargs.pop("bsn"))
            if zp is None:
                raise Http404("Deze persoon is niet zichtbaar voor uw gemeente.")
            kwargs["persoon"] = zp
        if "pk" in kwargs:
            n = scope.signalen(g, wet).filter(pk=kwargs.pop("pk")).first()
            if n is None:
                raise Http404("Dit signaal bestaat niet of is niet voor uw gemeente.")
            kwargs["signaal"] = n
        return view(request, *args, wet=wet, **kwargs)

    return inner
