"""DUO's validation of what a gemeente reports through the M2M API (domain.md §5), as rules.

Each rule takes the report and the person's situation as DUO knows it (``Situatie``: the API reads it from
the engine's projection and the message log, nothing is recomputed here), names its source, and gives the
faults it finds as Dutch sentences. A report is refused (403) with the faults of all its rules, in the order
the rules are listed; an empty list means it is accepted.

Choices where the sources are silent (docs/m2m.md), each a rule with ``EIGEN_KEUZE`` as its source:
- Only the responsible gemeente (residence, or COA coupling) may set a PIP; the dagtekening may not lie
  in the future.
- "The term is set" (a PIP may be deleted only before that) means: the engine has begun the
  inburgeringstermijn (SS102). Course hours are the hours of ``participatietaalles``.
- Aanbod dates are checked against the term only once the term is set.
- MAP/PVT "verwijtbaar" (culpably not completed): only without a date, and only once the term is over.
- "Obligation met via the Z-route": Z-route completion, MAP and PVT are all registered.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from .bronnen import Bron
from .gemeenteberichten import Dossier, PipRegistratie
from .parameters import ASIEL

_DOMEIN = "../shared/docs/domain.md"
PIP_REGELS_BRON = Bron("DUO, regels voor het PIP (domain.md §5)", _DOMEIN)
PIP_SPEC = Bron("PIP API (PIP.openapi.yml): geschatteIntensiteitB1Route alleen voor een asielstatushouder")
AANBOD_BRON = Bron("DUO, regels voor het inburgeringsaanbod (domain.md §5)", _DOMEIN)
MAP_PVT_BRON = Bron("DUO, regels voor MAP, PVT en Z-route (domain.md §5)", _DOMEIN)
UREN_SPEC = Bron("Gevolgde uren API (GevolgdeUren.openapi.yml): 403 'Niet toegestaan'")
EIGEN_KEUZE = Bron("eigen keuze waar de bronnen zwijgen (docs/m2m.md, 'Choices where the sources are silent')")


def _nl(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def _hoofdletter(s: str) -> str:
    return s[:1].upper() + s[1:]


@dataclass(frozen=True)
class Termijn:
    start: date
    eind: date  # exclusive


@dataclass(frozen=True)
class Situatie:
    """What DUO knows about the person when a gemeente reports something."""

    gemeente: str  # the reporting gemeente
    vandaag: date
    inburgeringsplichtig: bool  # under Wi2021, as the Wi2021 environment shows it
    begindatum: date | None
    doelgroep: str | None
    verantwoordelijke_gemeente: str | None  # residence / COA coupling
    vestigingsdatum: date | None  # since when the reporting gemeente has the person
    dossier: Dossier
    termijn: Termijn | None  # set by the engine (SS102), else None

    @property
    def eigen_pip(self) -> PipRegistratie | None:
        """The current PIP, if it is the reporting gemeente's."""
        pip = self.dossier.huidige_pip
        return pip if pip is not None and pip.gemeente == self.gemeente else None


@dataclass(frozen=True)
class Regel:
    """One of DUO's rules for a report: its name, its source, and the faults it finds."""

    naam: str
    bron: Bron
    toets: Callable[..., Iterable[str]]

    def __call__(self, *args: Any) -> list[str]:
        return list(self.toets(*args))


def regel(bron: Bron) -> Callable[[Callable[..., Iterable[str]]], Regel]:
    def maak(toets: Callable[..., Iterable[str]]) -> Regel:
        return Regel(toets.__name__, bron, toets)

    return maak


def weigeringen(regels: Iterable[Regel], *args: Any) -> list[str]:
    """The faults of every rule, in the order of the rules."""
    return [fout for r in regels for fout in r(*args)]


# --- PIP (PIP API, POST and DELETE) ------------------------------------------------------------------------

@dataclass(frozen=True)
class PipInvoer:
    dagtekening: date
    leerroute: str  # B, O or Z
    niveau: str | None = None
    geschatte_intensiteit: int | None = None
    mag_opleiding_afmaken: bool | None = None
    alfabetisering: str | None = None

    def met_standaardniveau(self) -> PipInvoer:
        """No niveau given: B1 for the B1-route and the onderwijsroute (domain.md §5)."""
        if self.niveau is None and self.leerroute in ("B", "O"):
            return PipInvoer(self.dagtekening, self.leerroute, "B1", self.geschatte_intensiteit,
                             self.mag_opleiding_afmaken, self.alfabetisering)
        return self


