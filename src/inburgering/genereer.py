"""A synthetic population as chain messages (contract §1): deterministic per seed, streamed line by line.

``inburgering genereer --personen N --seed S [-o FILE]`` writes, in this order:
1. the register of gemeenten as chain partners (``duo.gemeente``, real CBS codes, no notificatie_url) and
   COA's locations (``coa.locatie``: AZCs, noodopvang, one ``overig``); gemeenten and standing AZCs are
   received on 2010-01-01, before anything else, emergency locations around the day they open;
2. per person, their messages in ``ontvangen`` order, ids ``p{n}-{k}``.

Who occurs (see ``SOORTEN``): asylum status holders living at COA addresses, coupled by COA to another
gemeente, some later leaving COA (``coa.uitstroom``) and registered in the coupled gemeente the same day;
asylum seekers still in procedure; family migrants (document after the decision, sometimes decision in 2021
and document in 2022; retroactive ``ingangsdatum``); the other non-temporary purposes; every temporary
purpose (some switching to family formation later); EU/EEA/Swiss nationals; people near the AOW age.
Across them: minors who turn 18 later, Turkish and British nationals, dual nationals, moves, departures
(some return), deaths, naturalisation, withdrawn permits, and data that reaches DUO weeks late.

Some noodopvang addresses are never registered with ``coa.locatie`` (the January 2022 fault's trigger);
people live there in the BRP anyway. Only asylum seekers and status holders in COA's care ever live at a
COA address, and COA never couples a person to the gemeente of the location they live at, so the law
never makes a location's gemeente responsible for its residents.

Determinism: persons come in blocks of ``BLOK``, each block with its own ``random.Random`` stream
derived from the seed, and name/street pools are drawn once from Faker ``nl_NL`` with
``seed_instance(seed)``. Person ``n``'s messages depend only on the seed and ``n``: a smaller file is a
prefix (after the global messages) of a larger one, and blocks can be made in parallel (``schrijf``
uses worker processes for large populations) with the same bytes as a result. BSNs come from an affine
permutation of 8-digit prefixes (person ``n`` takes the first of prefixes ``8n … 8n+7`` whose
eleven-test check digit is not 10), so they are unique without bookkeeping. Memory is constant in N.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import sys
from collections import deque
from bisect import bisect
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import orjson

# --- Fixed data ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Gemeente:
    code: str  # CBS gemeentecode
    naam: str
    pc_van: int  # a plausible range of 4-digit postcodes in the gemeente
    pc_tot: int
    oin: str | None = None  # None: synthetic OIN derived from the code


# Real CBS codes, each in use under that code for the whole period 2010–2025.
GEMEENTEN: tuple[Gemeente, ...] = (
    Gemeente("0363", "Amsterdam", 1011, 1109, "00000001002564440000"),
    Gemeente("0344", "Utrecht", 3511, 3585, "00000001002220647000"),
    Gemeente("0518", "'s-Gravenhage", 2491, 2599, "00000001002269117000"),
    Gemeente("1706", "Cranendonck", 6021, 6029, "00000001001234567000"),
    Gemeente("0599", "Rotterdam", 3011, 3089),
    Gemeente("0014", "Groningen", 9711, 9747),
    Gemeente("0772", "Eindhoven", 5611, 5658),
    Gemeente("0268", "Nijmegen", 6511, 6546),
    Gemeente("0034", "Almere", 1311, 1363),
    Gemeente("0153", "Enschede", 7511, 7548),
    Gemeente("0193", "Zwolle", 8011, 8047),
    Gemeente("0200", "Apeldoorn", 7311, 7339),
    Gemeente("0202", "Arnhem", 6811, 6846),
    Gemeente("0307", "Amersfoort", 3811, 3829),
    Gemeente("0392", "Haarlem", 2011, 2037),
    Gemeente("0546", "Leiden", 2311, 2334),
    Gemeente("0503", "Delft", 2611, 2629),
    Gemeente("0758", "Breda", 4811, 4839),
    Gemeente("0855", "Tilburg", 5011, 5049),
    Gemeente("0796", "'s-Hertogenbosch", 5211, 5249),
    Gemeente("0935", "Maastricht", 6211, 6229),
    Gemeente("0917", "Heerlen", 6411, 6422),
    Gemeente("0080", "Leeuwarden", 8911, 8941),
    Gemeente("0106", "Assen", 9401, 9409),
    Gemeente("0114", "Emmen", 7811, 7887),
    Gemeente("0479", "Zaanstad", 1501, 1509),
    Gemeente("0361", "Alkmaar", 1811, 1829),
    Gemeente("0400", "Den Helder", 1781, 1789),
    Gemeente("0505", "Dordrecht", 3311, 3329),
    Gemeente("0637", "Zoetermeer", 2711, 2729),
    Gemeente("0394", "Haarlemmermeer", 2131, 2136),
    Gemeente("0718", "Vlissingen", 4381, 4389),
    Gemeente("0794", "Helmond", 5701, 5709),
    Gemeente("0983", "Venlo", 5911, 5928),
    Gemeente("0228", "Ede", 6711, 6718),
    Gemeente("0150", "Deventer", 7411, 7429),
    Gemeente("0995", "Lelystad", 8211, 8245),
    Gemeente("0784", "Gilze en Rijen", 5121, 5126),
    Gemeente("0355", "Zeist", 3701, 3709),
    Gemeente("0252", "Heumen", 6581, 6584),
    Gemeente("0047", "Veendam", 9641, 9649),
    Gemeente("0171", "Noordoostpolder", 8301, 8316),
)
_GEMEENTE = {g.code: g for g in GEMEENTEN}


def _elfproef_controle(prefix8: str) -> int:
    """The ninth digit that makes ``prefix8`` + digit pass the eleven-test; 10 if none does."""
    return sum((9 - i) * int(c) for i, c in enumerate(prefix8)) % 11


def oin_van(g: Gemeente) -> str:
    """The gemeente's OIN: ``00000001`` + a 9-digit RSIN (eleven-test) + ``000``; fixed per gemeente."""
    if g.oin:
        return g.oin
    k = 0
    while True:
        prefix = f"00{g.code}{k:02d}"
        c = _elfproef_controle(prefix)
        if c < 10:
            return f"00000001{prefix}{c}000"
        k += 1


