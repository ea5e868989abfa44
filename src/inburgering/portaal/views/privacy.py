"""The privacy officer's search in the processing log."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from stdnum.nl import bsn as stdnum_bsn

from .. import verwerkingslog
from ..models import Rol, Verwerking
from ..selectie import DatumInvoer
from ..toegang import privacy_vereist
from .common import gemeentenamen, toon


class LogFilter(forms.Form):
    bsn = forms.CharField(label="BSN van de betrokkene", required=False, max_length=9,
                          help_text="Toont alle verwerkingen waarbij deze persoon betrokken was.")
    gebruiker = forms.CharField(label="Gebruiker", required=False, max_length=150)
    gemeente = forms.CharField(label="Namens gemeente (code)", required=False, max_length=4)
    activiteit = forms.ChoiceField(label="Verwerkingsactiviteit", required=False)
    van = forms.DateField(label="Vanaf", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in."})
    tot = forms.DateField(label="Tot en met", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in."})

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.fields["activiteit"].choices = [("", "Alle activiteiten")] + [
            (a.uri, a.naam) for a in verwerkingslog.ACTIVITEITEN.values()]

    def clean_bsn(self):
        b = (self.cleaned_data.get("bsn") or "").strip()
        if b and not (b.isdigit() and len(b) == 9 and stdnum_bsn.is_valid(b)):
            raise forms.ValidationError("Vul een geldig BSN in: 9 cijfers die de elfproef doorstaan.")
        return b

    def clean_gemeente(self):
        g = (self.cleaned_data.get("gemeente") or "").strip()
        if g and not (g.isdigit() and len(g) == 4):
            raise forms.ValidationError("Een gemeentecode heeft 4 cijfers, bijvoorbeeld 0363.")
        return g


@privacy_vereist
def verwerkingen(request):
    form = LogFilter(request.GET or None)
    qs = Verwerking.objects.order_by("-start_time", "-id")
    c = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if c.get("bsn"):
        qs = qs.filter(betrokkenen__data_subject_id=verwerkingslog.pseudoniem(c["bsn"]))
    if c.get("gebruiker"):
        qs = qs.filter(gebruiker=c["gebruiker"])
    if c.get("gemeente"):
        qs = qs.filter(namens_gemeente=c["gemeente"])
    if c.get("activiteit"):
        qs = qs.filter(processing_activity_id=c["activiteit"])
    tz = timezone.get_current_timezone()
    if c.get("van"):
        qs = qs.filter(start_time__gte=datetime.combine(c["van"], time.min, tz))
    if c.get("tot"):
        qs = qs.filter(start_time__lt=datetime.combine(c["tot"] + timedelta(days=1), time.min, tz))
    pagina = Paginator(qs, 50).get_page(request.GET.get("pagina"))
    rijen = list(pagina.object_list)
    if c.get("bsn"):
        verwerkingslog.leg_vast(request, "verwerkingslog doorzoeken op BSN", "verwerkingslog-inzien",
                                "verwerkingen waarbij de betrokkene is betrokken", [c["bsn"]],
                                toelichting={"zoekopdracht": {k: str(v) for k, v in c.items() if v and k != "bsn"}})
    namen = gemeentenamen()
    activiteiten = {a.uri: a.naam for a in verwerkingslog.ACTIVITEITEN.values()}
    for r in rijen:
        r.gemeentenaam = namen.get(r.namens_gemeente, r.namens_gemeente)
        r.activiteit = activiteiten.get(r.processing_activity_id, r.processing_activity_id)
        r.rolnaam = Rol(r.rol).label if r.rol in Rol.values else r.rol
    q = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in c.items() if v}
    basis = "?" + urlencode(q) + ("&" if q else "")
    return toon(request, "portaal/verwerkingen.html", {
        "form": form, "pagina": pagina, "rijen": rijen, "bsn": c.get("bsn"), "basis": basis,
        "activiteiten": list(verwerkingslog.ACTIVITEITEN.values())})
