"""The determination of the integration obligation (inburgeringsplicht) for one person on one day.

Reads like the law, one named rule per step in the law's order: lawful residence with an obliging purpose
(``verblijfsrecht``: rights chained by ingangsdatum), the begin date (bekendmaking, never before the right
takes effect), the age of 18, the law of the begin date, the exceptions that hold on the begin date
(nationality, Turkish nationals under Wi2007/Wi2013, AOW age, eight years at school-attendance age, death
or departure before the begin), the target group (with DUO's rule on asylum rights), the end of the
obligation (residence, death, AOW age, nationality, a year abroad, DUO's decisions) and a temporary
exemption that suspends it. Every step is written to the explanation with its rule (``grond``) and the facts it
used; the source it cites is the rule's article under the law of *this* person (``bronnen.bron(grond, wet)``),
resolved once the determination is done, so a step taken before the law is known (the begin date) still cites the
right law. For someone who never became obligated, that is the law of the day that decided it (the day the right
acts, or the peildatum). What each law implies (a PIP term, a term from the begin date) is read from its ``Wet``.

The rules do not schedule: the next day the result may change without new facts (``volgende_wijziging``) is collected
apart, by ``_volgende_wijziging``, from the days the rules found (the begin date, the AOW age, an accession ahead, a
year abroad running).

Choices where the sources are silent (see also the README):
- An obligation keeps the law of its begin date until it really ends; a change of purpose inside it keeps
  law and begin date. Only after a real end can a new one begin, under the law of its own begin date.
- A change of purpose to a temporary one, or a new right after a gap, ends the obligation on the day the
  new right acts (the later of decision and ingangsdatum).
- Target group after a change of purpose (DUO's Gebeurtenissen page, contract §5.1): asylum → regular keeps
  the asylum rights unless the person asks otherwise (``duo.verzoek_doelgroep``); regular → asylum grants
  them unless the person asks to keep theirs. A request without such a change has no effect.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from . import besluiten, bronnen, leeftijd, nationaliteit, opt_in, verblijfsrecht
from .besluiten import Besluit, Melding, Verlenging
from .feiten import Feit, Locaties, PersoonFeiten
from .gemeente import Woonsituatie, woonsituatie
from .parameters import (ASIEL, ASIELRECHTEN_TOEGEKEND, AOW_SIGNAAL_MAANDEN, AOW_VASTGESTELD_TOT, BEHOUD_ASIELRECHTEN,
                         INBURGERINGSTERMIJN_JAREN, OP_VERZOEK_BEHOUD_GEZIN, OP_VERZOEK_GEZIN, VERBLIJFSDOELEN,
                         VERTREK_TERMIJN_JAREN, Reden, Verblijfsdoel)
from .uitleg import Stap
from .variant import WETTELIJK, Begindatumregel, Variant
from .verblijfsrecht import Verblijfsperiode, werking
from .wet import Termijnstart, Wet, bekendmaking, wet_op, wet_van

_LEGE_LOCATIES = Locaties()
_DAG = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Vorige:
    """An earlier obligation of the person that really ended before the current one began."""

    wet: str
    begindatum: date
    einddatum: date
    reden: str


@dataclass(slots=True)
class Bepaling:
    bsn: str
    peildatum: date
    variant: Variant
    inburgeringsplichtig: bool = False
    wet: str | None = None
    begindatum: date | None = None
    einddatum: date | None = None
    reden: Reden | None = None  # redenGeenInburgeringsplicht once an obligation has ended or is suspended
    verblijfsdoel: str | None = None
    doelgroep: str | None = None
    gedetailleerde_doelgroep: str | None = None
    procesgroep: str | None = None
    asielrechten: str | None = None  # AsielrechtenWijzigingVerblijfsdoel after a change of purpose
    gemeente: str | None = None  # responsible gemeente, only while obligated
    woongemeente: str | None = None  # responsible gemeente whatever the obligation (for the scope rule)
    in_coa: bool = False
    vertrokken: bool = False  # left the Netherlands (for SS123)
    pip_termijn_start: date | None = None  # Wi2021: 10-week PIP term runs from here
    aow_datum: date | None = None
    hervat_op: date | None = None  # the obligation resumed on this day after a temporary exemption
    verlengingen: list[Verlenging] = field(default_factory=list)  # granted term extensions
    termijn: tuple[date, date] | None = None  # Wi2013 inburgeringstermijn (start, end exclusive)
    meldingen: list[Melding] = field(default_factory=list)  # decisions to signal (SS103/104, SS113–119, …)
    vorige: Vorige | None = None  # the obligation before this one, if it ended (possibly under another law)
    volgende_wijziging: date | None = None  # next day the result may change without new facts
    stappen: list[Stap] = field(default_factory=list)  # complete once determined (``_afronden``)
    bronwet: str | None = None  # the law whose articles the steps cite (``wet``, or the law of the deciding day)
    _open: list[tuple] = field(default_factory=list, repr=False)  # steps taken, their sources not yet resolved

    @property
    def aow_binnen_zes_maanden(self) -> bool:
        return bool(
            self.begindatum and self.aow_datum
            and self.aow_datum <= self.begindatum + relativedelta(months=AOW_SIGNAAL_MAANDEN)
        )

    @property
    def geschorst(self) -> bool:
        return self.reden == Reden.TIJDELIJKE_VRIJSTELLING

    @property
    def lopend(self) -> bool:
        """An obligation that runs, suspended or not."""
        return self.inburgeringsplichtig or self.geschorst

    def als_contract(self) -> dict:
        """Contract §2 output keys."""
        return {
            "bsn": self.bsn,
            "inburgeringsplichtig": self.inburgeringsplichtig,
            "wet": self.wet,
            "begindatum": self.begindatum.isoformat() if self.begindatum else None,
            "doelgroep": self.doelgroep,
            "gemeente": self.gemeente,
            "redenGeenInburgeringsplicht": self.reden,
        }

    def stap(self, regel: str, uitkomst: str, grond: str, onder: str | None = None, **gegevens) -> None:
        """One step: its rule ``grond`` is cited under law ``onder`` if given, else under the person's law once
        known (``_afronden``); ``gegevens``: the facts it used, for the summary."""
        for k, v in gegevens.items():
            if v.__class__ is date:
                gegevens[k] = v.isoformat()
        self._open.append((regel, uitkomst, grond, onder, gegevens))


@dataclass(slots=True)
class _Zaak:
    """What the rules read for one determination, and the days they found that decide when its result may change
    (read by ``_volgende_wijziging`` only: the rules themselves do not schedule)."""

    p: PersoonFeiten
    peildatum: date
    variant: Variant
    locaties: Locaties
    vastgesteld_op: date | None
    kennis_op: date | None
    later: set[date] = field(default_factory=set)  # days after the peildatum on which a residence run changes
    begin: date | None = None  # the begin date the law gives, also when it lies after the peildatum
    einden: _Einden | None = None  # the end rules, once the obligation began


@dataclass(frozen=True, slots=True)
class _Verblijf:
    """The run of residence the obligation rests on, its first bekendmaking, and an earlier run that really ended."""

    run: Verblijfsperiode
    bekend: date
    uitleg: str
    bron: tuple[str, dict]  # (rule, facts) of the bekendmaking step
    eerder: Verblijfsperiode | None


def bepaal(
    p: PersoonFeiten,
    peildatum: date,
    variant: Variant = WETTELIJK,
    locaties: Locaties | None = None,
    vastgesteld_op: date | None = None,
    kennis_op: date | None = None,
) -> Bepaling:
    """Determine the obligation of person ``p`` on ``peildatum``.

    ``variant``: the rule variant (the law by default). ``vastgesteld_op``: for the fault variant
    ``vaststelling``, the day DUO first determined the obligation (default: the peildatum).
    ``kennis_op``: the day DUO looks, for what it knew then (COA locations in the fault variant).
    """
    c = _Zaak(p, peildatum, variant, locaties or _LEGE_LOCATIES, vastgesteld_op, kennis_op)
    b = Bepaling(p.bsn, peildatum, variant)
    b.bronwet = wet_op(peildatum).code
    _pas_regels_toe(b, c)
    b.volgende_wijziging = _volgende_wijziging(c)
    return _afronden(b)


def _pas_regels_toe(b: Bepaling, c: _Zaak) -> None:
    """The rules in the law's order; a rule that settles the determination (no obligation) ends it."""
    if not _brp_persoon(b, c):
        return
    verblijf = _verblijf(b, c)
    if verblijf is None:
        return
    if verblijf.eerder is not None:
        _vorige(b, c, verblijf.eerder)
    begin, wet = _begindatum(b, c, verblijf)
    if not _begonnen(b, c, verblijf.run, begin, wet):
        return
    nats, nat_bron = nationaliteit.nationaliteiten_op(c.p, begin)
    if not _geen_uitzondering(b, c, verblijf.run, begin, wet, nats, nat_bron):
        return
    wet, begin = opt_in.kies(b, c.p, wet, begin, c.peildatum)  # the opt-in group's choice (domein/opt_in.py)
    _wet(b, begin, wet)
    bs = besluiten.besluiten(c.p, c.peildatum)
    _doelgroep(b, verblijf.run, begin, bs)
    if not _einde(b, c, verblijf.run, begin, nats, bs):
        return
    if b.einddatum is None:
        _lopende_plicht(b, verblijf.run, begin, bs, c.peildatum)
    instroom = verblijf.run.rechten[0].recht.verblijfsdoel
    _gemeente(b, c, instroom)
    _pip_termijn(b, c, begin, wet, instroom)
    _termijn(b, bs, begin)
    b.meldingen = besluiten.meldingen(bs, begin)