@dataclass(frozen=True, slots=True)
class Opvanglocatie:
    locatie: str
    soort: str  # azc, noodopvang, overig
    gemeentecode: str
    postcode: str
    huisnummer: int
    straat: str
    van: date
    tot: date | None
    geregistreerd: bool  # sent to DUO with coa.locatie; False: a noodopvang DUO never hears of
    ontvangen: date | None = None  # when DUO received the coa.locatie message

    def open_op(self, o: int) -> bool:
        return self.van.toordinal() <= o and (self.tot is None or o <= self.tot.toordinal())


_D = date
COA_LOCATIES: tuple[Opvanglocatie, ...] = (
    Opvanglocatie("AZC-BUDEL", "azc", "1706", "6021PA", 2, "Hoofdstraat", _D(2000, 1, 1), None, True, _D(2010, 1, 1)),
    Opvanglocatie("AZC-GILZE", "azc", "0784", "5126NA", 3, "Kampweg", _D(2000, 1, 1), None, True, _D(2010, 1, 1)),
    Opvanglocatie("AZC-ZEIST", "azc", "0355", "3705LZ", 4, "Kampweg", _D(2000, 1, 1), None, True, _D(2010, 1, 1)),
    Opvanglocatie("AZC-GRONINGEN", "azc", "0014", "9731AP", 1, "Duinkerkenstraat", _D(2000, 1, 1), None, True,
                  _D(2010, 1, 1)),
    Opvanglocatie("AZC-EMMEN", "azc", "0114", "7812AA", 7, "Zeemanstraat", _D(2000, 1, 1), None, True, _D(2010, 1, 1)),
    Opvanglocatie("AZC-ARNHEM", "azc", "0202", "6846AB", 10, "Kemperbergerweg", _D(2000, 1, 1), None, True,
                  _D(2010, 1, 1)),
    Opvanglocatie("AZC-AMSTERDAM", "azc", "0363", "1095KN", 1, "Wenckebachweg", _D(2000, 1, 1), None, True,
                  _D(2010, 1, 1)),
    Opvanglocatie("AZC-VEENDAM", "azc", "0047", "9641AA", 5, "Zuidwending", _D(2000, 1, 1), None, True, _D(2010, 1, 1)),
    Opvanglocatie("AZC-MAASTRICHT", "azc", "0935", "6222NT", 2, "Pastoor Moormanstraat", _D(2000, 1, 1), None, True,
                  _D(2010, 1, 1)),
    Opvanglocatie("GEZINSLOCATIE-ROTTERDAM", "overig", "0599", "3089TZ", 1, "Sluisjesdijk", _D(2016, 1, 1), None, True,
                  _D(2016, 1, 15)),
    Opvanglocatie("NOODOPVANG-HEUMENSOORD", "noodopvang", "0252", "6584AV", 1, "Heumensoord", _D(2015, 9, 20),
                  _D(2016, 5, 31), True, _D(2015, 9, 25)),
    Opvanglocatie("NOODOPVANG-ALMERE", "noodopvang", "0034", "1363BJ", 3, "Zeewolderdreef", _D(2022, 6, 1),
                  _D(2023, 12, 31), True, _D(2022, 6, 20)),
    Opvanglocatie("NOODOPVANG-ZOETERMEER", "noodopvang", "0637", "2719EA", 12, "Van Leeuwenhoekweg", _D(2022, 8, 15),
                  None, True, _D(2022, 9, 1)),
    # Never registered with coa.locatie: DUO does not know these addresses are reception locations.
    Opvanglocatie("NOODOPVANG-ENSCHEDE-SPORTHAL", "noodopvang", "0153", "7522NB", 50, "Sportlaan", _D(2015, 10, 1),
                  _D(2016, 4, 30), False),
    Opvanglocatie("NOODOPVANG-NIJMEGEN-HOTEL", "noodopvang", "0268", "6541CV", 88, "Hotelweg", _D(2022, 5, 1), None,
                  False),
    Opvanglocatie("NOODOPVANG-GRONINGEN-SCHIP", "noodopvang", "0014", "9723JC", 1, "Oosterhamrikkade", _D(2022, 8, 1),
                  None, False),
    Opvanglocatie("NOODOPVANG-EINDHOVEN-HAL", "noodopvang", "0772", "5652AM", 200, "Beursgebouwplein",
                  _D(2022, 9, 1), None, False),
    Opvanglocatie("NOODOPVANG-HAARLEMMERMEER", "noodopvang", "0394", "2132LS", 9, "Hoofdweg", _D(2022, 10, 1), None,
                  False),
)
COA_ADRESSEN: dict[tuple[str, int], Opvanglocatie] = {(c.postcode, c.huisnummer): c for c in COA_LOCATIES}

