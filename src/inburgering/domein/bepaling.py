"""The determination of the integration obligation (inburgeringsplicht) for one person on one day.

Reads like the law: a base rule (residence right with a non-temporary purpose → obligated from its
bekendmaking, under the law of that date) and its exceptions where the law writes them (minors, AOW age,
EU/EEA/Swiss and Dutch nationals, Turkish nationals under Wi2007/Wi2013), then the end of the
obligation. Every step is written to the explanation with its source.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from . import bronnen, leeftijd, nationaliteit
from .feiten import Feit, Locaties, PersoonFeiten
from .gemeente import Woonsituatie, woonsituatie
from .parameters import AOW_SIGNAAL_MAANDEN, VERBLIJFSDOELEN, VERTREK_TERMIJN_JAREN
from .uitleg import Stap
from .variant import WETTELIJK, Variant
from .wet import bekendmaking, wet_op

_LEGE_LOCATIES = Locaties()


@dataclass(slots=True)
class Bepaling:
    bsn: str
    peildatum: date
    variant: Variant
    inburgeringsplichtig: bool = False
    wet: str | None = None
    begindatum: date | None = None
    einddatum: date | None = None
    reden: str | None = None  # redenGeenInburgeringsplicht once an obligation has ended
    verblijfsdoel: str | None = None
    doelgroep: str | None = None
    gedetailleerde_doelgroep: str | None = None
    procesgroep: str | None = None
    gemeente: str | None = None  # responsible gemeente, only while obligated
    woongemeente: str | None = None  # responsible gemeente whatever the obligation (for the scope rule)
    in_coa: bool = False
    vertrokken: bool = False  # left the Netherlands (for SS123)
    pip_termijn_start: date | None = None  # Wi2021: 10-week PIP term runs from here
    aow_datum: date | None = None
    volgende_wijziging: date | None = None  # next day the result may change without new facts
    stappen: list[Stap] = field(default_factory=list)

    @property
    def aow_binnen_zes_maanden(self) -> bool:
        return bool(
            self.begindatum and self.aow_datum
            and self.aow_datum <= self.begindatum + relativedelta(months=AOW_SIGNAAL_MAANDEN)
        )

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

    def stap(self, regel: str, uitkomst: str, bron: bronnen.Bron) -> None:
        self.stappen.append(Stap(regel, uitkomst, bron))


@dataclass(slots=True)
class _Episode:
    """A run of residence rights with non-temporary purposes, and how it closed."""

    rechten: list[Feit]
    eind: date | None = None
    reden: str | None = None
    eind_uitleg: str = ""
    eind_bron: bronnen.Bron = bronnen.EINDE


def _episodes(p: PersoonFeiten, peildatum: date) -> list[_Episode]:
    gebeurtenissen = [(f.datum, f.volgorde, "recht", f) for f in p.rechten if f.datum <= peildatum]
    gebeurtenissen += [(f.datum, f.volgorde, "intrekking", f) for f in p.intrekkingen if f.datum <= peildatum]
    gebeurtenissen.sort(key=lambda g: (g[0], g[1]))
    out: list[_Episode] = []
    open_ep: _Episode | None = None

    def sluit_bij_einddatum(voor: date):
        nonlocal open_ep
        laatste = open_ep.rechten[-1].waarde[0]
        if laatste.einddatum is not None and laatste.einddatum + timedelta(days=1) < voor:  # a renewal the next day continues
            open_ep.eind = laatste.einddatum + timedelta(days=1)
            open_ep.reden = "Overig"
            open_ep.eind_uitleg = f"verblijfsrecht verlopen op {laatste.einddatum} (bericht {open_ep.rechten[-1].bron})"
            open_ep = None

    for datum, _, soort, f in gebeurtenissen:
        if open_ep is not None:
            sluit_bij_einddatum(datum)
        if soort == "intrekking":
            if open_ep is not None:
                open_ep.eind, open_ep.reden = datum, "Overig"
                open_ep.eind_uitleg = f"verblijfsrecht ingetrokken op {datum} (bericht {f.bron})"
                open_ep = None
            continue
        doel = VERBLIJFSDOELEN[f.waarde[0].verblijfsdoel]
        if doel.doelgroep is None:
            if open_ep is not None:
                open_ep.eind, open_ep.reden = datum, "Verblijfsdoel gewijzigd"
                open_ep.eind_uitleg = (
                    f"nieuw verblijfsdoel {doel.code} (tijdelijk) per beschikking {datum} (bericht {f.bron})"
                )
                open_ep.eind_bron = bronnen.VERBLIJFSDOEL
                open_ep = None
            continue
        if open_ep is None:
            open_ep = _Episode([f])
            out.append(open_ep)
        else:
            open_ep.rechten.append(f)
    if open_ep is not None:
        sluit_bij_einddatum(peildatum + timedelta(days=1))
    return out


def _eerste_bekendmaking(p: PersoonFeiten, ep: _Episode, peildatum: date) -> tuple[date | None, str]:
    beste: tuple[date | None, str] = (None, "")
    laatste_uitleg = ""
    for rf in ep.rechten:
        d, uitleg = bekendmaking(p, rf, peildatum)
        if d is None:
            laatste_uitleg = uitleg
            continue
        if beste[0] is None or d < beste[0]:
            beste = (d, uitleg)
    return beste if beste[0] is not None else (None, laatste_uitleg)


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
    kandidaten: set[date] = {d for d in p.dagen() if d > peildatum}
    kandidaten.update(f.waarde[0].einddatum + timedelta(days=1) for f in p.rechten
                      if f.waarde[0].einddatum is not None and f.waarde[0].einddatum < date.max - timedelta(days=1))

    if p.geboortedatum is None:
        b.stap("persoon", "geen persoonsgegevens uit de BRP ontvangen: geen vaststelling mogelijk", bronnen.WI2021_PLICHT)
        return _afronden(b, kandidaten)
    b.aow_datum = leeftijd.aow_datum(p.geboortedatum)
    achttien = leeftijd.achttiende_verjaardag(p.geboortedatum)

    episodes = _episodes(p, peildatum)
    if not episodes:
        if any(f.datum <= peildatum for f in p.rechten):
            laatste = [f for f in p.rechten if f.datum <= peildatum][-1].waarde[0]
            b.stap("verblijfsdoel", f"verblijfsdoel {laatste.verblijfsdoel} is tijdelijk: geen inburgeringsplicht",
                   bronnen.VERBLIJFSDOEL)
        else:
            b.stap("verblijfsrecht", "geen verblijfsrecht van de IND bekend op de peildatum", bronnen.WI2021_PLICHT)
        return _afronden(b, kandidaten)

    # The most recent run of rights whose obligation has begun; else the most recent run.
    gekozen = None
    for ep in reversed(episodes):
        bekend, uitleg = _eerste_bekendmaking(p, ep, peildatum)
        if bekend is not None and (ep.eind is None or bekend < ep.eind):
            gekozen = (ep, bekend, uitleg)
            break
    if gekozen is None:
        ep = episodes[-1]
        _, uitleg = _eerste_bekendmaking(p, ep, peildatum)
        recht = ep.rechten[-1].waarde[0]
        b.stap("bekendmaking", f"verblijfsrecht {recht.verblijfsdoel}: {uitleg}; de plicht begint pas bij bekendmaking",
               bronnen.BEKENDMAKING)
        return _afronden(b, kandidaten)
    ep, bekend, uitleg = gekozen
    huidig_recht_feit = ep.rechten[-1]
    recht = huidig_recht_feit.waarde[0]
    doel = VERBLIJFSDOELEN[recht.verblijfsdoel]
    b.verblijfsdoel = doel.code

    # Begin date: bekendmaking (the law) or the day DUO determined it (January 2022 fault).
    if variant.begindatum == "vaststelling":
        begin = max(bekend, vastgesteld_op or peildatum)
        b.stap("begindatum", f"begindatum {begin}: dag waarop DUO de plicht vaststelde (bekendmaking was {bekend})",
               bronnen.VASTSTELLING_FOUT)
    else:
        begin = bekend
        b.stap("begindatum", f"bekendmaking verblijfsrecht {doel.code}: {uitleg}; begindatum {begin}",
               bronnen.BEKENDMAKING)
    if begin < achttien:
        b.stap("minderjarig", f"op {begin} jonger dan 18 (geboren {p.geboortedatum}): de plicht begint op de "
               f"18e verjaardag, {achttien}", leeftijd.BRON_18)
        begin = achttien
    kandidaten.add(begin)
    periode = wet_op(begin)
    wet = periode.wet

    if begin > peildatum:
        b.stap("nog niet begonnen", f"de plicht begint op {begin}, na de peildatum", leeftijd.BRON_18)
        return _afronden(b, kandidaten)

    # Exceptions that hold on the begin date: no obligation at all.
    nats, nat_bron = nationaliteit.nationaliteiten_op(p, begin)
    vrij = nationaliteit.vrijgestelde_nationaliteit(nats, begin)
    if vrij:
        b.stap("nationaliteit", f"nationaliteit {vrij} op {begin} (bericht {nat_bron}, nationaliteiten "
               f"{', '.join(nats)}): geen inburgeringsplicht", nationaliteit.BRON)
        return _afronden(b, kandidaten)
    turks = nationaliteit.uitgesloten_onder_wet(nats, wet)
    if turks:
        b.stap("nationaliteit", f"nationaliteit {turks} (bericht {nat_bron}): niet inburgeringsplichtig onder de {wet}",
               nationaliteit.BRON_TURKIJE)
        return _afronden(b, kandidaten)
    if b.aow_datum <= begin:
        b.stap("AOW-leeftijd", f"AOW-leeftijd bereikt op {b.aow_datum}, niet later dan de begindatum {begin}: "
               "geen inburgeringsplicht", leeftijd.BRON_AOW)
        return _afronden(b, kandidaten)
    overlijden = p.overlijden[0] if p.overlijden and p.overlijden[0].datum <= peildatum else None
    if overlijden is not None and overlijden.datum <= begin:
        b.stap("overlijden", f"overleden op {overlijden.datum} (bericht {overlijden.bron}), vóór de begindatum",
               bronnen.EINDE)
        return _afronden(b, kandidaten)

    b.wet, b.begindatum = wet, begin
    b.stap("wet", f"begindatum {begin} valt in de periode van de {wet} (vanaf {periode.vanaf if periode.vanaf.year > 1 else '—'})",
           periode.bron)
    b.stap("verblijfsdoel", f"verblijfsdoel {doel.code} (bericht {huidig_recht_feit.bron}): doelgroep "
           f"{doel.doelgroep} ({doel.gedetailleerde_doelgroep})", bronnen.DOELGROEP)
    b.doelgroep, b.gedetailleerde_doelgroep, b.procesgroep = doel.doelgroep, doel.gedetailleerde_doelgroep, doel.procesgroep

    # End of the obligation: the earliest ending event from the begin date on.
    eindes: list[tuple[date, str, str, bronnen.Bron]] = []
    if ep.eind is not None:
        eindes.append((ep.eind, ep.reden, ep.eind_uitleg, ep.eind_bron))
    if overlijden is not None:
        eindes.append((overlijden.datum, "Overlijden", f"overleden op {overlijden.datum} (bericht {overlijden.bron})",
                       bronnen.EINDE))
    eindes.append((b.aow_datum, "Overig", f"AOW-leeftijd bereikt op {b.aow_datum}", leeftijd.BRON_AOW))
    # A nationality that excludes the obligation, acquired later (naturalisation) or by a later accession.
    wissel = sorted({f.datum for f in p.nationaliteiten} | {
        van for n in nats for van in nationaliteit.toetredingen(n)} )
    for d in wissel:
        if not begin < d <= peildatum:
            if d > peildatum:
                kandidaten.add(d)
            continue
        nats_d, bron_d = nationaliteit.nationaliteiten_op(p, d)
        vrij_d = nationaliteit.vrijgestelde_nationaliteit(nats_d, d)
        if vrij_d:
            eindes.append((d, "Overig", f"nationaliteit {vrij_d} vanaf {d} (bericht {bron_d})", nationaliteit.BRON))
            break
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
            kandidaten.add(grens + timedelta(days=1))
            break
        if v.datum < begin:
            b.wet = b.begindatum = b.doelgroep = b.gedetailleerde_doelgroep = b.procesgroep = None
            b.stap("vertrek", f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}), vóór de begindatum, en niet "
                   "binnen een jaar teruggekeerd: geen inburgeringsplicht", bronnen.VERTREK)
            return _afronden(b, kandidaten)
        eindes.append((v.datum, "Vertrek uit Nederland langer dan een jaar",
                       f"vertrokken uit Nederland op {v.datum} (bericht {v.bron}) en niet binnen een jaar teruggekeerd",
                       bronnen.VERTREK))
        break
    kandidaten.add(b.aow_datum)
    eind = min((e for e in eindes if e[0] <= peildatum), default=None, key=lambda e: e[0])
    if eind is not None:
        b.einddatum, b.reden = eind[0], eind[1]
        b.stap("einde", f"inburgeringsplicht geëindigd op {eind[0]}: {eind[2]}; reden '{eind[1]}'", eind[3])
    else:
        b.inburgeringsplichtig = True
        b.stap("plicht", f"inburgeringsplichtig onder de {wet} sinds {begin}", periode.bron)

    instroom = ep.rechten[0].waarde[0].verblijfsdoel
    ws = woonsituatie(p, peildatum, variant, locaties, instroom, kennis_op)
    b.woongemeente, b.in_coa, b.vertrokken = ws.gemeente, ws.in_coa, ws.vertrokken
    if b.inburgeringsplichtig:
        b.gemeente = ws.gemeente
        b.stap("gemeente", (f"verantwoordelijke gemeente {ws.gemeente}: " if ws.gemeente else
                            "nog geen verantwoordelijke gemeente: ") + ws.uitleg, ws.bron)
    if wet == "Wi2021":
        b.pip_termijn_start = _pip_termijn_start(p, begin, min(peildatum, b.einddatum or peildatum), variant,
                                                 locaties, instroom, kennis_op)
        if b.pip_termijn_start and b.inburgeringsplichtig:
            b.stap("PIP-termijn", f"termijn van 10 weken voor het PIP loopt vanaf {b.pip_termijn_start} "
                   "(ingeschreven in de gemeente, niet in opvang)", bronnen.PIP_TERMIJN)
    return _afronden(b, kandidaten)


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


def _afronden(b: Bepaling, kandidaten: set[date]) -> Bepaling:
    later = [d for d in kandidaten if d > b.peildatum]
    b.volgende_wijziging = min(later) if later else None
    return b