# --- Who is obligated: a person known to the BRP ---------------------------------------------------------------

def _brp_persoon(b: Bepaling, c: _Zaak) -> bool:
    """Without the person's BRP data nothing can be determined (art. 3 lid 1 of each law; rule
    ``inburgeringsplicht``)."""
    if c.p.geboortedatum is None:
        b.stap("persoon", "geen persoonsgegevens uit de BRP ontvangen: geen vaststelling mogelijk",
               "inburgeringsplicht")
        return False
    b.aow_datum = leeftijd.aow_datum(c.p.geboortedatum)
    return True


# --- Art. 3: lawful residence with an obliging purpose -------------------------------------------------------

def _verblijf(b: Bepaling, c: _Zaak) -> _Verblijf | None:
    """The run of residence the (current or last) obligation rests on, with its bekendmaking; None: none.

    Wi2021 art. 3 lid 1, Wi2013 and Wi2007 art. 3 lid 1 with Vw 2000 art. 8 (rules ``inburgeringsplicht``,
    ``tijdelijk_doel``, ``unierecht``, ``ingangsdatum``, ``doorlopend_verblijf``, ``bekendmaking``)."""
    p, peildatum = c.p, c.peildatum
    runs, later = verblijfsrecht.perioden(p, peildatum)
    c.later = set(later)
    if not runs:
        _geen_verblijf(b, p, peildatum)
        return None
    # The most recent run whose obligation has begun; else the most recent run.
    for i in range(len(runs) - 1, -1, -1):
        run = runs[i]
        bekend, uitleg, bron = _eerste_bekendmaking(p, run, peildatum)
        if bekend is not None and (run.eind is None or bekend < run.eind):
            if run.ketens:
                b.stap("doorlopend verblijf", f"{run.ketens + 1} aansluitende verblijfsrechten sinds {run.start}: één "
                       "doorlopend verblijf, dus één inburgeringsplicht", "doorlopend_verblijf",
                       rechten=run.ketens + 1, sinds=run.start)
            eerder = next((r for r in reversed(runs[:i]) if r.eind is not None and
                           (_eerste_bekendmaking(p, r, r.eind)[0] or r.eind) < r.eind), None)
            return _Verblijf(run, bekend, uitleg, bron, eerder)
    run = runs[-1]
    _, uitleg, _ = _eerste_bekendmaking(p, run, peildatum)
    laatste = run.rechten[-1].recht
    b.bronwet = wet_op(werking(laatste)).code
    b.stap("bekendmaking", f"verblijfsrecht {laatste.verblijfsdoel}: {uitleg}; de plicht begint pas "
           "bij bekendmaking", "bekendmaking", verblijfsdoel=laatste.verblijfsdoel,
           beschikking=laatste.datum_beschikking)
    return None


