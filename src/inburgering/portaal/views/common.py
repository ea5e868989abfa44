"""Shared helpers for the portal's views."""

from __future__ import annotations

from django.shortcuts import render

from ...domein.wet import PERIODEN, wet_van
from ...keten import stamgegevens
from ..toegang import profiel_van


WETCODES = frozenset(w.code for w in PERIODEN)


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
        basis["wetten"] = PERIODEN  # every law environment, newest first
    wet = (ctx or {}).get("wet")
    if isinstance(wet, str) and wet in WETCODES:
        basis["omgeving"] = wet_van(wet)  # what the law implies for its environment (SS190 tab, read-only)
    return render(request, template, {**basis, **(ctx or {})}, status=status)
