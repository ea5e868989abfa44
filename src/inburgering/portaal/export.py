"""Streamed downloads of a selection of signals: CSV (semicolon, UTF-8 with BOM, as Dutch Excel expects)
and XLSX (written as a zip stream, rows as inline strings) — constant memory for any number of rows."""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from xml.sax.saxutils import escape

KOLOMMEN = ("signaal", "datum", "gebeurtenis", "omschrijving", "bsn", "vnummer", "doelgroep", "status",
            "afgehandeld_door")
_FORMULE = ("=", "+", "-", "@", "\t", "\r")
_EPOCH = date(1899, 12, 30).toordinal()


class _Regel:
    def __init__(self):
        self.regels: list[str] = []

    def write(self, s):
        self.regels.append(s)


def _csv_waarde(x) -> str:
    if x is None:
        return ""
    if isinstance(x, str):
        return "'" + x if x.startswith(_FORMULE) else x
    if isinstance(x, (date, datetime)):
        return x.isoformat()
    return str(x)


def csv_signaal(r: tuple) -> tuple:
    """Fast path for a row of KOLOMMEN (known types): only free text can start a formula."""
    pk, dag, geb, omschr, bsn, vnr, dg, st, door = r
    return (pk, dag.isoformat(), geb, omschr, bsn, "" if vnr is None else vnr, dg or "", st,
            ("'" + door) if door and door.startswith(_FORMULE) else door)


def stroom_csv(rijen: Iterable[tuple], kolommen=KOLOMMEN, per: int = 2000, omzetter=None) -> Iterator[bytes]:
    buf = _Regel()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(kolommen)
    yield "\ufeff".encode() + "".join(buf.regels).encode()
    buf.regels.clear()
    deel: list[list[str]] = []
    for r in rijen:
        deel.append(omzetter(r) if omzetter else [_csv_waarde(x) for x in r])
        if len(deel) >= per:
            w.writerows(deel)
            deel.clear()
            yield "".join(buf.regels).encode()
            buf.regels.clear()
    w.writerows(deel)
    if buf.regels:
        yield "".join(buf.regels).encode()


class _Stroom:
    """A write-only, unseekable file for ``zipfile``: what is written is taken out by ``neem``."""

    def __init__(self):
        self._delen: list[bytes] = []
        self._positie = 0

    def write(self, b) -> int:
        self._delen.append(bytes(b))
        self._positie += len(b)
        return len(b)

    def tell(self) -> int:
        return self._positie

    def seekable(self) -> bool:
        return False

    def flush(self):
        pass

    def neem(self) -> bytes:
        uit = b"".join(self._delen)
        self._delen.clear()
        return uit


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{naam}" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    '</Relationships>')
_STYLES = (  # style 0: default; 1: date (built-in numFmt 14); 2: bold header
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>')
_BLAD_KOP = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
             '</sheetView></sheetViews><sheetData>')
_BLAD_STAART = "</sheetData></worksheet>"


def _tekst(v: str) -> str:
    s = "".join(ch for ch in v if ch in "\t\n" or ord(ch) >= 32)
    return escape(s)


def _cel(v, stijl: str = "") -> str:
    if v is None or v == "":
        return "<c/>"
    if isinstance(v, date) and not isinstance(v, datetime):
        return f'<c s="1"><v>{v.toordinal() - _EPOCH}</v></c>'
    if isinstance(v, int) and not isinstance(v, bool):
        return f"<c><v>{v}</v></c>"
    return f'<c t="inlineStr"{stijl}><is><t xml:space="preserve">{_tekst(str(v))}</t></is></c>'


def stroom_xlsx(rijen: Iterable[tuple], kolommen=KOLOMMEN, blad: str = "Signalen", per: int = 1000) -> Iterator[bytes]:
    uit = _Stroom()
    with zipfile.ZipFile(uit, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK.format(naam=escape(blad[:31])))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/styles.xml", _STYLES)
        yield uit.neem()
        with z.open("xl/worksheets/sheet1.xml", "w") as f:
            f.write(_BLAD_KOP.encode())
            f.write(("<row>" + "".join(_cel(k, ' s="2"') for k in kolommen) + "</row>").encode())
            deel: list[str] = []
            for r in rijen:
                deel.append("<row>" + "".join(_cel(x) for x in r) + "</row>")
                if len(deel) >= per:
                    f.write("".join(deel).encode())
                    deel.clear()
                    b = uit.neem()
                    if b:
                        yield b
            f.write(("".join(deel) + _BLAD_STAART).encode())
    yield uit.neem()
