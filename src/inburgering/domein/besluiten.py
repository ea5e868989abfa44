"""DUO's own decisions about a person (contract §5.1) and what they do to the obligation.

- A granted full exemption (``duo.vrijstelling soort=geheel``) ends the obligation on ``datum_oordeel``
  (reden ``Volledige vrijstelling``, SS107); a granted full dispensation (``duo.ontheffing soort=geheel``)
  likewise (``Volledige ontheffing``, SS108); ``duo.voldaan`` ends it on ``datum`` (``Inburgeringsplicht
  voldaan``, SS106).
- A granted temporary exemption suspends the obligation from ``startdatum`` (default ``datum_oordeel``) up to
  and including ``einddatum`` (open when absent): reden ``Tijdelijke vrijstelling`` meanwhile (SS109). A
  temporary exemption's ``Intrekking`` ends every suspension running on its ``datum_oordeel`` (obligated
  again from that day; one that had not started yet is cancelled). The obligation resumes the day after the
  suspension (SS129 without a PIP, SS130 with one).
- A granted term extension moves the end of the inburgeringstermijn to ``nieuwe_einddatum`` (the last day
  of the term; the API's ``einddatum`` is the day after, exclusive): SS103 ``ambtshalve``, SS104
  ``op_verzoek``.
- Refusals and partial decisions leave the obligation as it is and are signalled (SS113–SS119); an exam
  result (``duo.examenresultaat``) is signalled with SS199 and a leerbaarheidstoets result
  (``lbt.resultaat``) with SS131. The obligation ends only by ``duo.voldaan``, never by an exam result.

Choices where the sources are silent:
- Only decisions on or after the begin date of the current obligation count for it (a decision about an
  earlier obligation does not end a later one).
- ``Intrekking`` of a full or partial exemption is recorded but changes nothing: neither §5.1 nor DUO's
  catalogue says what follows from it.
- ``duo.opt_in`` is recorded only; its meaning (the opt-in group) is not part of this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .berichten import PERSOONSBESLUITEN as BESLUIT_TYPES
from .feiten import PersoonFeiten
from .parameters import Reden
_MET_MELDING = BESLUIT_TYPES | {"lbt.resultaat"}

# (type, soort, oordeel) → gebeurtenis, for decisions that leave the obligation as it is (DUO's catalogue).
MELDINGEN = {
    ("duo.vrijstelling", "geheel", "Afwijzing"): "SS114",
    ("duo.vrijstelling", "tijdelijk", "Afwijzing"): "SS115",
    ("duo.vrijstelling", "gedeeltelijk", "Afwijzing"): "SS116",
    ("duo.vrijstelling", "gedeeltelijk", "Toekenning"): "SS117",
    ("duo.ontheffing", "geheel", "Afwijzing"): "SS118",
    ("duo.ontheffing", "gedeeltelijk", "Afwijzing"): "SS118",
    ("duo.ontheffing", "gedeeltelijk", "Toekenning"): "SS119",
    ("duo.termijnverlenging", "ambtshalve", "Toekenning"): "SS103",
    ("duo.termijnverlenging", "op_verzoek", "Toekenning"): "SS104",
    ("duo.termijnverlenging", "ambtshalve", "Afwijzing"): "SS113",
    ("duo.termijnverlenging", "op_verzoek", "Afwijzing"): "SS113",
    ("duo.examenresultaat", None, None): "SS199",
    ("lbt.resultaat", None, None): "SS131",
}
_DAG = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Besluit:
    type: str
    velden: dict[str, Any]
    datum: date  # the day it acts: datum_oordeel, datum, examendatum or datum_afname
    bron: str  # message id or "regel N"
    volgorde: int  # the message's place in the log: a stable key

    @property
    def soort(self) -> str | None:
        return self.velden.get("soort")

    @property
    def oordeel(self) -> str | None:
        return self.velden.get("oordeel")


def _dag(v: dict[str, Any], dag: date) -> date:
    for veld in ("datum_oordeel", "datum", "examendatum", "datum_afname"):
        if v.get(veld) is not None:
            return v[veld]
    return dag


def besluiten(p: PersoonFeiten, peildatum: date) -> list[Besluit]:
    """The person's decisions (and LBT results) that act on or before ``peildatum``, in the order they act."""
    out = []
    for f in p.gemeente_berichten:
        soort, v = f.waarde
        if soort in _MET_MELDING:
            d = _dag(v, f.ontvangen.date())
            if d <= peildatum:
                out.append(Besluit(soort, v, d, f.bron, f.volgorde))
    out.sort(key=lambda b: (b.datum, b.volgorde))
    return out