def _geen_verblijf(b: Bepaling, p: PersoonFeiten, peildatum: date) -> None:
    """No residence that obliges: a temporary purpose or Union law (rules ``tijdelijk_doel``, ``unierecht``), a right
    that acts after the peildatum (``ingangsdatum``), or no right at all (``inburgeringsplicht``)."""
    bekend = [f for f in p.rechten if verblijfsrecht.werking(f.recht) <= peildatum]
    if bekend:
        doel = VERBLIJFSDOELEN[bekend[-1].recht.verblijfsdoel]
        vanaf = verblijfsrecht.werking(bekend[-1].recht)
        b.bronwet = wet_op(vanaf).code
        if doel.grond == "unierecht":
            b.stap("verblijfsdoel", f"verblijfsdoel {doel.code}: gezinslid van een burger van de EU, de EER of "
                   "Zwitserland (Unierecht): geen inburgeringsplicht", "unierecht", verblijfsdoel=doel.code,
                   vanaf=vanaf)
        else:
            b.stap("verblijfsdoel", f"verblijfsdoel {doel.code} is tijdelijk: geen inburgeringsplicht",
                   "tijdelijk_doel", verblijfsdoel=doel.code, vanaf=vanaf)
    elif any(f.datum <= peildatum for f in p.rechten):
        r = [f for f in p.rechten if f.datum <= peildatum][-1].recht
        b.bronwet = wet_op(verblijfsrecht.werking(r)).code
        b.stap("verblijfsrecht", f"verblijfsrecht {r.verblijfsdoel} gaat pas in op {verblijfsrecht.werking(r)}, "
               "na de peildatum", "ingangsdatum", verblijfsdoel=r.verblijfsdoel, ingang=verblijfsrecht.werking(r))
    else:
        b.stap("verblijfsrecht", "geen verblijfsrecht van de IND bekend op de peildatum", "inburgeringsplicht")


def _vorige(b: Bepaling, c: _Zaak, run: Verblijfsperiode) -> None:
    """The obligation of an earlier run: determined as it stood on its run's last day. It keeps its own law and ended
    for its own reason (the end rules of that law)."""
    laatste_dag = min(run.eind - _DAG, c.peildatum)
    v = bepaal(c.p, laatste_dag, c.variant, c.locaties, c.vastgesteld_op, c.kennis_op)
    if v.wet is None:
        return
    if v.einddatum is not None:
        eind, reden = v.einddatum, v.reden
        s = next(s for s in reversed(v.stappen) if s.regel == "einde")
        grond, gegevens = s.grond, {k: x for k, x in s.gegevens.items() if k not in ("datum", "reden")}
    else:
        eind, reden, grond, gegevens = run.eind, run.reden, run.eind_grond, run.eind_gegevens or {}
    b.vorige = Vorige(v.wet, v.begindatum, eind, reden)
    # cites the earlier obligation's own law: the step is about that obligation
    b.stap("eerdere plicht", f"eerdere inburgeringsplicht onder de {v.wet} van {v.begindatum} geëindigd op {eind} "
           f"(reden '{reden}'); de huidige plicht staat daar los van", grond, onder=v.wet, vorige_wet=v.wet,
           vorige_begindatum=v.begindatum, vorige_einddatum=eind, reden=reden, **gegevens)


def _eerste_bekendmaking(p: PersoonFeiten, run: Verblijfsperiode, peildatum: date):
    """The earliest day one of the run's rights was made known and in force, with explanation and source."""
    beste = (None, "", ("bekendmaking", {}))
    laatste_uitleg = ""
    for f in run.rechten:
        d, uitleg = bekendmaking(p, f, peildatum)
        if d is None:
            laatste_uitleg = uitleg
            continue
        r = f.recht
        gegevens = {"soort": "asiel" if r.verblijfsdoel == "asiel" else "document", "verblijfsdoel": r.verblijfsdoel,
                    "beschikking": r.datum_beschikking, "bekendmaking": d, "ingang": r.ingangsdatum}
        grond = "bekendmaking"
        if r.ingangsdatum > d:  # never before the right takes effect
            d, uitleg, grond = r.ingangsdatum, f"{uitleg}; het recht gaat pas in op {r.ingangsdatum}", "ingangsdatum"
        if beste[0] is None or d < beste[0]:
            beste = (d, uitleg, (grond, gegevens))
    return beste if beste[0] is not None else (None, laatste_uitleg, ("bekendmaking", {}))


# --- Begin date and the age of 18; the law of that day ----------------------------------------------------------

