"""PDF documents in DUO's plain house style, on fpdf2 (pure Python). Shared by every document the chain prints:
the breach report now, the letters to persons later. No Django here.

    doc = Document("Datalekrapport", kenmerk="DL-2022-01")
    doc.kop("Samenvatting")
    doc.alinea("Tekst in gewoon Nederlands …")
    doc.gegevens([("Periode", "04-01-2022 tot en met 28-02-2022"), ("Betrokkenen", "2")])
    doc.tabel(["BSN", "Naam"], [["163923322", "Sara Amrani"]], breedtes=[30, 60])
    doc.adresblok(["Sara Amrani", "Damrak 5", "1011 AB Amsterdam"])   # letters: the window of a C5/DL envelope
    doc.nieuwe_pagina()                                                # e.g. the next letter of a print batch
    pdf_bytes = doc.bytes()

Text is Unicode (names such as Öztürk, Şahin, Nguyễn): the module embeds DejaVu Sans when it finds it
(``INBURGERING_PDF_LETTERTYPE`` = a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf, else the usual
system folders); without it, it falls back to Helvetica and replaces what Latin-1 cannot show by "?".
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, MethodReturnValue, XPos, YPos

_ZOEKPADEN = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts/dejavu",
              "/Library/Fonts", "C:/Windows/Fonts")
_MARGE = 20  # mm
_GRIJS = (90, 90, 90)
_KOPKLEUR = (21, 66, 115)  # Rijkshuisstijl-like dark blue


def lettertype_map() -> Path | None:
    """The folder with DejaVu Sans, or None (then core Helvetica, Latin-1 only)."""
    kandidaten = [os.environ["INBURGERING_PDF_LETTERTYPE"]] if os.environ.get("INBURGERING_PDF_LETTERTYPE") else []
    for map_ in [*kandidaten, *_ZOEKPADEN]:
        p = Path(map_)
        if (p / "DejaVuSans.ttf").is_file() and (p / "DejaVuSans-Bold.ttf").is_file():
            return p
    return None


class _Pdf(FPDF):
    def __init__(self, voettekst: str, **kw):
        super().__init__(**kw)
        self.voettekst = voettekst
        self.familie = "Helvetica"

    def footer(self):
        self.set_y(-14)
        self.set_font(self.familie, "", 8)
        self.set_text_color(*_GRIJS)
        self.cell(0, 5, self.voettekst, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"pagina {self.page_no()} van {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


class Document:
    """One PDF: A4 portrait (or landscape for wide tables), a title block, running footer with page numbers."""

    def __init__(self, titel: str, kenmerk: str = "", afzender: str = "Dienst Uitvoering Onderwijs (DUO)",
                 liggend: bool = False, gemaakt_op: datetime | None = None, voettekst: str | None = None):
        self.titel = titel
        voet = voettekst if voettekst is not None else f"{afzender} · {titel}"
        self.pdf = _Pdf(voet, orientation="L" if liggend else "P", unit="mm", format="A4")
        self.pdf.set_margins(_MARGE, _MARGE, _MARGE)
        self.pdf.set_auto_page_break(True, margin=20)
        map_ = lettertype_map()
        if map_ is not None:
            self.pdf.add_font("DejaVu", "", str(map_ / "DejaVuSans.ttf"))
            self.pdf.add_font("DejaVu", "B", str(map_ / "DejaVuSans-Bold.ttf"))
            self.pdf.familie = "DejaVu"
        self.unicode = map_ is not None
        self.pdf.set_title(titel)
        self.pdf.set_author(afzender)
        self.pdf.set_creator("inburgering")
        self.pdf.set_lang("nl")
        self.pdf.set_creation_date(gemaakt_op or datetime.now(timezone.utc))
        self.pdf.add_page()
        self._font("B", 16)
        self.pdf.set_text_color(*_KOPKLEUR)
        self.pdf.multi_cell(0, 8, self._t(titel), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(0, 0, 0)
        if kenmerk:
            self._font("", 9)
            self.pdf.set_text_color(*_GRIJS)
            self.pdf.cell(0, 5, self._t(kenmerk), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(4)

    # --- text ------------------------------------------------------------------------------------------------
    def _t(self, s) -> str:
        s = "" if s is None else str(s)
        return s if self.unicode else s.encode("latin-1", "replace").decode("latin-1")

    def _font(self, stijl: str, grootte: float) -> None:
        self.pdf.set_font(self.pdf.familie, stijl, grootte)

    @property
    def breedte(self) -> float:
        """The usable width in mm."""
        return self.pdf.w - self.pdf.l_margin - self.pdf.r_margin

    def kop(self, tekst: str, niveau: int = 1) -> None:
        self.pdf.ln(2)
        self._font("B", 13 if niveau == 1 else 11)
        self.pdf.set_text_color(*_KOPKLEUR)
        self.pdf.multi_cell(0, 7, self._t(tekst), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_text_color(0, 0, 0)
        self.pdf.ln(1)

    def alinea(self, tekst: str, grootte: float = 10, vet: bool = False) -> None:
        self._font("B" if vet else "", grootte)
        self.pdf.multi_cell(0, grootte * 0.5, self._t(tekst), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(2)

    def opsomming(self, punten: Iterable[str], grootte: float = 10) -> None:
        self._font("", grootte)
        for p in punten:
            self.pdf.set_x(self.pdf.l_margin)
            self.pdf.cell(5, grootte * 0.5, self._t("•" if self.unicode else "-"))
            self.pdf.multi_cell(0, grootte * 0.5, self._t(p), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.ln(2)

    def gegevens(self, paren: Sequence[tuple[str, str]], labelbreedte: float = 60) -> None:
        """Label–value pairs, two columns (a definition list)."""
        for label, waarde in paren:
            self._font("B", 10)
            hoogte = self.pdf.multi_cell(labelbreedte, 5, self._t(label), align=Align.L, dry_run=True,
                                         output=MethodReturnValue.HEIGHT)
            if self.pdf.will_page_break(hoogte):
                self.pdf.add_page()
            y = self.pdf.get_y()
            self.pdf.multi_cell(labelbreedte, 5, self._t(label), align=Align.L, new_x=XPos.RIGHT, new_y=YPos.TOP)
            self._font("", 10)
            self.pdf.multi_cell(0, 5, self._t(waarde), align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.pdf.set_y(max(self.pdf.get_y(), y + hoogte) + 1)
        self.pdf.ln(2)

    def tabel(self, kolommen: Sequence[str], rijen: Iterable[Sequence], breedtes: Sequence[float] | None = None,
              grootte: float = 8.5, rechts: Sequence[int] = ()) -> None:
        """A table with a repeated header row; ``breedtes`` in mm (default: equal), ``rechts``: right-aligned columns."""
        self._font("", grootte)
        uitlijning = tuple("RIGHT" if i in rechts else "LEFT" for i in range(len(kolommen)))
        with self.pdf.table(col_widths=tuple(breedtes) if breedtes else None, width=self.breedte,
                            text_align=uitlijning, line_height=grootte * 0.55, first_row_as_headings=True,
                            repeat_headings=1, headings_style=_KopStijl(self.pdf.familie, grootte),
                            borders_layout="HORIZONTAL_LINES", padding=1) as t:
            r = t.row()
            for k in kolommen:
                r.cell(self._t(k))
            for rij in rijen:
                r = t.row()
                for v in rij:
                    r.cell(self._t(v))
        self.pdf.ln(3)

    def adresblok(self, regels: Sequence[str], links: float = 22, boven: float = 50) -> None:
        """The addressee where a window envelope shows it (for letters); the cursor continues below it."""
        self._font("", 10)
        self.pdf.set_xy(links, boven)
        for r in regels:
            self.pdf.set_x(links)
            self.pdf.cell(85, 5, self._t(r), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.pdf.set_y(max(self.pdf.get_y(), boven + 30))

    def nieuwe_pagina(self) -> None:
        self.pdf.add_page()

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())


def _KopStijl(familie: str, grootte: float):
    from fpdf.fonts import FontFace

    return FontFace(family=familie, emphasis="BOLD", size_pt=grootte, fill_color=(230, 236, 244))
