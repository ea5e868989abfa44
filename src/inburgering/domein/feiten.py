"""Facts per person, folded from chain messages. What the rules read; nothing is decided here.

Every fact keeps the message it came from (``bron``: message id or line) and when DUO received it, so
an explanation can cite it and the engine can tell what DUO knew on a given day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from .berichten import Bericht


@dataclass(frozen=True, slots=True)
class Feit:
    """A dated fact; on its own, an event that only has a day (departure, death, document, withdrawal, outflow)."""

    datum: date  # the day it holds from (valid time)
    ontvangen: datetime  # when DUO learnt it (knowledge time)
    volgorde: int  # tie-breaker: effect order of messages
    bron: str  # message id, or "regel N"


@dataclass(frozen=True, slots=True)
class NationaliteitFeit(Feit):
    nationaliteiten: tuple[str, ...]  # ISO 3166-1 alpha-3, all of them from ``datum`` on


@dataclass(frozen=True, slots=True)
class AdresFeit(Feit):
    adres: Adres


@dataclass(frozen=True, slots=True)
class RechtFeit(Feit):
    recht: Recht


@dataclass(frozen=True, slots=True)
class KoppelingFeit(Feit):
    gemeentecode: str  # the gemeente COA coupled the person to


@dataclass(frozen=True, slots=True)
class GemeenteFeit(Feit):
    """What a gemeente or DUO reported (PIP, decisions, …): the message as it came."""

    soort: str  # the message type, e.g. "gemeente.pip"
    velden: dict


@dataclass(frozen=True, slots=True)
class Adres:
    gemeentecode: str
    postcode: str
    huisnummer: int
    huisletter: str | None = None

    @property
    def sleutel(self) -> tuple[str, int]:
        return (self.postcode, self.huisnummer)


@dataclass(frozen=True, slots=True)
class Recht:
    verblijfsdoel: str
    datum_beschikking: date
    ingangsdatum: date
    einddatum: date | None


@dataclass(frozen=True, slots=True)
class CoaLocatie:
    locatie: str
    soort: str
    gemeentecode: str
    postcode: str
    huisnummer: int
    van: date
    tot: date | None
    bekend_vanaf: date  # DUO knows a location from the day it received it
    bron: str = ""

    def geldig_op(self, d: date) -> bool:
        return self.van <= d and (self.tot is None or d <= self.tot)


@dataclass(slots=True)
class PersoonFeiten:
    bsn: str
    geboortedatum: date | None = None
    naam: str | None = None
    vnummer: int | None = None
    nationaliteit_persoon: NationaliteitFeit | None = None  # from brp.persoon: holds from birth
    nationaliteiten: list[NationaliteitFeit] = field(default_factory=list)  # brp.nationaliteit changes
    verblijfplaatsen: list[AdresFeit] = field(default_factory=list)
    vertrekken: list[Feit] = field(default_factory=list)
    overlijden: list[Feit] = field(default_factory=list)
    rechten: list[RechtFeit] = field(default_factory=list)
    documenten: list[Feit] = field(default_factory=list)
    intrekkingen: list[Feit] = field(default_factory=list)
    koppelingen: list[KoppelingFeit] = field(default_factory=list)
    uitstromen: list[Feit] = field(default_factory=list)
    gemeente_berichten: list[GemeenteFeit] = field(default_factory=list)  # what gemeenten reported (PIP, …)
    laatst_ontvangen: datetime | None = None
    laatste_volgorde: int = 0  # the newest message folded in (the engine: its log number)

    def sorteer(self) -> None:
        for lijst in (
            self.nationaliteiten, self.verblijfplaatsen, self.vertrekken, self.overlijden, self.rechten,
            self.documenten, self.intrekkingen, self.koppelingen, self.uitstromen, self.gemeente_berichten,
        ):
            lijst.sort(key=lambda f: (f.datum, f.ontvangen, f.volgorde))

    def dagen(self) -> set[date]:
        """Every valid-time date in the facts (for finding when the determination may change)."""
        out: set[date] = set()
        for lijst in (
            self.nationaliteiten, self.verblijfplaatsen, self.vertrekken, self.overlijden, self.rechten,
            self.documenten, self.intrekkingen, self.koppelingen, self.uitstromen, self.gemeente_berichten,
        ):
            out.update(f.datum for f in lijst)
        return out


def _bron(b: Bericht) -> str:
    return b.id if b.id is not None else f"regel {b.regel}"


def voeg_toe(p: PersoonFeiten, b: Bericht, volgorde: int) -> None:
    """Fold one person message into the facts (no sorting; call ``sorteer`` when done)."""
    v = b.velden
    t = b.type
    bron = _bron(b)
    if p.laatst_ontvangen is None or b.ontvangen > p.laatst_ontvangen:
        p.laatst_ontvangen = b.ontvangen
    if volgorde > p.laatste_volgorde:
        p.laatste_volgorde = volgorde
    if t == "brp.persoon":
        # A later brp.persoon replaces the person data; its nationalities hold from birth.
        p.geboortedatum = v["geboortedatum"]
        p.naam = " ".join(x for x in (v.get("voornamen"), v["geslachtsnaam"]) if x)
        p.vnummer = v.get("vnummer")
        p.nationaliteit_persoon = NationaliteitFeit(date.min, b.ontvangen, volgorde, bron, tuple(v["nationaliteiten"]))
        return
    if t == "brp.nationaliteit":
        p.nationaliteiten.append(NationaliteitFeit(v["datum"], b.ontvangen, volgorde, bron, tuple(v["nationaliteiten"])))
    elif t == "brp.verblijfplaats":
        adres = Adres(v["gemeentecode"], v["postcode"], v["huisnummer"], v.get("huisletter"))
        p.verblijfplaatsen.append(AdresFeit(v["datum"], b.ontvangen, volgorde, bron, adres))
    elif t == "brp.vertrek":
        p.vertrekken.append(Feit(v["datum"], b.ontvangen, volgorde, bron))
    elif t == "brp.overlijden":
        p.overlijden.append(Feit(v["datum"], b.ontvangen, volgorde, bron))
    elif t == "ind.verblijfsrecht":
        recht = Recht(v["verblijfsdoel"], v["datum_beschikking"], v["ingangsdatum"], v.get("einddatum"))
        p.rechten.append(RechtFeit(v["datum_beschikking"], b.ontvangen, volgorde, bron, recht))
    elif t == "ind.document_uitgereikt":
        p.documenten.append(Feit(v["datum"], b.ontvangen, volgorde, bron))
    elif t == "ind.verblijfsrecht_ingetrokken":
        p.intrekkingen.append(Feit(v["datum"], b.ontvangen, volgorde, bron))
    elif t == "coa.koppeling":
        p.koppelingen.append(KoppelingFeit(v["datum"], b.ontvangen, volgorde, bron, v["gemeentecode"]))
    elif t == "coa.uitstroom":
        p.uitstromen.append(Feit(v["datum"], b.ontvangen, volgorde, bron))
    else:  # gemeente.* extension messages
        datum = v.get("datum") or b.dag
        p.gemeente_berichten.append(GemeenteFeit(datum, b.ontvangen, volgorde, bron, t, v))


def locatie_uit(b: Bericht) -> CoaLocatie:
    v = b.velden
    return CoaLocatie(
        v["locatie"], v["soort"], v["gemeentecode"], v["postcode"], v["huisnummer"], v["van"], v.get("tot"),
        b.dag, _bron(b),
    )


@dataclass
class Locaties:
    """COA locations, indexed by address. A location is 'known' to DUO from the day it was received."""

    per_adres: dict[tuple[str, int], list[CoaLocatie]] = field(default_factory=dict)

    def voeg_toe(self, loc: CoaLocatie) -> None:
        self.per_adres.setdefault((loc.postcode, loc.huisnummer), []).append(loc)

    def op_adres(self, adres: Adres, d: date, bekend_op: date | None = None) -> CoaLocatie | None:
        """The COA location at this address on day d; with bekend_op, only one DUO knew by then."""
        for loc in self.per_adres.get(adres.sleutel, ()):
            if loc.geldig_op(d) and (bekend_op is None or loc.bekend_vanaf <= bekend_op):
                return loc
        return None

    @classmethod
    def uit(cls, locaties: Iterable[CoaLocatie]) -> Locaties:
        out = cls()
        for loc in locaties:
            out.voeg_toe(loc)
        return out


def bouw_feiten(berichten: Iterable[Bericht]) -> tuple[dict[str, PersoonFeiten], Locaties]:
    """Fold messages (in effect order) into facts per BSN and the COA location register."""
    personen: dict[str, PersoonFeiten] = {}
    locaties = Locaties()
    for i, b in enumerate(berichten):
        if b.type == "coa.locatie":
            locaties.voeg_toe(locatie_uit(b))
            continue
        bsn = b.velden.get("bsn")
        if bsn is None:
            continue
        p = personen.get(bsn)
        if p is None:
            p = personen[bsn] = PersoonFeiten(bsn)
        voeg_toe(p, b, i)
    for p in personen.values():
        p.sorteer()
    return personen, locaties
