"""A plain-Dutch summary of a determination, for the consulent inburgering.

The explanation has two readers. The jurist reads the steps: facts, rule, article (``uitleg.Stap``). The consulent
reads this summary: what holds for the person now, why, since when, and which earlier obligation ended and why — in
words, with dates as "25 april 2022", gemeente names, the residence purpose and country names in Dutch, an EU
accession as the country joining the EU. Never an address, a message reference, an internal code or an ISO date.

Pure: built from the steps of a determination (``Bepaling.stappen``, or the steps stored with it), through their
structured facts (``Stap.gegevens``). The domain has no register of gemeenten, so the edge passes the names in
(``gemeentenamen``: code → name; a code without a name is shown as the code).

What a gemeente may see (data minimisation, ``keten.scope.VELDEN``): the summary never holds an address; the name of
the responsible gemeente only when ``gemeente_zichtbaar`` (its basis allows it) or when it is the reader's own
gemeente (``lezer``), otherwise "een andere gemeente".
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta

from .parameters import (ASIELRECHTEN_TOEGEKEND, BEHOUD_ASIELRECHTEN, LANDEN, OP_VERZOEK_BEHOUD_GEZIN,
                         OP_VERZOEK_GEZIN, VERBLIJFSDOELEN)
from .uitleg import Stap
from .wet import wet_van

MAANDEN = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december")


def datum(d: date | str) -> str:
    """A date as a consulent writes it: 25 april 2022."""
    if isinstance(d, str):
        d = date.fromisoformat(d)
    return f"{d.day} {MAANDEN[d.month - 1]} {d.year}"


def wetnaam(wet: str) -> str:
    return f"de {wet_van(wet).naam} ({wet})"


def doel(code: str) -> str:
    v = VERBLIJFSDOELEN.get(code)
    return v.omschrijving if v is not None and v.omschrijving else "een ander verblijfsdoel"


def land(code: str) -> str:
    return LANDEN.get(code, f"het land met code {code}")


def _keer(n: int) -> str:
    woorden = ("nul", "één", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien")
    return f"{woorden[n] if n < len(woorden) else n} keer"


def _hoofdletter(tekst: str) -> str:
    return tekst[:1].upper() + tekst[1:]


def gemeentenamen_uit(berichten: Iterable) -> dict[str, str]:
    """Gemeente names from DUO's register of gemeenten (``duo.gemeente`` messages; the latest name counts)."""
    return {b.velden["gemeentecode"]: b.velden["naam"] for b in berichten if b.type == "duo.gemeente"}


def samenvatting(stappen: Sequence[Stap], gemeentenamen: Mapping[str, str] | None = None, *,
                 lezer: str | None = None, gemeente_zichtbaar: bool = True) -> list[str]:
    """The summary as sentences, in reading order: the outcome, how it began, target group, gemeente and terms,
    then an earlier obligation. Empty for steps stored before their facts were kept (nothing to say in words)."""
    if not any(s.grond for s in stappen):
        return []
    z = _Zinnen(stappen, gemeentenamen or {}, lezer, gemeente_zichtbaar)
    return z.alles()


