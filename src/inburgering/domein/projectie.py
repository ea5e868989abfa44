"""The read model of a person's released state: what gemeenten may know, as the engine stored it.

``Persoon.bepaling`` holds it as JSON; this module is the one place that writes (``Projectie.als_json``, from the
functional core) and reads it (``Projectie.uit_json``, for ``keten.scope``), so no reader picks at string keys.
While a determination is held, only ``laatst_bepaald`` (DUO's own record) moves on; the rest stays as released.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


def _datum(s: str | None) -> date | None:
    return date.fromisoformat(s) if s else None


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass(frozen=True, slots=True)
class VrijgegevenPersoon:
    """The person data the released determination used."""

    naam: str = ""
    vnummer: int | str | None = None
    geboortedatum: date | None = None


@dataclass(frozen=True, slots=True)
class Vrijgave:
    """How far into the log the released determination's facts go: up to log number ``volgnummer`` on days up to
    ``dag``; on ``dag`` itself only up to the cut-off ``grens`` (day, received, log number) if it was set."""

    dag: date
    volgnummer: int
    grens: tuple[str, str, int] | None = None

    def omvat(self, volgnummer: int, dag: date, ontvangen: str) -> bool:
        """Whether a message was among the facts of the released determination."""
        if volgnummer > self.volgnummer or dag > self.dag:
            return False
        return self.grens is None or dag != self.dag or (dag.isoformat(), ontvangen, volgnummer) <= self.grens


@dataclass(frozen=True, slots=True)
class Projectie:
    """A person's released state. ``kern`` is the determination in the contract's shape (plus variant and end)."""

    kern: dict = field(default_factory=dict)
    laatst_bepaald: dict | None = None  # DUO's newest determination, held or not
    gedetailleerde_doelgroep: str | None = None
    procesgroep: str | None = None
    uitleg: list[dict] = field(default_factory=list)  # the explanation's steps (``uitleg.Stap.als_dict``)
    dag: date | None = None  # the day it was determined
    pip_termijn_start: date | None = None
    asielrechten: str | None = None  # AsielrechtenWijzigingVerblijfsdoel
    termijn: list[str] | None = None  # Wi2013
    in_coa: bool | None = None
    persoon: VrijgegevenPersoon | None = None
    vrijgegeven: Vrijgave | None = None

    def als_json(self) -> dict:
        p, v = self.persoon, self.vrijgegeven
        return {"kern": self.kern, "laatst_bepaald": self.laatst_bepaald,
                "gedetailleerdeDoelgroep": self.gedetailleerde_doelgroep, "procesgroep": self.procesgroep,
                "uitleg": self.uitleg, "dag": _iso(self.dag), "pip_termijn_start": _iso(self.pip_termijn_start),
                "asielrechten": self.asielrechten, "termijn": self.termijn, "in_coa": self.in_coa,
                "persoon": None if p is None else {"naam": p.naam, "vnummer": p.vnummer,
                                                   "geboortedatum": _iso(p.geboortedatum)},
                "vrijgegeven": None if v is None else {"dag": _iso(v.dag), "volgnummer": v.volgnummer,
                                                       "grens": None if v.grens is None else list(v.grens)}}

    @staticmethod
    def laatst_bepaald_in(d: dict | None) -> dict | None:
        """DUO's newest determination in the stored JSON (held or released), without reading the rest: the core
        compares it with each new one."""
        d = d or {}
        return d.get("laatst_bepaald", d.get("kern"))

    @staticmethod
    def aangehouden(d: dict | None, kern: dict) -> dict:
        """The stored JSON while ``kern`` is held: what gemeenten see stays as released, only DUO's record moves."""
        return {**(d or {}), "laatst_bepaald": kern}

    @classmethod
    def uit_json(cls, d: dict | None) -> Projectie:
        """Read the stored JSON (empty for a person never released)."""
        d = d or {}
        p, v = d.get("persoon"), d.get("vrijgegeven")
        return cls(
            kern=dict(d.get("kern") or {}), laatst_bepaald=d.get("laatst_bepaald"),
            gedetailleerde_doelgroep=d.get("gedetailleerdeDoelgroep"), procesgroep=d.get("procesgroep"),
            uitleg=list(d.get("uitleg") or []), dag=_datum(d.get("dag")),
            pip_termijn_start=_datum(d.get("pip_termijn_start")), asielrechten=d.get("asielrechten"),
            termijn=d.get("termijn"), in_coa=d.get("in_coa"),
            persoon=None if not p else VrijgegevenPersoon(p.get("naam") or "", p.get("vnummer"),
                                                          _datum(p.get("geboortedatum"))),
            vrijgegeven=None if not v else Vrijgave(date.fromisoformat(v["dag"]), v["volgnummer"],
                                                    tuple(v["grens"]) if v.get("grens") else None),
        )
