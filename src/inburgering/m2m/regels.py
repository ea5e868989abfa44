"""DUO's validation of what a gemeente reports (domain.md §5), as pure functions.

Each function takes the request's values and the person's situation as DUO knows it (``Situatie``: read
by the API from the engine's projection and the message log, never recomputed here) and returns the
faults as Dutch sentences, one per broken rule; an empty list means the report is accepted.

Choices where the sources are silent (see docs/m2m.md):
- Only the responsible gemeente (residence, or COA coupling) may set a PIP; the dagtekening may not lie
  in the future.
- "The term is set" (a PIP may be deleted only before that) means: the engine has begun the
  inburgeringstermijn (SS102). Course hours are the hours of ``participatietaalles``.
- Aanbod dates are checked against the term only once the term is set.
- MAP/PVT "verwijtbaar" (culpably not completed): only without a date, and only once the term is over.
- "Obligation met via the Z-route": Z-route completion, MAP and PVT are all registered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..domein.gemeenteberichten import Dossier, PipRegistratie
from ..domein.parameters import ASIEL

_D = "%d-%m-%Y"


def _nl(d: date) -> str:
    return d.strftime(_D)


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


# --- PIP --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PipInvoer:
    dagtekening: date
    leerroute: str  # B, O or Z
    niveau: str | None = None
    geschatte_intensiteit: int | None = None
    mag_opleiding_afmaken: bool | None = None
    alfabetisering: str | None = None

    def met_standaardniveau(self) -> PipInvoer:
        """No niveau given: B1 for the B1-route and the onderwijsroute."""
        if self.niveau is None and self.leerroute in ("B", "O"):
            return PipInvoer(self.dagtekening, self.leerroute, "B1", self.geschatte_intensiteit,
                             self.mag_opleiding_afmaken, self.alfabetisering)
        return self


def pip_fouten(pip: PipInvoer, s: Situatie) -> list[str]:
    fouten = []
    d = pip.dagtekening
    if not s.inburgeringsplichtig:
        return ["De persoon is niet inburgeringsplichtig onder de Wet inburgering 2021; een PIP kan niet "
                "worden geregistreerd."]
    if s.verantwoordelijke_gemeente != s.gemeente:
        fouten.append("Uw gemeente is niet de gemeente waar de persoon woont of waaraan het COA de persoon "
                      "heeft gekoppeld; alleen die gemeente kan een PIP vaststellen.")
    if d > s.vandaag:
        fouten.append(f"De dagtekening van het PIP ({_nl(d)}) ligt in de toekomst.")
    if s.begindatum is not None and d < s.begindatum:
        fouten.append(f"De dagtekening van het PIP ({_nl(d)}) ligt vóór het begin van de inburgeringsplicht "
                      f"({_nl(s.begindatum)}).")
    if s.vestigingsdatum is not None and d < s.vestigingsdatum:
        fouten.append(f"De dagtekening van het PIP ({_nl(d)}) ligt vóór de vestiging in uw gemeente "
                      f"({_nl(s.vestigingsdatum)}).")
    eerste, huidig = s.dossier.eerste_pip, s.dossier.huidige_pip
    if eerste is not None and d < eerste.dagtekening:
        fouten.append(f"De dagtekening van het PIP ({_nl(d)}) ligt vóór de dagtekening van het eerste PIP "
                      f"({_nl(eerste.dagtekening)}).")
    if huidig is not None and huidig is not eerste and d < huidig.dagtekening:
        fouten.append(f"De dagtekening van het PIP ({_nl(d)}) ligt vóór de dagtekening van het huidige PIP "
                      f"({_nl(huidig.dagtekening)}).")
    if pip.niveau == "A2" and pip.leerroute == "O":
        fouten.append("Niveau A2 is niet toegestaan bij de onderwijsroute.")
    if pip.niveau == "B1" and pip.leerroute == "Z":
        fouten.append("Niveau B1 is niet toegestaan bij de Z-route.")
    if pip.niveau == "A2" and pip.leerroute == "B" and eerste is None:
        fouten.append("Niveau A2 bij de B1-route is niet toegestaan in een eerste PIP; dat kan alleen bij een "
                      "wijziging van het PIP.")
    if pip.geschatte_intensiteit is not None and not (s.doelgroep == ASIEL and pip.leerroute == "B"):
        fouten.append("Een geschatte intensiteit van de B1-route mag alleen worden opgegeven voor een "
                      "asielstatushouder op de B1-route.")
    return fouten


def pip_verwijderen_fouten(s: Situatie) -> list[str]:
    huidig = s.dossier.huidige_pip
    fouten = []
    if huidig is not None and huidig.gemeente != s.gemeente:
        fouten.append("Het actuele PIP is niet door uw gemeente geregistreerd; u kunt het niet verwijderen.")
    if s.termijn is not None:
        fouten.append(f"Het PIP kan niet meer worden verwijderd: de inburgeringstermijn is vastgesteld "
                      f"(gestart op {_nl(s.termijn.start)}).")
    if s.dossier.cursusuren() > 0:
        fouten.append("Het PIP kan niet meer worden verwijderd: er zijn al gevolgde cursusuren geregistreerd.")
    return fouten


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


def aanbod_fouten(a: AanbodInvoer, instellingsnummer: str, instelling: Instelling | None, s: Situatie) -> list[str]:
    fouten = []
    if s.doelgroep != ASIEL:
        fouten.append("Een inburgeringsaanbod kan alleen worden geregistreerd voor een asielstatushouder.")
    pip = s.dossier.huidige_pip
    if pip is None:
        fouten.append("Er is geen PIP bekend; registreer eerst het PIP.")
    elif pip.gemeente != s.gemeente:
        fouten.append("Het actuele PIP is niet van uw gemeente.")
    if instelling is None:
        fouten.append(f"Instelling {instellingsnummer} is niet bekend bij DUO.")
    elif not instelling.bow_keurmerk:
        if pip is not None and pip.leerroute == "Onderwijsroute":
            if not instelling.tst_keurmerk:
                fouten.append(f"Instelling {instellingsnummer} heeft geen keurmerk van Blik op Werk en is geen "
                              "erkende taalschakelinstelling.")
        else:
            fouten.append(f"Instelling {instellingsnummer} heeft geen keurmerk van Blik op Werk.")
    if instellingsnummer in s.dossier.aanbod:
        fouten.append("Er is al een actueel inburgeringsaanbod bij deze instelling; verwijder dat eerst.")
    datums = (("datumInburgeringsaanbod", a.datum_aanbod), ("verwachteStartdatumOpleiding", a.verwachte_start),
              ("verwachteEinddatumOpleiding", a.verwachte_einde))
    for naam, d in datums:
        if d is None:
            continue
        if pip is not None and d < pip.dagtekening:
            fouten.append(f"{naam} ({_nl(d)}) ligt vóór de dagtekening van het actuele PIP ({_nl(pip.dagtekening)}).")
        if s.termijn is not None and not (s.termijn.start <= d < s.termijn.eind):
            fouten.append(f"{naam} ({_nl(d)}) ligt buiten de inburgeringstermijn ({_nl(s.termijn.start)} tot "
                          f"{_nl(s.termijn.eind)}).")
    if a.verwachte_start and a.verwachte_einde and a.verwachte_einde < a.verwachte_start:
        fouten.append("verwachteEinddatumOpleiding ligt vóór verwachteStartdatumOpleiding.")
    return fouten


# --- MAP, PVT, Z-route ----------------------------------------------------------------------------------

_ONDERDEEL = {"map": ("de datum eindgesprek MAP", "MAP"), "pvt": ("de datum ondertekening PVT", "PVT")}


def map_pvt_fouten(soort: str, datum: date | None, verwijtbaar: str | None, s: Situatie) -> list[str]:
    """``soort``: 'map' or 'pvt'."""
    wat, kort = _ONDERDEEL[soort]
    fouten = []
    if s.eigen_pip is None:
        fouten.append("Uw gemeente heeft geen actueel PIP voor deze persoon.")
    d = s.dossier
    if d.zroute is not None and d.map is not None and d.pvt is not None:
        fouten.append("De inburgeringsplicht is al voldaan via de Z-route.")
    if datum is not None:
        if datum > s.vandaag:
            fouten.append(f"{_hoofdletter(wat)} ({_nl(datum)}) ligt in de toekomst.")
        if s.termijn is None:
            fouten.append("De inburgeringstermijn is nog niet gestart.")
        elif datum < s.termijn.start:
            fouten.append(f"{_hoofdletter(wat)} ({_nl(datum)}) ligt vóór de start van de inburgeringstermijn "
                          f"({_nl(s.termijn.start)}).")
        if d.zroute is not None and datum > d.zroute["datum_afronding"]:
            fouten.append(f"{_hoofdletter(wat)} ({_nl(datum)}) ligt na de afronding van de Z-route "
                          f"({_nl(d.zroute['datum_afronding'])}).")
    if verwijtbaar is not None:
        if datum is not None:
            fouten.append(f"Verwijtbaar kan alleen worden opgegeven zonder datum: het {kort} is dan niet afgerond.")
        if s.termijn is None or s.vandaag < s.termijn.eind:
            fouten.append(f"Verwijtbaar kan pas worden opgegeven na afloop van de inburgeringstermijn"
                          f"{' (' + _nl(s.termijn.eind) + ')' if s.termijn else ''}.")
    return fouten


def zroute_fouten(datum: date, s: Situatie) -> list[str]:
    fouten = []
    pip = s.eigen_pip
    if pip is None:
        fouten.append("Uw gemeente heeft geen actueel PIP voor deze persoon.")
    elif pip.leerroute != "Z-route":
        fouten.append("De leerroute in het actuele PIP is niet de Z-route.")
    if datum > s.vandaag:
        fouten.append(f"De datum afronding Z-route ({_nl(datum)}) ligt in de toekomst.")
    if s.termijn is None:
        fouten.append("De inburgeringstermijn is nog niet gestart.")
    elif datum < s.termijn.start:
        fouten.append(f"De datum afronding Z-route ({_nl(datum)}) ligt vóór de start van de inburgeringstermijn "
                      f"({_nl(s.termijn.start)}).")
    for soort, veld in (("map", "datum_eindgesprek"), ("pvt", "datum_ondertekening")):
        eerder = getattr(s.dossier, soort)
        if eerder is not None and eerder.get(veld) and eerder[veld] > datum:
            fouten.append(f"De datum afronding Z-route ({_nl(datum)}) ligt vóór {_ONDERDEEL[soort][0]} "
                          f"({_nl(eerder[veld])}).")
    return fouten


# --- Gevolgde uren ------------------------------------------------------------------------------------------

def uren_fouten(soort: str, s: Situatie) -> list[str]:
    if soort == "participatieactiviteiten" and s.doelgroep != ASIEL:
        return ["Uren participatieactiviteiten kunnen alleen worden geregistreerd voor een asielstatushouder."]
    if soort == "participatie_taalles" and s.eigen_pip is None:
        return ["Uw gemeente heeft geen actueel PIP voor deze persoon."]
    return []
