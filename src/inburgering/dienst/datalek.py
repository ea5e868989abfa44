"""The breach report on the chain's database: loads the recorded history, lets ``domein.datalek`` compare it
with the law, and adds what the Autoriteit Persoonsgegevens asks in a breach notification (AVG art. 33) and
the list of persons to inform (art. 34).

Read-only: nothing in the chain changes. Personal data leaves this module only through the caller (the
portal logs every view and download; the CLI prints to its user).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from datetime import date

import orjson
from django.db.models import Q

from ..domein.berichten import herstel
from ..domein.catalogus import Gebeurtenis
from ..domein.datalek import FOUTEN, Kennisbericht, Lek, Varianten, Zicht, knip, lekken
from ..domein.feiten import locatie_uit
from ..domein.variant import Begindatumregel, Koppelingsregel, Variant
from ..domein.wet import PERIODEN, wet_van
from ..keten import models as m

_CHUNK = 1000


def einde_keten() -> date | None:
    """The last day the engine has processed (the end of the recorded history)."""
    stand = m.Ketenstand.objects.filter(id=1).first()
    return stand.verwerkt_tot if stand else None


def _varianten(einde: date) -> Varianten:
    rijen = (m.Bericht.objects.filter(type="duo.interpretatie", dag__lte=einde)
             .order_by("dag", "ontvangen", "volgnummer").values_list("inhoud", "regel", "dag"))
    wijzigingen = []
    for inhoud, regel, dag in rijen:
        v = herstel(orjson.loads(inhoud), regel).velden
        wijzigingen.append((dag, Variant(v["begindatum"], v["koppeling"])))
    return Varianten(wijzigingen)


def _locaties(einde: date):
    rijen = (m.Bericht.objects.filter(type="coa.locatie", dag__lte=einde)
             .order_by("dag", "ontvangen", "volgnummer").values_list("inhoud", "regel"))
    return [locatie_uit(herstel(orjson.loads(inhoud), regel)) for inhoud, regel in rijen]


def lekken_in_keten(van: date | None = None, tot: date | None = None, einde: date | None = None) -> Iterator[Lek]:
    """Every reported period (contract §5.5), clipped to [van, tot], sorted by gemeente, wet, bsn, van."""
    einde = einde or einde_keten()
    if einde is None:
        return iter(())
    return iter(sorted(_lekken(van, tot, einde), key=lambda x: (x.gemeente, x.wet, x.bsn, x.van)))


def _lekken(van, tot, einde) -> list[Lek]:
    varianten = _varianten(einde)
    locaties = _locaties(einde)
    zicht = m.Zichtbaarheid.objects.filter(van__lte=einde)
    if van:
        zicht = zicht.filter(Q(tot__isnull=True) | Q(tot__gt=van))
    if tot:
        zicht = zicht.filter(van__lte=tot)
    bsns = sorted(set(zicht.values_list("bsn", flat=True)))
    uit: list[Lek] = []
    for i in range(0, len(bsns), _CHUNK):
        deel = bsns[i:i + _CHUNK]
        perioden: dict[str, list[Zicht]] = defaultdict(list)
        # All of a person's periods: one that started before the window can still explain one inside it.
        for bsn, g, w, zvan, ztot, variant in (m.Zichtbaarheid.objects.filter(bsn__in=deel, van__lte=einde)
                                               .values_list("bsn", "gemeente", "wet", "van", "tot", "variant")):
            perioden[bsn].append(Zicht(g, w, zvan, ztot, variant))
        berichten: dict[str, list[Kennisbericht]] = defaultdict(list)
        for volgnummer, inhoud, regel, dag in (m.Bericht.objects.filter(bsn__in=deel, dag__lte=einde)
                                              .order_by("dag", "ontvangen", "volgnummer")
                                              .values_list("volgnummer", "inhoud", "regel", "dag")):
            b = herstel(orjson.loads(inhoud), regel)
            berichten[b.bsn].append(Kennisbericht(dag, volgnummer, b))
        vastgesteld = {bsn: t.get("vastgesteld_op") for bsn, t in
                       m.Persoon.objects.filter(bsn__in=deel).values_list("bsn", "toestand")}
        for bsn in deel:
            vo = vastgesteld.get(bsn)
            for lek in lekken(bsn, berichten.get(bsn, []), perioden[bsn], locaties, varianten,
                              date.fromisoformat(vo) if vo else None, einde):
                lek = knip(lek, van, tot)
                if lek is not None:
                    uit.append(lek)
    return uit


# --- letters: the hook for the letters to the persons (issue 10, part 1) -----------------------------------

@dataclass(frozen=True)
class Brief:
    datum: date
    bsn: str
    wet: str
    soort: str  # "kennisgeving" or "correctie" (contract §5.3)


BriefBron = Callable[[Collection[str]], list[Brief]]
_brieven: BriefBron | None = None


def registreer_brieven(bron: BriefBron | None) -> None:
    """Letters are not in the chain yet. Whoever adds them registers here a function that returns the letters
    sent to the given BSNs; the report then counts and lists them. Until then the report says none were sent."""
    global _brieven
    _brieven = bron


# --- the figures for a breach notification ---------------------------------------------------------------------

# What a gemeente saw about a person, per channel (portal: person page, signals, history; Wi2021 also the M2M
# API and the pushed notifications). The explanation names the address, nationality and residence purpose
# where a rule used them; those are counted per person from the explanations actually in force.
CATEGORIE_BSN = "BSN"
CATEGORIEEN_ALTIJD = (
    (CATEGORIE_BSN, "portaal, notificaties en M2M API (Wi2021)"),
    ("Naam", "portaal (persoonspagina)"),
    ("Geboortedatum", "portaal (persoonspagina)"),
    ("Inburgeringsplicht: wet, begindatum, einde en reden", "portaal, M2M API (Wi2021)"),
    ("Doelgroep (ook gedetailleerd)", "portaal, M2M API (Wi2021)"),
    ("Verblijfsdoel", "portaal (uitleg van de bepaling)"),
)
CATEGORIE_VNUMMER = ("V-nummer", "portaal, notificaties (Wi2021)")
CATEGORIE_ADRES = ("Adres: postcode en huisnummer", "portaal (uitleg van de bepaling)")
CATEGORIE_NATIONALITEIT = ("Nationaliteit", "portaal (uitleg van de bepaling)")
_POSTCODE = re.compile(r"\b[1-9]\d{3} ?[A-Z]{2}\b")


@dataclass
class Persoonsregel:
    bsn: str
    naam: str
    geboortedatum: date | None
    adres: str
    gemeenten: list[str]
    wetten: list[str]
    van: date
    tot: date
    varianten: list[str]
    correctie: date | None  # first SS190 to one of the gemeenten that saw the person wrongly
    brieven: list[Brief] = field(default_factory=list)


@dataclass
class Rapport:
    einde: date | None
    van: date | None  # the window asked for (None: all)
    tot: date | None
    lekken: list[Lek]
    personen: list[Persoonsregel] = field(default_factory=list)
    per_gemeente: list[dict] = field(default_factory=list)
    per_variant: list[dict] = field(default_factory=list)
    categorieen: list[dict] = field(default_factory=list)
    maatregelen: dict = field(default_factory=dict)

    @property
    def betrokkenen(self) -> int:
        return len({x.bsn for x in self.lekken})

    @property
    def eerste_dag(self) -> date | None:
        return min((x.van for x in self.lekken), default=None)

    @property
    def laatste_dag(self) -> date | None:
        return max((x.tot for x in self.lekken), default=None)


def _variantnaam(label: str) -> str:
    namen = {Begindatumregel.VASTSTELLING: "begindatum = dag van vaststelling door DUO",
             Koppelingsregel.BRP_ADRESFILTER: "alleen bekende opvangadressen gefilterd (adressenproblematiek)",
             "wettelijk": "geen fout in de regels: gegevens kwamen later binnen dan de dag waarop ze golden"}
    return " én ".join(namen.get(x, x) for x in label.split("+"))


def stel_op(van: date | None = None, tot: date | None = None) -> Rapport:
    """The whole report: the periods plus the figures, the persons to inform and what was done."""
    einde = einde_keten()
    lijst = list(lekken_in_keten(van, tot, einde))
    r = Rapport(einde, van, tot, lijst)
    if not lijst:
        r.maatregelen = _maatregelen([], {}, [])
        return r
    bsns = sorted({x.bsn for x in lijst})
    per_bsn: dict[str, list[Lek]] = defaultdict(list)
    for x in lijst:
        per_bsn[x.bsn].append(x)
    namen = dict(m.Gemeente.objects.values_list("code", "naam"))
    personen = {p["bsn"]: p for p in m.Persoon.objects.filter(bsn__in=bsns).values("bsn", "naam", "geboortedatum", "vnummer")}
    adressen = _adressen(bsns)
    ss190 = _correcties(lijst)
    brieven = _brieven(bsns) if _brieven is not None else None
    brieven_per: dict[str, list[Brief]] = defaultdict(list)
    for b in brieven or []:
        brieven_per[b.bsn].append(b)

    for bsn in bsns:
        eigen = per_bsn[bsn]
        p = personen.get(bsn, {})
        r.personen.append(Persoonsregel(
            bsn, p.get("naam") or "", p.get("geboortedatum"), adressen.get(bsn, ""),
            sorted({x.gemeente for x in eigen}), sorted({x.wet for x in eigen}),
            min(x.van for x in eigen), max(x.tot for x in eigen), sorted({x.variant for x in eigen}),
            min((d for (g, b_), d in ss190.items() if b_ == bsn), default=None), sorted(brieven_per.get(bsn, []), key=lambda b: b.datum)))

    per_g: dict[str, dict] = {}
    for x in lijst:
        g = per_g.setdefault(x.gemeente, {"gemeente": x.gemeente, "naam": namen.get(x.gemeente, ""), "bsns": set(),
                                          "perioden": 0, "dagen": 0, "van": x.van, "tot": x.tot, "varianten": Counter()})
        g["bsns"].add(x.bsn)
        g["perioden"] += 1
        g["dagen"] += x.dagen
        g["van"], g["tot"] = min(g["van"], x.van), max(g["tot"], x.tot)
        g["varianten"][x.variant] += 1
    for g in per_g.values():
        g["personen"] = len(g.pop("bsns"))
        g["varianten"] = ", ".join(f"{k} ({n})" for k, n in sorted(g["varianten"].items()))
    r.per_gemeente = [per_g[k] for k in sorted(per_g)]

    per_v: dict[str, set] = defaultdict(set)
    for x in lijst:
        per_v[x.variant].add(x.bsn)
    volgorde = {f: i for i, f in enumerate(FOUTEN)}
    r.per_variant = [{"variant": k, "omschrijving": _variantnaam(k), "personen": len(v),
                      "perioden": sum(1 for x in lijst if x.variant == k)}
                     for k, v in sorted(per_v.items(), key=lambda kv: [volgorde.get(f, 9) for f in kv[0].split("+")])]
    r.categorieen = _categorieen(per_bsn, personen)
    r.maatregelen = _maatregelen(lijst, ss190, brieven)
    return r


def _adressen(bsns: list[str]) -> dict[str, str]:
    """The latest BRP address DUO knows of each person (for the letters), as one line."""
    laatste: dict[str, tuple] = {}
    rijen = (m.Bericht.objects.filter(bsn__in=bsns, type__in=("brp.verblijfplaats", "brp.vertrek"))
             .order_by("dag", "ontvangen", "volgnummer").values_list("inhoud", "regel", "volgnummer"))
    for inhoud, regel, volgnummer in rijen:
        b = herstel(orjson.loads(inhoud), regel)
        sleutel = (b.velden["datum"], b.ontvangen, volgnummer)
        if b.bsn not in laatste or sleutel >= laatste[b.bsn][0]:
            laatste[b.bsn] = (sleutel, b)
    out = {}
    for bsn, (_, b) in laatste.items():
        v = b.velden
        if b.type == "brp.vertrek":
            out[bsn] = f"vertrokken uit Nederland ({v['datum'].isoformat()})"
            continue
        nummer = f"{v['huisnummer']}{v.get('huisletter') or ''}"
        if v.get("straat"):
            delen = [f"{v['straat']} {nummer}", " ".join(x for x in (v["postcode"], v.get("woonplaats")) if x)]
        else:
            delen = [f"{v['postcode']} {nummer}"] + ([v["woonplaats"]] if v.get("woonplaats") else [])
        out[bsn] = ", ".join(delen + [f"gemeente {v['gemeentecode']}"])
    return out


def _correcties(lijst: list[Lek]) -> dict[tuple[str, str], date]:
    """(gemeente, bsn) → day of the first correction (SS190) a gemeente that saw the person wrongly under a law with a
    correction event (Wi2021) got."""
    correcties = {w.code: w.correctie for w in PERIODEN if w.correctie}
    paren = {(x.gemeente, x.bsn) for x in lijst if x.wet in correcties}
    if not paren:
        return {}
    out: dict[tuple[str, str], date] = {}
    q = m.Notificatie.objects.filter(gebeurtenis__in=set(correcties.values()), wet__in=set(correcties),
                                     bsn__in={b for _, b in paren})
    for g, bsn, dag in q.order_by("dag").values_list("gemeente", "bsn", "dag"):
        if (g, bsn) in paren:
            out.setdefault((g, bsn), dag)
    return out


def _categorieen(per_bsn: dict[str, list[Lek]], personen: dict) -> list[dict]:
    n = len(per_bsn)
    rijen = [{"categorie": c, "kanaal": k, "personen": n} for c, k in CATEGORIEEN_ALTIJD]
    vnummer = sum(1 for b in per_bsn if personen.get(b, {}).get("vnummer"))
    adres = nationaliteit = 0
    for bsn, eigen in per_bsn.items():
        stappen = _uitleg_in_perioden(bsn, eigen)
        if any(_POSTCODE.search(s.get("uitkomst", "")) for s in stappen):
            adres += 1
        if any(s.get("regel") == "nationaliteit" for s in stappen):
            nationaliteit += 1
    for (c, k), aantal in ((CATEGORIE_VNUMMER, vnummer), (CATEGORIE_ADRES, adres), (CATEGORIE_NATIONALITEIT, nationaliteit)):
        if aantal:
            rijen.append({"categorie": c, "kanaal": k, "personen": aantal})
    return rijen


def _uitleg_in_perioden(bsn: str, eigen: list[Lek]) -> list[dict]:
    """The explanation steps of every determination in force during the person's reported periods."""
    rijen = list(m.Bepaling.objects.filter(bsn=bsn).order_by("dag", "id").values_list("dag", "uitleg"))
    out: list[dict] = []
    for x in eigen:
        in_kracht = [u for i, (d, u) in enumerate(rijen)
                     if d <= x.tot and (i + 1 == len(rijen) or rijen[i + 1][0] > x.van)]
        for u in in_kracht:
            out += u or []
    return out


