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
acts, or the peildatum).

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

from . import besluiten, bronnen, leeftijd, nationaliteit, verblijfsrecht
from .besluiten import Besluit, Melding, Verlenging
from .feiten import Locaties, PersoonFeiten
from .gemeente import Woonsituatie, woonsituatie
from .parameters import (ASIEL, ASIELRECHTEN_TOEGEKEND, AOW_SIGNAAL_MAANDEN, AOW_VASTGESTELD_TOT, BEHOUD_ASIELRECHTEN,
                         INBURGERINGSTERMIJN_JAREN, OP_VERZOEK_BEHOUD_GEZIN, OP_VERZOEK_GEZIN, VERBLIJFSDOELEN,
                         VERTREK_TERMIJN_JAREN, Reden, Verblijfsdoel)
from .uitleg import Stap
from .variant import WETTELIJK, Variant
from .verblijfsrecht import Verblijfsperiode, recht, werking
from .wet import Termijnstart, bekendmaking, wet_op, wet_van

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
    geschorst_tot: date | None = None  # suspended by a temporary exemption up to and including (None: open)
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
    locaties = locaties or _LEGE_LOCATIES
    b = Bepaling(p.bsn, peildatum, variant)
    kandidaten: set[date] = {d for d in p.dagen() | besluiten.wijzigingsdagen(p) if d > peildatum}
    b.bronwet = wet_op(peildatum).code
    if p.geboortedatum is None:
        b.stap("persoon", "geen persoonsgegevens uit de BRP ontvangen: geen vaststelling mogelijk",
               "inburgeringsplicht")
        return _afronden(b, kandidaten)
    b.aow_datum = leeftijd.aow_datum(p.geboortedatum)

    gekozen = _verblijf(b, p, peildatum, kandidaten)
    if gekozen is None:
        return _afronden(b, kandidaten)
    run, bekend, uitleg, bekend_bron, eerder = gekozen
    if eerder is not None:
        _vorige(b, p, eerder, peildatum, variant, locaties, vastgesteld_op, kennis_op)
    al_geeindigd = None
    if variant.begindatum == "vaststelling":
        al_geeindigd = _geeindigd_voor_vaststelling(p, bekend, peildatum, variant, locaties, vastgesteld_op, kennis_op)
    begin = _begindatum(b, bekend, uitleg, bekend_bron, variant, vastgesteld_op, peildatum, al_geeindigd)
    begin, periode = _meerderjarig(b, p, begin)
    kandidaten.add(begin)
    wet = b.bronwet = periode.code
    if run.eind is not None and run.eind <= begin:
        # The residence ended before the obligation could begin (a right that ended before the 18th birthday).
        b.stap("verblijfsrecht", f"verblijf geëindigd op {run.eind} ({run.eind_uitleg}), vóór de begindatum {begin}: "
               "geen inburgeringsplicht", "inburgeringsplicht", einde=run.eind, begindatum=begin)
        return _afronden(b, kandidaten)
    if begin > peildatum:
        b.stap("nog niet begonnen", f"de plicht begint op {begin}, na de peildatum", "meerderjarig", begindatum=begin,
               wet=wet)
        return _afronden(b, kandidaten)
    doel_op_begin = VERBLIJFSDOELEN[recht(run.recht_op(begin)).verblijfsdoel]
    nats, nat_bron = nationaliteit.nationaliteiten_op(p, begin)
    if not _uitzonderingen(b, p, begin, wet, doel_op_begin, nats, nat_bron, peildatum):
        return _afronden(b, kandidaten)

    b.wet, b.begindatum = wet, begin
    b.stap("wet", f"begindatum {begin} valt in de periode van de {wet} (vanaf {periode.vanaf if periode.vanaf.year > 1 else '—'})",
           "wet", wet=wet, begindatum=begin)
    bs = besluiten.besluiten(p, peildatum)
    _doelgroep(b, run, begin, bs)

    eind = _einde(b, p, run, begin, nats, bs, peildatum, kandidaten)
    if eind is None and b.wet is None:  # departed before the begin date and never returned
        return _afronden(b, kandidaten)
    if eind is not None:
        b.einddatum, b.reden = eind.datum, eind.reden
        b.stap("einde", f"inburgeringsplicht geëindigd op {eind.datum}: {eind.uitleg}; reden '{eind.reden}'",
               eind.grond, datum=eind.datum, reden=eind.reden, **eind.gegevens)
    else:
        b.inburgeringsplichtig = True
        if run.wacht_tot is not None:
            b.stap("verblijfsrecht verlopen", f"verblijfsrecht verlopen op {run.verlopen}; een verlenging kan nog "
                   f"komen: DUO wacht tot {run.wacht_tot} voordat de plicht daardoor eindigt", "verlopen_recht",
                   verlopen=run.verlopen, wacht_tot=run.wacht_tot)
        _tijdelijke_vrijstelling(b, bs, begin, peildatum, kandidaten)
        if b.inburgeringsplichtig:
            b.stap("plicht", f"inburgeringsplichtig onder de {wet} sinds {begin}", "inburgeringsplicht", wet=wet,
                   begindatum=begin)

    instroom = recht(run.rechten[0]).verblijfsdoel
    ws = woonsituatie(p, peildatum, variant, locaties, instroom, kennis_op)
    b.woongemeente, b.in_coa, b.vertrokken = ws.gemeente, ws.in_coa, ws.vertrokken
    if b.inburgeringsplichtig:
        b.gemeente = ws.gemeente
        b.stap("gemeente", (f"verantwoordelijke gemeente {ws.gemeente}: " if ws.gemeente else
                            "nog geen verantwoordelijke gemeente: ") + ws.uitleg, ws.grond, gemeente=ws.gemeente,
               soort=ws.soort)
    if periode.pip_termijn_weken and not b.geschorst:  # the law has a PIP term (Wi2021)
        van = max(begin, b.hervat_op or begin)
        b.pip_termijn_start = _pip_termijn_start(p, van, min(peildatum, b.einddatum or peildatum), variant,
                                                 locaties, instroom, kennis_op)
        if b.pip_termijn_start and b.inburgeringsplichtig:
            b.stap("PIP-termijn", f"termijn van 10 weken voor het PIP loopt vanaf {b.pip_termijn_start} "
                   "(ingeschreven in de gemeente, niet in opvang)", "pip_termijn", start=b.pip_termijn_start)
    _termijn(b, bs, begin)
    b.meldingen = besluiten.meldingen(bs, begin)
    return _afronden(b, kandidaten)