def _begindatum(b: Bepaling, c: _Zaak, verblijf: _Verblijf) -> tuple[date, Wet]:
    """The begin date: the bekendmaking of the right, never before it takes effect (art. 3 lid 1; handreiking §1.1
    and §2.3: rules ``bekendmaking``, ``ingangsdatum``), or in the fault variant the day DUO determined it
    (``vaststelling_fout``); for a minor the 18th birthday (``meerderjarig``). The law is the law of that day
    (Wi2021 art. 54; rule ``wet``)."""
    al_geeindigd = None
    if c.variant.begindatum == Begindatumregel.VASTSTELLING:
        al_geeindigd = _geeindigd_voor_vaststelling(c, verblijf.bekend)
    begin = _begin_volgens_variant(b, c, verblijf, al_geeindigd)
    begin, wet = _meerderjarig(b, c.p, begin)
    c.begin = begin
    b.bronwet = wet.code
    return begin, wet


def _geeindigd_voor_vaststelling(c: _Zaak, bekend: date) -> date | None:
    """Fault variant ``vaststelling``: the end of this obligation, begun by law, if it ended before the day DUO
    determined it (``vastgesteld_op``, else the peildatum). Such an obligation is not re-dated (``variant.py``)."""
    dag = min(c.vastgesteld_op or c.peildatum, c.peildatum)
    wettelijk = bepaal(c.p, dag, replace(c.variant, begindatum=Begindatumregel.BEKENDMAKING), c.locaties,
                       kennis_op=c.kennis_op)
    begin = max(bekend, leeftijd.achttiende_verjaardag(c.p.geboortedatum))
    if (wettelijk.begindatum == begin and not wettelijk.lopend and wettelijk.einddatum is not None
            and wettelijk.einddatum <= dag):
        return wettelijk.einddatum
    return None


def _begin_volgens_variant(b: Bepaling, c: _Zaak, verblijf: _Verblijf, al_geeindigd: date | None) -> date:
    """Bekendmaking (the law), or the day DUO determined it (the January 2022 fault) — not for an obligation that
    had already ended by that day (``al_geeindigd``): DUO determined no obligation then, so nothing was re-dated."""
    bekend, uitleg = verblijf.bekend, verblijf.uitleg
    grond, gegevens = verblijf.bron
    if c.variant.begindatum == Begindatumregel.VASTSTELLING and al_geeindigd is not None:
        b.stap("begindatum", f"bekendmaking verblijfsrecht: {uitleg}; begindatum {bekend} (de foutieve regel van "
               f"januari 2022 verplaatst die niet: de plicht was al geëindigd op {al_geeindigd}, voordat DUO haar "
               "vaststelde)", grond, datum=bekend, **gegevens)
        return bekend
    if c.variant.begindatum == Begindatumregel.VASTSTELLING:
        begin = max(bekend, c.vastgesteld_op or c.peildatum)
        b.stap("begindatum", f"begindatum {begin}: dag waarop DUO de plicht vaststelde (bekendmaking was {bekend})",
               "vaststelling_fout", datum=begin, **{**gegevens, "soort": "vaststelling", "wettelijk": bekend})
        return begin
    b.stap("begindatum", f"bekendmaking verblijfsrecht: {uitleg}; begindatum {bekend}", grond, datum=bekend,
           **gegevens)
    return bekend


def _meerderjarig(b: Bepaling, p: PersoonFeiten, begin: date) -> tuple[date, Wet]:
    """Under 18 on the begin date: the obligation begins on the 18th birthday, under the law of that day (Wi2021
    art. 3 and 4 lid 1, Wi2013 and Wi2007 art. 5 lid 1 onder a en d; rule ``meerderjarig``)."""
    achttien = leeftijd.achttiende_verjaardag(p.geboortedatum)
    if begin < achttien:
        b.stap("minderjarig", f"op {begin} jonger dan 18 (geboren {p.geboortedatum}): de plicht begint op de "
               f"18e verjaardag, {achttien}", "meerderjarig", achttien=achttien)
        return achttien, wet_op(achttien)
    return begin, wet_op(begin)


def _begonnen(b: Bepaling, c: _Zaak, run: Verblijfsperiode, begin: date, wet: Wet) -> bool:
    """The obligation exists once its begin date is reached while the residence still runs (art. 3 lid 1; rules
    ``inburgeringsplicht``, ``meerderjarig``)."""
    if run.eind is not None and run.eind <= begin:
        # The residence ended before the obligation could begin (a right that ended before the 18th birthday).
        b.stap("verblijfsrecht", f"verblijf geëindigd op {run.eind} ({run.eind_uitleg}), vóór de begindatum {begin}: "
               "geen inburgeringsplicht", "inburgeringsplicht", einde=run.eind, begindatum=begin)
        return False
    if begin > c.peildatum:
        b.stap("nog niet begonnen", f"de plicht begint op {begin}, na de peildatum", "meerderjarig", begindatum=begin,
               wet=wet.code)
        return False
    return True


# --- Exceptions that hold on the begin date ------------------------------------------------------------

def _geen_uitzondering(b: Bepaling, c: _Zaak, run: Verblijfsperiode, begin: date, wet: Wet, nats, nat_bron) -> bool:
    """False when an exception on the begin date means no obligation at all (each with its step), in the law's
    order: nationality, the AOW age, eight years at school-attendance age, death before the begin date."""
    doel = VERBLIJFSDOELEN[run.recht_op(begin).recht.verblijfsdoel]
    return (_nationaliteit(b, begin, wet.code, doel, nats, nat_bron) and _aow_leeftijd(b, begin)
            and _leerplicht(b, c.p, begin) and _niet_overleden(b, c, begin))


