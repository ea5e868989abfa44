"""The sources the rules cite: the ONE list, per rule and per law.

A step of a determination names its rule (``grond``: a key of ``BRONNEN``). The source it cites is
``bron(grond, wet)``: the article of the law that applies to *that* person — the law of the obligation, or, for
someone who never became obligated, the law of the day that decided it (see ``bepaling``). A law-neutral source
(the AOW, the Vreemdelingenwet, DUO's API and event pages, the contract, the January 2022 faults) is the same for
every law.

Every source has a short citation (``naam``), a link to the article (``url``), the version of the text it was
read in (``versie``), and the law whose regime it belongs to (``wet``; None: law-neutral). Links are Juriconnect
links on wetten.overheid.nl (``jci1.3:c:BWBR…&artikel=…&lid=…&g=…``): they open the article, or the paragraph
cited, in the version valid on ``g``. The line under each entry says what the source supports.

Versions read: Wi2021 (BWBR0044770) as in force from 1 January 2022; Wi2013 (BWBR0020611) as it read on
31 December 2021, which Wi2021 art. 54 keeps for whoever was obligated under it; Wi2007 (the same BWBR0020611) as
it read on 31 December 2012, which art. X of the amending law (Stb. 2012, 430) keeps for whoever was obligated
under it.

Review, rule by rule (see the README): the Wi2013 and Wi2007 articles, paragraphs and points were checked against
the published texts of those versions; of Wi2021 the article numbers of art. 1 (college), 3 lid 1, 4 lid 1
onder d, 6, 11 lid 1, 12, 14, 15, 16 and 54 follow from the law's own text, DUO's API specifications and later
amending acts; art. 4 (age 16–18) and art. 5 (ontheffing) are cited at the level of the article from the law's
structure; paragraphs of Wi2021 art. 3 are not cited where not checked. A jurist should confirm the Wi2021 ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Bron:
    naam: str  # short citation, e.g. "Wi2013 art. 5 lid 1 onder b"
    url: str = ""  # the article (and paragraph) at ``versie``
    versie: date | None = None  # the version of the text cited (geldigheidsdatum)
    wet: str | None = None  # the integration law whose regime this source belongs to; None: law-neutral

    def __str__(self) -> str:
        return self.naam


@dataclass(frozen=True)
class Regeling:
    naam: str
    bwb: str
    versie: date
    wet: str | None  # the regime its articles belong to (None: law-neutral)

    def artikel(self, artikel: str, naam: str, lid: int | None = None, onderdeel: str | None = None) -> Bron:
        url = f"https://wetten.overheid.nl/jci1.3:c:{self.bwb}&artikel={artikel}"
        if lid is not None:
            url += f"&lid={lid}"  # the point (onderdeel) is named in ``naam`` only
        g = self.versie.isoformat()
        return Bron(naam, f"{url}&z={g}&g={g}", self.versie, self.wet)


WI2021 = Regeling("Wet inburgering 2021", "BWBR0044770", date(2022, 1, 1), "Wi2021")
WI2013 = Regeling("Wet inburgering (2013)", "BWBR0020611", date(2021, 12, 31), "Wi2013")
WI2007 = Regeling("Wet inburgering (2007)", "BWBR0020611", date(2012, 12, 31), "Wi2007")
WIJZIGING_2012 = Regeling("Wet van 13 september 2012, Stb. 2012, 430", "BWBR0032031", date(2013, 1, 1), "Wi2007")
WI2021_VOOR_WI2013 = Regeling("Wet inburgering 2021", "BWBR0044770", date(2022, 1, 1), "Wi2013")
AOW = Regeling("Algemene Ouderdomswet", "BWBR0002221", date(2025, 1, 1), None)
VW2000 = Regeling("Vreemdelingenwet 2000", "BWBR0011823", date(2022, 1, 1), None)
BW1_WI2013 = Regeling("Burgerlijk Wetboek Boek 1", "BWBR0002656", date(2021, 12, 31), "Wi2013")
BW1_WI2007 = Regeling("Burgerlijk Wetboek Boek 1", "BWBR0002656", date(2012, 12, 31), "Wi2007")

DUO_M2M = "https://github.com/duonl/gemeente-m2m-inburgering/blob/main"
HANDREIKING = "Handreiking hervatten inburgeringsplicht Wi2021 (DUO, maart 2022)"


def _neutraal(naam: str, url: str = "") -> Bron:
    return Bron(naam, url)


# --- Who is obligated ---------------------------------------------------------------------------------------

PLICHT_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1", lid=1)
"""Obligated: the foreign national with lawful, non-temporary residence (Vw 2000 art. 8); the base rule."""
PLICHT_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 1", lid=1)
"""Obligated: the foreign national who obtains lawful residence (Vw 2000 art. 8 onder a en c), not temporary."""
PLICHT_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 1", lid=1)
"""Obligated: the foreign national with lawful residence (Vw 2000 art. 8 onder a tot en met e, l), not temporary."""

# --- Which law: the begin date and the transitional law ---------------------------------------------------------

WET_WI2021 = WI2021.artikel("54", "Wi2021 art. 3 lid 1 en art. 54 (in werking 1 januari 2022; overgangsrecht)")
"""Wi2021 for an obligation that begins on or after 1 January 2022; who was obligated before stays under Wi2013."""
WET_WI2013 = WI2021_VOOR_WI2013.artikel("54", "Wi2021 art. 54 (overgangsrecht) jo. Wi2013 art. 3")
"""Wi2013 for an obligation that began from 1 January 2013 up to 31 December 2021, until it ends."""
WET_WI2007 = WIJZIGING_2012.artikel("X", "Art. X Wet van 13 september 2012 (Stb. 2012, 430) jo. Wi2007 art. 3")
"""Wi2007 (the text of 31 December 2012) for an obligation that began before 1 January 2013, until it ends."""

# --- The begin date -------------------------------------------------------------------------------------------

BEKENDMAKING_WI2021 = WI2021.artikel(
    "3", f"Wi2021 art. 3 lid 1; {HANDREIKING} §1.1 en §2.3: de plicht begint bij bekendmaking van het verblijfsrecht",
    lid=1)
"""Begin date = bekendmaking: asylum the day of the IND decision, regular purposes the day the document is received."""
BEKENDMAKING_WI2013 = WI2013.artikel(
    "3", f"Wi2013 art. 3 lid 1 en 4 (niet met terugwerkende kracht); {HANDREIKING} §2.3", lid=4)
"""The same begin-date rule for Wi2013; the obligation is never established retroactively."""
BEKENDMAKING_WI2007 = WI2007.artikel(
    "3", f"Wi2007 art. 3 lid 1 en 4 (niet met terugwerkende kracht); {HANDREIKING} §2.3", lid=4)
"""The same begin-date rule for Wi2007; never retroactively."""

INGANGSDATUM_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1: rechtmatig verblijf, dus niet vóór de ingangsdatum",
                                     lid=1)
"""Never before the right takes effect: the later of bekendmaking and ingangsdatum."""
INGANGSDATUM_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 1: rechtmatig verblijf verkregen, niet vóór de "
                                     "ingangsdatum", lid=1)
"""The same for Wi2013."""
INGANGSDATUM_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 1: rechtmatig verblijf, niet vóór de ingangsdatum",
                                     lid=1)
"""The same for Wi2007."""

MEERDERJARIG_WI2021 = WI2021.artikel(
    "4", "Wi2021 art. 3 (vanaf 16 jaar) jo. art. 4 lid 1 (vrijgesteld zolang leer- of kwalificatieplichtig, "
    "Leerplichtwet 1969 art. 4a: tot 18 jaar)", lid=1)
"""The obligation starts at 18 (a startkwalificatie before 18, which ends the kwalificatieplicht earlier, is not
modelled)."""
MEERDERJARIG_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 5 lid 1 onder a en d (jonger dan 16; leer- of kwalificatieplichtig, Leerplichtwet 1969 "
    "art. 4a: tot 18 jaar)", lid=1, onderdeel="d")
"""Under 16 never; 16 and 17 while kwalificatieplichtig: so from 18 (startkwalificatie not modelled)."""
MEERDERJARIG_WI2007 = WI2007.artikel(
    "5", "Wi2007 art. 5 lid 1 onder a en d (jonger dan 16; leer- of kwalificatieplichtig: tot 18 jaar)", lid=1,
    onderdeel="d")
"""The same for Wi2007."""

# --- Exceptions ----------------------------------------------------------------------------------------------

TIJDELIJK_DOEL_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1: alleen verblijf anders dan voor een tijdelijk doel",
                                       lid=1)
"""A temporary purpose (study, work, au pair, …, family of someone here temporarily) gives no obligation."""
TIJDELIJK_DOEL_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 1 onder a en lid 3 (tijdelijk doel)", lid=1,
                                       onderdeel="a")
"""The same for Wi2013."""
TIJDELIJK_DOEL_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 1 onder a en lid 3 (tijdelijk doel)", lid=1,
                                       onderdeel="a")
"""The same for Wi2007."""

UNIERECHT_WI2021 = WI2021.artikel("3", "Wi2021 art. 3: geen plicht voor het gezinslid van een burger van de EU, de "
                                  "EER of Zwitserland (Unierecht)")
"""Family members of EU/EEA/Swiss citizens residing under Union law are not obligated."""
UNIERECHT_WI2013 = WI2013.artikel("5", "Wi2013 art. 5 lid 2 onder b (gezinslid van een burger van de EU, de EER of "
                                  "Zwitserland)", lid=2, onderdeel="b")
"""The same for Wi2013."""
UNIERECHT_WI2007 = WI2007.artikel("5", "Wi2007 art. 5 lid 2 onder b (gezinslid van een burger van de EU, de EER of "
                                  "Zwitserland)", lid=2, onderdeel="b")
"""The same for Wi2007."""

NATIONALITEIT_WI2021 = WI2021.artikel(
    "3", "Wi2021 art. 3: alleen vreemdelingen; geen plicht voor onderdanen van de EU, de EER en Zwitserland")
"""Dutch, EU/EEA and Swiss nationals (dual nationals included) are not obligated; naturalisation or an accession
ends the obligation."""
NATIONALITEIT_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 3 lid 1 (vreemdeling) en art. 5 lid 2 onder a (onderdaan van de EU, de EER of Zwitserland)",
    lid=2, onderdeel="a")
"""The same for Wi2013."""
NATIONALITEIT_WI2007 = WI2007.artikel(
    "5", "Wi2007 art. 3 lid 1 (vreemdeling) en art. 5 lid 2 onder a (onderdaan van de EU, de EER of Zwitserland)",
    lid=2, onderdeel="a")
"""The same for Wi2007."""

TURKIJE_WI2013 = WI2013.artikel("5", "Wi2013 art. 5 lid 2 onder d (verdragen: Associatieovereenkomst EEG-Turkije, "
                                "standstill-bepalingen; CRvB 16 augustus 2011)", lid=2, onderdeel="d")
"""Turkish nationals are not obligated under Wi2013 (the standstill clauses of the association agreement)."""
TURKIJE_WI2007 = WI2007.artikel("5", "Wi2007 art. 5 lid 2 onder d (verdragen: Associatieovereenkomst EEG-Turkije, "
                                "standstill-bepalingen; CRvB 16 augustus 2011)", lid=2, onderdeel="d")
"""Nor under Wi2007."""
TURKIJE_ASIEL_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 5 lid 2 onder d, met de uitzondering voor Turkse asielstatushouders, nareizigers en gezinsleden "
    "met een begindatum op of na 1 mei 2020 (kabinetsbesluit, Kamerbrief SZW 10 april 2020)", lid=2, onderdeel="d")
"""Turkish asylum status holders and their family members whose obligation begins on or after 1 May 2020 are
obligated under Wi2013."""

AOW_WI2021 = AOW.artikel("7a", "Wi2021 art. 3 jo. AOW art. 7a (pensioengerechtigde leeftijd; vastgesteld tot en met "
                         "2031)")
"""No obligation from the AOW age on; the age per calendar year (parameters.AOW_TABEL) is fixed through 2031."""
AOW_WI2013 = WI2013.artikel("5", "Wi2013 art. 5 lid 1 onder a jo. AOW art. 7a (pensioengerechtigde leeftijd; "
                            "vastgesteld tot en met 2031)", lid=1, onderdeel="a")
"""The same for Wi2013."""
AOW_WI2007 = WI2007.artikel("5", "Wi2007 art. 5 lid 1 onder a (65 jaar of ouder; toegepast als de AOW-leeftijd, tot "
                            "2013 gelijk)", lid=1, onderdeel="a")
"""The Wi2007 text says 65 years; the model applies the AOW age, equal to 65 until 2012 (see the README)."""

LEERPLICHT_WI2021 = WI2021.artikel("3", "Wi2021 art. 3: niet inburgeringsplichtig wie ten minste acht jaar in de "
                                   "leerplichtige leeftijd in Nederland verbleef (Leerplichtwet 1969 art. 3)")
"""At least eight years in the Netherlands at school-attendance age: not obligated (the same exception as Wi2013)."""
LEERPLICHT_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 5 lid 1 onder b (ten minste acht jaar in de leerplichtige leeftijd in Nederland; art. 1: "
    "Leerplichtwet 1969 art. 3)", lid=1, onderdeel="b")
"""The same for Wi2013."""
LEERPLICHT_WI2007 = WI2007.artikel(
    "5", "Wi2007 art. 5 lid 1 onder b (ten minste acht jaar in de leerplichtige leeftijd in Nederland)", lid=1,
    onderdeel="b")
"""The same for Wi2007."""

# --- Continuity and the end of lawful residence ---------------------------------------------------------------------

DOORLOPEND_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1 jo. Vw 2000 art. 8: een aansluitend verblijfsrecht zet "
                                   "hetzelfde rechtmatige verblijf voort, ook als het later is beslist", lid=1)
"""A right that starts by the day after the previous one ends continues the same residence, so the same obligation."""
DOORLOPEND_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 1 en 2 (voortduren van de plicht) jo. Vw 2000 art. 8; "
                                   "Wi2021 art. 54: de Wi2013 blijft gelden", lid=2)
"""The same for Wi2013: the obligation and its law continue across a late renewal."""
DOORLOPEND_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 1 en 2 (voortduren van de plicht) jo. Vw 2000 art. 8", lid=2)
"""The same for Wi2007."""

VERLOPEN_RECHT = VW2000.artikel(
    "25", "Vw 2000 art. 25 (beslistermijn 90 dagen, verlenging 90 dagen) en art. 26 jo. IND-beleid 2022 (verlenging "
    "tot vier weken te laat aangevraagd sluit aan): DUO wacht vier weken en zes maanden na de einddatum")
"""How long DUO waits after an expiry for a renewal before the expiry ends the obligation (law-neutral)."""

GEEN_VERBLIJF_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1 (geen rechtmatig verblijf meer); reden volgens DUO "
                                      "Inburgeringsplicht API", lid=1)
"""A withdrawn right or death ends the lawful residence the obligation rests on."""
GEEN_VERBLIJF_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 1 (geen rechtmatig verblijf meer); reden volgens DUO "
                                      "Inburgeringsplicht API", lid=1)
"""The same for Wi2013."""
GEEN_VERBLIJF_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 1 (geen rechtmatig verblijf meer); reden volgens DUO "
                                      "Inburgeringsplicht API", lid=1)
"""The same for Wi2007."""

VERTREK_WI2021 = WI2021.artikel("3", "Wi2021 art. 3 lid 1 (verblijf in Nederland); reden 'Vertrek uit Nederland langer "
                                "dan een jaar' (DUO Inburgeringsplicht API)", lid=1)
"""More than a year abroad ends the obligation (dated at the departure)."""
VERTREK_WI2013 = WI2013.artikel("3", "Wi2013 art. 3 lid 2 (voortduren van de plicht bij tijdelijke beëindiging, "
                                "Besluit inburgering); reden 'Vertrek uit Nederland langer dan een jaar'", lid=2)
"""The same for Wi2013."""
VERTREK_WI2007 = WI2007.artikel("3", "Wi2007 art. 3 lid 2 (voortduren van de plicht bij tijdelijke beëindiging); reden "
                                "'Vertrek uit Nederland langer dan een jaar'", lid=2)
"""The same for Wi2007."""

# --- DUO's decisions -------------------------------------------------------------------------------------------

VRIJSTELLING_WI2021 = WI2021.artikel("4", "Wi2021 art. 4 (vrijstelling); DUO Vrijstelling API en contract §5.1")
"""A granted full exemption ends the obligation on the day of the decision."""
VRIJSTELLING_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 5 lid 1 onder c en lid 4 onder a (vrijstelling); DUO Vrijstelling API en contract §5.1", lid=4,
    onderdeel="a")
"""The same for Wi2013."""
VRIJSTELLING_WI2007 = WI2007.artikel("5", "Wi2007 art. 5 lid 1 onder c en lid 4 onder a (vrijstelling); contract §5.1",
                                     lid=4, onderdeel="a")
"""The same for Wi2007."""

TIJDELIJKE_VRIJSTELLING_WI2021 = WI2021.artikel(
    "4", "Wi2021 art. 4 lid 1 onder d (vrijgesteld zolang een opleiding wordt gevolgd); DUO Vrijstelling API en "
    "contract §5.1", lid=1, onderdeel="d")
"""A granted temporary exemption suspends the obligation up to and including its end, or until withdrawn."""
TIJDELIJKE_VRIJSTELLING_WI2013 = WI2013.artikel(
    "5", "Wi2013 art. 5 lid 1 onder e (opleiding aansluitend op leer- of kwalificatieplicht); contract §5.1", lid=1,
    onderdeel="e")
"""The same for Wi2013."""
TIJDELIJKE_VRIJSTELLING_WI2007 = WI2007.artikel(
    "5", "Wi2007 art. 5 lid 1 onder e (opleiding aansluitend op leer- of kwalificatieplicht); contract §5.1", lid=1,
    onderdeel="e")
"""The same for Wi2007."""

ONTHEFFING_WI2021 = WI2021.artikel("5", "Wi2021 art. 5 (ontheffing); DUO Ontheffing API en contract §5.1")
"""A granted full dispensation ends the obligation on the day of the decision."""
ONTHEFFING_WI2013 = WI2013.artikel("6", "Wi2013 art. 6 lid 1 (ontheffing); contract §5.1", lid=1)
"""The same for Wi2013."""
ONTHEFFING_WI2007 = WI2007.artikel("6", "Wi2007 art. 6 lid 1 (ontheffing); contract §5.1", lid=1)
"""The same for Wi2007."""

VOLDAAN_WI2021 = WI2021.artikel("6", "Wi2021 art. 6 (inhoud van de plicht: voldaan); contract §5.1")
"""DUO's decision that the obligation has been met ends it on that day."""
VOLDAAN_WI2013 = WI2013.artikel("7", "Wi2013 art. 7 lid 2 (aan de plicht voldaan); contract §5.1", lid=2)
"""The same for Wi2013."""
VOLDAAN_WI2007 = WI2007.artikel("7", "Wi2007 art. 7 lid 1 (inburgeringsexamen behaald); contract §5.1", lid=1)
"""The same for Wi2007."""

