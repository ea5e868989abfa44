"""Reference data the M2M APIs serve that has no chain message: the grounds for extending the
inburgeringstermijn (Inburgeringstermijn API, ``GET /verlengingsgronden``).

Source: Wet inburgering 2021 art. 12 (extension of the term) and Besluit inburgering 2021 art. 4.3 and
4.4 (when the person is not to blame). DUO's own codes from its keteninformatiemodel are not published
with the specs in ../shared; these codes are ours, and stable.
"""

VERLENGINGSGRONDEN: tuple[tuple[str, str], ...] = (
    ("1", "Op verzoek: de inburgeringsplichtige treft geen verwijt (Wet inburgering 2021, art. 12, tweede lid; "
          "Besluit inburgering 2021, art. 4.3)"),
    ("2", "Op verzoek: voldoende inspanning geleverd (Besluit inburgering 2021, art. 4.3, tweede lid)"),
    ("3", "Ambtshalve: onderwijsroute of taalschakeltraject nog niet afgerond (Besluit inburgering 2021, art. 4.4)"),
    ("4", "Ambtshalve: tijdelijke vrijstelling verleend tijdens de termijn (Wet inburgering 2021, art. 12)"),
)
