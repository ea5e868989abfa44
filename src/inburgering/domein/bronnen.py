"""Sources the rules cite. Each rule names one of these; the explanation prints it."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bron:
    naam: str
    url: str = ""

    def __str__(self) -> str:
        return self.naam


WI2021 = "https://wetten.overheid.nl/BWBR0044770"
BI2021 = "https://wetten.overheid.nl/BWBR0045555"
WI2013 = "https://wetten.overheid.nl/BWBR0020611"
AOW = "https://wetten.overheid.nl/BWBR0002221"

WI2021_PLICHT = Bron("Wi2021 art. 3 (wie inburgeringsplichtig is)", WI2021)
WI2021_INWERKING = Bron("Wi2021, inwerkingtreding 1 januari 2022; overgangsrecht Wi2013", WI2021)
WI2013_INWERKING = Bron("Wi2013 (Wet inburgering zoals gewijzigd per 1 januari 2013, Stb. 2012, 430)", WI2013)
WI2007 = Bron("Wet inburgering (in werking 1 januari 2007)", WI2013)
BEKENDMAKING = Bron(
    "Wi2021 art. 3 jo. beleid SZW: de plicht begint bij bekendmaking van het verblijfsrecht "
    "(asiel: dag van de beschikking; regulier: dag van ontvangst verblijfsdocument)",
    WI2021,
)
MEERDERJARIG = Bron("Wi2021 art. 3: inburgeringsplichtig vanaf 18 jaar", WI2021)
AOW_LEEFTIJD = Bron("Wi2021 art. 3 jo. AOW art. 7a (pensioengerechtigde leeftijd)", AOW)
NATIONALITEIT = Bron(
    "Wi2021 art. 3: geen plicht voor Nederlanders en onderdanen van EU/EER-staten en Zwitserland", WI2021
)
TURKIJE_WI2013 = Bron(
    "Wi2013/Wi2007: Turkse onderdanen niet inburgeringsplichtig (Associatieovereenkomst EEG-Turkije, "
    "standstill-bepalingen; CRvB 16 augustus 2011)",
    WI2013,
)
VERBLIJFSDOEL = Bron("Wi2021 art. 3: alleen verblijf met een niet-tijdelijk verblijfsdoel (Vw 2000 art. 8)", WI2021)
DOELGROEP = Bron("DUO Inburgeringsplicht API 1.2.2: Doelgroepindeling en GedetailleerdeDoelgroep")
GEKOPPELDE_GEMEENTE = Bron(
    "Wi2021 art. 1 (begrip 'college'): voor asielstatushouders de gemeente van huisvesting op grond van "
    "art. 28 Huisvestingswet 2014 (koppeling door COA); anders de woongemeente (BW boek 1 art. 10-11)",
    WI2021,
)
COA_LOCATIE = Bron("Handreiking hervatten inburgeringsplicht (maart 2022) §1.2: een opvangadres is geen woongemeente")
EINDE = Bron("DUO Inburgeringsplicht API 1.2.2: RedenGeenInburgeringsplicht")
VERTREK = Bron("Wi2021: vertrek uit Nederland langer dan een jaar beëindigt de plicht (reden in DUO-API)", WI2021)
PIP_TERMIJN = Bron("Wi2021 art. 16 jo. Bi2021: PIP binnen 10 weken na inschrijving BRP in de gekoppelde gemeente", BI2021)
VASTSTELLING_FOUT = Bron(
    "Foutieve variant januari 2022 (handreiking §1.1): begindatum = dag waarop DUO de plicht vaststelde"
)
ADRESFILTER_FOUT = Bron(
    "Foutieve variant januari 2022 (handreiking §1.2): alleen bekende opvangadressen uit de BRP gefilterd"
)
