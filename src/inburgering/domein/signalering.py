"""From determinations to notifications: what each law environment shows and who is told what.

Input: the person's state as the chain left it (what each law environment shows, which gemeenten were
notified, whether the person is held), a new determination, the day, and which (law, group) pairs are
paused. Output: the new state and the notifications to deliver. Pure: the engine persists the result.

Choices where the sources are silent (see README):
- A gemeente's first notification about a person under a law is ONE of SS101, SS128, SS139, SS129/SS130
  (contract §5.6, DUO's Gebeurtenissen page), chosen on the day it is first told: the obligation resumes
  after a temporary exemption → SS129 (no PIP) or SS130 (a PIP is known), Wi2021 only; the AOW age comes
  within 6 months of the begin date → SS128; Wi2021 and the 10-week PIP term has started → SS139; else
  SS101. SS139 follows on a later day when the term starts then. Wi2013/Wi2007: SS101 or SS128.
- The end of an obligation is signalled by its reason: SS106 met, SS107 full exemption, SS108 full
  dispensation, SS111 death, SS110 otherwise (withdrawal, expiry, naturalisation, AOW age, a year abroad);
  a temporary exemption gives SS109 when it starts and SS129/SS130 when the obligation resumes. These and
  DUO's other decisions (SS103/SS104, SS113–SS119, SS131, SS199) go to every gemeente that can see the
  person under the law (the scope rule), so after a departure SS110 reaches a gemeente that still sees the
  person through its PIP. An end or suspension with nobody in scope goes to the gemeente last told, except
  for a year abroad (nobody sees the person then). Decisions are signalled once per law, while the
  obligation runs (suspended included) and somebody can see the person; until then they wait.
- Moves during a suspension are signalled like other moves (SS122/SS120), once the gemeente was told.
- Holding (procesbesturing) holds everything about a person whose new determination falls in a paused
  law and group, so a paused group is silent. Corrections are never held: a person who no longer falls
  under a law they were published under leaves that environment at once, and under Wi2021 every
  gemeente notified about them gets SS190 (BSN only). In a re-determination (a rules fix), a gemeente
  that may no longer see a person loses sight at once even when the new gemeente still has to wait.
- A purge removes the person and their signals from the gemeente's environment, except SS190.
- A purge in the Wi2021 environment (a correction, or a re-determination that takes a gemeente's view away) also
  voids what that gemeente reported about the person up to that day (``Toestand.nietig``, ``scope.geldige_pips``):
  its PIP no longer gives it sight, is no previous PIP and does not start the term; a term that such a PIP started
  is reset, and the first valid PIP starts it (SS102 then).
- SS102: the first PIP starts the inburgeringstermijn (Wi2021), three years from the day after its
  dagtekening. The term is set, and SS102 goes to the gemeente of the current PIP, on the day it begins;
  a first PIP deleted before then starts nothing. Once begun, the term stays (later PIPs don't move it);
  a granted extension moves its end to the day after ``nieuwe_einddatum`` (the API's end is exclusive).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from .bepaling import Bepaling
from .besluiten import Verlenging
from .catalogus import Gebeurtenis
from .parameters import ASIEL, INBURGERINGSTERMIJN_JAREN, Reden
from .scope import Pip, geldige_pips, zichtbaar_voor
from .wet import wet_van


@dataclass(frozen=True, slots=True)
class Publicatie:
    """What one law environment shows about a person."""

    wet: str
    gemeente: str | None  # responsible gemeente (residence / coupling); None: nobody by residence
    inburgeringsplichtig: bool
    doelgroep: str | None
    begindatum: date | None
    reden: str | None
    pip_termijn_start: date | None
    # While held: the gemeente that lost sight of a person who moved away, told (SS122/SS123) on release.
    verborgen_voor: str | None = None

    def als_dict(self) -> dict:
        return {
            "wet": self.wet, "gemeente": self.gemeente, "inburgeringsplichtig": self.inburgeringsplichtig,
            "doelgroep": self.doelgroep, "begindatum": _iso(self.begindatum), "reden": self.reden,
            "pip_termijn_start": _iso(self.pip_termijn_start), "verborgen_voor": self.verborgen_voor,
        }

    @classmethod
    def uit_dict(cls, d: dict) -> Publicatie:
        return cls(d["wet"], d["gemeente"], d["inburgeringsplichtig"], d["doelgroep"], _datum(d["begindatum"]),
                   d["reden"], _datum(d["pip_termijn_start"]), d.get("verborgen_voor"))


@dataclass(frozen=True, slots=True)
class Termijn:
    """The inburgeringstermijn (Wi2021): ``eind`` exclusive; ``gestart_op`` the day it was set (SS102);
    ``verlengd``: each granted extension as (decision day, new end exclusive), the last one holds."""

    start: date
    eind: date
    gestart_op: date | None = None
    verlengd: tuple[tuple[date, date], ...] = ()

    def als_dict(self) -> dict:
        return {"start": _iso(self.start), "eind": _iso(self.eind), "gestart_op": _iso(self.gestart_op),
                "verlengd": [[_iso(d), _iso(e)] for d, e in self.verlengd]}

    @classmethod
    def uit_dict(cls, d: dict | None) -> Termijn | None:
        if not d:
            return None
        return cls(_datum(d["start"]), _datum(d["eind"]), _datum(d.get("gestart_op")),
                   tuple((_datum(x), _datum(y)) for x, y in d.get("verlengd", ())))

    def met_verlengingen(self, verlengingen: list[Verlenging]) -> Termijn:
        basis = self.start + relativedelta(years=INBURGERINGSTERMIJN_JAREN)
        verlengd = tuple((v.datum, v.laatste_dag + timedelta(days=1)) for v in verlengingen)
        return replace(self, eind=verlengd[-1][1] if verlengd else basis, verlengd=verlengd)


@dataclass(slots=True)
class Toestand:
    """The chain's state of one person."""

    publicaties: dict[str, Publicatie] = field(default_factory=dict)
    genotificeerd: dict[str, list[str]] = field(default_factory=dict)  # wet → gemeenten told (not purged)
    ooit_genotificeerd: dict[str, list[str]] = field(default_factory=dict)  # wet → every gemeente ever told
    aangehouden: tuple[str, str] | None = None  # (wet, procesgroep) while held
    ss126: list[str] = field(default_factory=list)  # "wet:termijnstart" already signalled
    vastgesteld_op: date | None = None  # first day DUO determined an obligation (fault variant 'vaststelling')
    termijn: Termijn | None = None  # Wi2021 inburgeringstermijn, from the first PIP
    gemeld: list[str] = field(default_factory=list)  # "wet:key" of DUO's decisions already signalled
    # Wi2021: gemeente → the day its view of the person was purged as wrong; what it reported up to then is void
    nietig: dict[str, date] = field(default_factory=dict)

    def als_dict(self) -> dict:
        return {
            "publicaties": {w: p.als_dict() for w, p in self.publicaties.items()},
            "genotificeerd": self.genotificeerd,
            "ooit_genotificeerd": self.ooit_genotificeerd,
            "aangehouden": list(self.aangehouden) if self.aangehouden else None,
            "ss126": self.ss126,
            "vastgesteld_op": _iso(self.vastgesteld_op),
            "termijn": self.termijn.als_dict() if self.termijn else None,
            "gemeld": self.gemeld,
            "nietig": {g: d.isoformat() for g, d in self.nietig.items()},
        }

    @classmethod
    def uit_dict(cls, d: dict | None) -> Toestand:
        if not d:
            return cls()
        return cls(
            {w: Publicatie.uit_dict(p) for w, p in d.get("publicaties", {}).items()},
            {w: list(g) for w, g in d.get("genotificeerd", {}).items()},
            {w: list(g) for w, g in d.get("ooit_genotificeerd", d.get("genotificeerd", {})).items()},
            tuple(d["aangehouden"]) if d.get("aangehouden") else None,
            list(d.get("ss126", [])),
            _datum(d.get("vastgesteld_op")),
            Termijn.uit_dict(d.get("termijn")),
            list(d.get("gemeld", [])),
            {g: date.fromisoformat(x) for g, x in (d.get("nietig") or {}).items()},
        )

    def kopie(self) -> Toestand:
        return Toestand(dict(self.publicaties), {w: list(g) for w, g in self.genotificeerd.items()},
                        {w: list(g) for w, g in self.ooit_genotificeerd.items()},
                        self.aangehouden, list(self.ss126), self.vastgesteld_op, self.termijn, list(self.gemeld),
                        dict(self.nietig))


