"""The gemeente medewerker's pages, per law environment: signal inbox, corrections (SS190), signal
detail, person page, downloads and the bulk "afgehandeld". Every query starts from ``keten.scope`` for
the user's own gemeente; anything outside it is a 404, exactly like something that does not exist."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from stdnum.nl import bsn as stdnum_bsn

from ...domein.catalogus import CATALOGUS, CORRECTIES, omschrijving
from ...domein.wet import wet_van
from ...keten import scope
from .. import export, verwerkingslog
from ..models import Verwerking
from ..selectie import SignaalFilter, filter_q, gesorteerd, met_zichtbaarheid, selectie
from ..toegang import gemeente_vereist, in_scope
from .common import gemeentenamen, toon

PER_PAGINA = 50


def _lijst(request, wet: str, correcties: bool):
    g = request.profiel.gemeente
    form = SignaalFilter(request.GET, correcties=correcties)
    w = form.waarden()
    # one pass over the gemeente's signals for all counts: the selection per status and the corrections
    in_selectie = filter_q(w, correcties)
    tellingen = scope.signalen(g, wet).aggregate(
        nieuw=Count("id", filter=in_selectie & Q(status=scope.NIEUW)),
        afgehandeld=Count("id", filter=in_selectie & Q(status=scope.AFGEHANDELD)),
        correcties=Count("id", filter=Q(gebeurtenis__in=CORRECTIES)),
    )
    totaal = {"nieuw": tellingen["nieuw"], "afgehandeld": tellingen["afgehandeld"], "alle": tellingen["nieuw"] + tellingen["afgehandeld"]}[w["status"]]
    qs = met_zichtbaarheid(gesorteerd(selectie(g, wet, correcties, w), w), g, wet)
    paginator = Paginator(qs.values("id", "dag", "gebeurtenis", "bsn", "doelgroep", "status", "afgehandeld_door", "in_beeld"),
                          PER_PAGINA)
    paginator.count = totaal  # known from the aggregate above: one count query less
    pagina = paginator.get_page(request.GET.get("pagina"))
    rijen = list(pagina.object_list)
    for r in rijen:
        r["omschrijving"] = omschrijving(r["gebeurtenis"])
    if rijen:
        verwerkingslog.leg_vast(
            request, "correcties bekijken" if correcties else "signalen bekijken",
            "correcties-veiligstellen" if correcties else "signalen-raadplegen",
            "BSN, gebeurtenis, datum, doelgroep, status van signalen", (r["bsn"] for r in rijen), wet=wet,
            toelichting={"selectie": form.querystring(), "pagina": pagina.number})
    qsd = form.querystring()
    basis_url = reverse("portaal:correcties" if correcties else "portaal:signalen", kwargs={"wet": wet})

    def url(**extra):
        return basis_url + "?" + urlencode({**qsd, **extra})

    kolommen = []
    for veld, titel in (("dag", "Datum"), ("gebeurtenis", "Gebeurtenis"), ("bsn", "BSN"), ("status", "Status")):
        huidig = qsd["sorteer"].lstrip("-") == veld
        aflopend = qsd["sorteer"].startswith("-")
        if huidig:
            volgende = veld if aflopend else "-" + veld
        else:
            volgende = "-dag" if veld == "dag" else veld
        kolommen.append({"veld": veld, "titel": titel, "url": url(sorteer=volgende),
                         "aria_sort": ("descending" if aflopend else "ascending") if huidig else None})
    downloads = {
        "csv": reverse("portaal:download", kwargs={"wet": wet, "formaat": "csv"}) + "?" + urlencode({**qsd, "soort": "correcties" if correcties else "signalen"}),
        "xlsx": reverse("portaal:download", kwargs={"wet": wet, "formaat": "xlsx"}) + "?" + urlencode({**qsd, "soort": "correcties" if correcties else "signalen"}),
    }
    return toon(request, "portaal/signalen.html", {
        "wet": wet, "correcties": correcties, "alleen_inzien": wet_van(wet).alleen_inzien, "form": form,
        "pagina": pagina, "rijen": rijen, "totaal": totaal, "tellingen": tellingen, "filter": qsd,
        "filter_items": [(k, v) for k, v in qsd.items() if k not in ("sorteer",)],
        "kolommen": kolommen, "downloads": downloads,
        "vorige_url": url(pagina=pagina.previous_page_number()) if pagina.has_previous() else None,
        "volgende_url": url(pagina=pagina.next_page_number()) if pagina.has_next() else None,
        "eerste_url": url(pagina=1), "laatste_url": url(pagina=paginator.num_pages),
        "heeft_filter": any(k in qsd for k in ("gebeurtenis", "van", "tot", "doelgroep", "bsn")),
        "n_correcties": 0 if correcties else tellingen["correcties"],
    })


@gemeente_vereist
def signalen(request, wet):
    return _lijst(request, wet, correcties=False)


@gemeente_vereist
def correcties(request, wet):
    return _lijst(request, wet, correcties=True)


@gemeente_vereist
@require_POST
def afhandelen(request, wet):
    """Mark the whole filtered selection as handled, in one UPDATE (after a confirmation step)."""
    if wet_van(wet).alleen_inzien:
        raise PermissionDenied(f"De omgeving {wet} is alleen in te zien.")
    g = request.profiel.gemeente
    correcties = request.POST.get("soort") == "correcties"
    form = SignaalFilter(request.POST, correcties=correcties)
    w = form.waarden()
    w["status"] = scope.NIEUW
    qs = selectie(g, wet, correcties, w)
    terug = reverse("portaal:correcties" if correcties else "portaal:signalen", kwargs={"wet": wet}) + "?" + urlencode(
        {**form.querystring(), "status": request.POST.get("status") or "nieuw"})
    if request.POST.get("bevestigd") != "ja":
        return toon(request, "portaal/afhandelen.html", {
            "wet": wet, "aantal": qs.count(), "filter_items": [(k, v) for k, v in form.querystring().items() if k != "sorteer"],
            "filter": {**form.querystring(), "status": request.POST.get("status") or "nieuw"}, "correcties": correcties,
            "terug": terug})
    span = verwerkingslog.open_span(request, "signalen afhandelen (bulk)", "signalen-raadplegen", "status van signalen",
                                    wet=wet, toelichting={"selectie": form.querystring()})
    span.voeg_selectie_toe(qs)
    n = qs.order_by().update(status=scope.AFGEHANDELD, afgehandeld_door=request.user.get_username()[:150])
    span.sluit(signalen=n)
    if n:
        messages.success(request, f"{n:,} signalen gemarkeerd als afgehandeld.".replace(",", "."))
    else:
        messages.info(request, "Er waren geen nieuwe signalen in deze selectie; er is niets gewijzigd.")
    return redirect(terug)


@gemeente_vereist
@in_scope
def signaal(request, wet, signaal):
    n = signaal
    verwerkingslog.leg_vast(request, "signaal bekijken", "correcties-veiligstellen" if n.gebeurtenis in CORRECTIES else "signalen-raadplegen",
                            "BSN, v-nummer, gebeurtenis, datum, doelgroep, status", [n.bsn], wet=wet, toelichting={"signaal": n.pk})
    return toon(request, "portaal/signaal.html", {
        "wet": wet, "n": n, "omschrijving": omschrijving(n.gebeurtenis), "api": CATALOGUS.get(n.gebeurtenis, ("", ""))[1],
        "in_beeld": scope.mag_zien(request.profiel.gemeente, wet, n.bsn), "correctie": n.gebeurtenis in CORRECTIES,
        "alleen_inzien": wet_van(wet).alleen_inzien})


@gemeente_vereist
@require_POST
@in_scope
def signaal_status(request, wet, signaal):
    if wet_van(wet).alleen_inzien:
        raise PermissionDenied(f"De omgeving {wet} is alleen in te zien.")
    n = signaal
    nieuw = request.POST.get("status")
    if nieuw not in (scope.NIEUW, scope.AFGEHANDELD):
        messages.error(request, "Onbekende status.")
    else:
        door = request.user.get_username()[:150] if nieuw == scope.AFGEHANDELD else ""
        scope.zet_signaalstatus(request.profiel.gemeente, wet, n.pk, nieuw, door)
        verwerkingslog.leg_vast(request, "signaalstatus wijzigen", "signalen-raadplegen", "status van een signaal", [n.bsn],
                                wet=wet, toelichting={"signaal": n.pk, "status": nieuw})
        messages.success(request, "Signaal gemarkeerd als afgehandeld." if nieuw == scope.AFGEHANDELD else "Signaal staat weer op nieuw.")
    return redirect("portaal:signaal", wet=wet, pk=n.pk)


@gemeente_vereist
def persoon_zoeken(request, wet):
    bsn = (request.GET.get("bsn") or "").strip().replace(" ", "").replace(".", "")
    fout = None
    if bsn:
        if not (bsn.isdigit() and len(bsn) == 9):
            fout = "Een BSN heeft 9 cijfers."
        elif not stdnum_bsn.is_valid(bsn):
            fout = "Dit is geen geldig BSN (de elfproef klopt niet). Controleer de cijfers."
        elif scope.mag_zien(request.profiel.gemeente, wet, bsn):
            return redirect("portaal:persoon", wet=wet, bsn=bsn)
        else:
            fout = f"Er is geen inburgeraar met dit BSN zichtbaar voor uw gemeente onder de {wet}."
    return toon(request, "portaal/persoon_zoeken.html", {"wet": wet, "bsn": bsn, "fout": fout}, status=404 if bsn and fout else 200)


@gemeente_vereist
@in_scope
def persoon(request, wet, persoon):
    """Everything here comes from the scoped person: the released determination, the released history on days
    this gemeente could see the person, and only the fields its basis allows (``keten.scope.VELDEN``)."""
    zp = persoon
    g = request.profiel.gemeente
    kern = zp.kern
    for k in ("begindatum", "einddatum"):
        if kern.get(k):
            kern[k] = date.fromisoformat(kern[k])
    namen = gemeentenamen()
    if kern.get("gemeente") == g:
        gemeente_kern = namen.get(g, g)
    else:
        gemeente_kern = ("andere gemeente" if kern.get("gemeente") else None)
    geschiedenis = [{
        "dag": b.vrijgegeven_op, "plichtig": b.inburgeringsplichtig, "wet": b.wet, "begindatum": b.begindatum,
        "einddatum": b.einddatum, "reden": b.reden, "doelgroep": b.doelgroep,
        "gemeente": "uw gemeente" if b.gemeente == g else ("andere gemeente" if b.gemeente else "—")}
        for b in zp.bepalingen()]
    sig = list(scope.signalen(g, wet).filter(bsn=zp.bsn).order_by("dag", "volgorde")
               .values("id", "dag", "gebeurtenis", "status", "doelgroep"))
    for s in sig:
        s["omschrijving"] = omschrijving(s["gebeurtenis"])
    gegevens = ["naam", "geboortedatum", "BSN", "v-nummer", "bepaling inburgeringsplicht met uitleg en samenvatting",
                "signalen"]
    if zp.mag("adres"):
        gegevens.insert(4, "adres")
    verwerkingslog.leg_vast(request, "persoon bekijken", "persoon-raadplegen", ", ".join(gegevens), [zp.bsn], wet=wet,
                            toelichting={"grondslag": sorted(zp.grondslagen)})
    gedetailleerd = zp.gedetailleerde_doelgroep
    return toon(request, "portaal/persoon.html", {
        "wet": wet, "p": zp, "kern": kern, "gemeente_kern": gemeente_kern,
        "uitleg": zp.uitleg(), "samenvatting": zp.samenvatting(namen),
        "gedetailleerd": gedetailleerd if gedetailleerd != kern.get("doelgroep") else None,
        "bepaald_op": zp.bepaald_op, "geschiedenis": geschiedenis, "signalen": sig,
        "alleen_inzien": wet_van(wet).alleen_inzien})


@gemeente_vereist
def download(request, wet, formaat):
    """The current selection as CSV or XLSX, streamed; the download is logged with its persons."""
    g = request.profiel.gemeente
    correcties = request.GET.get("soort") == "correcties"
    form = SignaalFilter(request.GET, correcties=correcties)
    w = form.waarden()
    qs = gesorteerd(selectie(g, wet, correcties, w), w)
    rijen_qs = qs.values_list("id", "dag", "gebeurtenis", "bsn", "vnummer", "doelgroep", "status", "afgehandeld_door")
    span = verwerkingslog.open_span(
        request, f"{'correcties' if correcties else 'signalen'} downloaden ({formaat.upper()})",
        "correcties-veiligstellen" if correcties else "signalen-downloaden",
        "BSN, v-nummer, gebeurtenis, datum, doelgroep, status van signalen", wet=wet,
        toelichting={"selectie": form.querystring(), "formaat": formaat})
    span.voeg_selectie_toe(qs)
    omschr = {k: v[0] for k, v in CATALOGUS.items()}

    def rijen():
        n = 0
        status = Verwerking.STATUS_ERROR
        try:
            for pk, dag, geb, bsn, vnr, dg, st, door in rijen_qs.iterator(chunk_size=2000):
                n += 1
                yield (pk, dag, geb, omschr.get(geb, geb), bsn, vnr, dg, st, door)
            status = Verwerking.STATUS_OK
        finally:
            span.sluit(status=status, aantal=span.aantal, rijen=n)

    soort = "correcties-SS190" if correcties else "signalen"
    naam = f"{soort}-{wet}-{g}-{timezone.localdate().isoformat()}"
    if formaat == "csv":
        resp = StreamingHttpResponse(export.stroom_csv(rijen(), omzetter=export.csv_signaal), content_type="text/csv; charset=utf-8")
    else:
        resp = StreamingHttpResponse(export.stroom_xlsx(rijen(), blad="Correcties SS190" if correcties else "Signalen"),
                                     content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="{naam}.{formaat}"'
    resp["Cache-Control"] = "no-store"
    return resp