def wijzigingsdagen(p: PersoonFeiten) -> set[date]:
    """Every day on which a decision may change the determination (for scheduling)."""
    out = set()
    for f in p.gemeente_berichten:
        soort, v = f.waarde
        if soort in BESLUIT_TYPES:
            out.add(_dag(v, f.ontvangen.date()))
            if v.get("startdatum"):
                out.add(v["startdatum"])
            if v.get("einddatum") and v["einddatum"] < date.max - _DAG:
                out.add(v["einddatum"] + _DAG)
    return out


@dataclass(frozen=True, slots=True)
class Einde:
    datum: date
    reden: str
    uitleg: str
    grond: str  # the rule (``bronnen.BRONNEN``)
    oorzaak: str  # for the summary: vrijstelling, ontheffing, voldaan


def einde(bs: list[Besluit], begin: date) -> Einde | None:
    """The first decision from ``begin`` on that ends the obligation."""
    for b in bs:
        if b.datum < begin:
            continue
        if b.type == "duo.vrijstelling" and b.soort == "geheel" and b.oordeel == "Toekenning":
            return Einde(b.datum, Reden.VOLLEDIGE_VRIJSTELLING, f"volledige vrijstelling toegekend op {b.datum} "
                         f"(reden {b.velden['reden']}, bericht {b.bron})", "vrijstelling", "vrijstelling")
        if b.type == "duo.ontheffing" and b.soort == "geheel" and b.oordeel == "Toekenning":
            return Einde(b.datum, Reden.VOLLEDIGE_ONTHEFFING, f"volledige ontheffing toegekend op {b.datum} "
                         f"(grond {b.velden['grond']}, bericht {b.bron})", "ontheffing", "ontheffing")
        if b.type == "duo.voldaan":
            return Einde(b.datum, Reden.VOLDAAN, f"DUO heeft op {b.datum} vastgesteld dat aan de inburgeringsplicht is "
                         f"voldaan (bericht {b.bron})", "voldaan", "voldaan")
    return None


@dataclass(frozen=True, slots=True)
class Schorsing:
    """A temporary exemption: the obligation is suspended from ``van`` up to and including ``tot``."""

    van: date
    tot: date | None  # None: open
    uitleg: str

    def geldt_op(self, d: date) -> bool:
        return self.van <= d and (self.tot is None or d <= self.tot)


def schorsingen(bs: list[Besluit]) -> list[Schorsing]:
    """Granted temporary exemptions, cut short by a later withdrawal; in the order they start."""
    out: list[Schorsing] = []
    for b in bs:
        if b.type != "duo.vrijstelling" or b.soort != "tijdelijk":
            continue
        if b.oordeel == "Toekenning":
            van = b.velden.get("startdatum") or b.datum
            out.append(Schorsing(van, b.velden.get("einddatum"),
                                 f"tijdelijke vrijstelling (reden {b.velden['reden']}) toegekend op {b.datum} "
                                 f"(bericht {b.bron})"))
        elif b.oordeel == "Intrekking":
            nieuw = []
            for s in out:
                if s.van >= b.datum:
                    continue  # withdrawn before it started
                if s.tot is None or s.tot >= b.datum:
                    s = Schorsing(s.van, b.datum - _DAG, f"{s.uitleg}, ingetrokken op {b.datum} (bericht {b.bron})")
                nieuw.append(s)
            out = nieuw
    return sorted(out, key=lambda s: s.van)


@dataclass(frozen=True, slots=True)
class Verlenging:
    datum: date  # datum_oordeel
    laatste_dag: date  # nieuwe_einddatum: the term's last day
    soort: str  # ambtshalve / op_verzoek


def verlengingen(bs: list[Besluit], begin: date) -> list[Verlenging]:
    """Granted extensions of the inburgeringstermijn from ``begin`` on, in decision order."""
    return [Verlenging(b.datum, b.velden["nieuwe_einddatum"], b.soort) for b in bs
            if b.type == "duo.termijnverlenging" and b.oordeel == "Toekenning" and b.datum >= begin]


@dataclass(frozen=True, slots=True)
class Melding:
    sleutel: str  # stable per message
    gebeurtenis: str
    aanleiding: str


def meldingen(bs: list[Besluit], begin: date) -> list[Melding]:
    """The signals of decisions from ``begin`` on that leave the obligation as it is."""
    out = []
    for b in bs:
        if b.datum < begin:
            continue
        ss = MELDINGEN.get((b.type, b.soort, b.oordeel)) or MELDINGEN.get((b.type, None, None))
        if ss is not None:
            wat = b.type.split(".", 1)[1] + (f" {b.soort}: {b.oordeel}" if b.soort else "")
            out.append(Melding(str(b.volgorde), ss, wat))
    return out
