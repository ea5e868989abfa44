"""Shared helpers for the portal's views."""

from __future__ import annotations

from django.shortcuts import render

from ...keten import stamgegevens
from ..toegang import profiel_van

WETTEN_PORTAAL = ("Wi2021", "Wi2013", "Wi2007")
ALLEEN_INZIEN = frozenset({"Wi2007"})  # PIB Wi2007 is read-only for gemeenten (handreiking §2.5)


def gemeentenamen() -> dict[str, str]:
    return stamgegevens.gemeentenamen()


def gemeentenaam(code: str) -> str:
    naam = stamgegevens.gemeentenaam(code)
    return f"{naam} ({code})" if naam else f"gemeente {code}"


def toon(request, template: str, ctx: dict | None = None, status: int = 200):
    profiel = getattr(request, "profiel", None) or profiel_van(request.user)
    basis = {"profiel": profiel}
    if profiel is not None and profiel.gemeente:
        basis["mijn_gemeente"] = gemeentenaam(profiel.gemeente)
        basis["wetten"] = WETTEN_PORTAAL
    return render(request, template, {**basis, **(ctx or {})}, status=status)