def _maatregelen(lijst: list[Lek], ss190: dict, brieven: list[Brief] | None) -> dict:
    """What was done: the purge, the corrections (SS190) and the letters to the persons."""
    sleutels = {(x.bsn, x.wet, x.gemeente) for x in lijst}
    geschoond = afgeleverd = 0
    beeindigd = 0
    if sleutels:
        bsns = {b for b, _, _ in sleutels}
        for bsn, wet, g in (m.Notificatie.objects.filter(bsn__in=bsns, verwijderd_op__isnull=False)
                            .values_list("bsn", "wet", "gemeente")):
            geschoond += (bsn, wet, g) in sleutels
        for bsn, wet, g in (m.Zichtbaarheid.objects.filter(bsn__in=bsns, reden_einde="herbeoordeling")
                            .values_list("bsn", "wet", "gemeente")):
            beeindigd += (bsn, wet, g) in sleutels
        afgeleverd = len({(g, b) for g, b in m.Notificatie.objects.filter(
            gebeurtenis=Gebeurtenis.SS190, bsn__in=bsns, afgeleverd_op__isnull=False).values_list("gemeente", "bsn")} & set(ss190))
    return {
        "signalen_geschoond": geschoond,
        "zicht_beeindigd_door_herbeoordeling": beeindigd,
        "correcties": len(ss190),
        "correcties_afgeleverd_m2m": afgeleverd,
        "correctie_eerste": min(ss190.values(), default=None),
        "correctie_laatste": max(ss190.values(), default=None),
        # the wrong-law fault is the one a correction answers; a wrong gemeente is answered by the purge
        "zonder_correctie": len({(x.gemeente, x.bsn) for x in lijst
                                 if wet_van(x.wet).correctie and Begindatumregel.VASTSTELLING in x.variant}
                                - set(ss190)),
        "brieven": None if brieven is None else len(brieven),
        "brieven_per_soort": dict(Counter(b.soort for b in brieven or [])),
    }


# The chain's letters (dienst/brieven.py) are what the report counts.
from .brieven import voor_bsns as _brieven_in_keten  # noqa: E402

registreer_brieven(_brieven_in_keten)
