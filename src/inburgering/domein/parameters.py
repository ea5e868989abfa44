"""Dated data the rules read: law periods, the AOW-age table, nationalities, residence purposes.

Values, not logic: each table says from when it holds and where it comes from, so a change in the
law is a change of data here (the OpenFisca / machine-law way).
"""

from dataclasses import dataclass
from datetime import date

from . import bronnen

# --- Which law: by begin date ------------------------------------------------------------------


@dataclass(frozen=True)
class Wetsperiode:
    wet: str
    vanaf: date  # inclusive
    bron: bronnen.Bron


WETSPERIODEN = (  # newest first
    Wetsperiode("Wi2021", date(2022, 1, 1), bronnen.WI2021_INWERKING),
    Wetsperiode("Wi2013", date(2013, 1, 1), bronnen.WI2013_INWERKING),
    Wetsperiode("Wi2007", date.min, bronnen.WI2007),
)
WETTEN = ("Wi2007", "Wi2013", "Wi2021")

# --- AOW age: (first calendar year, years, months), per AOW art. 7a and its published table --------
# The age applies to people who reach it in that calendar year; the last row holds onwards.
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
INBURGERINGSTERMIJN_JAREN = 3

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

# Turkish nationals: not obligated under Wi2007/Wi2013, obligated under Wi2021.
NIET_PLICHTIG_ONDER = {"TUR": ("Wi2007", "Wi2013")}

# --- Residence purposes (contract §1 table) -----------------------------------------------------------
ASIEL = "Asielstatushouder"
GEZIN_OVERIG = "Gezinsmigrant en overige migrant"


@dataclass(frozen=True)
class Verblijfsdoel:
    code: str
    doelgroep: str | None  # None: temporary purpose, no obligation
    gedetailleerde_doelgroep: str | None
    procesgroep: str | None


VERBLIJFSDOELEN = {
    v.code: v
    for v in (
        Verblijfsdoel("asiel", ASIEL, "Asielstatushouder", "asiel_en_overig"),
        Verblijfsdoel("gezinshereniging", GEZIN_OVERIG, "Gezinshereniger", "gezinsmigranten"),
        Verblijfsdoel("gezinsvorming", GEZIN_OVERIG, "Gezinsvormer", "gezinsmigranten"),
        Verblijfsdoel(
            "gezinshereniging_asielstatushouder", GEZIN_OVERIG, "Gezinshereniger met Asielstatushouder",
            "gezinsmigranten",
        ),
        Verblijfsdoel(
            "gezinsvorming_asielstatushouder", GEZIN_OVERIG, "Gezinsvormer met Asielstatushouder",
            "gezinsmigranten",
        ),
        Verblijfsdoel("geestelijk_bedienaar", GEZIN_OVERIG, "Geestelijk bedienaar", "asiel_en_overig"),
        Verblijfsdoel("art8_evrm", GEZIN_OVERIG, "Overig", "asiel_en_overig"),
        Verblijfsdoel("kinderpardon", GEZIN_OVERIG, "Overig", "asiel_en_overig"),
        Verblijfsdoel("voortgezet_verblijf", GEZIN_OVERIG, "Overig", "asiel_en_overig"),
        Verblijfsdoel("humanitair", GEZIN_OVERIG, "Overig", "asiel_en_overig"),
        *(
            Verblijfsdoel(code, None, None, None)
            for code in (
                "studie", "arbeid", "kennismigrant", "au_pair", "uitwisseling", "seizoenarbeid",
                "medische_behandeling",
            )
        ),
    )
}
PROCESGROEPEN = ("gezinsmigranten", "asiel_en_overig")

REDENEN_GEEN_PLICHT = (
    "Volledige ontheffing", "Volledige vrijstelling", "Inburgeringsplicht voldaan", "Verblijfsdoel gewijzigd",
    "Vertrek uit Nederland langer dan een jaar", "Overlijden", "Overig", "Tijdelijke vrijstelling",
)