VERBLIJFSDOELEN_GEZIN = (
    "gezinshereniging", "gezinsvorming", "gezinshereniging_asielstatushouder", "gezinsvorming_asielstatushouder",
)
VERBLIJFSDOELEN_OVERIG = ("geestelijk_bedienaar", "art8_evrm", "kinderpardon", "voortgezet_verblijf", "humanitair")
VERBLIJFSDOELEN_TIJDELIJK = (
    "studie", "arbeid", "kennismigrant", "au_pair", "uitwisseling", "seizoenarbeid", "medische_behandeling",
)

NAT_ASIEL = ("SYR", "SYR", "SYR", "ERI", "ERI", "AFG", "AFG", "IRQ", "IRN", "TUR", "YEM", "SOM", "SDN", "ETH", "LBY")
NAT_GEZIN = ("MAR", "MAR", "TUR", "TUR", "IND", "CHN", "SUR", "IDN", "USA", "BRA", "PHL", "THA", "RUS", "UKR",
             "NGA", "GHA", "EGY", "PAK", "GBR", "SYR", "ERI")
NAT_TIJDELIJK = ("IND", "IND", "CHN", "CHN", "USA", "TUR", "BRA", "ZAF", "KOR", "JPN", "IRN", "UKR", "PHL", "MEX",
                 "GBR")
NAT_EU = ("DEU", "POL", "POL", "ROU", "BGR", "ESP", "ITA", "PRT", "GRC", "HUN", "FRA", "BEL", "HRV", "NOR", "CHE",
          "ISL", "LTU", "SVK")
_NAT_ASIEL_NIET_TURKS = tuple(n for n in NAT_ASIEL if n != "TUR")
_NAT_GEZIN_PLICHTIG = tuple(n for n in NAT_GEZIN if n not in ("TUR", "GBR"))  # obligated under every law
NAT_DUBBEL = (("SYR", "NLD"), ("MAR", "NLD"), ("TUR", "NLD"), ("MAR", "ESP"), ("SUR", "NLD"), ("IRQ", "DEU"))

GRENSDAGEN = (_D(2012, 12, 31), _D(2013, 1, 1), _D(2021, 12, 31), _D(2022, 1, 1))
GLOBAAL_ONTVANGEN = _D(2010, 1, 1)
EINDE = _D(2025, 6, 30)  # nothing happens after this day

# Kinds of people, with weights; the first len(SOORTEN) persons take each kind once, so any N ≥ 11
# covers them all.
SOORTEN = (
    ("asiel", 30), ("asiel_procedure", 3), ("gezin", 26), ("gezin_jaarwisseling", 3), ("overig", 7),
    ("tijdelijk", 15), ("tijdelijk_dan_gezin", 3), ("eu", 6), ("aow", 2), ("grensdag", 2), ("minderjarig", 3),
)
_SOORT_NAMEN = tuple(s for s, _ in SOORTEN)
_SOORT_CUM = []
_t = 0
for _s, _w in SOORTEN:
    _t += _w
    _SOORT_CUM.append(_t / sum(w for _, w in SOORTEN))
_SOORT_CUM[-1] = 1.0

# Decision years 2012–2023, weighted roughly like the IND's yearly volumes.
_JAREN_ASIEL = ((2012, 3), (2013, 4), (2014, 8), (2015, 10), (2016, 14), (2017, 7), (2018, 5), (2019, 5),
                (2020, 5), (2021, 7), (2022, 10), (2023, 12))