# --- Art. 3: lawful residence with an obliging purpose -------------------------------------------------------

def _verblijf(b: Bepaling, p: PersoonFeiten, peildatum: date, kandidaten: set[date]):
    """The run of residence the (current or last) obligation rests on, with its bekendmaking; None: none."""
    runs, later = verblijfsrecht.perioden(p, peildatum)
    kandidaten.update(later)
    if not runs:
        bekend = [f for f in p.rechten if verblijfsrecht.werking(recht(f)) <= peildatum]
        if bekend:
            doel = VERBLIJFSDOELEN[recht(bekend[-1]).verblijfsdoel]
            vanaf = verblijfsrecht.werking(recht(bekend[-1]))
            b.bronwet = wet_op(vanaf).code
            if doel.grond == "unierecht":
                b.stap("verblijfsdoel", f"verblijfsdoel {doel.code}: gezinslid van een burger van de EU, de EER of "
                       "Zwitserland (Unierecht): geen inburgeringsplicht", "unierecht", verblijfsdoel=doel.code,
                       vanaf=vanaf)
            else:
                b.stap("verblijfsdoel", f"verblijfsdoel {doel.code} is tijdelijk: geen inburgeringsplicht",
                       "tijdelijk_doel", verblijfsdoel=doel.code, vanaf=vanaf)
        elif any(f.datum <= peildatum for f in p.rechten):
            r = recht([f for f in p.rechten if f.datum <= peildatum][-1])
            b.bronwet = wet_op(verblijfsrecht.werking(r)).code
            b.stap("verblijfsrecht", f"verblijfsrecht {r.verblijfsdoel} gaat pas in op {verblijfsrecht.werking(r)}, "
                   "na de peildatum", "ingangsdatum", verblijfsdoel=r.verblijfsdoel, ingang=verblijfsrecht.werking(r))
        else:
            b.stap("verblijfsrecht", "geen verblijfsrecht van de IND bekend op de peildatum", "inburgeringsplicht")
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
            return run, bekend, uitleg, bron, eerder
    run = runs[-1]
    _, uitleg, _ = _eerste_bekendmaking(p, run, peildatum)
    laatste = recht(run.rechten[-1])
    b.bronwet = wet_op(werking(laatste)).code
    b.stap("bekendmaking", f"verblijfsrecht {laatste.verblijfsdoel}: {uitleg}; de plicht begint pas "
           "bij bekendmaking", "bekendmaking", verblijfsdoel=laatste.verblijfsdoel,
           beschikking=laatste.datum_beschikking)
    return None