TERMIJNVERLENGING_WI2021 = WI2021.artikel("12", "Wi2021 art. 12 (verlenging van de inburgeringstermijn); DUO "
                                          "Inburgeringstermijn API en contract §5.1")
"""A granted extension moves the end of the inburgeringstermijn."""
TERMIJNVERLENGING_WI2013 = WI2013.artikel("7", "Wi2013 art. 7 lid 3 (verlenging van de termijn); contract §5.1", lid=3)
"""The same for Wi2013."""
TERMIJNVERLENGING_WI2007 = WI2007.artikel("7", "Wi2007 art. 7 lid 2 onder b (verlenging van de termijn); contract §5.1",
                                          lid=2, onderdeel="b")
"""The same for Wi2007."""

INBURGERINGSTERMIJN_WI2021 = WI2021.artikel("11", "Wi2021 art. 11 lid 1 (inburgeringstermijn van drie jaar)", lid=1)
"""The Wi2021 term: three years from the day after the first PIP's dagtekening (set by ``signalering``)."""
INBURGERINGSTERMIJN_WI2013 = WI2013.artikel("7", "Wi2013 art. 7 lid 1 (binnen drie jaar)", lid=1)
"""The Wi2013 term: three years from the begin date."""
INBURGERINGSTERMIJN_WI2007 = WI2007.artikel("7", "Wi2007 art. 7 lid 1 (binnen drieënhalf jaar)", lid=1)
"""The Wi2007 term (three and a half years; not determined by the chain)."""