_JAREN_REGULIER = tuple((j, 6 + (j - 2012) // 2) for j in range(2012, 2024))

# --- Date helpers: work in ordinals, format through a cache ------------------------------------------

_O_MIN = date(1920, 1, 1).toordinal()
_O_MAX = date(2031, 12, 31).toordinal()
_ISO = [date.fromordinal(o).isoformat() for o in range(_O_MIN, _O_MAX + 1)]
_O_EINDE = EINDE.toordinal()
_O_BEGIN = date(2010, 3, 1).toordinal()  # no person message before this day


def _iso(o: int) -> str:
    return _ISO[o - _O_MIN]


def _jaar_kansen(jaren):
    totaal = sum(w for _, w in jaren)
    cum, t = [], 0
    for _, w in jaren:
        t += w
        cum.append(t / totaal)
    cum[-1] = 1.0
    return tuple(cum), tuple(date(j, 1, 1).toordinal() for j, _ in jaren), tuple(
        date(j + 1, 1, 1).toordinal() - date(j, 1, 1).toordinal() for j, _ in jaren)


_ASIEL_JAREN = _jaar_kansen(_JAREN_ASIEL)
_REGULIER_JAREN = _jaar_kansen(_JAREN_REGULIER)


# --- BSNs and v-nummers ------------------------------------------------------------------------------

_PREFIX_AANTAL = 90_000_000  # 8-digit prefixes 10000000 … 99999999
_PREFIX_FACTOR = 7_777_777  # coprime with 90,000,000: the map is a permutation


MAX_PERSONEN = _PREFIX_AANTAL // 8


def bsn_van(n: int, seed: int) -> str:
    """Person n's BSN: the first of eight permuted prefixes 8n … 8n+7 whose eleven-test check digit is
    not 10 (all eight failing has odds of 1 in 2·10^8; it raises rather than repeat a BSN)."""
    verschuiving = (seed * 1_000_003 + 12_345) % _PREFIX_AANTAL
    for teller in range(8 * n, 8 * n + 8):
        s = str((_PREFIX_FACTOR * teller + verschuiving) % _PREFIX_AANTAL + 10_000_000)
        c = (9 * (ord(s[0]) - 48) + 8 * (ord(s[1]) - 48) + 7 * (ord(s[2]) - 48) + 6 * (ord(s[3]) - 48)
             + 5 * (ord(s[4]) - 48) + 4 * (ord(s[5]) - 48) + 3 * (ord(s[6]) - 48) + 2 * (ord(s[7]) - 48)) % 11
        if c < 10:
            return s + chr(48 + c)
    raise ValueError(f"geen geldig BSN voor persoon {n} met seed {seed}")


# --- Pools drawn from Faker once per seed ------------------------------------------------------------


class _Pools:
    def __init__(self, seed: int, grootte: int = 1500):
        from faker import Faker

        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        self.achternamen = tuple(fake.last_name() for _ in range(grootte))
        self.voornamen_m = tuple(fake.first_name_male() for _ in range(grootte // 2))
        self.voornamen_v = tuple(fake.first_name_female() for _ in range(grootte // 2))
        self.straten = tuple(fake.street_name() for _ in range(grootte // 2))
        letters = "ABCDEFGHJKLMNPRSTVWXZ"
        self.postcode_letters = tuple(
            a + b for a in letters for b in letters if a + b not in ("SA", "SD", "SS")
        )


_HUISLETTERS = ("A", "B", "C", "a", "b")
_REGULIERE_GEMEENTEN = GEMEENTEN  # where people live outside COA care


# --- One person ----------------------------------------------------------------------------------


class _Persoon:
    """Collects one person's messages with their ``ontvangen`` sort key, then emits them in order."""

    __slots__ = ("n", "bsn", "r", "pools", "berichten", "registratie")

    def __init__(self, n: int, bsn: str, r, pools: _Pools):
        self.n = n
        self.bsn = bsn
        self.r = r
        self.pools = pools
        self.berichten: list[tuple[int, int, dict]] = []
        self.registratie = 0  # sort key of the BRP registration: nothing about this BSN arrives before it

    # ontvangen: usually within days; sometimes weeks late; sometimes as a date-time.
    def ontvangen(self, o: int) -> tuple[int, str]:
        r = self.r
        x = r()
        if x < 0.82:
            o2 = o + int(r() * 3)
        elif x < 0.92:
            o2 = o + 3 + int(r() * 11)
        else:
            o2 = o + 14 + int(r() * 77)  # reaches DUO 2–12 weeks after the fact
        if r() < 0.05:
            minuten = 420 + int(r() * 660)
            return o2 * 1440 + minuten, f"{_iso(o2)}T{minuten // 60:02d}:{minuten % 60:02d}:00+01:00"
        return o2 * 1440, _iso(o2)

    def bericht(self, type_: str, feitdatum: int, velden: dict) -> None:
        sleutel, ontv = self.ontvangen(feitdatum)
        if sleutel < self.registratie:
            sleutel = self.registratie
            ontv = _iso(sleutel // 1440) if sleutel % 1440 == 0 else self._tijd(sleutel)
        d = {"id": None, "type": type_, "ontvangen": ontv, "bsn": self.bsn}
        d.update(velden)
        self.berichten.append((sleutel, len(self.berichten), d))

    @staticmethod
    def _tijd(sleutel: int) -> str:
        o, m = divmod(sleutel, 1440)
        return f"{_iso(o)}T{m // 60:02d}:{m % 60:02d}:00+01:00"

    def uit(self) -> list[dict]:
        self.berichten.sort()  # by (sleutel, insertion number); the pair is unique, dicts are never compared
        pref = f"p{self.n}-"
        out = []
        for k, (_, _, d) in enumerate(self.berichten, 1):
            d["id"] = pref + str(k)
            out.append(d)
        return out

    # --- address helpers ---
    def adres(self, gem: Gemeente) -> dict:
        r = self.r
        pools = self.pools
        pc = f"{gem.pc_van + int(r() * (gem.pc_tot - gem.pc_van + 1))}{pools.postcode_letters[int(r() * len(pools.postcode_letters))]}"
        hn = 1 + int(r() * 180)
        if (pc, hn) in COA_ADRESSEN:
            hn += 1
        a = {"gemeentecode": gem.code, "postcode": pc, "huisnummer": hn}
        if r() < 0.08:
            a["huisletter"] = _HUISLETTERS[int(r() * 5)]
        a["straat"] = pools.straten[int(r() * len(pools.straten))]
        a["woonplaats"] = gem.naam
        return a

    def woont(self, o: int, gem: Gemeente) -> None:
        a = self.adres(gem)
        a = {"datum": _iso(o), **a}
        self.bericht("brp.verblijfplaats", o, a)

    def woont_in_opvang(self, o: int, loc: Opvanglocatie) -> None:
        self.bericht("brp.verblijfplaats", o, {
            "datum": _iso(o), "gemeentecode": loc.gemeentecode, "postcode": loc.postcode,
            "huisnummer": loc.huisnummer, "straat": loc.straat, "woonplaats": _GEMEENTE[loc.gemeentecode].naam,
        })

    def registreer(self, o: int) -> None:
        """BRP registration on day o: the first thing DUO hears about this BSN."""
        self.registratie, _ = self.ontvangen(o)
        self.registratie = max(self.registratie, o * 1440)


class _Generator:
    def __init__(self, seed: int):
        self.seed = seed
        self.begin_blok(0)
        self.pools = _Pools(seed)
        self.vnummer_basis = 2_000_000_000 + (seed % 1000) * 1_000_000
        self.azcs = tuple(c for c in COA_LOCATIES if c.soort == "azc" and c.tot is None)
        self.overige_opvang = tuple(c for c in COA_LOCATIES if c not in self.azcs)

    def begin_blok(self, b: int) -> None:
        """Persons come in blocks of BLOK, each with its own random stream: blocks can be made in any
        order (or in parallel) and person n's messages depend only on seed and n."""
        self.rng = random.Random(f"inburgering-genereer:{self.seed}:{b}")
        self.r = self.rng.random
        self.grensdagen = 0  # persons of kind "grensdag" take the boundary days in turn

    # --- small random helpers ---
    def kies(self, reeks):
        return reeks[int(self.r() * len(reeks))]

    def tussen(self, a: int, b: int) -> int:
        """Uniform integer in [a, b]."""
        return a + int(self.r() * (b - a + 1))

    def beslisdag(self, jaren) -> int:
        cum, starts, lengtes = jaren
        i = bisect(cum, self.r())
        if i >= len(starts):
            i = len(starts) - 1
        return starts[i] + int(self.r() * lengtes[i])

    def gemeente(self, behalve: str | None = None) -> Gemeente:
        while True:
            g = _REGULIERE_GEMEENTEN[int(self.r() * len(_REGULIERE_GEMEENTEN))]
            if g.code != behalve:
                return g

    def geboren(self, op: int, min_jaren: int, max_jaren: int) -> int:
        """A birth day making the person between min_jaren and max_jaren (inclusive) old on day ``op``."""
        leeftijd_dagen = int((min_jaren + self.r() * (max_jaren - min_jaren + 1)) * 365.2425)
        return max(op - leeftijd_dagen, _O_MIN + 1)

    def leeftijd_bij(self, op: int) -> int:
        """Birth day for a person at a decision on day ``op``: mostly adults, sometimes a minor."""
        x = self.r()
        if x < 0.12:
            return self.geboren(op, 1, 17)
        if x < 0.15:
            return self.geboren(op, 55, 70)
        return self.geboren(op, 18, 50)

    # --- the population ---
    def globaal(self) -> Iterator[dict]:
        o = _iso(GLOBAAL_ONTVANGEN.toordinal())
        for g in GEMEENTEN:
            yield {"id": f"gem-{g.code}", "type": "duo.gemeente", "ontvangen": o, "gemeentecode": g.code,
                   "naam": g.naam, "oin": oin_van(g)}
        for c in COA_LOCATIES:
            if not c.geregistreerd:
                continue
            d = {"id": f"loc-{c.locatie}", "type": "coa.locatie", "ontvangen": c.ontvangen.isoformat(),
                 "locatie": c.locatie, "soort": c.soort, "gemeentecode": c.gemeentecode, "postcode": c.postcode,
                 "huisnummer": c.huisnummer, "van": c.van.isoformat()}
            if c.tot is not None:
                d["tot"] = c.tot.isoformat()
            yield d

    def persoon(self, n: int) -> list[dict]:
        r = self.r
        bsn = bsn_van(n, self.seed)
        p = _Persoon(n, bsn, r, self.pools)
        soort = _SOORT_NAMEN[n] if n < len(_SOORT_NAMEN) else _SOORT_NAMEN[bisect(_SOORT_CUM, r())]
        vrouw = r() < 0.5
        pools = self.pools
        voornaam = self.kies(pools.voornamen_v if vrouw else pools.voornamen_m)
        if r() < 0.3:
            voornaam += " " + self.kies(pools.voornamen_v if vrouw else pools.voornamen_m)
        naam = self.kies(pools.achternamen)
        persoon = getattr(self, "_" + soort)(p)
        geboren, nats = persoon
        velden = {"geboortedatum": _iso(geboren), "geslachtsnaam": naam, "voornamen": voornaam,
                  "nationaliteiten": list(nats)}
        if "NLD" not in nats and r() < 0.7:
            velden["vnummer"] = self.vnummer_basis + n
        d = {"id": None, "type": "brp.persoon", "ontvangen": _iso(p.registratie // 1440)
             if p.registratie % 1440 == 0 else p._tijd(p.registratie), "bsn": bsn}
        d.update(velden)
        p.berichten.append((p.registratie, -1, d))
        return p.uit()

    # --- shared storylines ---
    def _opvang(self, p: _Persoon, aankomst: int, vertrek_uit_opvang: int) -> None:
        """Lives at COA locations from ``aankomst`` until ``vertrek_uit_opvang`` (exclusive), moving when one closes."""
        r = self.r
        o = aankomst
        nood = [c for c in self.overige_opvang if c.open_op(o)]
        loc = self.kies(nood) if nood and r() < 0.45 else self.kies(self.azcs)
        p.woont_in_opvang(o, loc)
        while True:
            # Sometimes COA moves a person to another AZC; always when a noodopvang closes.
            einde = vertrek_uit_opvang
            if loc.tot is not None and loc.tot.toordinal() < einde:
                einde = loc.tot.toordinal()
            elif r() < 0.15 and einde - o > 120:
                einde = o + self.tussen(60, einde - o - 30)
            else:
                return
            if einde > _O_EINDE:
                return
            vorige = loc
            while loc is vorige:
                loc = self.kies(self.azcs)
            o = einde
            p.woont_in_opvang(o, loc)

    def _leven(self, p: _Persoon, gevestigd: int, gem: Gemeente, geboren: int, nats: tuple, plicht_vanaf: int) -> None:
        """Life after settling in ``gem`` on ``gevestigd``: moves, departure (and return), naturalisation, death."""
        r = self.r
        o = gevestigd
        for _ in range(2):
            if r() < 0.22:
                o2 = o + self.tussen(90, 2200)
                if o2 > _O_EINDE:
                    break
                gem = self.gemeente(behalve=gem.code)
                p.woont(o2, gem)
                o = o2
        x = r()
        if x < 0.05:
            v = o + self.tussen(60, 2500)
            if v <= _O_EINDE:
                p.bericht("brp.vertrek", v, {"datum": _iso(v)})
                if r() < 0.35:  # comes back, sometimes after more than a year
                    t = v + self.tussen(60, 900)
                    if t <= _O_EINDE:
                        p.woont(t, self.gemeente())
                return
        elif x < 0.06:
            d = o + self.tussen(30, 3000)
            if d <= _O_EINDE:
                p.bericht("brp.overlijden", d, {"datum": _iso(d)})
                return
        if "NLD" not in nats and r() < 0.12:  # naturalisation after at least five years
            nat = max(plicht_vanaf, gevestigd) + self.tussen(5 * 365, 9 * 365)
            if nat <= _O_EINDE:
                # Many keep their first nationality (e.g. SYR+NLD); others renounce it.
                nieuw = [*nats, "NLD"] if r() < 0.6 else ["NLD"]
                p.bericht("brp.nationaliteit", nat, {"datum": _iso(nat), "nationaliteiten": nieuw})

    def _recht(self, p: _Persoon, doel: str, beschikking: int, ingang: int, einddatum: int | None = None) -> None:
        v = {"verblijfsdoel": doel, "datum_beschikking": _iso(beschikking), "ingangsdatum": _iso(ingang)}
        if einddatum is not None:
            v["einddatum"] = _iso(einddatum)
        p.bericht("ind.verblijfsrecht", beschikking, v)

    def _document(self, p: _Persoon, o: int) -> None:
        p.bericht("ind.document_uitgereikt", o, {"datum": _iso(o)})

    # --- kinds ---
    def _asiel(self, p: _Persoon, beschikking: int | None = None, geboren: int | None = None,
               nats: tuple | None = None):
        r = self.r
        if beschikking is None:
            beschikking = self.beslisdag(_ASIEL_JAREN)
        aankomst = max(beschikking - self.tussen(45, 540), _O_BEGIN)
        if geboren is None:
            geboren = self.leeftijd_bij(beschikking)
        if nats is None:
            nats = (self.kies(NAT_ASIEL),)
        p.registreer(aankomst)
        koppeling, uitstroom = self._opvangduur(beschikking)
        self._opvang(p, aankomst, uitstroom if uitstroom is not None else _O_EINDE + 1)
        einddatum = None
        if r() < 0.3:  # temporary asylum permit for five years, renewed before it ends
            einddatum = beschikking + 5 * 365
        self._recht(p, "asiel", beschikking, aankomst, einddatum)
        if einddatum is not None:
            verlenging = einddatum - self.tussen(10, 90)
            if verlenging <= _O_EINDE:
                self._recht(p, self.kies(("asiel", "voortgezet_verblijf")), verlenging, einddatum + 1)
        if r() < 0.01:  # withdrawn
            w = beschikking + self.tussen(100, 2000)
            if w <= _O_EINDE:
                p.bericht("ind.verblijfsrecht_ingetrokken", w, {"datum": _iso(w)})
        if koppeling is None:
            return geboren, nats
        # The gemeente of the reception location(s) never gets the person: couple to another one.
        opvang_gemeenten = {d["gemeentecode"] for _, _, d in p.berichten if d["type"] == "brp.verblijfplaats"}
        while True:
            gem = self.gemeente()
            if gem.code not in opvang_gemeenten:
                break
        p.bericht("coa.koppeling", koppeling, {"gemeentecode": gem.code, "datum": _iso(koppeling)})
        if uitstroom is None:
            return geboren, nats
        p.bericht("coa.uitstroom", uitstroom, {"datum": _iso(uitstroom)})
        p.woont(uitstroom, gem)
        self._leven(p, uitstroom, gem, geboren, nats, beschikking)
        return geboren, nats

    def _opvangduur(self, beschikking: int) -> tuple[int | None, int | None]:
        """Stay: decision, coupling to a gemeente other than the location's, then leaving COA's care.
        Coupling within weeks, for some only after many months (housing shortage); housing takes weeks
        to a year, for some years. None: after the generated period."""
        r = self.r
        koppeling = beschikking + (self.tussen(3, 120) if r() < 0.85 else self.tussen(121, 700))
        uitstroom = koppeling + (self.tussen(20, 420) if r() < 0.85 else self.tussen(420, 1800))
        return (koppeling if koppeling <= _O_EINDE else None), (uitstroom if uitstroom <= _O_EINDE else None)

    def _asiel_procedure(self, p: _Persoon):
        aankomst = self.tussen(date(2023, 1, 1).toordinal(), _O_EINDE - 30)
        geboren = self.leeftijd_bij(aankomst)
        p.registreer(aankomst)
        self._opvang(p, aankomst, _O_EINDE + 1)
        return geboren, (self.kies(NAT_ASIEL),)

    def _gezin(self, p: _Persoon, beschikking: int | None = None, document: int | None = None,
               geboren: int | None = None, nats: tuple | None = None, doel: str | None = None):
        r = self.r
        if beschikking is None:
            beschikking = self.beslisdag(_REGULIER_JAREN)
        if document is None:
            document = beschikking + self.tussen(5, 60)
        if doel is None:
            doel = self.kies(VERBLIJFSDOELEN_GEZIN)
        if geboren is None:
            geboren = self.leeftijd_bij(document)
        if nats is None:
            x = r()
            nats = self.kies(NAT_DUBBEL) if x < 0.04 else (
                self.kies(NAT_ASIEL if doel.endswith("_asielstatushouder") else NAT_GEZIN),)
        vestiging = max(beschikking - self.tussen(-40, 60), _O_BEGIN)
        if vestiging > document:
            vestiging = document
        gem = self.gemeente()
        p.registreer(vestiging)
        p.woont(vestiging, gem)
        ingang = beschikking - self.tussen(20, 270)  # retroactive: from the application
        self._recht(p, doel, beschikking, ingang)
        self._document(p, document)
        if r() < 0.01:
            w = document + self.tussen(100, 2000)
            if w <= _O_EINDE:
                p.bericht("ind.verblijfsrecht_ingetrokken", w, {"datum": _iso(w)})
                return geboren, nats
        if r() < 0.1:  # continued residence in their own right after five years
            vv = beschikking + self.tussen(5 * 365, 7 * 365)
            if vv <= _O_EINDE:
                self._recht(p, "voortgezet_verblijf", vv, vv)
                if vv + 40 <= _O_EINDE:
                    self._document(p, vv + self.tussen(5, 40))
        self._leven(p, vestiging, gem, geboren, nats, document)
        return geboren, nats

    def _gezin_jaarwisseling(self, p: _Persoon):
        """Decision late 2021, document in 2022 (so Wi2021), effective months before the decision."""
        beschikking = self.tussen(date(2021, 11, 1).toordinal(), date(2021, 12, 31).toordinal())
        document = self.tussen(date(2022, 1, 2).toordinal(), date(2022, 2, 28).toordinal())
        return self._gezin(p, beschikking, document, doel=self.kies(VERBLIJFSDOELEN_GEZIN))

    def _overig(self, p: _Persoon):
        r = self.r
        doel = self.kies(VERBLIJFSDOELEN_OVERIG)
        beschikking = self.beslisdag(_REGULIER_JAREN)
        document = beschikking + self.tussen(5, 60)
        geboren = self.geboren(document, 5, 17) if doel == "kinderpardon" else self.leeftijd_bij(document)
        nats = (self.kies(NAT_ASIEL if doel in ("kinderpardon", "humanitair") else NAT_GEZIN),)
        vestiging = max(beschikking - self.tussen(60, 1500 if doel == "kinderpardon" else 120), _O_BEGIN)
        gem = self.gemeente()
        p.registreer(vestiging)
        p.woont(vestiging, gem)
        self._recht(p, doel, beschikking, beschikking - self.tussen(0, 180))
        self._document(p, document)
        if r() < 0.01:
            w = document + self.tussen(100, 2000)
            if w <= _O_EINDE:
                p.bericht("ind.verblijfsrecht_ingetrokken", w, {"datum": _iso(w)})
        self._leven(p, vestiging, gem, geboren, nats, document)
        return geboren, nats

    def _tijdelijk(self, p: _Persoon, daarna_gezin: bool = False):
        r = self.r
        doel = self.kies(VERBLIJFSDOELEN_TIJDELIJK)
        beschikking = self.beslisdag(_REGULIER_JAREN)
        document = beschikking + self.tussen(5, 45)
        geboren = self.geboren(document, 18, 28 if doel in ("studie", "au_pair", "uitwisseling") else 50)
        nats = (self.kies(NAT_TIJDELIJK),)
        duur = {"seizoenarbeid": 180, "au_pair": 365, "uitwisseling": 365, "medische_behandeling": 365}.get(
            doel, self.tussen(2, 5) * 365)
        einde = beschikking + duur
        vestiging = max(beschikking - self.tussen(-30, 30), _O_BEGIN)
        if vestiging > document:
            vestiging = document
        gem = self.gemeente()
        p.registreer(vestiging)
        p.woont(vestiging, gem)
        self._recht(p, doel, beschikking, beschikking, einde)
        self._document(p, document)
        if daarna_gezin:
            # Marries or forms a family while here: a non-temporary purpose before the permit ends.
            b2 = einde - self.tussen(20, min(300, duur - 10))
            if b2 <= _O_EINDE - 60:
                self._recht(p, self.kies(("gezinsvorming", "gezinshereniging")), b2, b2 - self.tussen(10, 120))
                d2 = b2 + self.tussen(5, 50)
                self._document(p, d2)
                self._leven(p, vestiging, gem, geboren, nats, d2)
                return geboren, nats
        if einde <= _O_EINDE and r() < 0.6:
            v = einde + self.tussen(-20, 30)
            if v <= _O_EINDE:
                p.bericht("brp.vertrek", v, {"datum": _iso(v)})
        return geboren, nats

    def _tijdelijk_dan_gezin(self, p: _Persoon):
        return self._tijdelijk(p, daarna_gezin=True)

    def _eu(self, p: _Persoon):
        r = self.r
        vestiging = self.tussen(_O_BEGIN, _O_EINDE - 30)
        geboren = self.geboren(vestiging, 18, 60)
        nats = (self.kies(NAT_EU),)
        if r() < 0.1:
            nats = (nats[0], self.kies(NAT_GEZIN))  # EU national with a second, non-EU nationality
        gem = self.gemeente()
        p.registreer(vestiging)
        p.woont(vestiging, gem)
        self._leven(p, vestiging, gem, geboren, nats, vestiging)
        return geboren, nats

    def _aow(self, p: _Persoon):
        """Made known around the AOW age: before it (obligated briefly, maybe SS128) or after it (not at all)."""
        bekend = self.beslisdag(_REGULIER_JAREN)
        geboren = self.geboren(bekend, 65, 67)
        if self.r() < 0.5:
            return self._asiel(p, beschikking=bekend, geboren=geboren)
        return self._gezin(p, beschikking=bekend - self.tussen(5, 60), document=bekend, geboren=geboren)

    def _grensdag(self, p: _Persoon):
        """Made known exactly on a day at a law's boundary."""
        bekend = GRENSDAGEN[self.grensdagen % len(GRENSDAGEN)].toordinal()
        self.grensdagen += 1
        geboren = self.geboren(bekend, 20, 45)
        if self.r() < 0.5:  # asylum: the decision day is the bekendmaking
            nats = (self.kies(_NAT_ASIEL_NIET_TURKS),)
            return self._asiel(p, beschikking=bekend, geboren=geboren, nats=nats)
        nats = (self.kies(_NAT_GEZIN_PLICHTIG),)
        return self._gezin(p, beschikking=bekend - self.tussen(5, 60), document=bekend, geboren=geboren, nats=nats)

    def _minderjarig(self, p: _Persoon):
        """A child at the decision who turns 18 later (possibly after the last day in the file)."""
        bekend = self.beslisdag(_REGULIER_JAREN)
        geboren = self.geboren(bekend, 3, 17)
        if self.r() < 0.5:
            return self._asiel(p, beschikking=bekend, geboren=geboren)
        return self._gezin(p, beschikking=bekend - self.tussen(5, 60), document=bekend, geboren=geboren)


# --- Public API ------------------------------------------------------------------------------------


def genereer_berichten(personen: int, seed: int) -> Iterator[dict]:
    """The chain messages of a synthetic population of ``personen`` people: global ones first."""
    _controleer(personen)
    g = _Generator(seed)
    yield from g.globaal()
    for b in range(-(-personen // BLOK)):
        g.begin_blok(b)
        for n in range(b * BLOK, min(personen, (b + 1) * BLOK)):
            yield from g.persoon(n)


def schrijf(personen: int, seed: int, uitvoer=None, *, werkers: int | None = None) -> None:
    """Write the population as JSON Lines to ``uitvoer`` (a path; None = stdout), block by block.

    Large populations are made by ``werkers`` processes (default: the CPUs available, at most 4), each
    making whole blocks; the parent writes them in order, with at most two blocks per worker in
    flight, so memory stays constant. The bytes are the same whatever the number of workers.
    """
    _controleer(personen)
    if uitvoer is None:
        _schrijf_naar(sys.stdout.buffer, personen, seed, werkers)
        sys.stdout.buffer.flush()
        return
    with open(uitvoer, "wb", buffering=1 << 20) as f:
        _schrijf_naar(f, personen, seed, werkers)


BLOK = 10_000


def _controleer(personen: int) -> None:
    if not 0 <= personen <= MAX_PERSONEN:
        raise ValueError(f"personen moet tussen 0 en {MAX_PERSONEN} liggen")


def _blok_bytes(g: _Generator, b: int, personen: int) -> bytes:
    dumps = orjson.dumps
    nl = orjson.OPT_APPEND_NEWLINE
    g.begin_blok(b)
    persoon = g.persoon
    return b"".join(
        [dumps(d, option=nl) for n in range(b * BLOK, min(personen, (b + 1) * BLOK)) for d in persoon(n)]
    )


_WERK: _Generator | None = None  # the generator a forked worker inherits


def _werk_blok(taak: tuple[int, int]) -> bytes:
    return _blok_bytes(_WERK, *taak)


def _schrijf_naar(f, personen: int, seed: int, werkers: int | None) -> None:
    global _WERK
    g = _Generator(seed)
    f.write(b"".join(orjson.dumps(d, option=orjson.OPT_APPEND_NEWLINE) for d in g.globaal()))
    blokken = -(-personen // BLOK)
    if werkers is None:
        try:
            werkers = min(len(os.sched_getaffinity(0)), 4)
        except AttributeError:
            werkers = min(os.cpu_count() or 1, 4)
    if werkers <= 1 or blokken < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for b in range(blokken):
            f.write(_blok_bytes(g, b, personen))
        return
    _WERK = g
    try:
        with multiprocessing.get_context("fork").Pool(werkers) as pool:
            onderweg: deque = deque()
            volgende = 0
            while volgende < blokken or onderweg:
                while volgende < blokken and len(onderweg) < 2 * werkers:
                    onderweg.append(pool.apply_async(_werk_blok, ((volgende, personen),)))
                    volgende += 1
                f.write(onderweg.popleft().get())
    finally:
        _WERK = None
