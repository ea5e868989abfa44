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
MEERDERJARIG_WI2013 = Bron("Wi2013 art. 3: inburgeringsplichtig vanaf 18 jaar", WI2013)
MEERDERJARIG_WI2007 = Bron("Wet inburgering (2007) art. 3: inburgeringsplichtig vanaf 18 jaar", WI2013)
INGANGSDATUM = Bron(
    "Wi2021 art. 3: de plicht rust op rechtmatig verblijf en begint dus niet vóór de ingangsdatum van het "
    "verblijfsrecht (begindatum = de latere van bekendmaking en ingangsdatum)",
    WI2021,
)
DOORLOPEND_VERBLIJF = Bron(
    "Wi2021 art. 3 jo. Vw 2000 art. 8: een verblijfsrecht dat ingaat op de dag na het einde van het vorige zet "
    "hetzelfde rechtmatige verblijf voort, ook als het later is beslist; de plicht en haar wet lopen door "
    "(overgangsrecht Wi2021: wie onder de Wi2013 begon blijft daaronder tot de plicht eindigt)",
    WI2021,
)
VERLOPEN_RECHT = Bron(
    "Vw 2000 art. 25 (beslistermijn 90 dagen, verlenging 90 dagen) en art. 26 jo. IND-beleid 2022 (verlenging "
    "tot vier weken te laat aangevraagd sluit aan): DUO wacht vier weken en zes maanden na de einddatum op een "
    "verlenging voordat het verlopen van het recht de plicht beëindigt"
)
LEERPLICHT_WI2021 = Bron(
    "Wi2021 (zelfde uitzondering als Wi2013 art. 5 lid 1 onder b): niet inburgeringsplichtig wie ten minste acht "
    "jaar in de leerplichtige leeftijd in Nederland verbleef; leerplichtige leeftijd volgens de Leerplichtwet 1969",
    WI2021,
)
LEERPLICHT_WI2013 = Bron(
    "Wi2013 art. 5 lid 1 onder b: niet inburgeringsplichtig wie ten minste acht jaar in de leerplichtige leeftijd "
    "in Nederland verbleef; leerplichtige leeftijd volgens de Leerplichtwet 1969",
    WI2013,
)
AOW_LEEFTIJD = Bron("Wi2021 art. 3 jo. AOW art. 7a (pensioengerechtigde leeftijd)", AOW)
NATIONALITEIT = Bron(
    "Wi2021 art. 3: geen plicht voor Nederlanders en onderdanen van EU/EER-staten en Zwitserland", WI2021
)
TURKIJE_WI2013 = Bron(
    "Wi2013/Wi2007: Turkse onderdanen niet inburgeringsplichtig (Associatieovereenkomst EEG-Turkije, "
    "standstill-bepalingen; CRvB 16 augustus 2011)",
    WI2013,
)
TURKIJE_ASIEL_2020 = Bron(
    "Wi2013: Turkse asielstatushouders, hun nareizigers en gezinsleden inburgeringsplichtig als de plicht op of na "
    "1 mei 2020 begint (kabinetsbesluit, Kamerbrief SZW 10 april 2020); andere Turkse onderdanen pas onder de Wi2021"
)
UNIERECHT = Bron(
    "Wi2021 art. 3: geen plicht voor wie verblijft als gezinslid van een burger van de EU, de EER of Zwitserland "
    "(Unierecht)",
    WI2021,
)
ASIELRECHTEN = Bron(
    "DUO Gebeurtenissen, 'Wijziging doelgroep', en contract §5.1: van asiel naar een regulier doel blijven de "
    "asielrechten (tenzij de persoon anders vraagt, SS124); van regulier naar asiel worden ze toegekend (SS125)"
)
VRIJSTELLING = Bron(
    "DUO Vrijstelling API en contract §5.1: een volledige vrijstelling beëindigt de plicht; een tijdelijke "
    "vrijstelling schort haar op tot en met de einddatum of tot de intrekking"
)
ONTHEFFING = Bron("DUO Ontheffing API en contract §5.1: een volledige ontheffing beëindigt de plicht")
VOLDAAN = Bron("Contract §5.1 (DUO's beschikking): de inburgeringsplicht is voldaan")
TERMIJNVERLENGING = Bron(
    "DUO Inburgeringstermijn API en contract §5.1: een toegekende verlenging verschuift het einde van de "
    "inburgeringstermijn"
)
INBURGERINGSTERMIJN_WI2013 = Bron("Wi2013 art. 7: inburgeringstermijn van drie jaar vanaf het begin van de plicht", WI2013)
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
