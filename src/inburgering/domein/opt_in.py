"""The opt-in of a person wrongly placed under Wi2021 (seed §1.6, contract §5.1 ``duo.opt_in`` and §5.4).

Who may choose: the opt-in group, everyone placed under Wi2021 wrongly (a correction went out) who had received a
Wi2021 kennisgeving before it (``domein/brieven.opt_in_groep``). The choice is between the law that applies to them
(Wi2013 for the people of January 2022) and Wi2021; an opt-in for someone outside the group, or for a law that is
neither of the two, is refused at intake (``fout``) and never reaches the log.

The policy was still open in 2022 (seed §1.6: "Hierover is bij het schrijven van deze handreiking nog geen
duidelijkheid"). What this chain does, and why:
- ``wet=Wi2013``: the law as it applies; the choice changes nothing (the explanation records it).
- ``wet=Wi2021``: the person falls under Wi2021 from the **day of the choice** (``datum``), not from the begin date
  the law gives (in 2021, before Wi2021 was in force) nor from the begin date of the faulty kennisgeving. Wi2021
  applies to obligations that begin on or after 1 January 2022; a begin date on the day of the choice stays inside
  that and inside the Wi2021 environment the gemeente works in. It also gives the gemeente and the person a fresh
  10-week PIP term and a first notification (SS101/SS139) that day: the term that ran after the faulty placement
  was one gemeenten could not keep (seed §3). The person is not sent a second kennisgeving (contract §5.3: never
  twice for the same law); the Wi2013 environment is purged as after any change of law, and if the person had a
  Wi2013 kennisgeving, the Wi2013 correction letter tells them that law no longer applies.
- Only the newest choice counts; a choice dated after the peildatum waits for its day. An opt-in changes only an
  obligation that runs under Wi2013 (an ended one, or one under another law, keeps its law).

Pure; hooked into ``bepaling.bepaal`` with one call (``kies``).
"""

from __future__ import annotations

from datetime import date

from .feiten import PersoonFeiten
from .wet import WI2013, WI2021, Wet

KEUZES = (WI2013.code, WI2021.code)


def _keuzes(p: PersoonFeiten):
    return [f for f in p.gemeente_berichten if f.soort == "duo.opt_in"]


def laatste_keuze(p: PersoonFeiten, peildatum: date) -> tuple[str, date] | None:
    """The newest opt-in that acts on ``peildatum``: (wet, datum)."""
    keuzes = sorted(_keuzes(p), key=lambda f: (f.ontvangen, f.volgorde))
    keuzes = [(f.velden["wet"], f.velden["datum"]) for f in keuzes if f.velden["datum"] <= peildatum]
    return keuzes[-1] if keuzes else None


def wijzigingsdagen(p: PersoonFeiten) -> set[date]:
    """The days on which a choice takes effect (for scheduling)."""
    return {f.velden["datum"] for f in _keuzes(p)}


def kies(b, p: PersoonFeiten, wet: Wet, begin: date, peildatum: date) -> tuple[Wet, date]:
    """The law and begin date after the person's choice (``b``: the determination, for its explanation)."""
    keuze = laatste_keuze(p, peildatum)
    if keuze is None or wet.code != WI2013.code:
        return wet, begin
    gekozen, datum = keuze
    if gekozen == WI2013.code:
        b.stap("opt-in", f"de persoon koos op {datum} voor de Wi2013: de wet blijft de Wi2013", "opt_in",
               keuze=gekozen, datum=datum)
        return wet, begin
    nieuw = max(begin, datum)
    b.stap("opt-in", f"de persoon koos op {datum} voor de Wi2021 (opt-in-groep): inburgeringsplichtig onder de "
           f"Wi2021 vanaf {nieuw} in plaats van onder de Wi2013 vanaf {begin}", "opt_in", keuze=gekozen, datum=datum,
           begindatum=nieuw)
    return WI2021, nieuw


def fout(in_groep: bool, wet_nu: str | None, gekozen: str, datum: date | None = None,
         correctie: date | None = None) -> str | None:
    """Why an opt-in cannot be applied (None: it can). ``wet_nu``: the law that applies to the person now;
    ``datum``: the day of the choice; ``correctie``: the day of the person's Wi2021 correction letter.

    A choice dated before the correction is refused: until that letter the person was not in the group and had
    nothing to choose, and a Wi2021 begin date reaching back into the months the chain was wrong (or paused) is
    what the repair undid."""
    if not in_groep:
        return ("bsn: valt niet in de opt-in-groep (alleen wie ten onrechte onder de Wi2021 is geplaatst en daarvoor "
                "een kennisgeving Wi2021 ontving)")
    if datum is not None and correctie is not None and datum < correctie:
        return f"datum: {datum} ligt vóór de correctie van {correctie}; een keuze kan pas vanaf de correctiebrief"
    if gekozen == WI2013.code and wet_nu != WI2013.code:
        return f"wet: Wi2013 geldt niet voor deze persoon (nu: {wet_nu or 'geen wet'}); kies de wet die geldt of Wi2021"
    if gekozen == WI2021.code and wet_nu not in KEUZES:
        return f"wet: de opt-in voor de Wi2021 geldt alleen naast de Wi2013 (nu: {wet_nu or 'geen wet'})"
    return None
