"""The notification catalogue (gebeurtenissen, 'signalen'): id → description and the DUO API the
gemeente fetches the data from. Source: DUO's gebeurtenissen-overzicht (tests compare with the xlsx in
../shared) and, for ids that sheet does not list, domain.md §4."""

from enum import StrEnum


class Gebeurtenis(StrEnum):
    """The id of a notification (gebeurtenisId). A StrEnum: printed and stored as the bare id ("SS101")."""

    SS101 = "SS101"
    SS102 = "SS102"
    SS103 = "SS103"
    SS104 = "SS104"
    SS106 = "SS106"
    SS107 = "SS107"
    SS108 = "SS108"
    SS109 = "SS109"
    SS110 = "SS110"
    SS111 = "SS111"
    SS113 = "SS113"
    SS114 = "SS114"
    SS115 = "SS115"
    SS116 = "SS116"
    SS117 = "SS117"
    SS118 = "SS118"
    SS119 = "SS119"
    SS120 = "SS120"
    SS121 = "SS121"
    SS122 = "SS122"
    SS123 = "SS123"
    SS124 = "SS124"
    SS125 = "SS125"
    SS126 = "SS126"
    SS127 = "SS127"
    SS128 = "SS128"
    SS129 = "SS129"
    SS130 = "SS130"
    SS131 = "SS131"
    SS137 = "SS137"
    SS139 = "SS139"
    SS190 = "SS190"
    SS199 = "SS199"


CATALOGUS: dict[str, tuple[str, str]] = {
    "SS101": ("Persoon is inburgeringsplichtig", "Inburgeringsplicht"),
    "SS102": ("Inburgeringstermijn gestart", "Inburgeringstermijn"),
    "SS103": ("Termijn ambtshalve verlengd", "Inburgeringstermijn"),
    "SS104": ("Termijn op verzoek verlengd", "Inburgeringstermijn"),
    "SS106": ("Einde inburgeringsplicht – Diploma behaald", "Beschikking voldaan inburgeringsplicht"),
    "SS107": ("Einde inburgeringsplicht – Gehele vrijstelling toegekend", "Beschikking voldaan inburgeringsplicht"),
    "SS108": ("Einde inburgeringsplicht – Gehele ontheffing toegekend", "Beschikking voldaan inburgeringsplicht"),
    "SS109": ("Tijdelijke vrijstelling toegekend", "Inburgeringsplicht"),
    "SS110": ("Einde inburgeringsplicht – Inburgeringsplicht ingetrokken", "Inburgeringsplicht"),
    "SS111": ("Einde inburgeringsplicht – Persoon is overleden", "Inburgeringsplicht"),
    "SS113": ("Verzoek verlenging afgewezen", "Beoordeling aanvraag verlenging"),
    "SS114": ("Verzoek gehele vrijstelling afgewezen", "Eindoordeel vrijstelling"),
    "SS115": ("Verzoek tijdelijke vrijstelling afgewezen", "Eindoordeel vrijstelling"),
    "SS116": ("Verzoek gedeeltelijke vrijstelling afgewezen", "Eindoordeel vrijstelling"),
    "SS117": ("Verzoek gedeeltelijke vrijstelling toegekend", "Eindoordeel vrijstelling"),
    "SS118": ("Verzoek ontheffing afgewezen", "Beslissing ontheffing"),
    "SS119": ("Verzoek gedeeltelijke ontheffing toegekend", "Beslissing ontheffing"),
    "SS120": ("In gemeente gevestigd zonder PIP", "Inburgeringsplicht"),
    "SS121": ("In gemeente gevestigd met PIP vorige gemeente", "Inburgeringsplicht"),
    "SS122": ("Verhuisd naar een andere gemeente", "Inburgeringsplicht"),
    "SS123": ("Vertrokken uit Nederland", "Inburgeringsplicht"),
    "SS124": ("Doelgroep van asielstatushouder naar gezinsmigrant en overige migrant gewijzigd", "Inburgeringsplicht"),
    "SS125": ("Doelgroep van gezinsmigrant en overige migrant naar asielstatushouder gewijzigd", "Inburgeringsplicht"),
    "SS126": ("10 weken verstreken zonder PIP", "Inburgeringsplicht"),
    "SS127": ("Nog geen inburgeringsaanbod ontvangen", "Inburgeringsaanbod"),
    "SS128": ("Inburgeringsplichtig, maar bereikt AOW-leeftijd binnen 6 maanden", "Inburgeringsplicht"),
    "SS129": ("Tijdelijke vrijstelling ingetrokken, nog geen PIP ontvangen", "Inburgeringsplicht"),
    "SS130": ("Tijdelijke vrijstelling ingetrokken, PIP al bekend", "Inburgeringsplicht"),
    "SS131": ("Registratie Leerbaarheidstoets (LBT)", "Leerbaarheidstoets"),
    "SS137": ("Persoon is aangemeld voor de leerbaarheidstoets", "Leerbaarheidstoets"),
    "SS139": ("Persoon is inburgeringsplichtig en termijn PIP is gestart", "Inburgeringsplicht"),
    "SS190": ("Correctie persoon is inburgeringsplichtig onder de WI2013", "—"),
    # Not in the overview sheet; DUO's Gebeurtenissen page ('Examenresultaten') lists it.
    "SS199": ("Uitslag examen bekend", "Examen"),
}

# Signals that must never be purged or hidden from the gemeente that received them (handreiking §3.2).
CORRECTIES = frozenset({Gebeurtenis.SS190.value})


def omschrijving(gebeurtenis_id: str) -> str:
    return CATALOGUS.get(gebeurtenis_id, (gebeurtenis_id, ""))[0]
