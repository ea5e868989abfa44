"""The DUO functioneel beheerder's pages: dashboard, process control, re-determination.

Nothing here computes a determination: process control goes through ``dienst.procesbesturing.wijzig``
(a message in the log, then the engine), re-determination through ``dienst.herbeoordeling``: the page plans
the run and it runs in the background (Celery workers, or the background loop of ``inburgering serve``)
while the page shows its progress. These pages show counts per gemeente only, no personal data.
"""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from ...dienst import herbeoordeling as runs
from ...dienst import overzicht, procesbesturing
from ...dienst.rapport import KOLOMMEN
from ...domein.parameters import PROCESGROEPEN, WETTEN
from ...domein.wet import PERIODEN
from ...keten.stamgegevens import ketenstand
from .. import grafiek
from ..selectie import DatumInvoer
from ..toegang import beheerder_vereist, klok
from .common import gemeentenamen, toon

GROEPNAMEN = {"gezinsmigranten": "Gezinsmigranten", "asiel_en_overig": "Asielstatushouders en overige migranten",
              "alle": "Alle groepen"}
NIEUWSTE = PERIODEN[0].code  # the newest law: shown first
KOLOMNAMEN = {"wet_gewijzigd": "Andere wet", "gemeente_gewijzigd": "Andere gemeente", "ss190": "Correcties SS190",
              "nieuwe_signalen": "Nieuwe signalen", "opgeschoond": "Opgeschoond", "aangehouden": "Aangehouden"}


def _gepland(stand) -> list[dict]:
    """Process-control changes the engine has not taken in yet (the CLI's ``proces status`` shows the same)."""
    return [{"dag": g.dag, "actie": g.actie, "wet": g.wet, "groep": GROEPNAMEN.get(g.procesgroep, g.procesgroep),
             "door": g.door} for g in procesbesturing.gepland(stand)]


def _procesregels(stand) -> list[dict]:
    gepauzeerd = {(w, g): date.fromisoformat(s) for w, g, s in stand.gepauzeerd}
    aangehouden = overzicht.aangehouden_per_groep()
    return [{"wet": w, "groep": g, "groepnaam": GROEPNAMEN[g], "sinds": gepauzeerd.get((w, g)),
             "aangehouden": aangehouden.get((w, g), 0)} for w in reversed(WETTEN) for g in PROCESGROEPEN]


# --- dashboard ------------------------------------------------------------------------------------------


@beheerder_vereist
def dashboard(request):
    stand = ketenstand()
    eind = stand.verwerkt_tot or klok().vandaag()
    wet = request.GET.get("wet") if request.GET.get("wet") in WETTEN else NIEUWSTE
    weken = int(request.GET["weken"]) if request.GET.get("weken") in ("12", "26", "52") else 12
    alle = request.GET.get("alle") == "1"
    eerste = eind - timedelta(days=eind.weekday()) - timedelta(weeks=weken - 1)
    weeklabels = [eerste + timedelta(weeks=i) for i in range(weken)]
    per = overzicht.signalen_per_week(wet, eerste, eind)
    namen = gemeentenamen()
    rijen = []
    for g, d in per.items():
        reeks = [d.get(w, 0) for w in weeklabels]
        rijen.append({"gemeente": g, "naam": namen.get(g, g), "reeks": reeks, "totaal": sum(reeks),
                      "mini": grafiek.mini(reeks, f"{namen.get(g, g)}: signalen per week")})
    rijen.sort(key=lambda r: (-r["totaal"], r["naam"]))
    gekozen = request.GET.get("gemeente") if request.GET.get("gemeente") in per else ""
    bron = [r for r in rijen if r["gemeente"] == gekozen] if gekozen else rijen
    totaal_per_week = [sum(r["reeks"][i] for r in bron) for i in range(weken)]
    kaart = grafiek.staven([(f"{w.isocalendar()[1]}", v) for w, v in zip(weeklabels, totaal_per_week)],
                           f"Signalen per week, {wet}, {namen.get(gekozen, gekozen) if gekozen else 'alle gemeenten'}",
                           f"Aantal signalen per week van {eerste:%d-%m-%Y} tot en met {eind:%d-%m-%Y}.", id_="wk")
    correcties = overzicht.correcties_per_gemeente()
    for c in correcties:
        c["naam"] = namen.get(c["gemeente"], c["gemeente"])
    return toon(request, "portaal/dashboard.html", {"menu": "dashboard",
        "stand": stand, "wet": wet, "wetten": list(reversed(WETTEN)), "weken": weeklabels, "rijen": rijen if alle else rijen[:15],
        "meer": 0 if alle else max(0, len(rijen) - 15), "aantal_weken": weken, "kolommen_per_week": weken <= 12,
        "gekozen": gekozen, "gemeentekeuze": sorted(((g, namen.get(g, g)) for g in per), key=lambda x: x[1]), "kaart": kaart, "totaal_per_week": totaal_per_week,
        "procesregels": _procesregels(stand), "correcties": correcties,
        "correcties_totaal": sum(c["n"] for c in correcties), "correcties_top": correcties[:10],
        "eerste": eerste, "eind": eind})