def _vorige(b, p, run: Verblijfsperiode, peildatum, variant, locaties, vastgesteld_op, kennis_op) -> None:
    """The obligation of an earlier run: determined as it stood on its run's last day."""
    laatste_dag = min(run.eind - _DAG, peildatum)
    v = bepaal(p, laatste_dag, variant, locaties, vastgesteld_op, kennis_op)
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
        r = recht(f)
        gegevens = {"soort": "asiel" if r.verblijfsdoel == "asiel" else "document", "verblijfsdoel": r.verblijfsdoel,
                    "beschikking": r.datum_beschikking, "bekendmaking": d, "ingang": r.ingangsdatum}
        grond = "bekendmaking"
        if r.ingangsdatum > d:  # never before the right takes effect
            d, uitleg, grond = r.ingangsdatum, f"{uitleg}; het recht gaat pas in op {r.ingangsdatum}", "ingangsdatum"
        if beste[0] is None or d < beste[0]:
            beste = (d, uitleg, (grond, gegevens))
    return beste if beste[0] is not None else (None, laatste_uitleg, ("bekendmaking", {}))


# --- Begin date and the age of 18 -------------------------------------------------------------------------

def _geeindigd_voor_vaststelling(p, bekend, peildatum, variant, locaties, vastgesteld_op, kennis_op) -> date | None:
    """Fault variant ``vaststelling``: the end of this obligation, begun by law, if it ended before the day DUO
    determined it (``vastgesteld_op``, else the peildatum). Such an obligation is not re-dated (``variant.py``)."""
    dag = min(vastgesteld_op or peildatum, peildatum)
    wettelijk = bepaal(p, dag, replace(variant, begindatum="bekendmaking"), locaties, kennis_op=kennis_op)
    begin = max(bekend, leeftijd.achttiende_verjaardag(p.geboortedatum))
    if (wettelijk.begindatum == begin and not wettelijk.lopend and wettelijk.einddatum is not None
            and wettelijk.einddatum <= dag):
        return wettelijk.einddatum
    return None


def _begindatum(b, bekend, uitleg, bron, variant, vastgesteld_op, peildatum, al_geeindigd=None) -> date:
    """Bekendmaking (the law), or the day DUO determined it (the January 2022 fault) — not for an obligation that
    had already ended by that day (``al_geeindigd``): DUO determined no obligation then, so nothing was re-dated."""
    grond, gegevens = bron
    if variant.begindatum == "vaststelling" and al_geeindigd is not None:
        b.stap("begindatum", f"bekendmaking verblijfsrecht: {uitleg}; begindatum {bekend} (de foutieve regel van "
               f"januari 2022 verplaatst die niet: de plicht was al geëindigd op {al_geeindigd}, voordat DUO haar "
               "vaststelde)", grond, datum=bekend, **gegevens)
        return bekend
    if variant.begindatum == "vaststelling":
        begin = max(bekend, vastgesteld_op or peildatum)
        b.stap("begindatum", f"begindatum {begin}: dag waarop DUO de plicht vaststelde (bekendmaking was {bekend})",
               "vaststelling_fout", datum=begin, **{**gegevens, "soort": "vaststelling", "wettelijk": bekend})
        return begin
    b.stap("begindatum", f"bekendmaking verblijfsrecht: {uitleg}; begindatum {bekend}", grond, datum=bekend,
           **gegevens)
    return bekend


