"""What gemeenten report to DUO (through the M2M API) enters the message log as chain messages of
type ``gemeente.*`` — an extension of the contract — so the one engine processes it like any source.

This module registers their validation and reads the PIP history the scope rule needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .berichten import O, R, _datum, _gemeentecode, _keuze, _tekst, registreer_uitbreiding
from .scope import Pip

if TYPE_CHECKING:
    from .feiten import PersoonFeiten

LEERROUTES = ("B1-route", "Onderwijsroute", "Z-route")

registreer_uitbreiding("gemeente.pip", {
    "gemeentecode": (_gemeentecode, R), "dagtekening": (_datum, R), "leerroute": (_keuze(*LEERROUTES), R),
    "datum": (_datum, O), "gegevens": (lambda v: v, O),
})
registreer_uitbreiding("gemeente.pip_verwijderd", {"gemeentecode": (_gemeentecode, R), "datum": (_datum, O)})
registreer_uitbreiding("gemeente.melding", {
    "gemeentecode": (_gemeentecode, R), "soort": (_tekst, R), "datum": (_datum, O), "gegevens": (lambda v: v, O),
})


def pips(p: "PersoonFeiten") -> list[Pip]:
    """The person's PIPs in registration order, deletions applied."""
    out: list[Pip] = []
    for f in sorted(p.gemeente_berichten, key=lambda f: (f.ontvangen, f.volgorde)):
        soort, v = f.waarde
        if soort == "gemeente.pip":
            out.append(Pip(v["gemeentecode"], v["dagtekening"], f.ontvangen.date()))
        elif soort == "gemeente.pip_verwijderd":
            for i in range(len(out) - 1, -1, -1):
                if out[i].gemeente == v["gemeentecode"]:
                    del out[i]
                    break
    return out