def gepubliceerde_wetten(d: dict | None) -> tuple[str, ...]:
    """The law environments a stored state (``Toestand.als_dict``) publishes the person in, without reading the rest
    (the engine asks this of every person it processes, for the letters)."""
    return tuple((d or {}).get("publicaties", {}))


@dataclass(frozen=True, slots=True)
class Signaal:
    wet: str
    gemeente: str
    gebeurtenis: str
    aanleiding: str  # why, in Dutch (no personal data beyond what the signal carries)


@dataclass(slots=True)
class Uitkomst:
    toestand: Toestand
    signalen: list[Signaal] = field(default_factory=list)
    opschonen: list[tuple[str, str]] = field(default_factory=list)  # (wet, gemeente): purge this person's data there
    aangehouden: bool = False
    vrijgegeven: bool = False  # was held and is now released
    pips: list[Pip] = field(default_factory=list)  # the valid Wi2021 PIPs after processing (for the scope rule)


def _iso(d):
    return d.isoformat() if d else None


def _datum(s):
    return date.fromisoformat(s) if s else None


def zichtbaarheid(t: Toestand, pips_per_wet: dict[str, list[Pip]], dag: date) -> dict[str, frozenset[str]]:
    """Who may see the person in each law environment: the scope rule applied to the chain state."""
    out = {}
    for wet, pub in t.publicaties.items():
        z = zichtbaar_voor(pub.gemeente, True, pips_per_wet.get(wet, []), dag)
        if z:
            out[wet] = z
    return out