def _nationaliteit(b: Bepaling, begin: date, wet: str, doel: Verblijfsdoel, nats, nat_bron) -> bool:
    """Dutch, EU/EEA and Swiss nationals are not obligated (Wi2021 art. 3, Wi2013 and Wi2007 art. 5 lid 2 onder a;
    rule ``nationaliteit``); nor Turkish nationals under Wi2007 and Wi2013 (art. 5 lid 2 onder d; ``turkije``), except
    Turkish asylum status holders and their families from 1 May 2020 under Wi2013 (``turkije_asiel``)."""
    vrij = nationaliteit.vrijgestelde_nationaliteit(nats, begin)
    if vrij:
        b.stap("nationaliteit", f"nationaliteit {vrij} op {begin} (bericht {nat_bron}, nationaliteiten "
               f"{', '.join(nats)}): geen inburgeringsplicht", "nationaliteit", nationaliteit=vrij,
               oorzaak="vrijgesteld")
        return False
    turks, uitzondering = nationaliteit.uitgesloten_onder_wet(nats, wet, doel.code, begin)
    if turks:
        b.stap("nationaliteit", f"nationaliteit {turks} (bericht {nat_bron}), verblijfsdoel {doel.code}, begindatum "
               f"{begin}: niet inburgeringsplichtig onder de {wet}", "turkije", nationaliteit=turks, oorzaak="turkije")
        return False
    if uitzondering:
        b.stap("nationaliteit", f"nationaliteit {uitzondering} (bericht {nat_bron}) met verblijfsdoel {doel.code} en "
               f"begindatum {begin}, op of na 1 mei 2020: wel inburgeringsplichtig onder de {wet}",
               "turkije_asiel", nationaliteit=uitzondering, oorzaak="turkije_asiel")
    return True


def _aow_leeftijd(b: Bepaling, begin: date) -> bool:
    """Who has reached the AOW age by the begin date is not obligated (Wi2021 art. 3 with AOW art. 7a, Wi2013 and
    Wi2007 art. 5 lid 1 onder a; rule ``aow``)."""
    if b.aow_datum <= begin:
        b.stap("AOW-leeftijd", f"AOW-leeftijd bereikt op {b.aow_datum}{_aow_voorbehoud(b.aow_datum)}, niet later dan "
               f"de begindatum {begin}: geen inburgeringsplicht", "aow", aow_datum=b.aow_datum)
        return False
    return True


def _leerplicht(b: Bepaling, p: PersoonFeiten, begin: date) -> bool:
    """Who lived here at least eight years at school-attendance age is not obligated (Wi2021 art. 3, Wi2013 and Wi2007
    art. 5 lid 1 onder b; rule ``leerplicht``)."""
    acht, dagen, van, tot = leeftijd.acht_jaar_leerplichtig_in_nederland(p, p.geboortedatum, begin)
    if not dagen:
        return True
    jaren = f"{dagen / 365.25:.1f}".replace(".", ",")
    if acht:
        b.stap("leerplichtige leeftijd", f"volgens de BRP {dagen} dagen ({jaren} jaar) in Nederland gewoond in de "
               f"leerplichtige leeftijd ({van} tot en met {tot}): ten minste acht jaar, dus geen "
               "inburgeringsplicht", "leerplicht", acht_jaar=True, jaren=jaren)
        return False
    b.stap("leerplichtige leeftijd", f"volgens de BRP {dagen} dagen ({jaren} jaar) in Nederland gewoond in de "
           f"leerplichtige leeftijd ({van} tot en met {tot}): minder dan acht jaar",
           "leerplicht", acht_jaar=False, jaren=jaren)
    return True


def _niet_overleden(b: Bepaling, c: _Zaak, begin: date) -> bool:
    """Who died before the begin date never became obligated (art. 3 lid 1: no residence; rule ``geen_verblijf``)."""
    overlijden = _overleden(c.p, c.peildatum)
    if overlijden is not None and overlijden.datum <= begin:
        b.stap("overlijden", f"overleden op {overlijden.datum} (bericht {overlijden.bron}), vóór de begindatum",
               "geen_verblijf", datum=overlijden.datum)
        return False
    return True


def _overleden(p: PersoonFeiten, peildatum: date) -> Feit | None:
    return p.overlijden[0] if p.overlijden and p.overlijden[0].datum <= peildatum else None


def _wet(b: Bepaling, begin: date, wet: Wet) -> None:
    """The obligation falls under the law of its begin date and keeps it until it really ends (Wi2021 art. 54; rule
    ``wet``)."""
    b.wet, b.begindatum = wet.code, begin
    b.stap("wet", f"begindatum {begin} valt in de periode van de {wet.code} "
           f"(vanaf {wet.vanaf if wet.vanaf.year > 1 else '—'})", "wet", wet=wet.code, begindatum=begin)


# --- Target group, with DUO's rule on asylum rights after a change of purpose ------------------------------------

