"""Security headers for the portal's HTML: a strict Content-Security-Policy (no inline script, no
third-party origins), and no caching of pages that show personal data. And the session's lifetime: an
idle timeout (``PORTAAL_INACTIEF_SECONDEN``) besides the absolute one (``SESSION_COOKIE_AGE``)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def beveiligingskoppen(get_response):
    def middleware(request):
        response = get_response(request)
        if not request.path.startswith(("/v1/", "/admin/")):
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
            if request.user.is_authenticated if hasattr(request, "user") else False:
                response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware


LAATST_ACTIEF = "portaal_laatst_actief"


def sessieduur(get_response):
    """Log out a user who did nothing for ``PORTAAL_INACTIEF_SECONDEN``; the next request goes to the login."""

    def middleware(request):
        if request.path.startswith(("/v1/", "/static/")) or not getattr(request, "user", None) \
                or not request.user.is_authenticated:
            return get_response(request)
        nu = int(time.time())
        laatst = request.session.get(LAATST_ACTIEF)
        if laatst is not None and nu - int(laatst) > settings.PORTAAL_INACTIEF_SECONDEN:
            logout(request)
            messages.info(request, "U bent uitgelogd omdat u een tijd niets hebt gedaan. Log opnieuw in.")
            return redirect_to_login(request.get_full_path())
        if laatst is None or nu - int(laatst) >= 30:  # not a session write on every request
            request.session[LAATST_ACTIEF] = nu
        return get_response(request)

    return middleware
