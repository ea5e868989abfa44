"""The responsible (gekoppelde) gemeente.

Base rule (Wi2021 art. 1, 'college'): the gemeente where the person lives (BRP).
Exception for people in COA's care: the gemeente COA coupled them to (art. 28 Huisvestingswet 2014);
no coupling yet means no gemeente yet. Who came in with an asylum permit is in COA's care until COA reports the
outflow (coa.uitstroom). A BRP address that is a COA location never makes that location's gemeente
responsible.
Fault variant ``brp_adresfilter`` (January 2022): the BRP gemeente unless the address is a COA location
DUO already knew; COA's own data about the person is only used for such known addresses.
"""

from dataclasses import dataclass
from datetime import date

from .feiten import Adres, Locaties, PersoonFeiten
from .variant import Koppelingsregel, Variant


@dataclass(frozen=True, slots=True)
class Woonsituatie:
    gemeente: str | None  # responsible gemeente (regardless of whether the person is obligated)
    uitleg: str
    grond: str  # the rule (``bronnen.BRONNEN``): "gemeente", "coa_locatie", "adresfilter_fout", "geen_verblijf"
    adres: Adres | None  # current BRP address, None if none or abroad
    vestigingsdatum: date | None  # date of the current BRP address
    in_coa: bool  # in COA's care (or, in the fault variant, at a known COA address)
    op_coa_adres: bool  # BRP address is a COA location
    overleden: bool = False
    vertrokken: bool = False  # left the Netherlands (brp.vertrek without a later address)
    # why, for the summary: woont, gekoppeld, opvang (in COA care, not coupled), uitgestroomd, opvanglocatie,
    # geen_adres, vertrokken, overleden; adresfilter (the fault variant's BRP address)
    soort: str = ""


def _laatste(feiten, d):
    out = None
    for f in feiten:
        if f.datum <= d:
            out = f
        else:
            break
    return out


def woonsituatie(p: PersoonFeiten, d: date, variant: Variant, locaties: Locaties,
                 instroom_verblijfsdoel: str | None, kennis_op: date | None = None) -> Woonsituatie:
    """Where the person belongs on day d. ``kennis_op``: the day DUO looks (for 'known' COA locations).

    ``instroom_verblijfsdoel``: the purpose of the first right of the current obligation; a person who
    came in with an asylum permit is in COA's care until COA reports the outflow. (Who changes to an
    asylum purpose while living in a gemeente was never in reception for it.)
    """
    kennis_op = kennis_op or d
    overl = _laatste(p.overlijden, d)
    if overl is not None:
        return Woonsituatie(None, f"overleden op {overl.datum} (bericht {overl.bron})", "geen_verblijf",
                            None, None, False, False, True, soort="overleden")
    vp = _laatste(p.verblijfplaatsen, d)
    vertrek = _laatste(p.vertrekken, d)
    adres = vp.adres if vp is not None else None
    if vertrek is not None and (vp is None or (vertrek.datum, vertrek.ontvangen, vertrek.volgorde)
                                >= (vp.datum, vp.ontvangen, vp.volgorde)):
        return Woonsituatie(None, f"vertrokken uit Nederland op {vertrek.datum} (bericht {vertrek.bron})",
                            "gemeente", None, None, False, False, vertrokken=True, soort="vertrokken")
    koppeling = _laatste(p.koppelingen, d)
    uitstroom = _laatste(p.uitstromen, d)
    if variant.koppeling == Koppelingsregel.BRP_ADRESFILTER:
        loc = locaties.op_adres(adres, d, bekend_op=kennis_op) if adres else None
        if adres is not None and loc is None:
            return Woonsituatie(adres.gemeentecode,
                                f"BRP-adres {adres.postcode} {adres.huisnummer} in gemeente {adres.gemeentecode} "
                                f"(bericht {vp.bron}); geen bij DUO bekende opvanglocatie",
                                "adresfilter_fout", adres, vp.datum, False, False, soort="adresfilter")
        if koppeling is not None:
            return Woonsituatie(koppeling.gemeentecode,
                                f"adres is bekende opvanglocatie; gekoppeld aan gemeente {koppeling.gemeentecode} "
                                f"(bericht {koppeling.bron})", "adresfilter_fout", adres,
                                vp.datum if vp else None, True, loc is not None, soort="gekoppeld")
        return Woonsituatie(None, "geen BRP-adres buiten een bekende opvanglocatie en geen koppeling",
                            "adresfilter_fout", adres, vp.datum if vp else None, loc is not None,
                            loc is not None, soort="opvanglocatie" if loc is not None else "geen_adres")

    # The law: COA's own data about the person decides whether they are in COA's care.
    loc = locaties.op_adres(adres, d) if adres else None
    gekoppeld = koppeling is not None and (uitstroom is None or uitstroom.datum < koppeling.datum)
    asiel_in_opvang = instroom_verblijfsdoel == "asiel" and uitstroom is None
    if gekoppeld:
        return Woonsituatie(koppeling.gemeentecode,
                            f"in opvang van het COA en door het COA gekoppeld aan gemeente {koppeling.gemeentecode} "
                            f"(bericht {koppeling.bron}, {koppeling.datum})", "gemeente",
                            adres, vp.datum if vp else None, True, loc is not None, soort="gekoppeld")
    if asiel_in_opvang:
        return Woonsituatie(None, "asielstatushouder in opvang van het COA, nog niet gekoppeld aan een gemeente",
                            "gemeente", adres, vp.datum if vp else None, True, loc is not None, soort="opvang")
    if adres is None:
        return Woonsituatie(None, "geen woonadres in de BRP", "gemeente", None, None, False, False, soort="geen_adres")
    opvang_adres = (vp.datum <= koppeling.datum if koppeling is not None
                    else instroom_verblijfsdoel == "asiel" and uitstroom is not None and vp.datum < uitstroom.datum)
    if uitstroom is not None and opvang_adres:
        # Left COA's care, but the BRP still shows the reception address: that is no residence. Until the new
        # registration arrives the person stays with the gemeente COA coupled them to (if any).
        g = koppeling.gemeentecode if koppeling is not None else None
        return Woonsituatie(g, f"uit de opvang vertrokken op {uitstroom.datum} (bericht {uitstroom.bron}); nog geen "
                            "nieuwe inschrijving in de BRP na de opvang" + (f", blijft bij gekoppelde gemeente {g}" if g else ""),
                            "gemeente", adres, vp.datum, True, loc is not None, soort="uitgestroomd")
    if loc is not None:
        return Woonsituatie(None,
                            f"BRP-adres {adres.postcode} {adres.huisnummer} is opvanglocatie {loc.locatie} "
                            f"({loc.soort}, gemeente {loc.gemeentecode}); dat maakt die gemeente niet verantwoordelijk",
                            "coa_locatie", adres, vp.datum, False, True, soort="opvanglocatie")
    return Woonsituatie(adres.gemeentecode,
                        f"woont in gemeente {adres.gemeentecode} ({adres.postcode} {adres.huisnummer}, "
                        f"sinds {vp.datum}, bericht {vp.bron})", "gemeente",
                        adres, vp.datum, False, False, soort="woont")
