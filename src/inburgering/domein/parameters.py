"""Dated data the rules read: law periods, the AOW-age table, nationalities, residence purposes.

Values, not logic: each table says from when it holds and where it comes from, so a change in the
law is a change of data here (the OpenFisca / machine-law way).
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

# --- The laws' codes, oldest first: those of ``wet.PERIODEN`` (test_wet checks it); here, because ``berichten``
# validates with them and ``wet`` depends on ``berichten`` (through ``feiten``).
WETTEN = ("Wi2007", "Wi2013", "Wi2021")

# --- AOW age: (first calendar year, years, months), per AOW art. 7a and its published table --------
# The age applies to people who reach it in that calendar year. AOW art. 7a lists it up to 2024 (67 years); later
# years are set five years ahead (art. 7a lid 2 ff.): 67 in 2025-2027, 67 years and 3 months in 2028, 2029, 2030
# and 2031 (the last one set in 2025). Fixed through AOW_VASTGESTELD_TOT; after that the last row is assumed, and the
# explanation says so.
AOW_VASTGESTELD_TOT = 2031
AOW_TABEL = (
    (1900, 65, 0),
    (2013, 65, 1),
    (2014, 65, 2),
    (2015, 65, 3),
    (2016, 65, 6),
    (2017, 65, 9),
    (2018, 66, 0),
    (2019, 66, 4),
    (2022, 66, 7),
    (2023, 66, 10),
    (2024, 67, 0),
    (2028, 67, 3),
)

MEERDERJARIG_LEEFTIJD = 18
AOW_SIGNAAL_MAANDEN = 6  # SS128: AOW age reached within 6 months of the begin date
VERTREK_TERMIJN_JAREN = 1  # departure ends the obligation after more than a year abroad
PIP_TERMIJN_WEKEN = 10
INBURGERINGSTERMIJN_JAREN = 3  # Wi2021: from the day after the first PIP; Wi2013: from the begin date

# --- Young people: eight years in the Netherlands at school-attendance age ---------------------------------
# Leerplichtwet 1969: full-time attendance from the first day of the month after the 5th birthday to the end
# of the school year (1 August - 31 July) in which the child turns 16. The other end of full-time attendance
# (twelve full school years) needs school records DUO does not have; it is not modelled.
LEERPLICHT_VANAF_JAAR = 5
LEERPLICHT_TOT_JAAR = 16
SCHOOLJAAR_EINDE = (7, 31)  # (month, day): last day of a school year
LEERPLICHT_JAREN_IN_NL = 8  # lived here at least this long at that age: not obligated
DAGEN_PER_JAAR = 365.25  # eight years counted in days, leap days included on average

# --- Expiry of a residence right: how long DUO waits for a renewal --------------------------------------------
# A renewal can still come after the old right's einddatum: the IND grants a renewal applied for up to four
# weeks late as if it were in time (its policy since 2022, on Vw 2000 art. 26), and may take up to 90 days
# plus 90 days extension to decide (Vw 2000 art. 25). So DUO treats an expired right as ended only when four
# weeks and six months have passed after the einddatum without a renewal; a withdrawal ends at once.
VERLENGING_TE_LAAT_WEKEN = 4
VERLENGING_BESLISTERMIJN_MAANDEN = 6

# --- Nationalities (ISO 3166-1 alpha-3) that exclude the obligation ----------------------------------
# (code, member from, member until inclusive); None = open. Dates are those of EU/EEA accession or exit.
VRIJGESTELDE_NATIONALITEITEN = (
    ("NLD", None, None),
    # EU
    ("AUT", date(1995, 1, 1), None), ("BEL", None, None), ("BGR", date(2007, 1, 1), None),
    ("HRV", date(2013, 7, 1), None), ("CYP", date(2004, 5, 1), None), ("CZE", date(2004, 5, 1), None),
    ("DNK", None, None), ("EST", date(2004, 5, 1), None), ("FIN", date(1995, 1, 1), None),
    ("FRA", None, None), ("DEU", None, None), ("GRC", None, None), ("HUN", date(2004, 5, 1), None),
    ("IRL", None, None), ("ITA", None, None), ("LVA", date(2004, 5, 1), None),
    ("LTU", date(2004, 5, 1), None), ("LUX", None, None), ("MLT", date(2004, 5, 1), None),
    ("POL", date(2004, 5, 1), None), ("PRT", None, None), ("ROU", date(2007, 1, 1), None),
    ("SVK", date(2004, 5, 1), None), ("SVN", date(2004, 5, 1), None), ("ESP", None, None),
    ("SWE", date(1995, 1, 1), None),
    # United Kingdom: EU until 31 January 2020, withdrawal-agreement transition until 31 December 2020
    ("GBR", None, date(2020, 12, 31)),
    # EEA
    ("ISL", None, None), ("LIE", None, None), ("NOR", None, None),
    # Switzerland (EU-Swiss agreement on free movement)
    ("CHE", None, None),
)

# Turkish nationals: not obligated under Wi2007/Wi2013, obligated under Wi2021 ...
NIET_PLICHTIG_ONDER = {"TUR": ("Wi2007", "Wi2013")}
# ... except, under Wi2013, asylum status holders (nareizigers get an asylum permit too) and their family
# members whose obligation begins on or after 1 May 2020.
TURKIJE_ASIEL = {
    "TUR": ("Wi2013", date(2020, 5, 1),
            frozenset({"asiel", "gezinshereniging_asielstatushouder", "gezinsvorming_asielstatushouder"})),
}

# --- Residence purposes (contract §1 table) -----------------------------------------------------------
ASIEL = "Asielstatushouder"
GEZIN_OVERIG = "Gezinsmigrant en overige migrant"


@dataclass(frozen=True)
class Verblijfsdoel:
    code: str
    doelgroep: str | None  # None: no obligation (see ``grond``)
    gedetailleerde_doelgroep: str | None
    procesgroep: str | None
    grond: str | None = None  # why not obligated: "tijdelijk" (temporary purpose) or "unierecht"
    omschrijving: str = ""  # the purpose in words, for the consulent ("verblijf voor …")

    @property
    def plichtig(self) -> bool:
        return self.doelgroep is not None


VERBLIJFSDOELEN = {
    v.code: v
    for v in (
        Verblijfsdoel("asiel", ASIEL, "Asielstatushouder", "asiel_en_overig", omschrijving="asiel"),
        Verblijfsdoel("gezinshereniging", GEZIN_OVERIG, "Gezinshereniger", "gezinsmigranten",
                      omschrijving="gezinshereniging"),
        Verblijfsdoel("gezinsvorming", GEZIN_OVERIG, "Gezinsvormer", "gezinsmigranten", omschrijving="gezinsvorming"),
        Verblijfsdoel(
            "gezinshereniging_asielstatushouder", GEZIN_OVERIG, "Gezinshereniger met Asielstatushouder",
            "gezinsmigranten", omschrijving="gezinshereniging bij een asielstatushouder",
        ),
        Verblijfsdoel(
            "gezinsvorming_asielstatushouder", GEZIN_OVERIG, "Gezinsvormer met Asielstatushouder",
            "gezinsmigranten", omschrijving="gezinsvorming met een asielstatushouder",
        ),
        Verblijfsdoel("geestelijk_bedienaar", GEZIN_OVERIG, "Geestelijk bedienaar", "asiel_en_overig",
                      omschrijving="werk als geestelijk bedienaar"),
        Verblijfsdoel("art8_evrm", GEZIN_OVERIG, "Overig", "asiel_en_overig",
                      omschrijving="familie- en gezinsleven (artikel 8 EVRM)"),
        Verblijfsdoel("kinderpardon", GEZIN_OVERIG, "Overig", "asiel_en_overig",
                      omschrijving="de regeling voor langdurig in Nederland verblijvende kinderen (kinderpardon)"),
        Verblijfsdoel("voortgezet_verblijf", GEZIN_OVERIG, "Overig", "asiel_en_overig",
                      omschrijving="voortgezet verblijf"),
        Verblijfsdoel("humanitair", GEZIN_OVERIG, "Overig", "asiel_en_overig", omschrijving="humanitaire redenen"),
        *(
            Verblijfsdoel(code, None, None, None, "tijdelijk", omschrijving=woorden)
            for code, woorden in (
                ("studie", "studie"), ("arbeid", "arbeid"), ("kennismigrant", "werk als kennismigrant"),
                ("au_pair", "verblijf als au pair"), ("uitwisseling", "uitwisseling"),
                ("seizoenarbeid", "seizoenarbeid"), ("medische_behandeling", "medische behandeling"),
                # contract §5.2: family of someone here for a temporary purpose
                ("gezinslid_tijdelijk", "verblijf bij een gezinslid dat hier tijdelijk is"),
            )
        ),
        # contract §5.2: family member of an EU/EEA/Swiss citizen (Union law)
        Verblijfsdoel("gezinslid_eu_burger", None, None, None, "unierecht",
                      omschrijving="verblijf als gezinslid van een burger van de EU, de EER of Zwitserland"),
    )
}
PROCESGROEPEN = ("gezinsmigranten", "asiel_en_overig")

# AsielrechtenWijzigingVerblijfsdoel (Inburgeringsplicht API): which rights hold after a change of purpose.
ASIELRECHTEN_TOEGEKEND = "Asielrechten toegekend"
BEHOUD_ASIELRECHTEN = "Behoud asielrechten"
OP_VERZOEK_BEHOUD_GEZIN = "Op verzoek behoud rechten van gezins- en overige migrant"
OP_VERZOEK_GEZIN = "Op verzoek rechten van gezins- en overige migrant toegekend"

# RedenGeenInburgeringsplicht (Inburgeringsplicht API). A StrEnum: printed and stored as the API's text.
class Reden(StrEnum):
    VOLLEDIGE_ONTHEFFING = "Volledige ontheffing"
    VOLLEDIGE_VRIJSTELLING = "Volledige vrijstelling"
    VOLDAAN = "Inburgeringsplicht voldaan"
    VERBLIJFSDOEL_GEWIJZIGD = "Verblijfsdoel gewijzigd"
    VERTREK_LANGER_DAN_JAAR = "Vertrek uit Nederland langer dan een jaar"
    OVERLIJDEN = "Overlijden"
    OVERIG = "Overig"
    TIJDELIJKE_VRIJSTELLING = "Tijdelijke vrijstelling"


# --- Country names in Dutch (ISO 3166-1 alpha-3), for the consulent -------------------------------------------
# Every nationality the rules name (the table above) and the common countries of origin. An unknown code is shown
# as "het land met code …" (see ``samenvatting``).
LANDEN = {
    "NLD": "Nederland",
    # EU/EEA/Switzerland and the United Kingdom
    "AUT": "Oostenrijk", "BEL": "België", "BGR": "Bulgarije", "HRV": "Kroatië", "CYP": "Cyprus",
    "CZE": "Tsjechië", "DNK": "Denemarken", "EST": "Estland", "FIN": "Finland", "FRA": "Frankrijk",
    "DEU": "Duitsland", "GRC": "Griekenland", "HUN": "Hongarije", "IRL": "Ierland", "ITA": "Italië",
    "LVA": "Letland", "LTU": "Litouwen", "LUX": "Luxemburg", "MLT": "Malta", "POL": "Polen", "PRT": "Portugal",
    "ROU": "Roemenië", "SVK": "Slowakije", "SVN": "Slovenië", "ESP": "Spanje", "SWE": "Zweden",
    "GBR": "het Verenigd Koninkrijk", "ISL": "IJsland", "LIE": "Liechtenstein", "NOR": "Noorwegen",
    "CHE": "Zwitserland", "TUR": "Turkije",
    # common countries of origin
    "SYR": "Syrië", "ERI": "Eritrea", "AFG": "Afghanistan", "IRQ": "Irak", "IRN": "Iran", "YEM": "Jemen",
    "SOM": "Somalië", "SDN": "Soedan", "SSD": "Zuid-Soedan", "ETH": "Ethiopië", "LBY": "Libië", "MAR": "Marokko",
    "DZA": "Algerije", "TUN": "Tunesië", "EGY": "Egypte", "NGA": "Nigeria", "GHA": "Ghana", "GIN": "Guinee",
    "SLE": "Sierra Leone", "CMR": "Kameroen", "COD": "Congo (Democratische Republiek)", "AGO": "Angola",
    "KEN": "Kenia", "UGA": "Oeganda", "BDI": "Burundi", "ZAF": "Zuid-Afrika", "IND": "India", "PAK": "Pakistan",
    "BGD": "Bangladesh", "LKA": "Sri Lanka", "NPL": "Nepal", "CHN": "China", "IDN": "Indonesië",
    "PHL": "de Filipijnen", "THA": "Thailand", "VNM": "Vietnam", "MMR": "Myanmar", "JPN": "Japan",
    "KOR": "Zuid-Korea", "RUS": "Rusland", "UKR": "Oekraïne", "BLR": "Belarus", "MDA": "Moldavië",
    "GEO": "Georgië", "ARM": "Armenië", "AZE": "Azerbeidzjan", "ALB": "Albanië", "SRB": "Servië",
    "BIH": "Bosnië en Herzegovina", "MKD": "Noord-Macedonië", "XKX": "Kosovo", "LBN": "Libanon",
    "JOR": "Jordanië", "PSE": "de Palestijnse Gebieden", "SAU": "Saoedi-Arabië", "SUR": "Suriname",
    "USA": "de Verenigde Staten", "CAN": "Canada", "MEX": "Mexico", "BRA": "Brazilië", "COL": "Colombia",
    "VEN": "Venezuela", "ARG": "Argentinië", "CUB": "Cuba", "DOM": "de Dominicaanse Republiek",
    "AUS": "Australië", "NZL": "Nieuw-Zeeland",
}