# --- Target group (DUO's terms) ----------------------------------------------------------------------------------

DOELGROEP = _neutraal("DUO Inburgeringsplicht API 1.2.2: Doelgroep en GedetailleerdeDoelgroep",
                      f"{DUO_M2M}/API/Inburgeringsplicht/openapi.yml")
"""The target group and detailed group follow the residence purpose (contract §1 table)."""
ASIELRECHTEN = _neutraal(
    "DUO Gebeurtenissen, 'Wijziging doelgroep', en contract §5.1: van asiel naar een regulier doel blijven de "
    "asielrechten (tenzij de persoon anders vraagt, SS124); van regulier naar asiel worden ze toegekend (SS125)",
    f"{DUO_M2M}/Gebeurtenissen/Gebeurtenissen.md")
"""Which rights hold after a change of purpose inside an obligation."""

# --- The responsible gemeente ----------------------------------------------------------------------------------

GEMEENTE_WI2021 = WI2021.artikel(
    "1", "Wi2021 art. 1 lid 1 (college): de woongemeente (BW Boek 1 art. 10 en 11); voor een asielstatushouder de "
    "gemeente van huisvesting (Huisvestingswet 2014 art. 28, koppeling door het COA)", lid=1)
"""The responsible gemeente: residence, or for status holders the gemeente COA coupled them to."""
GEMEENTE_WI2013 = BW1_WI2013.artikel(
    "10", "Wi2013 (geen taak van het college): DUO toont de persoon in de PIB Wi2013 aan de woongemeente (BW Boek 1 "
    "art. 10 en 11) of, in de opvang, aan de gekoppelde gemeente (Huisvestingswet 2014 art. 28)")
