"""Impact report of a re-determination: a table for the terminal and a CSV for gemeenten (handreiking §3.1)."""

from __future__ import annotations

import csv

KOLOMMEN = ("wet_gewijzigd", "gemeente_gewijzigd", "ss190", "nieuwe_signalen", "opgeschoond", "aangehouden")


def schrijf_impact(rapport: dict, out, csv_pad: str | None = None) -> None:
    rijen = rapport.get("rijen", [])
    print(f"Herbeoordeling op {rapport.get('dag')}: {rapport.get('personen', 0)} personen beoordeeld", file=out)
    kop = ("gemeente", "wet") + KOLOMMEN
    print(" ".join(f"{k:>18}" for k in kop), file=out)
    for r in rijen:
        print(" ".join(f"{str(r.get(k, 0)):>18}" for k in kop), file=out)
    if csv_pad:
        with open(csv_pad, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, delimiter=";")
            w.writerow(kop)
            for r in rijen:
                w.writerow([r.get(k, 0) for k in kop])