def _doelgroep(b: Bepaling, run: Verblijfsperiode, begin: date, bs: list[Besluit]) -> None:
    gebeurtenissen = [(werking(f.recht), f.volgorde, "recht", f) for f in run.rechten]
    gebeurtenissen += [(v.datum, v.volgorde, "verzoek", v) for v in bs
                       if v.type == "duo.verzoek_doelgroep" and v.datum >= begin]
    gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
    huidig = groep = laatste_regulier = laatste_asiel = None
    wijziging = None
    for d, _, soort, x in gebeurtenissen:
        if soort == "recht":
            doel = VERBLIJFSDOELEN[x.recht.verblijfsdoel]
            if doel.doelgroep == ASIEL:
                laatste_asiel = doel
            else:
                laatste_regulier = doel
            if huidig is None:
                groep = doel
            elif (doel.doelgroep == ASIEL) != (huidig.doelgroep == ASIEL):
                if doel.doelgroep == ASIEL:
                    groep, wijziging = doel, ASIELRECHTEN_TOEGEKEND
                    b.stap("asielrechten", f"verblijfsdoel gewijzigd van {huidig.code} naar {doel.code} op {d} (bericht "
                           f"{x.bron}): asielrechten toegekend", "asielrechten", van=huidig.code, naar=doel.code,
                           datum=d, asielrechten=wijziging)
                elif groep.doelgroep == ASIEL:
                    wijziging = BEHOUD_ASIELRECHTEN
                    b.stap("asielrechten", f"verblijfsdoel gewijzigd van {huidig.code} naar {doel.code} op {d} (bericht "
                           f"{x.bron}): DUO blijft van de asielrechten uitgaan", "asielrechten", van=huidig.code,
                           naar=doel.code, datum=d, asielrechten=wijziging)
                else:
                    groep = doel
            elif doel.doelgroep == groep.doelgroep:
                groep = doel  # the detailed group follows the purpose within the same target group
            huidig = doel
            continue
        gewenst = x.velden["rechten"]
        if wijziging is None or huidig is None:
            b.stap("verzoek doelgroep", f"verzoek van {x.datum} (bericht {x.bron}) om de rechten van "
                   f"{'asielstatushouder' if gewenst == 'asiel' else 'gezins- en overige migrant'}: geen wijziging van "
                   "verblijfsdoel tussen asiel en regulier, dus zonder gevolg", "asielrechten", datum=x.datum,
                   asielrechten=None)
            continue
        if gewenst == "asiel":
            groep = laatste_asiel
            wijziging = BEHOUD_ASIELRECHTEN if huidig.doelgroep != ASIEL else ASIELRECHTEN_TOEGEKEND
        else:
            groep = huidig if huidig.doelgroep != ASIEL else laatste_regulier
            wijziging = OP_VERZOEK_GEZIN if huidig.doelgroep != ASIEL else OP_VERZOEK_BEHOUD_GEZIN
        b.stap("verzoek doelgroep", f"op verzoek van {x.datum} (bericht {x.bron}): {wijziging.lower()}",
               "asielrechten", datum=x.datum, asielrechten=wijziging)
    b.verblijfsdoel = huidig.code
    b.doelgroep, b.gedetailleerde_doelgroep, b.procesgroep = groep.doelgroep, groep.gedetailleerde_doelgroep, groep.procesgroep
    b.asielrechten = wijziging
    laatste = run.rechten[-1]
    b.stap("verblijfsdoel", f"verblijfsdoel {huidig.code} (bericht {laatste.bron}): doelgroep {groep.doelgroep} "
           f"({groep.gedetailleerde_doelgroep})", "doelgroep", verblijfsdoel=huidig.code, doelgroep=groep.doelgroep,
           gedetailleerd=groep.gedetailleerde_doelgroep)


# --- End of the obligation: the earliest ending event from the begin date on -------------------------------------

@dataclass(frozen=True, slots=True)
class _Eind:
    datum: date
    reden: str
    uitleg: str  # for the jurist
    grond: str  # the rule (``bronnen.BRONNEN``)
    gegevens: dict  # for the summary: oorzaak and its facts


@dataclass(frozen=True, slots=True)
class _Vertrek:
    """What the departures mean on the peildatum: an end, no obligation at all, or a year abroad still running."""

    einde: _Eind | None = None
    voor_begin: Feit | None = None  # left before the begin date and not back within a year: no obligation
    jaar_om: date | None = None  # abroad and not back: the year is complete after this day


@dataclass(frozen=True, slots=True)
class _Einden:
    """The end rules applied: the earliest end, and the days ahead they depend on (for ``_volgende_wijziging``)."""

    eerste: _Eind | None  # the earliest end on or before the peildatum
    aow_datum: date
    toetredingen: frozenset[date]  # accessions that may still end it (none once a nationality has ended it)
    vertrek: _Vertrek


def _einde(b: Bepaling, c: _Zaak, run: Verblijfsperiode, begin: date, nats, bs: list[Besluit]) -> bool:
    """The end of the obligation: the earliest ending event on or before the peildatum (rules ``geen_verblijf``,
    ``verlopen_recht``, ``aow``, ``nationaliteit``, ``vrijstelling``, ``ontheffing``, ``voldaan``, ``vertrek``).
    False: the person left before the begin date and did not come back within a year, so there is no obligation."""
    einden = c.einden = _einden(c.p, run, begin, nats, bs, b.aow_datum, c.peildatum)
    v = einden.vertrek.voor_begin
    if v is not None:
        b.wet = b.begindatum = b.doelgroep = b.gedetailleerde_doelgroep = b.procesgroep = b.asielrechten = None
        b.stap("vertrek", f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}), vóór de begindatum, en niet "
               "binnen een jaar teruggekeerd: geen inburgeringsplicht", "vertrek", datum=v.datum)
        return False
    eind = einden.eerste
    if eind is not None:
        b.einddatum, b.reden = eind.datum, eind.reden
        b.stap("einde", f"inburgeringsplicht geëindigd op {eind.datum}: {eind.uitleg}; reden '{eind.reden}'",
               eind.grond, datum=eind.datum, reden=eind.reden, **eind.gegevens)
    return True