"""Which gemeente DUO shows a Wi2013 person to; the law itself gives the college no task."""
GEMEENTE_WI2007 = BW1_WI2007.artikel(
    "10", "Wi2007: DUO toont de persoon in de PIB Wi2007 aan de woongemeente (BW Boek 1 art. 10 en 11) of, in de "
    "opvang, aan de gekoppelde gemeente")
"""Which gemeente DUO shows a Wi2007 person to (read-only environment)."""
COA_LOCATIE = _neutraal(f"{HANDREIKING} §1.2: een opvangadres maakt die gemeente niet verantwoordelijk")
"""A BRP address at a COA location never makes that location's gemeente responsible."""
PIP_TERMIJN = WI2021.artikel("15", "Wi2021 art. 15 (PIP) jo. Bi2021: het PIP binnen 10 weken na inschrijving in de "
                             f"gekoppelde gemeente; {HANDREIKING} §3.4")
"""The 10-week PIP term starts when the person lives in the responsible gemeente outside COA care (Wi2021 only)."""

# --- What each law implies for the chain (``wet.Wet``) ---------------------------------------------------------

SIGNALEN_WI2021 = _neutraal("DUO Gebeurtenissen: SS139 (termijn PIP gestart), SS126 (10 weken zonder PIP), SS102 "
                            "(inburgeringstermijn gestart), SS121 en SS129/SS130 (PIP bekend) horen bij de PIP en de "
                            "inburgeringstermijn van de Wi2021", f"{DUO_M2M}/Gebeurtenissen/Gebeurtenissen.md")