def _meerderjarig(b, p, begin):
    """Under 18 on the begin date: the obligation begins on the 18th birthday (the law of that day)."""
    achttien = leeftijd.achttiende_verjaardag(p.geboortedatum)
    if begin < achttien:
        periode = wet_op(achttien)
        b.stap("minderjarig", f"op {begin} jonger dan 18 (geboren {p.geboortedatum}): de plicht begint op de "
               f"18e verjaardag, {achttien}", "meerderjarig", achttien=achttien)
        return achttien, periode
    return begin, wet_op(begin)


# --- Exceptions that hold on the begin date ------------------------------------------------------------

def _uitzonderingen(b, p, begin, wet, doel: Verblijfsdoel, nats, nat_bron, peildatum) -> bool:
    """False when an exception on the begin date means no obligation at all (each with its step)."""
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
    if b.aow_datum <= begin:
        b.stap("AOW-leeftijd", f"AOW-leeftijd bereikt op {b.aow_datum}{_aow_voorbehoud(b.aow_datum)}, niet later dan "
               f"de begindatum {begin}: geen inburgeringsplicht", "aow", aow_datum=b.aow_datum)
        return False
    acht, dagen, van, tot = leeftijd.acht_jaar_leerplichtig_in_nederland(p, p.geboortedatum, begin)
    if dagen:
        jaren = f"{dagen / 365.25:.1f}".replace(".", ",")
        if acht:
            b.stap("leerplichtige leeftijd", f"volgens de BRP {dagen} dagen ({jaren} jaar) in Nederland gewoond in de "
                   f"leerplichtige leeftijd ({van} tot en met {tot}): ten minste acht jaar, dus geen "
                   "inburgeringsplicht", "leerplicht", acht_jaar=True, jaren=jaren)
            return False
        b.stap("leerplichtige leeftijd", f"volgens de BRP {dagen} dagen ({jaren} jaar) in Nederland gewoond in de "
               f"leerplichtige leeftijd ({van} tot en met {tot}): minder dan acht jaar",
               "leerplicht", acht_jaar=False, jaren=jaren)
    overlijden = p.overlijden[0] if p.overlijden and p.overlijden[0].datum <= peildatum else None
    if overlijden is not None and overlijden.datum <= begin:
        b.stap("overlijden", f"overleden op {overlijden.datum} (bericht {overlijden.bron}), vóór de begindatum",
               "geen_verblijf", datum=overlijden.datum)
        return False
    return True


# --- Target group, with DUO's rule on asylum rights after a change of purpose ------------------------------------

def _doelgroep(b: Bepaling, run: Verblijfsperiode, begin: date, bs: list[Besluit]) -> None:
    gebeurtenissen = [(werking(recht(f)), f.volgorde, "recht", f) for f in run.rechten]
    gebeurtenissen += [(v.datum, v.volgorde, "verzoek", v) for v in bs
                       if v.type == "duo.verzoek_doelgroep" and v.datum >= begin]
    gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
    huidig = groep = laatste_regulier = laatste_asiel = None
    wijziging = None
    for d, _, soort, x in gebeurtenissen:
        if soort == "recht":
            doel = VERBLIJFSDOELEN[recht(x).verblijfsdoel]
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


