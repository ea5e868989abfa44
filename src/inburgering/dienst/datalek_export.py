"""The breach report as files: a PDF for the notification to the Autoriteit Persoonsgegevens and an XLSX with
every period and every person to inform. Built from ``dienst.datalek.Rapport``; the caller logs the processing."""

from __future__ import annotations

import io
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from ..pdf import Document
from .datalek import Rapport
from .datalek_tekst import maatregelregels

_FORMULE = ("=", "+", "-", "@", "\t", "\r")


def _d(x: date | None) -> str:
    return x.strftime("%d-%m-%Y") if x else "—"


def _personen(n: int) -> str:
    return f"{n} persoon" if n == 1 else f"{n} personen"


def kenmerk(r: Rapport) -> str:
    venster = f"{_d(r.van)}–{_d(r.tot)}" if (r.van or r.tot) else "hele geschiedenis"
    return f"gegevens tot en met {_d(r.einde)} · {venster}"


def samenvatting(r: Rapport) -> list[tuple[str, str]]:
    """The figures of an AP notification as label–value pairs (page, PDF and XLSX show the same)."""
    if not r.lekken:
        return [("Uitkomst", "Geen perioden gevonden: elke gemeente zag alleen wie zij volgens de wet mocht zien.")]
    return [
        ("Periode van de inbreuk", f"{_d(r.eerste_dag)} tot en met {_d(r.laatste_dag)}"),
        ("Aantal betrokkenen", str(r.betrokkenen)),
        ("Aantal gemeenten", str(len(r.per_gemeente))),
        ("Perioden van onterechte inzage", str(len(r.lekken))),
        ("Oorzaak", "; ".join(f"{v['omschrijving']} ({_personen(v['personen'])})" for v in r.per_variant)),
        ("Soort inbreuk", "inbreuk op de vertrouwelijkheid: gemeenten konden in het portaal en via de M2M API "
                          "gegevens inzien van personen die de wet niet aan hen toewees"),
    ]


def als_pdf(r: Rapport, gemaakt_op: datetime | None = None) -> bytes:
    doc = Document("Datalekrapport: inzage door gemeenten die de wet niet gaf", kenmerk=kenmerk(r),
                   gemaakt_op=gemaakt_op, voettekst="DUO · Datalekrapport inburgeringsketen")
    doc.alinea("Dit rapport vergelijkt wie elke gemeente in het Portaal Inburgering en via de M2M API kon zien met "
               "wat de wet (begindatum = bekendmaking, gemeente volgens de gegevens van het COA) op basis van wat DUO "
               "die dag wist had gegeven. Alleen inzage die de wet niet gaf, staat erin.")
    doc.kop("Samenvatting voor de melding aan de Autoriteit Persoonsgegevens")
    doc.gegevens(samenvatting(r))
    if not r.lekken:
        return doc.bytes()
    doc.kop("Per gemeente")
    doc.tabel(["Gemeente", "Naam", "Personen", "Perioden", "Van", "Tot en met", "Oorzaak (perioden)"],
              [[g["gemeente"], g["naam"], g["personen"], g["perioden"], _d(g["van"]), _d(g["tot"]), g["varianten"]]
               for g in r.per_gemeente], breedtes=[17, 33, 18, 18, 21, 21, 42], rechts=[2, 3])
    doc.kop("Getoonde persoonsgegevens")
    doc.tabel(["Gegevens", "Waar getoond", "Personen"],
              [[c["categorie"], c["kanaal"], c["personen"]] for c in r.categorieen], breedtes=[75, 75, 20], rechts=[2])
    doc.kop("Genomen maatregelen")
    doc.gegevens(maatregelregels(r))
    doc.kop("Te informeren personen")
    doc.alinea(f"{len(r.personen)} personen. De volledige lijst met adressen en alle perioden staat in de XLSX-export.",
               grootte=9)
    doc.tabel(["BSN", "Naam", "Geboren", "Gemeente(n)", "Van", "Tot en met", "Oorzaak", "SS190"],
              [[p.bsn, p.naam, _d(p.geboortedatum), ", ".join(p.gemeenten), _d(p.van), _d(p.tot),
                ", ".join(p.varianten), _d(p.correctie)] for p in r.personen],
              breedtes=[18, 36, 18, 19, 18, 18, 24, 19], grootte=7.5)
    return doc.bytes()


def _cel(v):
    if isinstance(v, str) and v.startswith(_FORMULE):
        return "'" + v  # never a formula in a spreadsheet (CSV/XLSX injection)
    return v


def _blad(wb: Workbook, naam: str, kolommen: list[str], rijen, eerste: bool = False):
    ws = wb.active if eerste else wb.create_sheet()
    ws.title = naam
    ws.append(kolommen)
    for c in ws[1]:
        c.font = Font(bold=True)
    for rij in rijen:
        ws.append([_cel(v) for v in rij])
    for i, k in enumerate(kolommen, start=1):
        breedte = max([len(str(k))] + [len(str(c.value or "")) for c in ws[get_column_letter(i)][1:200]])
        ws.column_dimensions[get_column_letter(i)].width = min(60, breedte + 2)
        for c in ws[get_column_letter(i)][1:]:
            if isinstance(c.value, date):
                c.number_format = "DD-MM-YYYY"
    ws.freeze_panes = "A2"
    return ws


def als_xlsx(r: Rapport) -> bytes:
    wb = Workbook()
    _blad(wb, "Samenvatting", ["onderwerp", "waarde"],
          [("Gegevens", kenmerk(r))] + samenvatting(r) + maatregelregels(r), eerste=True)
    _blad(wb, "Perioden", ["gemeente", "wet", "bsn", "van", "tot", "variant", "dagen"],
          [(x.gemeente, x.wet, x.bsn, x.van, x.tot, x.variant, x.dagen) for x in r.lekken])
    _blad(wb, "Personen", ["bsn", "naam", "geboortedatum", "adres", "gemeenten", "wetten", "van", "tot", "variant",
                           "correctie_ss190", "brieven"],
          [(p.bsn, p.naam, p.geboortedatum, p.adres, ", ".join(p.gemeenten), ", ".join(p.wetten), p.van, p.tot,
            ", ".join(p.varianten), p.correctie, ", ".join(f"{b.soort} {b.datum.isoformat()}" for b in p.brieven))
           for p in r.personen])
    _blad(wb, "Per gemeente", ["gemeente", "naam", "personen", "perioden", "dagen", "van", "tot", "oorzaak"],
          [(g["gemeente"], g["naam"], g["personen"], g["perioden"], g["dagen"], g["van"], g["tot"], g["varianten"])
           for g in r.per_gemeente])
    _blad(wb, "Gegevens", ["categorie", "waar getoond", "personen"],
          [(c["categorie"], c["kanaal"], c["personen"]) for c in r.categorieen])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