"""The signals about the PIP and its term exist in the Wi2021 chain only: the older laws have no PIP."""
SS126_DIENST = _neutraal(f"{HANDREIKING} §3.4: het signaal over de tien weken termijn wordt afgegeven als service, "
                         "zonder consequenties")
"""SS126 goes out ten weeks after the PIP term started without a PIP; a service, no consequence."""
CORRECTIE_SS190 = _neutraal(f"{HANDREIKING} §2.2 en §4.2: correctiesignaal SS190 in de PIB onder de Wi2021 aan "
                            "gemeenten over wie juridisch onterecht onder de Wi2021 is geplaatst; alleen het BSN")
"""A person who no longer falls under Wi2021 is corrected with SS190 to every gemeente ever told; the rest is purged."""
M2M_WI2021 = _neutraal("DUO gemeente-m2m-inburgering: de M2M-koppelingen (notificaties en API's) zijn die van de "
                       "Wi2021-keten; Wi2013 en Wi2007 alleen in de PIB", DUO_M2M)
"""Notifications are delivered and the APIs answer for the Wi2021 environment only."""
PIB_WI2007_INZIEN = _neutraal(f"{HANDREIKING} §2.5: de PIB onder de Wi2007 is enkel raadpleegbaar voor gemeenten")
"""Gemeenten can read the Wi2007 environment but not handle its signals."""