def _einden(p: PersoonFeiten, run: Verblijfsperiode, begin: date, nats, bs: list[Besluit], aow_datum: date,
            peildatum: date) -> _Einden:
    """Every ending event from the begin date on, in a fixed order (the first of equal dates wins)."""
    nat = _einde_nationaliteit(p, begin, nats, peildatum)
    vertrek = _vertrek(p, begin, peildatum)
    besluit = besluiten.einde(bs, begin)
    overlijden = _overleden(p, peildatum)
    eindes = [
        _Eind(run.eind, run.reden, run.eind_uitleg, run.eind_grond, run.eind_gegevens or {})
        if run.eind is not None else None,
        _Eind(overlijden.datum, Reden.OVERLIJDEN, f"overleden op {overlijden.datum} (bericht {overlijden.bron})",
              "geen_verblijf", {"oorzaak": "overleden"}) if overlijden is not None else None,
        _Eind(aow_datum, Reden.OVERIG, f"AOW-leeftijd bereikt op {aow_datum}{_aow_voorbehoud(aow_datum)}", "aow",
              {"oorzaak": "aow", "aow_datum": aow_datum}),
        nat,
        _Eind(besluit.datum, besluit.reden, besluit.uitleg, besluit.grond, {"oorzaak": besluit.oorzaak})
        if besluit is not None else None,
        vertrek.einde,
    ]
    eerste = min((e for e in eindes if e is not None and e.datum <= peildatum), default=None, key=lambda e: e.datum)
    toetredingen = frozenset() if nat is not None else frozenset(
        van for n in nats for van in nationaliteit.toetredingen(n))
    return _Einden(eerste, aow_datum, toetredingen, vertrek)


def _einde_nationaliteit(p: PersoonFeiten, begin: date, nats, peildatum: date) -> _Eind | None:
    """A nationality that excludes the obligation, acquired later (naturalisation) or by a later accession (rule
    ``nationaliteit``)."""
    wissel = sorted({f.datum for f in p.nationaliteiten} | {
        van for n in nats for van in nationaliteit.toetredingen(n)})
    for d in wissel:
        if not begin < d <= peildatum:
            continue
        nats_d, bron_d = nationaliteit.nationaliteiten_op(p, d)
        vrij_d = nationaliteit.vrijgestelde_nationaliteit(nats_d, d)
        if vrij_d:
            # an accession: the person had this nationality the day before, when it did not exclude the obligation
            toetreding = (vrij_d in nationaliteit.nationaliteiten_op(p, d - _DAG)[0]
                          and d in nationaliteit.toetredingen(vrij_d))
            return _Eind(d, Reden.OVERIG, f"nationaliteit {vrij_d} vanaf {d} (bericht {bron_d})", "nationaliteit",
                         {"oorzaak": "nationaliteit", "nationaliteit": vrij_d, "toetreding": toetreding})
    return None


def _vertrek(p: PersoonFeiten, begin: date, peildatum: date) -> _Vertrek:
    """The obligation ends when the person stays abroad longer than a year, dated at the departure (rule
    ``vertrek``); who left before the begin date and was not back by then and within the year has none."""
    for v in p.vertrekken:
        if v.datum > peildatum:
            break
        grens = v.datum + relativedelta(years=VERTREK_TERMIJN_JAREN)
        na_vertrek = [vp for vp in p.verblijfplaatsen
                      if (vp.datum, vp.ontvangen, vp.volgorde) > (v.datum, v.ontvangen, v.volgorde)]
        terug = any(vp.datum <= min(grens, peildatum) for vp in na_vertrek)
        if v.datum < begin:  # before the obligation: what matters is being back by the begin date
            terug = terug or any(vp.datum <= begin for vp in na_vertrek)
        if terug:
            continue
        if peildatum <= grens:
            return _Vertrek(jaar_om=grens)
        if v.datum < begin:
            return _Vertrek(voor_begin=v)
        return _Vertrek(einde=_Eind(v.datum, Reden.VERTREK_LANGER_DAN_JAAR,
                                    f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}) en niet binnen een jaar "
                                    "teruggekeerd", "vertrek", {"oorzaak": "vertrek", "vertrek": v.datum}))
    return _Vertrek()


# --- A running obligation, and a temporary exemption that suspends it -----------------------------------------

def _lopende_plicht(b: Bepaling, run: Verblijfsperiode, begin: date, bs: list[Besluit], peildatum: date) -> None:
    """Obligated (art. 3 lid 1; rule ``inburgeringsplicht``), also while DUO waits for the renewal of an expired
    right (``verlopen_recht``); suspended by a temporary exemption (``tijdelijke_vrijstelling``)."""
    b.inburgeringsplichtig = True
    if run.wacht_tot is not None:
        b.stap("verblijfsrecht verlopen", f"verblijfsrecht verlopen op {run.verlopen}; een verlenging kan nog "
               f"komen: DUO wacht tot {run.wacht_tot} voordat de plicht daardoor eindigt", "verlopen_recht",
               verlopen=run.verlopen, wacht_tot=run.wacht_tot)
    _tijdelijke_vrijstelling(b, bs, begin, peildatum)
    if b.inburgeringsplichtig:
        b.stap("plicht", f"inburgeringsplichtig onder de {b.wet} sinds {begin}", "inburgeringsplicht", wet=b.wet,
               begindatum=begin)


def _tijdelijke_vrijstelling(b: Bepaling, bs: list[Besluit], begin: date, peildatum: date) -> None:
    """A granted temporary exemption suspends the obligation up to and including its end (Wi2021 art. 4 lid 1 onder
    d, Wi2013 and Wi2007 art. 5 lid 1 onder e; rule ``tijdelijke_vrijstelling``); after it the obligation resumes."""
    for s in besluiten.schorsingen(bs):
        if s.tot is not None and s.tot < begin:
            continue  # over before the obligation began
        if s.geldt_op(peildatum):
            b.inburgeringsplichtig, b.reden, b.hervat_op = False, Reden.TIJDELIJKE_VRIJSTELLING, None
            b.stap("tijdelijke vrijstelling", f"{s.uitleg}: de plicht is opgeschort "
                   + (f"tot en met {s.tot}" if s.tot else "zonder einddatum"), "tijdelijke_vrijstelling", tot=s.tot)
            return
        if s.tot is not None and s.tot < peildatum:
            b.hervat_op = max(b.hervat_op or begin, s.tot + _DAG)
    if b.hervat_op is not None and b.hervat_op > begin:
        b.stap("tijdelijke vrijstelling", f"tijdelijke vrijstelling voorbij: de plicht loopt weer sinds {b.hervat_op}",
               "tijdelijke_vrijstelling", hervat=b.hervat_op)
    else:
        b.hervat_op = None


