"""The opt-in group for DUO's operators (contract §5.4): who was placed under Wi2021 wrongly and had received a
Wi2021 kennisgeving before the correction, with the two dates and the law that applies now; as CSV and XLSX.

The page shows no letter, only the two dates DUO needs to contact the group; it is for DUO's functioneel beheer
(never for a gemeente) and every view and download is logged with the persons it shows."""

from __future__ import annotations

import csv
import io

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Font

from ...dienst import brieven
from .. import verwerkingslog
from ..toegang import beheerder_vereist
from .common import toon

ACTIVITEIT = "opt-in-groep"  # in verwerkingslog.ACTIVITEITEN
GEGEVENS = "BSN, wet die nu geldt, datum kennisgeving Wi2021, datum correctie"
KOPPEN = ["BSN", "Wet nu", "Kennisgeving Wi2021", "Correctie"]


def _rijen(groep) -> list[list[str]]:
    return [[x.bsn, x.wet or "", x.kennisgeving.isoformat(), x.correctie.isoformat()] for x in groep]


@beheerder_vereist
def opt_in_groep(request):
    groep = brieven.opt_in_groep()
    pagina = Paginator(groep, 100).get_page(request.GET.get("pagina"))
    verwerkingslog.leg_vast(request, "opt-in-groep bekijken", ACTIVITEIT, GEGEVENS, [x.bsn for x in pagina.object_list],
                            toelichting={"pagina": pagina.number})
    return toon(request, "portaal/opt_in.html", {"groep": groep, "pagina": pagina, "menu": "opt_in"})


@beheerder_vereist
def opt_in_download(request, formaat: str):
    groep = brieven.opt_in_groep()
    verwerkingslog.leg_vast(request, f"opt-in-groep downloaden ({formaat.upper()})", ACTIVITEIT, GEGEVENS,
                            [x.bsn for x in groep], toelichting={"formaat": formaat})
    if formaat == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
        w.writerow(KOPPEN)
        w.writerows(_rijen(groep))
        inhoud, soort = buf.getvalue().encode("utf-8-sig"), "text/csv; charset=utf-8"
    else:
        wb = Workbook()
        ws = wb.active
        ws.title = "Opt-in-groep"
        ws.append(KOPPEN)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in _rijen(groep):
            ws.append(r)
        buf = io.BytesIO()
        wb.save(buf)
        inhoud, soort = buf.getvalue(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    resp = HttpResponse(inhoud, content_type=soort)
    resp["Content-Disposition"] = f'attachment; filename="opt-in-groep-{timezone.localdate().isoformat()}.{formaat}"'
    resp["Cache-Control"] = "no-store"
    return resp