def _einde(b, p, run, begin, nats, bs, peildatum, kandidaten) -> _Eind | None:
    eindes: list[_Eind] = []
    if run.eind is not None:
        eindes.append(_Eind(run.eind, run.reden, run.eind_uitleg, run.eind_grond, run.eind_gegevens or {}))
    overlijden = p.overlijden[0] if p.overlijden and p.overlijden[0].datum <= peildatum else None
    if overlijden is not None:
        eindes.append(_Eind(overlijden.datum, Reden.OVERLIJDEN,
                            f"overleden op {overlijden.datum} (bericht {overlijden.bron})", "geen_verblijf",
                            {"oorzaak": "overleden"}))
    eindes.append(_Eind(b.aow_datum, Reden.OVERIG, f"AOW-leeftijd bereikt op {b.aow_datum}{_aow_voorbehoud(b.aow_datum)}",
                        "aow", {"oorzaak": "aow", "aow_datum": b.aow_datum}))
    kandidaten.add(b.aow_datum)
    # A nationality that excludes the obligation, acquired later (naturalisation) or by a later accession.
    wissel = sorted({f.datum for f in p.nationaliteiten} | {
        van for n in nats for van in nationaliteit.toetredingen(n)})
    for d in wissel:
        if not begin < d <= peildatum:
            if d > peildatum:
                kandidaten.add(d)
            continue
        nats_d, bron_d = nationaliteit.nationaliteiten_op(p, d)
        vrij_d = nationaliteit.vrijgestelde_nationaliteit(nats_d, d)
        if vrij_d:
            # an accession: the person had this nationality the day before, when it did not exclude the obligation
            toetreding = (vrij_d in nationaliteit.nationaliteiten_op(p, d - _DAG)[0]
                          and d in nationaliteit.toetredingen(vrij_d))
            eindes.append(_Eind(d, Reden.OVERIG, f"nationaliteit {vrij_d} vanaf {d} (bericht {bron_d})", "nationaliteit",
                                {"oorzaak": "nationaliteit", "nationaliteit": vrij_d, "toetreding": toetreding}))
            break
    besluit = besluiten.einde(bs, begin)
    if besluit is not None:
        eindes.append(_Eind(besluit.datum, besluit.reden, besluit.uitleg, besluit.grond, {"oorzaak": besluit.oorzaak}))
    # Departure: the obligation ends when the person stays abroad longer than a year.
    for v in p.vertrekken:
        if v.datum > peildatum:
            break
        grens = v.datum + relativedelta(years=VERTREK_TERMIJN_JAREN)
        na_vertrek = [vp for vp in p.verblijfplaatsen if (vp.datum, vp.ontvangen, vp.volgorde) > (v.datum, v.ontvangen, v.volgorde)]
        terug = any(vp.datum <= min(grens, peildatum) for vp in na_vertrek)
        if v.datum < begin:  # before the obligation: what matters is being back by the begin date
            terug = terug or any(vp.datum <= begin for vp in na_vertrek)
        if terug:
            continue
        if peildatum <= grens:
            kandidaten.add(grens + _DAG)
            break
        if v.datum < begin:
            b.wet = b.begindatum = b.doelgroep = b.gedetailleerde_doelgroep = b.procesgroep = b.asielrechten = None
            b.stap("vertrek", f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}), vóór de begindatum, en niet "
                   "binnen een jaar teruggekeerd: geen inburgeringsplicht", "vertrek", datum=v.datum)
            return None
        eindes.append(_Eind(v.datum, Reden.VERTREK_LANGER_DAN_JAAR,
                            f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}) en niet binnen een jaar "
                            "teruggekeerd", "vertrek", {"oorzaak": "vertrek", "vertrek": v.datum}))
        break
    return min((e for e in eindes if e.datum <= peildatum), default=None, key=lambda e: e.datum)


# --- A temporary exemption suspends the obligation ------------------------------------------------------

def _tijdelijke_vrijstelling(b: Bepaling, bs: list[Besluit], begin: date, peildatum: date, kandidaten: set[date]):
    for s in besluiten.schorsingen(bs):
        if s.tot is not None and s.tot < begin:
            continue  # over before the obligation began
        if s.tot is not None and s.tot < date.max - _DAG:
            kandidaten.add(s.tot + _DAG)
        kandidaten.add(s.van)
        if s.geldt_op(peildatum):
            b.inburgeringsplichtig, b.reden, b.geschorst_tot, b.hervat_op = False, Reden.TIJDELIJKE_VRIJSTELLING, s.tot, None
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


def _afronden(b: Bepaling, kandidaten: set[date]) -> Bepaling:
    later = [d for d in kandidaten if d > b.peildatum]
    b.volgende_wijziging = min(later) if later else None
    # Every step cites its rule under the person's law, now that it is known (steps about another law have theirs).
    wet = b.wet or b.bronwet
    b.stappen = [Stap(regel, uitkomst, bronnen.BRONNEN[grond][onder or wet], grond, gegevens)
                 for regel, uitkomst, grond, onder, gegevens in b._open]
    b._open = []
    return b