# --- The January 2022 faults (named variants; law-neutral) -----------------------------------------------------

VASTSTELLING_FOUT = _neutraal(f"Foutieve variant januari 2022 ({HANDREIKING} §1.1): begindatum = dag waarop DUO de "
                              "plicht vaststelde")
"""The begin-date fault, kept as a named variant so the incident can be replayed."""
ADRESFILTER_FOUT = _neutraal(f"Foutieve variant januari 2022 ({HANDREIKING} §1.2): alleen bekende opvangadressen uit "
                             "de BRP gefilterd")
"""The address fault, kept as a named variant."""


def _per_wet(wi2021: Bron | None, wi2013: Bron | None, wi2007: Bron | None) -> dict[str, Bron]:
    return {w: b for w, b in (("Wi2021", wi2021), ("Wi2013", wi2013), ("Wi2007", wi2007)) if b is not None}


def _alle(b: Bron) -> dict[str, Bron]:
    return {"Wi2021": b, "Wi2013": b, "Wi2007": b}


# rule (``Stap.grond``) → law → source. A rule missing for a law does not apply under it.
BRONNEN: dict[str, dict[str, Bron]] = {
    "inburgeringsplicht": _per_wet(PLICHT_WI2021, PLICHT_WI2013, PLICHT_WI2007),
    "wet": _per_wet(WET_WI2021, WET_WI2013, WET_WI2007),
    "bekendmaking": _per_wet(BEKENDMAKING_WI2021, BEKENDMAKING_WI2013, BEKENDMAKING_WI2007),
    "ingangsdatum": _per_wet(INGANGSDATUM_WI2021, INGANGSDATUM_WI2013, INGANGSDATUM_WI2007),
    "meerderjarig": _per_wet(MEERDERJARIG_WI2021, MEERDERJARIG_WI2013, MEERDERJARIG_WI2007),
    "tijdelijk_doel": _per_wet(TIJDELIJK_DOEL_WI2021, TIJDELIJK_DOEL_WI2013, TIJDELIJK_DOEL_WI2007),
    "unierecht": _per_wet(UNIERECHT_WI2021, UNIERECHT_WI2013, UNIERECHT_WI2007),
    "nationaliteit": _per_wet(NATIONALITEIT_WI2021, NATIONALITEIT_WI2013, NATIONALITEIT_WI2007),
    "turkije": _per_wet(None, TURKIJE_WI2013, TURKIJE_WI2007),
    "turkije_asiel": _per_wet(None, TURKIJE_ASIEL_WI2013, None),
    "aow": _per_wet(AOW_WI2021, AOW_WI2013, AOW_WI2007),
    "leerplicht": _per_wet(LEERPLICHT_WI2021, LEERPLICHT_WI2013, LEERPLICHT_WI2007),
    "doorlopend_verblijf": _per_wet(DOORLOPEND_WI2021, DOORLOPEND_WI2013, DOORLOPEND_WI2007),
    "verlopen_recht": _alle(VERLOPEN_RECHT),
    "geen_verblijf": _per_wet(GEEN_VERBLIJF_WI2021, GEEN_VERBLIJF_WI2013, GEEN_VERBLIJF_WI2007),
    "vertrek": _per_wet(VERTREK_WI2021, VERTREK_WI2013, VERTREK_WI2007),
    "vrijstelling": _per_wet(VRIJSTELLING_WI2021, VRIJSTELLING_WI2013, VRIJSTELLING_WI2007),
    "tijdelijke_vrijstelling": _per_wet(TIJDELIJKE_VRIJSTELLING_WI2021, TIJDELIJKE_VRIJSTELLING_WI2013,
                                        TIJDELIJKE_VRIJSTELLING_WI2007),
    "ontheffing": _per_wet(ONTHEFFING_WI2021, ONTHEFFING_WI2013, ONTHEFFING_WI2007),
    "voldaan": _per_wet(VOLDAAN_WI2021, VOLDAAN_WI2013, VOLDAAN_WI2007),
    "termijnverlenging": _per_wet(TERMIJNVERLENGING_WI2021, TERMIJNVERLENGING_WI2013, TERMIJNVERLENGING_WI2007),
    "inburgeringstermijn": _per_wet(INBURGERINGSTERMIJN_WI2021, INBURGERINGSTERMIJN_WI2013,
                                    INBURGERINGSTERMIJN_WI2007),
    "doelgroep": _alle(DOELGROEP),
    "asielrechten": _alle(ASIELRECHTEN),
    "gemeente": _per_wet(GEMEENTE_WI2021, GEMEENTE_WI2013, GEMEENTE_WI2007),
    "coa_locatie": _alle(COA_LOCATIE),
    "pip_termijn": _per_wet(PIP_TERMIJN, None, None),
    "vaststelling_fout": _alle(VASTSTELLING_FOUT),
    "adresfilter_fout": _alle(ADRESFILTER_FOUT),
}


def bron(grond: str, wet: str) -> Bron:
    """The source of rule ``grond`` under ``wet`` (KeyError: the rule does not apply under that law)."""
    return BRONNEN[grond][wet]
