"""The gemeente's selection of signals: filter form → queryset, always starting from ``keten.scope``.

The inbox, its downloads and the bulk action all use ``selectie`` so they can never disagree about which
signals a filter means.
"""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from ..domein.catalogus import CATALOGUS, CORRECTIES
from ..keten import scope

DOELGROEPEN = ("Asielstatushouder", "Gezinsmigrant en overige migrant")
SORTERINGEN = {
    "-dag": ("-dag", "-volgorde"), "dag": ("dag", "volgorde"),
    "gebeurtenis": ("gebeurtenis", "-dag", "-volgorde"), "-gebeurtenis": ("-gebeurtenis", "-dag", "-volgorde"),
    "bsn": ("bsn", "-dag", "-volgorde"), "-bsn": ("-bsn", "-dag", "-volgorde"),
    "status": ("status", "-dag", "-volgorde"), "-status": ("-status", "-dag", "-volgorde"),
}
FILTERVELDEN = ("gebeurtenis", "van", "tot", "doelgroep", "status", "bsn", "sorteer")


class DatumInvoer(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw):
        super().__init__(format="%Y-%m-%d", **kw)


class SignaalFilter(forms.Form):
    gebeurtenis = forms.ChoiceField(label="Gebeurtenis", required=False)
    van = forms.DateField(label="Ontvangen vanaf", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2022-03-01."})
    tot = forms.DateField(label="Ontvangen tot en met", required=False, widget=DatumInvoer(),
                          error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2022-03-31."})
    doelgroep = forms.ChoiceField(label="Doelgroep", required=False,
                                  choices=[("", "Alle doelgroepen")] + [(d, d) for d in DOELGROEPEN])
    status = forms.ChoiceField(label="Status", required=False, choices=[
        ("nieuw", "Nieuw"), ("afgehandeld", "Afgehandeld"), ("alle", "Nieuw en afgehandeld")])
    bsn = forms.CharField(label="BSN", required=False, max_length=9,
                          help_text="Heel BSN (9 cijfers) of het begin ervan.")
    sorteer = forms.ChoiceField(label="Sorteer op", required=False, choices=[
        ("-dag", "Datum, nieuwste eerst"), ("dag", "Datum, oudste eerst"), ("gebeurtenis", "Gebeurtenis"),
        ("bsn", "BSN"), ("status", "Status")])

    def __init__(self, data=None, correcties: bool = False):
        super().__init__(data)
        ids = sorted(CORRECTIES) if correcties else sorted(k for k in CATALOGUS if k not in CORRECTIES)
        self.fields["gebeurtenis"].choices = [("", "Alle gebeurtenissen")] + [(k, f"{k} – {CATALOGUS[k][0]}") for k in ids]
        self.fields["sorteer"].choices += [(k, k) for k in SORTERINGEN if k not in dict(self.fields["sorteer"].choices)]
        if correcties:
            del self.fields["doelgroep"]  # SS190 carries the BSN only

    def clean_bsn(self):
        b = (self.cleaned_data.get("bsn") or "").strip()
        if b and not b.isdigit():
            raise forms.ValidationError("Een BSN bestaat alleen uit cijfers.")
        return b

    def clean(self):
        c = super().clean()
        if c.get("van") and c.get("tot") and c["van"] > c["tot"]:
            self.add_error("tot", "De einddatum ligt vóór de begindatum.")
        return c

    def waarden(self) -> dict:
        """The valid filter values (invalid fields are left out, so the list still shows)."""
        self.is_valid()
        uit = {}
        for k in FILTERVELDEN:
            if k in self.fields and k not in self.errors:
                v = self.cleaned_data.get(k)
                if v not in (None, ""):
                    uit[k] = v
        uit.setdefault("status", "nieuw")
        uit.setdefault("sorteer", "-dag")
        return uit

    def querystring(self) -> dict:
        w = self.waarden()
        return {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in w.items()}


def filter_q(w: dict, correcties: bool, met_status: bool = False) -> Q:
    """The filter as a condition on the gemeente's signals (``scope.signalen``)."""
    q = Q(gebeurtenis__in=CORRECTIES) if correcties else ~Q(gebeurtenis__in=CORRECTIES)
    if w.get("gebeurtenis"):
        q &= Q(gebeurtenis=w["gebeurtenis"])
    if w.get("van"):
        q &= Q(dag__gte=w["van"])
    if w.get("tot"):
        q &= Q(dag__lte=w["tot"])
    if w.get("doelgroep"):
        q &= Q(doelgroep=w["doelgroep"])
    if w.get("bsn"):
        b = w["bsn"]
        q &= Q(bsn=b) if len(b) == 9 else Q(bsn__startswith=b)
    if met_status and w.get("status") in scope.SIGNAALSTATUSSEN:
        q &= Q(status=w["status"])
    return q


def selectie(gemeente: str, wet: str, correcties: bool, w: dict, met_status: bool = True) -> QuerySet:
    return scope.signalen(gemeente, wet).filter(filter_q(w, correcties, met_status))


def gesorteerd(qs: QuerySet, w: dict) -> QuerySet:
    return qs.order_by(*SORTERINGEN.get(w.get("sorteer") or "-dag", SORTERINGEN["-dag"]))


def met_zichtbaarheid(qs: QuerySet, gemeente: str, wet: str) -> QuerySet:
    """Annotate whether the person behind each signal is in the gemeente's scope now (for the link)."""
    return qs.annotate(in_beeld=Exists(scope.zichtbare_bsns(gemeente, wet).filter(bsn=OuterRef("bsn"))))