# --- process control -----------------------------------------------------------------------------------


class ProcesFormulier(forms.Form):
    actie = forms.ChoiceField(label="Actie", choices=[("pauzeer", "Pauzeren"), ("hervat", "Hervatten")],
                              widget=forms.RadioSelect)
    wet = forms.ChoiceField(label="Wet", choices=[(w, w) for w in reversed(WETTEN)] + [("alle", "Alle wetten")])
    procesgroep = forms.ChoiceField(label="Herstartgroep", choices=[(g, GROEPNAMEN[g]) for g in PROCESGROEPEN] + [("alle", "Alle groepen")])
    datum = forms.DateField(label="Ingangsdatum", widget=DatumInvoer(),
                            help_text="De dag waarop de wijziging ingaat. Moet ná de laatst verwerkte dag liggen.",
                            error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 2022-03-25.",
                                            "required": "Vul een ingangsdatum in."})


@beheerder_vereist
def procesbesturing_view(request):
    stand = ketenstand()
    standaard = (stand.verwerkt_tot + timedelta(days=1)) if stand.verwerkt_tot else klok().vandaag()
    if request.method == "POST":
        form = ProcesFormulier(request.POST)
        if form.is_valid():
            c = form.cleaned_data
            if stand.verwerkt_tot and c["datum"] <= stand.verwerkt_tot:
                form.add_error("datum", f"De keten is al verwerkt tot en met {stand.verwerkt_tot:%d-%m-%Y}. "
                                        f"Kies {standaard:%d-%m-%Y} of later.")
            elif request.POST.get("bevestigd") != "ja":
                paren = [(w, g) for w in (WETTEN if c["wet"] == "alle" else (c["wet"],))
                         for g in (PROCESGROEPEN if c["procesgroep"] == "alle" else (c["procesgroep"],))]
                aangehouden = overzicht.aangehouden_per_groep()
                return toon(request, "portaal/proces_bevestig.html", {
                    "c": c, "groepnaam": GROEPNAMEN[c["procesgroep"]], "stand": stand,
                    "vrij": sum(aangehouden.get(p, 0) for p in paren), "toekomst": c["datum"] > klok().vandaag()})
            else:
                try:
                    procesbesturing.wijzig(c["actie"], c["wet"], c["procesgroep"], c["datum"], klok=klok(),
                                           door=f"portaal-{request.user.get_username()}")
                except ValueError as e:
                    form.add_error("datum", f"Niet uitgevoerd: {e}.")
                else:
                    wat = "gepauzeerd" if c["actie"] == "pauzeer" else "hervat"
                    messages.success(request, f"Vaststellen {c['wet'] if c['wet'] != 'alle' else 'alle wetten'}, "
                                              f"{GROEPNAMEN[c['procesgroep']].lower()}: {wat} met ingang van {c['datum']:%d-%m-%Y}.")
                    return redirect("portaal:procesbesturing")
    else:
        form = ProcesFormulier(initial={"actie": "hervat", "wet": NIEUWSTE, "procesgroep": "alle", "datum": standaard})
    return toon(request, "portaal/procesbesturing.html", {"menu": "proces", "form": form, "stand": stand, "regels": _procesregels(stand),
                                                          "vandaag": klok().vandaag(), "gepland": _gepland(stand)})


# --- re-determination -----------------------------------------------------------------------------------


@beheerder_vereist
def herbeoordelingen(request):
    return toon(request, "portaal/herbeoordelingen.html", {"menu": "herbeoordeling", "runs": runs.recente_runs(), "stand": ketenstand()})


@beheerder_vereist
@require_POST
def herbeoordeling_start(request):
    uitvoeren = request.POST.get("uitvoeren") == "ja"
    stand = ketenstand()
    if stand.verwerkt_tot is None:
        messages.error(request, "Er is nog niets verwerkt; er valt niets te herbeoordelen.")
        return redirect("portaal:herbeoordelingen")
    if uitvoeren:
        proef = runs.run_of_niets(request.POST.get("proef"))
        if not _uitvoerbaar(proef, stand):
            messages.error(request, "Deze proefrun is niet meer actueel. Start eerst een nieuwe proefrun en bekijk de impact.")
            return redirect("portaal:herbeoordelingen")
        if request.POST.get("bevestigd") != "ja":
            return toon(request, "portaal/herbeoordeling_bevestig.html", {"run": proef, "totalen": _totalen(proef)})
    try:
        run = runs.plan(uitvoeren, f"portaal: {'uitgevoerd' if uitvoeren else 'proefrun'} door {request.user.get_username()}",
                        klok=klok())
    except runs.HerbeoordelingLoopt:
        messages.error(request, "Er wordt al een herbeoordeling uitgevoerd. Wacht tot die klaar is.")
        return redirect("portaal:herbeoordelingen")
    runs.start_op_achtergrond(run.pk)
    if uitvoeren:
        messages.success(request, "De herbeoordeling is gestart. Nieuwe signalen en correcties gaan naar de gemeenten "
                                  "zodra elk deel klaar is.")
    else:
        messages.info(request, "De proefrun is gestart. Er wordt niets gewijzigd; de impact verschijnt hieronder als hij klaar is.")
    return redirect("portaal:herbeoordeling", pk=run.pk)