@regel(EIGEN_KEUZE)
def pip_alleen_bij_inburgeringsplicht(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if not s.inburgeringsplichtig:
        yield ("De persoon is niet inburgeringsplichtig onder de Wet inburgering 2021; een PIP kan niet "
               "worden geregistreerd.")


@regel(EIGEN_KEUZE)
def pip_door_verantwoordelijke_gemeente(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if s.verantwoordelijke_gemeente != s.gemeente:
        yield ("Uw gemeente is niet de gemeente waar de persoon woont of waaraan het COA de persoon "
               "heeft gekoppeld; alleen die gemeente kan een PIP vaststellen.")


@regel(EIGEN_KEUZE)
def pip_niet_in_de_toekomst(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if pip.dagtekening > s.vandaag:
        yield f"De dagtekening van het PIP ({_nl(pip.dagtekening)}) ligt in de toekomst."


@regel(PIP_REGELS_BRON)
def pip_niet_voor_begin_plicht(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if s.begindatum is not None and pip.dagtekening < s.begindatum:
        yield (f"De dagtekening van het PIP ({_nl(pip.dagtekening)}) ligt vóór het begin van de "
               f"inburgeringsplicht ({_nl(s.begindatum)}).")


@regel(PIP_REGELS_BRON)
def pip_niet_voor_vestiging(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if s.vestigingsdatum is not None and pip.dagtekening < s.vestigingsdatum:
        yield (f"De dagtekening van het PIP ({_nl(pip.dagtekening)}) ligt vóór de vestiging in uw gemeente "
               f"({_nl(s.vestigingsdatum)}).")


@regel(PIP_REGELS_BRON)
def pip_niet_voor_eerdere_pip(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    """A change may not be dated before the first PIP, nor before the current one."""
    eerste, huidig = s.dossier.eerste_pip, s.dossier.huidige_pip
    if eerste is not None and pip.dagtekening < eerste.dagtekening:
        yield (f"De dagtekening van het PIP ({_nl(pip.dagtekening)}) ligt vóór de dagtekening van het eerste "
               f"PIP ({_nl(eerste.dagtekening)}).")
    if huidig is not None and huidig is not eerste and pip.dagtekening < huidig.dagtekening:
        yield (f"De dagtekening van het PIP ({_nl(pip.dagtekening)}) ligt vóór de dagtekening van het huidige "
               f"PIP ({_nl(huidig.dagtekening)}).")


@regel(PIP_REGELS_BRON)
def pip_niveau_past_bij_leerroute(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if pip.niveau == "A2" and pip.leerroute == "O":
        yield "Niveau A2 is niet toegestaan bij de onderwijsroute."
    if pip.niveau == "B1" and pip.leerroute == "Z":
        yield "Niveau B1 is niet toegestaan bij de Z-route."
    if pip.niveau == "A2" and pip.leerroute == "B" and s.dossier.eerste_pip is None:
        yield ("Niveau A2 bij de B1-route is niet toegestaan in een eerste PIP; dat kan alleen bij een "
               "wijziging van het PIP.")


@regel(PIP_SPEC)
def pip_intensiteit_alleen_asiel_b1(pip: PipInvoer, s: Situatie) -> Iterator[str]:
    if pip.geschatte_intensiteit is not None and not (s.doelgroep == ASIEL and pip.leerroute == "B"):
        yield ("Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een "
               "asielstatushouder op de B1-route.")


PIP_REGELS = (pip_door_verantwoordelijke_gemeente, pip_niet_in_de_toekomst, pip_niet_voor_begin_plicht,
              pip_niet_voor_vestiging, pip_niet_voor_eerdere_pip, pip_niveau_past_bij_leerroute,
              pip_intensiteit_alleen_asiel_b1)


def pip_fouten(pip: PipInvoer, s: Situatie) -> list[str]:
    # Who is not obligated has no PIP at all: that one fault says everything.
    return pip_alleen_bij_inburgeringsplicht(pip, s) or weigeringen(PIP_REGELS, pip, s)


@regel(EIGEN_KEUZE)
def pip_verwijderen_door_eigen_gemeente(s: Situatie) -> Iterator[str]:
    huidig = s.dossier.huidige_pip
    if huidig is not None and huidig.gemeente != s.gemeente:
        yield "Het actuele PIP is niet door uw gemeente geregistreerd; u kunt het niet verwijderen."


@regel(PIP_REGELS_BRON)
def pip_verwijderen_voor_termijn(s: Situatie) -> Iterator[str]:
    if s.termijn is not None:
        yield (f"Het PIP kan niet meer worden verwijderd: de inburgeringstermijn is vastgesteld "
               f"(gestart op {_nl(s.termijn.start)}).")


@regel(PIP_REGELS_BRON)
def pip_verwijderen_zonder_cursusuren(s: Situatie) -> Iterator[str]:
    if s.dossier.cursusuren() > 0:
        yield "Het PIP kan niet meer worden verwijderd: er zijn al gevolgde cursusuren geregistreerd."


PIP_VERWIJDEREN_REGELS = (pip_verwijderen_door_eigen_gemeente, pip_verwijderen_voor_termijn,
                          pip_verwijderen_zonder_cursusuren)


def pip_verwijderen_fouten(s: Situatie) -> list[str]:
    return weigeringen(PIP_VERWIJDEREN_REGELS, s)


# --- Inburgeringsaanbod ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Instelling:
    instellingsnummer: str
    naam: str
    bow_keurmerk: bool
    tst_keurmerk: bool


@dataclass(frozen=True)
class AanbodInvoer:
    alfabetisering: str
    datum_aanbod: date | None = None
    verwachte_start: date | None = None
    verwachte_einde: date | None = None

    def datums(self) -> tuple[tuple[str, date | None], ...]:
        return (("datumInburgeringsaanbod", self.datum_aanbod), ("verwachteStartdatumOpleiding", self.verwachte_start),
                ("verwachteEinddatumOpleiding", self.verwachte_einde))


@regel(AANBOD_BRON)
def aanbod_alleen_asiel(a: AanbodInvoer, nummer: str, instelling: Instelling | None, s: Situatie) -> Iterator[str]:
    if s.doelgroep != ASIEL:
        yield "Een inburgeringsaanbod kan alleen worden geregistreerd voor een asielstatushouder."


@regel(AANBOD_BRON)
def aanbod_na_eigen_pip(a: AanbodInvoer, nummer: str, instelling: Instelling | None, s: Situatie) -> Iterator[str]:
    pip = s.dossier.huidige_pip
    if pip is None:
        yield "Er is geen PIP bekend; registreer eerst het PIP."
    elif pip.gemeente != s.gemeente:
        yield "Het actuele PIP is niet van uw gemeente."


@regel(AANBOD_BRON)
def aanbod_bij_erkende_instelling(a: AanbodInvoer, nummer: str, instelling: Instelling | None,
                                  s: Situatie) -> Iterator[str]:
    """A Blik op Werk mark; for the onderwijsroute a recognised taalschakel institution will do."""
    pip = s.dossier.huidige_pip
    if instelling is None:
        yield f"Instelling {nummer} is niet bekend bij DUO."
    elif not instelling.bow_keurmerk:
        if pip is not None and pip.leerroute == "Onderwijsroute":
            if not instelling.tst_keurmerk:
                yield (f"Instelling {nummer} heeft geen keurmerk van Blik op Werk en is geen erkende "
                       "taalschakelinstelling.")
        else:
            yield f"Instelling {nummer} heeft geen keurmerk van Blik op Werk."


@regel(EIGEN_KEUZE)
def aanbod_een_per_instelling(a: AanbodInvoer, nummer: str, instelling: Instelling | None,
                              s: Situatie) -> Iterator[str]:
    if nummer in s.dossier.aanbod:
        yield "Er is al een actueel inburgeringsaanbod bij deze instelling; verwijder dat eerst."


@regel(AANBOD_BRON)
def aanbod_datums_na_pip_en_in_termijn(a: AanbodInvoer, nummer: str, instelling: Instelling | None,
                                       s: Situatie) -> Iterator[str]:
    """Not before the current PIP; inside the term once the term is set (the latter: own choice)."""
    pip = s.dossier.huidige_pip
    for naam, d in a.datums():
        if d is None:
            continue
        if pip is not None and d < pip.dagtekening:
            yield f"{naam} ({_nl(d)}) ligt vóór de dagtekening van het actuele PIP ({_nl(pip.dagtekening)})."
        if s.termijn is not None and not (s.termijn.start <= d < s.termijn.eind):
            yield (f"{naam} ({_nl(d)}) ligt buiten de inburgeringstermijn ({_nl(s.termijn.start)} tot "
                   f"{_nl(s.termijn.eind)}).")


@regel(EIGEN_KEUZE)
def aanbod_einde_na_start(a: AanbodInvoer, nummer: str, instelling: Instelling | None, s: Situatie) -> Iterator[str]:
    if a.verwachte_start and a.verwachte_einde and a.verwachte_einde < a.verwachte_start:
        yield "verwachteEinddatumOpleiding ligt vóór verwachteStartdatumOpleiding."


AANBOD_REGELS = (aanbod_alleen_asiel, aanbod_na_eigen_pip, aanbod_bij_erkende_instelling, aanbod_een_per_instelling,
                 aanbod_datums_na_pip_en_in_termijn, aanbod_einde_na_start)


def aanbod_fouten(a: AanbodInvoer, instellingsnummer: str, instelling: Instelling | None, s: Situatie) -> list[str]:
    return weigeringen(AANBOD_REGELS, a, instellingsnummer, instelling, s)


@regel(EIGEN_KEUZE)
def aanbod_verwijderen_door_eigen_gemeente(aanbod: dict[str, Any], gemeente: str) -> Iterator[str]:
    if aanbod["gemeentecode"] != gemeente:
        yield "Dit inburgeringsaanbod is niet door uw gemeente geregistreerd."


def aanbod_verwijderen_fouten(aanbod: dict[str, Any], gemeente: str) -> list[str]:
    """``aanbod``: the current offer at the institution, as reported."""
    return aanbod_verwijderen_door_eigen_gemeente(aanbod, gemeente)


# --- MAP, PVT, Z-route ----------------------------------------------------------------------------------

_ONDERDEEL = {"map": ("de datum eindgesprek MAP", "MAP"), "pvt": ("de datum ondertekening PVT", "PVT")}


@dataclass(frozen=True)
class MapPvtInvoer:
    soort: str  # 'map' or 'pvt'
    datum: date | None
    verwijtbaar: str | None  # Ja/Nee: culpably not completed


def _via_zroute_voldaan(d: Dossier) -> bool:
    return d.zroute is not None and d.map is not None and d.pvt is not None


@regel(MAP_PVT_BRON)
def map_pvt_met_eigen_pip(m: MapPvtInvoer, s: Situatie) -> Iterator[str]:
    if s.eigen_pip is None:
        yield "Uw gemeente heeft geen actueel PIP voor deze persoon."


@regel(MAP_PVT_BRON)
def map_pvt_niet_na_zroute_voldaan(m: MapPvtInvoer, s: Situatie) -> Iterator[str]:
    if _via_zroute_voldaan(s.dossier):
        yield "De inburgeringsplicht is al voldaan via de Z-route."


@regel(MAP_PVT_BRON)
def map_pvt_datum_in_termijn_tot_afronding(m: MapPvtInvoer, s: Situatie) -> Iterator[str]:
    """Not in the future, not before the term starts, not after the Z-route was completed."""
    if m.datum is None:
        return
    wat = _hoofdletter(_ONDERDEEL[m.soort][0])
    if m.datum > s.vandaag:
        yield f"{wat} ({_nl(m.datum)}) ligt in de toekomst."
    if s.termijn is None:
        yield "De inburgeringstermijn is nog niet gestart."
    elif m.datum < s.termijn.start:
        yield f"{wat} ({_nl(m.datum)}) ligt vóór de start van de inburgeringstermijn ({_nl(s.termijn.start)})."
    zroute = s.dossier.zroute
    if zroute is not None and m.datum > zroute["datum_afronding"]:
        yield f"{wat} ({_nl(m.datum)}) ligt na de afronding van de Z-route ({_nl(zroute['datum_afronding'])})."


@regel(EIGEN_KEUZE)
def map_pvt_verwijtbaar_zonder_datum_na_termijn(m: MapPvtInvoer, s: Situatie) -> Iterator[str]:
    if m.verwijtbaar is None:
        return
    if m.datum is not None:
        yield (f"Verwijtbaar kan alleen worden opgegeven zonder datum: het {_ONDERDEEL[m.soort][1]} is dan niet "
               "afgerond.")
    if s.termijn is None or s.vandaag < s.termijn.eind:
        yield (f"Verwijtbaar kan pas worden opgegeven na afloop van de inburgeringstermijn"
               f"{' (' + _nl(s.termijn.eind) + ')' if s.termijn else ''}.")


MAP_PVT_REGELS = (map_pvt_met_eigen_pip, map_pvt_niet_na_zroute_voldaan, map_pvt_datum_in_termijn_tot_afronding,
                  map_pvt_verwijtbaar_zonder_datum_na_termijn)


def map_pvt_fouten(soort: str, datum: date | None, verwijtbaar: str | None, s: Situatie) -> list[str]:
    """``soort``: 'map' or 'pvt'."""
    return weigeringen(MAP_PVT_REGELS, MapPvtInvoer(soort, datum, verwijtbaar), s)


@regel(MAP_PVT_BRON)
def zroute_met_eigen_pip_op_zroute(datum: date, s: Situatie) -> Iterator[str]:
    pip = s.eigen_pip
    if pip is None:
        yield "Uw gemeente heeft geen actueel PIP voor deze persoon."
    elif pip.leerroute != "Z-route":
        yield "De leerroute in het actuele PIP is niet de Z-route."


@regel(MAP_PVT_BRON)
def zroute_datum_in_termijn(datum: date, s: Situatie) -> Iterator[str]:
    if datum > s.vandaag:
        yield f"De datum afronding Z-route ({_nl(datum)}) ligt in de toekomst."
    if s.termijn is None:
        yield "De inburgeringstermijn is nog niet gestart."
    elif datum < s.termijn.start:
        yield (f"De datum afronding Z-route ({_nl(datum)}) ligt vóór de start van de inburgeringstermijn "
               f"({_nl(s.termijn.start)}).")


@regel(MAP_PVT_BRON)
def zroute_niet_voor_map_en_pvt(datum: date, s: Situatie) -> Iterator[str]:
    """MAP and PVT may not be dated after the Z-route's completion: nor, then, the completion before them."""
    for soort, veld in (("map", "datum_eindgesprek"), ("pvt", "datum_ondertekening")):
        eerder = getattr(s.dossier, soort)
        if eerder is not None and eerder.get(veld) and eerder[veld] > datum:
            yield (f"De datum afronding Z-route ({_nl(datum)}) ligt vóór {_ONDERDEEL[soort][0]} "
                   f"({_nl(eerder[veld])}).")


ZROUTE_REGELS = (zroute_met_eigen_pip_op_zroute, zroute_datum_in_termijn, zroute_niet_voor_map_en_pvt)


def zroute_fouten(datum: date, s: Situatie) -> list[str]:
    return weigeringen(ZROUTE_REGELS, datum, s)


# --- Leerbaarheidstoets ----------------------------------------------------------------------------------

@regel(EIGEN_KEUZE)
def lbt_overslaan_zonder_uitslag(d: Dossier) -> Iterator[str]:
    if d.lbt_resultaten:
        yield "Er is al een uitslag van de leerbaarheidstoets bekend; de toets kan niet meer worden overgeslagen."


def lbt_overslaan_fouten(d: Dossier) -> list[str]:
    return lbt_overslaan_zonder_uitslag(d)


# --- Gevolgde uren ------------------------------------------------------------------------------------------

@regel(UREN_SPEC)
def participatieactiviteiten_alleen_asiel(soort: str, s: Situatie) -> Iterator[str]:
    if soort == "participatieactiviteiten" and s.doelgroep != ASIEL:
        yield "Uren participatieactiviteiten kunnen alleen worden geregistreerd voor een asielstatushouder."


@regel(EIGEN_KEUZE)
def participatie_taalles_met_eigen_pip(soort: str, s: Situatie) -> Iterator[str]:
    if soort == "participatie_taalles" and s.eigen_pip is None:
        yield "Uw gemeente heeft geen actueel PIP voor deze persoon."


UREN_REGELS = (participatieactiviteiten_alleen_asiel, participatie_taalles_met_eigen_pip)


def uren_fouten(soort: str, s: Situatie) -> list[str]:
    return weigeringen(UREN_REGELS, soort, s)