class _Zinnen:
    def __init__(self, stappen, namen, lezer, gemeente_zichtbaar):
        self.stappen = list(stappen)
        self.namen, self.lezer, self.gemeente_zichtbaar = namen, lezer, gemeente_zichtbaar
        self.per = {}
        for s in self.stappen:
            self.per[s.regel] = s.gegevens  # the last step of each rule
        self.wet = self._wet()

    def _wet(self) -> str | None:
        if "wet" in self.per:
            return self.per["wet"].get("wet")
        if "nog niet begonnen" in self.per:
            return self.per["nog niet begonnen"].get("wet")
        return next((s.bron.wet for s in self.stappen if s.bron.wet and s.regel != "eerdere plicht"), None)

    def g(self, regel: str) -> dict | None:
        return self.per.get(regel)

    # --- the whole ---------------------------------------------------------------------------------------------
    def alles(self) -> list[str]:
        zin, stand = self.uitkomst()
        uit = [zin]
        if stand != "niet":
            uit += self.begin()
            uit += self.doelgroep()
        if stand in ("plichtig", "geschorst"):
            uit += self.lopend()
        uit += self.eerder()
        return [z for z in uit if z]

    # --- the outcome -------------------------------------------------------------------------------------------
    def uitkomst(self) -> tuple[str, str]:
        if (p := self.g("plicht")) is not None:
            return f"Inburgeringsplichtig onder {wetnaam(p['wet'])} sinds {datum(p['begindatum'])}.", "plichtig"
        w = self.g("wet")
        if w is not None and (e := self.g("einde")) is not None:
            return (f"De inburgeringsplicht onder {wetnaam(w['wet'])} begon op {datum(w['begindatum'])} en eindigde "
                    f"op {datum(e['datum'])}. {einde_zin(e)}"), "geeindigd"
        if w is not None and (v := self.g("tijdelijke vrijstelling")) is not None and "hervat" not in v:
            tot = f"tot en met {datum(v['tot'])}" if v.get("tot") else "zonder einddatum"
            return (f"De inburgeringsplicht onder {wetnaam(w['wet'])}, die begon op {datum(w['begindatum'])}, is "
                    f"opgeschort: DUO heeft een tijdelijke vrijstelling verleend, {tot}."), "geschorst"
        if (n := self.g("nog niet begonnen")) is not None:
            return (f"Nog niet inburgeringsplichtig: de plicht onder {wetnaam(n['wet'])} begint op "
                    f"{datum(n['begindatum'])}."), "nog_niet"
        return self.niet_plichtig(), "niet"

    def niet_plichtig(self) -> str:
        s = self.stappen[-1] if self.stappen else None
        g = s.gegevens if s is not None else {}
        regel = s.regel if s is not None else ""
        if regel == "persoon":
            return ("DUO heeft nog geen persoonsgegevens uit de BRP ontvangen en kan de inburgeringsplicht nog niet "
                    "vaststellen.")
        if regel == "verblijfsrecht" and g.get("einde"):
            return (f"Niet inburgeringsplichtig: het verblijf eindigde op {datum(g['einde'])}, voordat de plicht op "
                    f"{datum(g['begindatum'])} zou beginnen.")
        if regel == "verblijfsrecht" and g.get("ingang"):
            return (f"Niet inburgeringsplichtig: het verblijfsrecht voor {doel(g['verblijfsdoel'])} gaat pas in op "
                    f"{datum(g['ingang'])}.")
        if regel == "verblijfsrecht":
            return "Niet inburgeringsplichtig: DUO heeft van de IND geen verblijfsrecht ontvangen."
        if regel == "verblijfsdoel" and s.grond == "unierecht":
            return ("Niet inburgeringsplichtig: de persoon verblijft als gezinslid van een burger van de EU, de EER of "
                    "Zwitserland.")
        if regel == "verblijfsdoel":
            return (f"Niet inburgeringsplichtig: het verblijfsrecht is voor {doel(g['verblijfsdoel'])}, een tijdelijk "
                    "verblijfsdoel.")
        if regel == "bekendmaking":
            return (f"Nog niet inburgeringsplichtig: de IND verleende op {datum(g['beschikking'])} een "
                    f"verblijfsvergunning voor {doel(g['verblijfsdoel'])}, maar de persoon heeft de verblijfspas nog "
                    "niet ontvangen. De plicht begint op de dag van ontvangst.")
        if regel == "nationaliteit" and g.get("oorzaak") == "turkije":
            wet = wetnaam(self.wet) if self.wet else "deze wet"
            return ("Niet inburgeringsplichtig: de persoon heeft de nationaliteit van Turkije, en Turkse onderdanen zijn "
                    f"onder {wet} niet inburgeringsplichtig (associatieovereenkomst tussen de EU en Turkije).")
        if regel == "nationaliteit":
            if g.get("nationaliteit") == "NLD":
                return "Niet inburgeringsplichtig: de persoon heeft de Nederlandse nationaliteit."
            return (f"Niet inburgeringsplichtig: de persoon heeft de nationaliteit van {land(g['nationaliteit'])}, en "
                    "onderdanen van de EU, de EER en Zwitserland zijn niet inburgeringsplichtig.")
        if regel == "AOW-leeftijd":
            return (f"Niet inburgeringsplichtig: de persoon had de AOW-leeftijd al bereikt ({datum(g['aow_datum'])}) "
                    "toen de plicht zou beginnen.")
        if regel == "leerplichtige leeftijd":
            return ("Niet inburgeringsplichtig: de persoon heeft volgens de BRP ten minste acht jaar in de "
                    f"leerplichtige leeftijd in Nederland gewoond (ongeveer {g['jaren']} jaar).")
        if regel == "overlijden":
            return f"Niet inburgeringsplichtig: de persoon is overleden op {datum(g['datum'])}, voordat de plicht begon."
        if regel == "vertrek":
            return (f"Niet inburgeringsplichtig: de persoon is op {datum(g['datum'])} uit Nederland vertrokken, voordat "
                    "de plicht begon, en niet binnen een jaar teruggekeerd.")
        return "Niet inburgeringsplichtig."

    # --- how the obligation began ------------------------------------------------------------------------------
    def begin(self) -> list[str]:
        b = self.g("begindatum")
        if b is None:
            return []
        tijd = "begint" if self.g("nog niet begonnen") is not None else "begon"
        if b.get("soort") == "asiel" or (b.get("soort") == "vaststelling" and b.get("verblijfsdoel") == "asiel"):
            zin = f"De IND verleende op {datum(b['beschikking'])} een verblijfsvergunning voor asiel"
        elif b.get("verblijfsdoel"):
            zin = (f"De IND verleende op {datum(b['beschikking'])} een verblijfsvergunning voor "
                   f"{doel(b['verblijfsdoel'])}; de persoon ontving de verblijfspas op {datum(b['bekendmaking'])}")
        else:
            zin = ""
        m = self.g("minderjarig")
        if b.get("soort") == "vaststelling":
            zin += (f". Let op: volgens de foutieve regel van januari 2022 {tijd} de plicht op de dag waarop DUO haar "
                    f"vaststelde, {datum(b['datum'])}; volgens de wet was dat {datum(b['wettelijk'])}")
        elif m is not None:
            if b.get("ingang") and b["datum"] == b["ingang"] and b["ingang"] != b.get("bekendmaking"):
                zin += f", en het verblijfsrecht ging in op {datum(b['ingang'])}"
            zin += f"; de persoon was toen nog geen 18, dus de plicht {tijd} op de 18e verjaardag, {datum(m['achttien'])}"
        elif b.get("ingang") and b["datum"] == b["ingang"] and b["ingang"] != b.get("bekendmaking"):
            zin += f", maar het verblijfsrecht ging pas in op {datum(b['ingang'])}; op die dag {tijd} de plicht"
        elif b.get("soort") == "asiel":
            zin += f"; op de dag van dat besluit {tijd} de plicht"
        else:
            zin += f", en op die dag {tijd} de plicht"
        uit = [_hoofdletter(zin) + "."]
        if self.wet and (tot := wet_van(self.wet).tot) is not None:  # an older law: say why it still applies
            uit.append(f"Omdat de plicht vóór {datum(tot)} begon, valt zij onder {wetnaam(self.wet)}.")
        if (d := self.g("doorlopend verblijf")) is not None:
            uit.append(f"Het verblijfsrecht is sinds {datum(d['sinds'])} {_keer(d['rechten'] - 1)} zonder onderbreking "
                       "verlengd of vervangen: het blijft één inburgeringsplicht onder dezelfde wet.")
        return uit

    # --- target group and the rights after a change of purpose -----------------------------------------------
    def doelgroep(self) -> list[str]:
        uit = []
        for s in self.stappen:
            g = s.gegevens
            if s.regel == "asielrechten" and g.get("asielrechten") == BEHOUD_ASIELRECHTEN:
                uit.append(f"Het verblijfsdoel is op {datum(g['datum'])} gewijzigd van {doel(g['van'])} naar "
                           f"{doel(g['naar'])}; DUO blijft uitgaan van de rechten van een asielstatushouder.")
            elif s.regel == "asielrechten" and g.get("asielrechten") == ASIELRECHTEN_TOEGEKEND:
                uit.append(f"Het verblijfsdoel is op {datum(g['datum'])} gewijzigd van {doel(g['van'])} naar "
                           f"{doel(g['naar'])}; sindsdien gelden de rechten van een asielstatushouder.")
            elif s.regel == "verzoek doelgroep" and g.get("asielrechten"):
                uit.append(f"Op verzoek van de persoon gelden sinds {datum(g['datum'])} "
                           f"{_RECHTEN_OP_VERZOEK[g['asielrechten']]}.")
        v = self.g("verblijfsdoel")
        if v is not None and v.get("doelgroep"):
            detail = v.get("gedetailleerd")
            extra = f" ({detail.lower()})" if detail and detail not in (v["doelgroep"], "Overig") else ""
            uit.append(f"Verblijfsdoel: {doel(v['verblijfsdoel'])}. Doelgroep: {v['doelgroep'].lower()}{extra}.")
        return uit

    # --- while the obligation runs: gemeente, terms, suspension, a renewal awaited ---------------------------
    def lopend(self) -> list[str]:
        uit = []
        if (v := self.g("tijdelijke vrijstelling")) is not None and v.get("hervat"):
            uit.append(f"Een tijdelijke vrijstelling is voorbij; de plicht loopt weer sinds {datum(v['hervat'])}.")
        if (gm := self.g("gemeente")) is not None:
            uit.append(self.gemeente(gm))
        if (t := self.g("PIP-termijn")) is not None:
            uit.append(f"De termijn van 10 weken voor het PIP loopt sinds {datum(t['start'])}.")
        if (t := self.g("inburgeringstermijn")) is not None:
            laatste = date.fromisoformat(t["eind"]) - timedelta(days=1)
            verlengd = f", verlengd op {datum(t['verlengd'])}" if t.get("verlengd") else ""
            uit.append(f"De inburgeringstermijn loopt tot en met {datum(laatste)}{verlengd}.")
        if (r := self.g("verblijfsrecht verlopen")) is not None:
            uit.append(f"Het verblijfsrecht was geldig tot en met {datum(r['verlopen'])}. Een verlenging kan nog komen: "
                       f"DUO wacht daarop tot {datum(r['wacht_tot'])}; komt die niet, dan eindigt de plicht.")
        return uit

    def gemeentenaam(self, code: str) -> str:
        naam = self.namen.get(code, code)
        if code == self.lezer:
            return f"uw gemeente ({naam})"
        if not self.gemeente_zichtbaar:
            return "een andere gemeente"
        return naam

    def gemeente(self, g: dict) -> str:
        code, soort = g.get("gemeente"), g.get("soort")
        if code is None:
            return "Er is nog geen verantwoordelijke gemeente: " + _ZONDER_GEMEENTE.get(
                soort, "de persoon heeft geen woonadres in de BRP.")
        naam = self.gemeentenaam(code)
        if naam == "een andere gemeente":
            return "Verantwoordelijke gemeente: een andere gemeente."
        waarom = {
            "woont": ", waar de persoon woont",
            "gekoppeld": "; het COA heeft de persoon aan deze gemeente gekoppeld",
            "uitgestroomd": ", waaraan het COA de persoon koppelde; de persoon heeft de opvang verlaten en is nog niet "
                            "op een nieuw adres ingeschreven",
            "adresfilter": ", volgens het adres in de BRP (foutieve regel van januari 2022)",
        }.get(soort, "")
        return f"Verantwoordelijke gemeente: {naam}{waarom}."

    # --- an earlier obligation that ended -------------------------------------------------------------------
    def eerder(self) -> list[str]:
        v = self.g("eerdere plicht")
        if v is None:
            return []
        return [f"Eerder gold een inburgeringsplicht onder {wetnaam(v['vorige_wet'])}; die begon op "
                f"{datum(v['vorige_begindatum'])} en eindigde op {datum(v['vorige_einddatum'])}. {einde_zin(v)}"]