@beheerder_vereist
@require_POST
def herbeoordeling_hervat(request, pk):
    """Run the open chunks of a run again (after a worker stopped): chunks already done are left alone."""
    run = runs.run_of_niets(pk, runs.GEPLAND)
    if run is None:
        raise Http404("Deze herbeoordeling loopt niet.")
    runs.start_op_achtergrond(run.pk, hervat=True)
    messages.info(request, "De delen die nog niet klaar waren, zijn opnieuw gestart.")
    return redirect("portaal:herbeoordeling", pk=run.pk)


def _uitvoerbaar(run, stand) -> bool:
    if run is None or run.uitgevoerd or run.status != runs.KLAAR:
        return False
    return runs.laatste_run_id() == run.id and stand.verwerkt_tot == run.dag


def _totalen(run) -> dict:
    t = {k: 0 for k in KOLOMMEN}
    for r in run.rapport.get("rijen", []):
        for k in KOLOMMEN:
            t[k] += r.get(k, 0)
    return t


@beheerder_vereist
def herbeoordeling(request, pk):
    run = runs.run_of_niets(pk)
    if run is None:
        raise Http404("Deze herbeoordeling bestaat niet.")
    if request.headers.get("HX-Request") == "true" and request.headers.get("HX-Target") == "voortgang":
        return _voortgang(request, run)
    if run.status != runs.KLAAR:
        return _voortgang(request, run)
    namen = gemeentenamen()
    wetten_in_rapport = sorted({r["wet"] for r in run.rapport.get("rijen", []) if r["wet"] in WETTEN}, reverse=True)
    wet = request.GET.get("wet") if request.GET.get("wet") in wetten_in_rapport + ["alle"] else (
        NIEUWSTE if NIEUWSTE in wetten_in_rapport else "alle")
    rijen = []
    for r in run.rapport.get("rijen", []):
        if wet != "alle" and r["wet"] != wet:
            continue
        rijen.append({**{k: r.get(k, 0) for k in KOLOMMEN}, "gemeente": r["gemeente"], "wet": r["wet"],
                      "naam": namen.get(r["gemeente"], "geen gemeente" if r["gemeente"] == "—" else r["gemeente"])})
    rijen.sort(key=lambda r: (-(r["nieuwe_signalen"] + r["ss190"] + r["opgeschoond"]), r["naam"], r["wet"]))
    per_gemeente: dict[str, dict] = {}
    for r in rijen:
        d = per_gemeente.setdefault(r["naam"], {})
        for k in ("nieuwe_signalen", "ss190", "opgeschoond", "aangehouden"):
            d[k] = d.get(k, 0) + r[k]
    gr = sorted(per_gemeente.items(), key=lambda kv: -sum(kv[1].values()))[:25]
    kaart = grafiek.liggend(gr, [("nieuwe_signalen", "Nieuwe signalen"), ("ss190", "Correcties SS190"),
                                 ("opgeschoond", "Opgeschoond"), ("aangehouden", "Aangehouden")],
                            f"Impact per gemeente ({'alle wetten' if wet == 'alle' else wet})", "Per gemeente het aantal nieuwe signalen, correcties, opgeschoonde "
                                                   "signalen en aangehouden personen; de tabel eronder geeft dezelfde cijfers.")
    return toon(request, "portaal/herbeoordeling.html", {"menu": "herbeoordeling",
        "run": run, "rijen": rijen, "kolommen": [(k, KOLOMNAMEN[k]) for k in KOLOMMEN], "totalen": _totalen(run),
        "kaart": kaart, "uitvoerbaar": _uitvoerbaar(run, ketenstand()), "wet": wet, "wetten_in_rapport": wetten_in_rapport})


def _duur(seconden) -> str | None:
    if seconden is None:
        return None
    if seconden < 60:
        return "minder dan een minuut"
    minuten = round(seconden / 60)
    return f"ongeveer {minuten} minuut" if minuten == 1 else f"ongeveer {minuten} minuten"


def _voortgang(request, run):
    """A run not done yet: its progress. htmx polls the block; once the run is done the page reloads with the
    impact. Without JavaScript the link reloads it."""
    v = runs.voortgang(run.pk)
    htmx = request.headers.get("HX-Request") == "true"
    if htmx and v["status"] == runs.KLAAR:
        antwoord = HttpResponse(status=204)
        antwoord["HX-Refresh"] = "true"
        return antwoord
    procent = int(100 * v["personen_klaar"] / v["personen_totaal"]) if v["personen_totaal"] else 100
    context = {"menu": "herbeoordeling", "run": run, "v": v, "procent": procent,
               "resterend": _duur(v["seconden_resterend"]), "verstreken": _duur(v["seconden"])}
    return toon(request, "portaal/_herbeoordeling_voortgang.html" if htmx else "portaal/herbeoordeling_voortgang.html",
                context)