def verwerk(
    toestand: Toestand,
    b: Bepaling,
    dag: date,
    gepauzeerd,  # callable (wet, procesgroep) -> bool
    herbeoordeling: bool = False,
    pip_gemeente: str | None = None,  # gemeente of the current PIP (Wi2021), if any
    pips: list[Pip] | None = None,  # the Wi2021 PIPs in registration order (for the inburgeringstermijn)
) -> Uitkomst:
    """The chain's state machine for one person: the steps below, in this order (see the module docstring)."""
    v = _Verwerking(toestand.kopie(), b, dag, herbeoordeling, pips, pip_gemeente)
    t = v.t
    if b.inburgeringsplichtig and t.vastgesteld_op is None:
        t.vastgesteld_op = dag
    v.einde_andere_wet()
    v.correcties()
    if b.wet is None:
        t.aangehouden = None
        return v.uit
    if gepauzeerd(b.wet, b.procesgroep):
        v.houd_aan()
        return v.uit
    if t.aangehouden is not None:
        v.uit.vrijgegeven = True
    t.aangehouden = None
    v.publiceer()
    return v.uit


class _Verwerking:
    """The working state of one ``verwerk`` call: the copied state, the outcome so far, and the valid PIPs."""

    def __init__(self, t: Toestand, b: Bepaling, dag: date, herbeoordeling: bool, pips: list[Pip] | None,
                 pip_gemeente: str | None):
        self.t, self.b, self.dag, self.herbeoordeling = t, b, dag, herbeoordeling
        self.uit = Uitkomst(t)
        self.wet = b.wet
        self.w = wet_van(b.wet)  # what the law implies for the chain (None: no law)
        self.alle_pips = pips
        self.pips = pips
        self.pip_gemeente = pip_gemeente
        if pips is not None:  # only valid PIPs count, for the scope, SS121 and the term
            self._pips_bij()
        # set by ``publiceer``: the environment's signalling state under the new law
        self.genotificeerd: list[str] = []
        self.ooit: list[str] = []
        self.g_oud: str | None = None

    def _pips_bij(self) -> None:
        self.pips = self.uit.pips = geldige_pips(self.alle_pips, self.t.nietig)
        self.pip_gemeente = self.pips[-1].gemeente if self.pips else None

    def vernietig(self, gemeenten) -> None:
        """A purge in Wi2021: what these gemeenten reported up to today is void; the valid PIPs are what is left."""
        t = self.t
        for g in gemeenten:
            t.nietig[g] = self.dag
        if self.alle_pips is None:
            return
        self._pips_bij()
        if t.termijn is not None and (not self.pips or self.pips[0].dagtekening + timedelta(days=1) != t.termijn.start):
            t.termijn = None  # started by a void PIP: the first valid PIP starts it

    # 1. An earlier obligation under another law that really ended: its end is signalled there (SS110 …), then the
    #    person leaves that environment, which keeps its signals (nothing was wrong: no SS190, no purge). The person
    #    now falls under the new law only, as the scope rule (and the breach report) reads it.
    def einde_andere_wet(self) -> None:
        t, b = self.t, self.b
        for oud in [w for w in t.publicaties if w != self.wet]:
            pub = t.publicaties[oud]
            if b.vorige is None or b.vorige.wet != oud or b.vorige.begindatum != pub.begindatum:
                continue
            if pub.inburgeringsplichtig or pub.reden == Reden.TIJDELIJKE_VRIJSTELLING:
                for g in self._ontvangers_einde_andere_wet(oud, pub):
                    self.uit.signalen.append(Signaal(oud, g, EINDE_SIGNALEN.get(b.vorige.reden, Gebeurtenis.SS110),
                                                     f"einde inburgeringsplicht: {b.vorige.reden}"))
            del t.publicaties[oud]
            t.genotificeerd.pop(oud, None)

    def _ontvangers_einde_andere_wet(self, oud: str, pub: Publicatie) -> list[str]:
        gs = (sorted(zichtbaar_voor(pub.gemeente, True, self.pips or [], self.dag)) if wet_van(oud).pip
              else [pub.gemeente] if pub.gemeente else [])
        if not gs and self.t.genotificeerd.get(oud) and self.b.vorige.reden != Reden.VERTREK_LANGER_DAN_JAAR:
            gs = [self.t.genotificeerd[oud][-1]]
        return gs

    # 2. Corrections: environments the person no longer falls under. Never held.
    def correcties(self) -> None:
        t = self.t
        for oud in [w for w in t.publicaties if w != self.wet]:
            gemeenten = t.genotificeerd.pop(oud, [])
            ooit = t.ooit_genotificeerd.pop(oud, [])
            correctie = wet_van(oud).correctie
            if correctie:  # every gemeente that was ever told, also one whose view was purged earlier
                for g in ooit:
                    self.uit.signalen.append(Signaal(oud, g, correctie.value,
                                                     f"valt na herbeoordeling onder {self.wet or 'geen wet'}"))
            gezuiverd = sorted(set(gemeenten) | set(ooit) | ({t.publicaties[oud].gemeente} - {None}))
            for g in gezuiverd:
                self.uit.opschonen.append((oud, g))
            if wet_van(oud).pip:  # the whole placement was wrong: whatever any gemeente reported under it is void
                self.vernietig(set(gezuiverd) | {p.gemeente for p in self.alle_pips or [] if p.geregistreerd <= self.dag})
            del t.publicaties[oud]

    # 2. Process control: a paused law and group is held (nothing delivered, nothing new shown).
    def houd_aan(self) -> None:
        t, b, wet = self.t, self.b, self.wet
        t.aangehouden = (wet, b.procesgroep)
        self.uit.aangehouden = True
        oud = t.publicaties.get(wet)
        if oud is None or not oud.gemeente or oud.gemeente == b.woongemeente:
            return
        # Holding delivers nothing, but a gemeente may not keep seeing someone who is no longer its own.
        if self.herbeoordeling:  # a rules fix: the view was wrong, purge it
            self.uit.opschonen.append((wet, oud.gemeente))
            if self.w.pip:
                self.vernietig([oud.gemeente])
            t.publicaties[wet] = replace(oud, gemeente=None, verborgen_voor=None)
            if oud.gemeente in t.genotificeerd.get(wet, []):
                t.genotificeerd[wet].remove(oud.gemeente)
        else:  # a move: its signals stay; it is told on release
            t.publicaties[wet] = replace(oud, gemeente=None, verborgen_voor=oud.gemeente)

    # 3. The diff between what the environment shows and the new determination.
    def publiceer(self) -> None:
        t, b, wet = self.t, self.b, self.wet
        oud = t.publicaties.get(wet)
        nieuw = Publicatie(wet, b.woongemeente, b.inburgeringsplichtig, b.doelgroep, b.begindatum, b.reden,
                           b.pip_termijn_start)
        self.genotificeerd = t.genotificeerd.setdefault(wet, [])
        self.g_oud = (oud.gemeente or oud.verborgen_voor) if oud else None
        if self.herbeoordeling and self.g_oud and self.g_oud != nieuw.gemeente:
            # A rules fix, not a move: the gemeente that should never have seen the person is purged, not told.
            self.uit.opschonen.append((wet, self.g_oud))
            if self.w.pip:
                self.vernietig([self.g_oud])
            if self.g_oud in self.genotificeerd:
                self.genotificeerd.remove(self.g_oud)
            self.g_oud = None
        self.ooit = t.ooit_genotificeerd.setdefault(wet, [])
        if b.lopend and oud is not None and oud.reden is not None and oud.reden != Reden.TIJDELIJKE_VRIJSTELLING:
            self.genotificeerd.clear()  # a new obligation after an earlier one ended: announce it afresh
        pip_termijn_gemeld = self._verloop(oud, nieuw.gemeente)
        g_nieuw = nieuw.gemeente
        if b.inburgeringsplichtig and oud is not None and oud.inburgeringsplichtig and oud.doelgroep != b.doelgroep \
                and g_nieuw:
            self.meld(g_nieuw, Gebeurtenis.SS125 if b.doelgroep == ASIEL else Gebeurtenis.SS124, "doelgroep gewijzigd")
        if self.w.pip_termijn_weken and b.inburgeringsplichtig and g_nieuw and b.pip_termijn_start:
            self._pip_termijn(oud, g_nieuw, pip_termijn_gemeld)
        if self.w.ss102 and b.inburgeringsplichtig and self.pips is not None:
            _inburgeringstermijn(t, self.pips, self.dag, self.meld, b.verlengingen)
        if b.lopend:
            self._besluiten(g_nieuw)
        t.publicaties[wet] = nieuw

    def meld(self, g, ss, waarom) -> None:
        self.uit.signalen.append(Signaal(self.wet, g, ss, waarom))
        if g not in self.genotificeerd:
            self.genotificeerd.append(g)
        if g not in self.ooit:
            self.ooit.append(g)

    def _in_scope(self, gemeente) -> list[str]:
        if self.w.pip:  # a PIP gives sight too (the scope rule)
            return sorted(zichtbaar_voor(gemeente, True, self.pips or [], self.dag))
        return [gemeente] if gemeente else []

    def _ontvangers_bij_einde(self) -> list[str]:
        gs = self._in_scope(self.g_oud)
        if not gs and self.b.reden != Reden.VERTREK_LANGER_DAN_JAAR and (self.g_oud or self.genotificeerd):
            gs = [self.g_oud or self.genotificeerd[-1]]
        return gs

    def _verloop(self, oud: Publicatie | None, g_nieuw: str | None) -> bool:
        """The obligation's course: first told, resumed, ended, suspended, or moved. Returns whether the signal
        given also announces the PIP term (so SS139 is not due on its own)."""
        b, g_oud = self.b, self.g_oud
        hervat = bool(oud and oud.reden == Reden.TIJDELIJKE_VRIJSTELLING and b.inburgeringsplichtig
                      and oud.begindatum == b.begindatum)
        if b.inburgeringsplichtig and g_nieuw and not self.genotificeerd:
            self.meld(g_nieuw, eerste_melding(b, hervat, self.pip_gemeente), "persoon is inburgeringsplichtig")
            return True
        if hervat and g_nieuw:
            self.meld(g_nieuw, Gebeurtenis.SS130 if self.pip_gemeente else Gebeurtenis.SS129,
                      "tijdelijke vrijstelling voorbij: plicht hervat")
            return True
        if oud and (oud.inburgeringsplichtig or oud.reden == Reden.TIJDELIJKE_VRIJSTELLING) and not b.lopend:
            ss = EINDE_SIGNALEN.get(b.reden, Gebeurtenis.SS110)
            for g in self._ontvangers_bij_einde():
                self.meld(g, ss, f"einde inburgeringsplicht: {b.reden}")
        elif oud and oud.inburgeringsplichtig and b.geschorst:
            for g in self._ontvangers_bij_einde():
                self.meld(g, Gebeurtenis.SS109, "tijdelijke vrijstelling toegekend")
        elif b.lopend and g_oud != g_nieuw and self.genotificeerd:
            return self._verhuizing(g_nieuw)
        return False

    def _verhuizing(self, g_nieuw: str | None) -> bool:
        if self.g_oud is not None:
            vertrokken = g_nieuw is None and self.b.vertrokken
            self.meld(self.g_oud, Gebeurtenis.SS123 if vertrokken else Gebeurtenis.SS122,
                      "vertrokken uit Nederland" if vertrokken else "verhuisd naar een andere gemeente")
        if g_nieuw is None:
            return False
        if self.w.pip and self.pip_gemeente and self.pip_gemeente != g_nieuw:
            self.meld(g_nieuw, Gebeurtenis.SS121, "in gemeente gevestigd met PIP van vorige gemeente")
        else:
            self.meld(g_nieuw, Gebeurtenis.SS120, "in gemeente gevestigd zonder PIP")
        return True

    def _pip_termijn(self, oud: Publicatie | None, g_nieuw: str, pip_termijn_gemeld: bool) -> None:
        """Wi2021: SS139 when the 10-week PIP term starts; SS126 ten weeks later without a PIP (the seed: a service,
        no consequence)."""
        b = self.b
        if self.w.ss139 and not pip_termijn_gemeld and (oud is None or oud.pip_termijn_start is None):
            self.meld(g_nieuw, Gebeurtenis.SS139, "termijn PIP gestart")
        if self.w.ss126 and self.pip_gemeente is None and self.dag >= b.pip_termijn_start + timedelta(
                weeks=self.w.pip_termijn_weken):
            sleutel = f"{self.wet}:{b.pip_termijn_start.isoformat()}"
            if sleutel not in self.t.ss126:
                self.t.ss126.append(sleutel)
                self.meld(g_nieuw, Gebeurtenis.SS126, "10 weken verstreken zonder PIP")

    def _besluiten(self, g_nieuw: str | None) -> None:
        """DUO's decisions that leave the obligation as it is: once per law, to whoever can see the person."""
        for m in self.b.meldingen:
            sleutel = f"{self.wet}:{m.sleutel}"
            if sleutel in self.t.gemeld:
                continue
            gs = self._in_scope(g_nieuw)
            for g in gs:
                self.meld(g, m.gebeurtenis, m.aanleiding)
            if gs:
                self.t.gemeld.append(sleutel)