_ZONDER_GEMEENTE = {
    "opvang": "de persoon is in de opvang van het COA en nog niet aan een gemeente gekoppeld.",
    "opvanglocatie": "het adres in de BRP is een opvanglocatie van het COA.",
    "geen_adres": "de persoon staat niet op een woonadres in de BRP ingeschreven.",
    "vertrokken": "de persoon is uit Nederland vertrokken.",
    "uitgestroomd": "de persoon heeft de opvang verlaten en is nog niet op een nieuw adres ingeschreven.",
}

_RECHTEN_OP_VERZOEK = {
    OP_VERZOEK_GEZIN: "de rechten van een gezinsmigrant of overige migrant",
    OP_VERZOEK_BEHOUD_GEZIN: "weer de rechten van een gezinsmigrant of overige migrant",
    BEHOUD_ASIELRECHTEN: "de rechten van een asielstatushouder",
    ASIELRECHTEN_TOEGEKEND: "de rechten van een asielstatushouder",
}


def einde_zin(g: dict) -> str:
    """Why an obligation ended, as a sentence."""
    oorzaak = g.get("oorzaak")
    if oorzaak == "verlopen":
        return f"Het verblijfsrecht was geldig tot en met {datum(g['verlopen'])} en is niet aansluitend verlengd."
    if oorzaak == "ingetrokken":
        return "De IND heeft het verblijfsrecht ingetrokken."
    if oorzaak == "verblijfsdoel":
        return f"Het verblijfsrecht is sindsdien voor {doel(g['verblijfsdoel'])}; daarvoor geldt geen inburgeringsplicht."
    if oorzaak == "overleden":
        return "De persoon is overleden."
    if oorzaak == "aow":
        return "De persoon heeft de AOW-leeftijd bereikt."
    if oorzaak == "nationaliteit" and g.get("toetreding"):
        d = g.get("datum") or g.get("vorige_einddatum")
        return (f"{_hoofdletter(land(g['nationaliteit']))} is op {datum(d)} lid van de EU geworden; onderdanen van de "
                "EU zijn niet inburgeringsplichtig.")
    if oorzaak == "nationaliteit" and g.get("nationaliteit") == "NLD":
        return "De persoon heeft de Nederlandse nationaliteit gekregen."
    if oorzaak == "nationaliteit":
        return (f"De persoon heeft de nationaliteit van {land(g['nationaliteit'])} gekregen; onderdanen van de EU, de "
                "EER en Zwitserland zijn niet inburgeringsplichtig.")
    if oorzaak == "vertrek":
        return f"De persoon is op {datum(g['vertrek'])} uit Nederland vertrokken en niet binnen een jaar teruggekeerd."
    if oorzaak == "vrijstelling":
        return "DUO heeft een volledige vrijstelling verleend."
    if oorzaak == "ontheffing":
        return "DUO heeft een volledige ontheffing verleend."
    if oorzaak == "voldaan":
        return "DUO heeft vastgesteld dat aan de inburgeringsplicht is voldaan."
    return f"Reden: {g.get('reden') or 'onbekend'}."
