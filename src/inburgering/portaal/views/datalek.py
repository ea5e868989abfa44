"""The privacy officer's breach report: the figures for a notification to the Autoriteit Persoonsgegevens, the
persons to inform, and the report as PDF and XLSX. Every view and download is a processing of personal data and
is logged, with the persons it shows, before anything goes out."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.utils import timezone

from ...dienst import datalek
from ...dienst.datalek_export import als_pdf, als_xlsx, kenmerk, samenvatting
from ...dienst.datalek_tekst import maatregelregels
from ...keten.stamgegevens import ketenstand
from .. import verwerkingslog
from ..models import Verwerking
from ..selectie import DatumInvoer
from ..toegang import privacy_vereist
from .common import toon

ACTIVITEIT = "datalek-melden"  # in verwerkingslog.ACTIVITEITEN
GEGEVENS = "BSN, naam, geboortedatum, adres, gemeenten en perioden van onterechte inzage"


class Venster(forms.Form):
    van = forms.DateField(label="Vanaf", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in."})
    tot = forms.DateField(label="Tot en met", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in."})

    def clean(self):
        c = super().clean()
        if c.get("van") and c.get("tot") and c["van"] > c["tot"]:
            raise forms.ValidationError("De datum ‘vanaf’ ligt na ‘tot en met’.")
        return c


def _rapport(van, tot) -> datalek.Rapport:
    """The report for this state of the chain; cached briefly, since it reads the whole visibility history."""
    stand = ketenstand()
    sleutel = f"datalek-{stand.verwerkt_tot}-{stand.hoogste_volgnummer}-{van}-{tot}"
    r = cache.get(sleutel)
    if r is None:
        r = datalek.stel_op(van, tot)
        cache.set(sleutel, r, 300)
    return r


def _venster(request):
    """(form, van, tot, valid): only the dates are read from the request."""
    form = Venster({k: request.GET[k] for k in ("van", "tot") if request.GET.get(k)} or None)
    if form.is_bound and not form.is_valid():
        return form, None, None, False
    c = form.cleaned_data if form.is_bound else {}
    return form, c.get("van"), c.get("tot"), True


@privacy_vereist
def rapport(request):
    form, van, tot, geldig = _venster(request)
    if not geldig:
        return toon(request, "portaal/datalek.html", {"form": form, "r": None, "menu": "datalek"}, status=400)
    r = _rapport(van, tot)
    pagina = Paginator(r.personen, 100).get_page(request.GET.get("pagina"))
    getoond = [p.bsn for p in pagina.object_list]
    verwerkingslog.leg_vast(request, "datalekrapport bekijken", ACTIVITEIT, GEGEVENS, getoond,
                            toelichting={"van": str(van or ""), "tot": str(tot or ""), "pagina": pagina.number})
    q = {k: v.isoformat() for k, v in (("van", van), ("tot", tot)) if v}
    return toon(request, "portaal/datalek.html", {
        "form": form, "r": r, "pagina": pagina, "kenmerk": kenmerk(r), "samenvatting": samenvatting(r),
        "maatregelen": maatregelregels(r), "menu": "datalek",
        "basis": "?" + urlencode(q) + ("&" if q else ""), "q": urlencode(q)})


@privacy_vereist
def download(request, formaat: str):
    _, van, tot, geldig = _venster(request)
    if not geldig:
        return HttpResponse("Ongeldige periode: vul geldige datums in, ‘vanaf’ niet na ‘tot en met’.\n", status=400,
                            content_type="text/plain; charset=utf-8")
    r = _rapport(van, tot)
    span = verwerkingslog.open_span(request, f"datalekrapport downloaden ({formaat.upper()})", ACTIVITEIT, GEGEVENS,
                                    toelichting={"van": str(van or ""), "tot": str(tot or ""), "formaat": formaat})
    span.voeg_toe(p.bsn for p in r.personen)  # logged before the first byte goes out
    try:
        if formaat == "pdf":
            inhoud, soort = als_pdf(r), "application/pdf"
        else:
            inhoud, soort = als_xlsx(r), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    except Exception:
        span.sluit(status=Verwerking.STATUS_ERROR, aantal=span.aantal)
        raise
    span.sluit(status=Verwerking.STATUS_OK, aantal=span.aantal, bytes=len(inhoud))
    resp = HttpResponse(inhoud, content_type=soort)
    resp["Content-Disposition"] = f'attachment; filename="datalekrapport-{timezone.localdate().isoformat()}.{formaat}"'
    resp["Cache-Control"] = "no-store"
    return resp