EINDE_SIGNALEN = {
    Reden.VOLDAAN: Gebeurtenis.SS106, Reden.VOLLEDIGE_VRIJSTELLING: Gebeurtenis.SS107,
    Reden.VOLLEDIGE_ONTHEFFING: Gebeurtenis.SS108, Reden.OVERLIJDEN: Gebeurtenis.SS111,
}


def eerste_melding(b: Bepaling, hervat: bool, pip_gemeente: str | None) -> Gebeurtenis:
    """The one signal that first tells a gemeente about a person under a law (contract §5.6)."""
    wet = wet_van(b.wet)
    if wet.pip and hervat:
        return Gebeurtenis.SS130 if pip_gemeente else Gebeurtenis.SS129
    if b.aow_binnen_zes_maanden:
        return Gebeurtenis.SS128
    if wet.ss139 and b.pip_termijn_start:
        return Gebeurtenis.SS139
    return Gebeurtenis.SS101


def _inburgeringstermijn(t: Toestand, pips: list[Pip], dag: date, meld, verlengingen: list[Verlenging]) -> None:
    """SS102: the first PIP starts the term the day after its dagtekening; it is set on that day."""
    if t.termijn is not None and t.termijn.gestart_op is not None:
        t.termijn = t.termijn.met_verlengingen(verlengingen)
        return
    if not pips:
        t.termijn = None  # the first PIP was deleted before its term began
        return
    start = pips[0].dagtekening + timedelta(days=1)
    t.termijn = Termijn(start, start + relativedelta(years=INBURGERINGSTERMIJN_JAREN)).met_verlengingen(verlengingen)
    if dag >= start:
        t.termijn = replace(t.termijn, gestart_op=dag)
        meld(pips[-1].gemeente, Gebeurtenis.SS102, "inburgeringstermijn gestart")


def volgende_controle(b: Bepaling, t: Toestand, dag: date) -> date | None:
    """The next day the engine must look at this person without a new message."""
    kandidaten = [b.volgende_wijziging] if b.volgende_wijziging else []
    wet = wet_van(b.wet)
    if wet is not None and wet.ss126 and b.pip_termijn_start and b.inburgeringsplichtig:
        ss126 = b.pip_termijn_start + timedelta(weeks=wet.pip_termijn_weken)
        if ss126 > dag and f"{wet.code}:{b.pip_termijn_start.isoformat()}" not in t.ss126:
            kandidaten.append(ss126)
    if t.termijn is not None and t.termijn.gestart_op is None:
        kandidaten.append(t.termijn.start)
    later = [d for d in kandidaten if d > dag]
    return min(later) if later else None
