"""Login throttling on top of django-axes: a limit per account on one address, per account across
addresses, and per address across accounts (``PORTAAL_INLOGLIMIETEN``), and the client's real address
behind trusted proxies only (``INBURGERING_VERTROUWDE_PROXIES``).

Axes counts failures per group of ``AXES_LOCKOUT_PARAMETERS`` and compares the largest count with one
limit; here each group has its own limit, so one account cannot be locked for everyone by five tries
from one address, while spraying one password over many accounts from one address is cut off, and so is
trying one account from many addresses. A successful login clears only that account's failures from
that address: logging into an own account does not reset the count of an address that tries others.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


@lru_cache(maxsize=8)
def _netwerken(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _vertrouwd(adres: str) -> bool:
    try:
        ip = ipaddress.ip_address(adres)
    except ValueError:
        return False
    return any(ip in n for n in _netwerken(tuple(settings.INBURGERING_VERTROUWDE_PROXIES)))


def client_adres(request) -> str | None:
    """REMOTE_ADDR; if that is a trusted proxy, the right-most X-Forwarded-For entry that is not one."""
    adres = request.META.get("REMOTE_ADDR")
    if not adres or not _vertrouwd(adres):
        return adres
    for kandidaat in reversed([a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]):
        if not kandidaat:
            continue
        try:
            ipaddress.ip_address(kandidaat)
        except ValueError:
            return adres  # a mangled header: count the proxy, not a made-up client
        if not _vertrouwd(kandidaat):
            return kandidaat
    return adres


def _limiet(groep) -> int:
    limieten = settings.PORTAAL_INLOGLIMIETEN
    if isinstance(groep, str):
        return limieten["account" if groep == "username" else "adres"]
    return limieten["account_adres"]


class Handler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """The failures as axes compares them with ``AXES_FAILURE_LIMIT``, scaled per group so that a group
        reaches that limit exactly when it reaches its own."""
        from axes.helpers import get_lockout_parameters

        basis = settings.AXES_FAILURE_LIMIT
        groepen = get_lockout_parameters(request, credentials)
        hoogste = 0
        for groep, pogingen in zip(groepen, self.get_user_attempts(request, credentials)):
            n = pogingen.aggregate(n=Sum("failures_since_start"))["n"] or 0
            hoogste = max(hoogste, n * basis // _limiet(groep))
        return hoogste

    def reset_user_attempts(self, request, credentials=None) -> int:
        from axes.helpers import get_client_username
        from axes.models import AccessAttempt

        n, _ = AccessAttempt.objects.filter(username=get_client_username(request, credentials),
                                            ip_address=request.axes_ip_address).delete()
        return n