# --- The responsible gemeente and the PIP term ----------------------------------------------------------------

def _gemeente(b: Bepaling, c: _Zaak, instroom: str) -> None:
    """The responsible gemeente: where the person lives, or for a status holder in COA care the gemeente COA coupled
    them to (Wi2021 art. 1 'college'; rules ``gemeente``, ``coa_locatie``, ``adresfilter_fout``). Also kept when the
    obligation ended or is suspended, for the scope rule."""
    ws = woonsituatie(c.p, c.peildatum, c.variant, c.locaties, instroom, c.kennis_op)
    b.woongemeente, b.in_coa, b.vertrokken = ws.gemeente, ws.in_coa, ws.vertrokken
    if b.inburgeringsplichtig:
        b.gemeente = ws.gemeente
        b.stap("gemeente", (f"verantwoordelijke gemeente {ws.gemeente}: " if ws.gemeente else
                            "nog geen verantwoordelijke gemeente: ") + ws.uitleg, ws.grond, gemeente=ws.gemeente,
               soort=ws.soort)


def _pip_termijn(b: Bepaling, c: _Zaak, begin: date, wet: Wet, instroom: str) -> None:
    """Under a law with a PIP term (Wi2021 art. 15; rule ``pip_termijn``): the term runs from the first day the person
    lives in the responsible gemeente outside COA care, from the begin date or the end of a suspension."""
    if not wet.pip_termijn_weken or b.geschorst:
        return
    van = max(begin, b.hervat_op or begin)
    b.pip_termijn_start = _pip_termijn_start(c.p, van, min(c.peildatum, b.einddatum or c.peildatum), c.variant,
                                             c.locaties, instroom, c.kennis_op)
    if b.pip_termijn_start and b.inburgeringsplichtig:
        b.stap("PIP-termijn", f"termijn van {wet.pip_termijn_weken} weken voor het PIP loopt vanaf "
               f"{b.pip_termijn_start} (ingeschreven in de gemeente, niet in opvang)", "pip_termijn",
               start=b.pip_termijn_start)


# --- The inburgeringstermijn and its extensions ------------------------------------------------------------

def _termijn(b: Bepaling, bs: list[Besluit], begin: date) -> None:
    """Extensions for every law; the Wi2013 term itself (three years from the begin date) is set here, the Wi2021
    term starts with the first PIP (``signalering``)."""
    b.verlengingen = besluiten.verlengingen(bs, begin)
    if wet_van(b.wet).inburgeringstermijn is Termijnstart.BEGINDATUM:  # Wi2013: from the begin date
        eind = begin + relativedelta(years=INBURGERINGSTERMIJN_JAREN)
        if b.verlengingen:
            eind = b.verlengingen[-1].laatste_dag + _DAG
        b.termijn = (begin, eind)
        b.stap("inburgeringstermijn", f"inburgeringstermijn van {begin} tot {eind}"
               + (f" (verlengd op {b.verlengingen[-1].datum})" if b.verlengingen else ""),
               "termijnverlenging" if b.verlengingen else "inburgeringstermijn", start=begin, eind=eind,
               verlengd=b.verlengingen[-1].datum if b.verlengingen else None)


def _pip_termijn_start(p, begin, tot, variant, locaties, verblijfsdoel, kennis_op) -> date | None:
    """First day from the begin date on which the person lives in the responsible gemeente outside COA care."""
    dagen = {begin}
    for lijst in (p.verblijfplaatsen, p.uitstromen, p.koppelingen):
        dagen.update(f.datum for f in lijst if begin < f.datum <= tot)
    for d in sorted(dagen):
        ws: Woonsituatie = woonsituatie(p, d, variant, locaties, verblijfsdoel, kennis_op)
        if ws.gemeente and ws.adres and not ws.in_coa and not ws.op_coa_adres:
            return d
    return None


def _aow_voorbehoud(d: date) -> str:
    if leeftijd.aow_vastgesteld(d):
        return ""
    return f" (de AOW-leeftijd is vastgesteld tot en met {AOW_VASTGESTELD_TOT}; daarna is de laatste aangenomen)"


# --- When the result may change: collected apart from the rules -------------------------------------------------

def _volgende_wijziging(c: _Zaak) -> date | None:
    """The next day after the peildatum on which the determination may change without new facts: a day in the facts
    or in a decision (a temporary exemption's start and end among them), the day an opt-in takes effect, a day a residence run changes, the begin
    date, and once the end rules apply, the AOW age, an accession that would end the obligation and the day a year
    abroad is complete."""
    dagen = c.p.dagen() | besluiten.wijzigingsdagen(c.p) | opt_in.wijzigingsdagen(c.p) | c.later
    if c.begin is not None:
        dagen.add(c.begin)
    if c.einden is not None:
        dagen.add(c.einden.aow_datum)
        dagen |= c.einden.toetredingen
        if c.einden.vertrek.jaar_om is not None:
            dagen.add(c.einden.vertrek.jaar_om + _DAG)
    later = [d for d in dagen if d > c.peildatum]
    return min(later) if later else None


def _afronden(b: Bepaling) -> Bepaling:
    # Every step cites its rule under the person's law, now that it is known (steps about another law have theirs).
    wet = b.wet or b.bronwet
    b.stappen = [Stap(regel, uitkomst, bronnen.BRONNEN[grond][onder or wet], grond, gegevens)
                 for regel, uitkomst, grond, onder, gegevens in b._open]
    b._open = []
    return b
