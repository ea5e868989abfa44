"""Logging in (password, then a TOTP code for DUO roles), out, and where to go next."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, login as otp_login, match_token

from ..toegang import profiel_van, startpagina
from .common import toon


class InlogFormulier(AuthenticationForm):
    error_messages = {
        "invalid_login": "De combinatie van gebruikersnaam en wachtwoord klopt niet. Let op hoofdletters. "
                         "Na vijf mislukte pogingen wordt inloggen een kwartier geblokkeerd.",
        "inactive": "Dit account is uitgeschakeld. Neem contact op met uw beheerder.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = "Gebruikersnaam"
        self.fields["password"].label = "Wachtwoord"


class Inloggen(LoginView):
    template_name = "portaal/inloggen.html"
    authentication_form = InlogFormulier
    redirect_authenticated_user = True

    def get_success_url(self):
        profiel = profiel_van(self.request.user)
        volgende = self.get_redirect_url()
        if profiel is not None and profiel.twee_factoren_vereist:
            from urllib.parse import urlencode

            from django.urls import reverse

            return f"{reverse('portaal:code')}?{urlencode({'next': volgende or startpagina(profiel)})}"
        return volgende or startpagina(profiel)


class CodeFormulier(forms.Form):
    code = forms.CharField(label="Code uit uw authenticator-app (of een reservecode)", max_length=16,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric",
                                                         "autofocus": True}))


def _veilig_volgende(request, url: str | None, standaard: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return url
    return standaard


@login_required
def code(request):
    """Second factor: a TOTP code (or a one-time reserve code) for the DUO roles."""
    profiel = profiel_van(request.user)
    volgende = _veilig_volgende(request, request.POST.get("next") or request.GET.get("next"), startpagina(profiel))
    if request.user.is_verified():
        return redirect(volgende)
    heeft_apparaat = any(True for _ in devices_for_user(request.user, confirmed=True))
    form = CodeFormulier(request.POST or None)
    if request.method == "POST" and form.is_valid():
        apparaat = match_token(request.user, form.cleaned_data["code"].replace(" ", ""))
        if apparaat is not None:
            otp_login(request, apparaat)
            request.session.cycle_key()  # a step up gets a new session id (no fixation of the verified session)
            return redirect(volgende)
        form.add_error("code", "Deze code klopt niet of is verlopen. Een code is 30 seconden geldig; "
                               "controleer ook of de klok van uw telefoon goed staat.")
    return toon(request, "portaal/code.html", {"form": form, "volgende": volgende, "heeft_apparaat": heeft_apparaat})


@require_POST
def uitloggen(request):
    logout(request)
    messages.info(request, "U bent uitgelogd.")
    return redirect("portaal:inloggen")


def start(request):
    if not request.user.is_authenticated:
        return redirect("portaal:inloggen")
    return redirect(startpagina(profiel_van(request.user)))


@login_required
def geen_rol(request):
    return toon(request, "portaal/geen_rol.html", status=403)


def csrf_fout(request, reason=""):
    """CSRF failure in Dutch, with what to do (usually: the form was open too long, or cookies are off)."""
    return toon(request, "portaal/csrf.html", status=403)


class WachtwoordFormulier(PasswordChangeForm):
    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_incorrect": "Uw huidige wachtwoord klopt niet.",
        "password_mismatch": "De twee nieuwe wachtwoorden zijn niet gelijk.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Huidig wachtwoord"
        self.fields["new_password1"].label = "Nieuw wachtwoord"
        self.fields["new_password1"].help_text = "Minstens 12 tekens; niet alleen cijfers, niet te gewoon, niet op uw naam."
        self.fields["new_password2"].label = "Nieuw wachtwoord, nog een keer"


@login_required
def wachtwoord(request):
    """Every user changes their own password here (DUO roles after their second factor)."""
    profiel = profiel_van(request.user)
    if profiel is not None and profiel.twee_factoren_vereist and not request.user.is_verified():
        from urllib.parse import urlencode

        from django.urls import reverse

        return redirect(f"{reverse('portaal:code')}?{urlencode({'next': request.get_full_path()})}")
    form = WachtwoordFormulier(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        update_session_auth_hash(request, form.user)  # stay logged in here; other sessions end
        request.session.cycle_key()
        messages.success(request, "Uw wachtwoord is gewijzigd.")
        return redirect(startpagina(profiel))
    return toon(request, "portaal/wachtwoord.html", {"form": form})
