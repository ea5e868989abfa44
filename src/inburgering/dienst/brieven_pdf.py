"""The letters to persons as PDF: one file per letter and one batch per day for the print street.

Plain Dutch at B1 level: who DUO is, which law, from when, what the person must do next, where to ask. Name and
address come from the BRP messages DUO had on the sending day. These files are DUO's correspondence with the
person: they are written where the operator asks, never offered to a gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import orjson

from ..domein.berichten import herstel
from ..domein.wet import WI2013, WI2021, wet_van
from ..keten import models as m
from ..pdf import Document
from . import brieven

def _wetnaam(code: str) -> str:
    return wet_van(code).naam
VRAGEN = ("Heeft u vragen? Kijk op www.inburgeren.nl. Daar staat ook hoe u DUO kunt bellen of een bericht kunt "
          "sturen. Neem deze brief mee als u naar uw gemeente gaat.")


@dataclass(frozen=True)
class Brief:
    bsn: str
    wet: str
    soort: str
    dag: date
    naam: str
    adres: list[str]
    begindatum: date | None  # kennisgeving: from when; correctie: None
    wet_nu: str | None  # correctie: the law that applies instead (None: no obligation known now)


def _d(x: date | None) -> str:
    maanden = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
               "november", "december")
    return f"{x.day} {maanden[x.month - 1]} {x.year}" if x else "—"


def _adres(bsn: str, dag: date) -> list[str]:
    """The person's BRP address known to DUO on ``dag`` (the newest settled address), as envelope lines."""
    beste = None
    for inhoud, regel, volgnummer in (m.Bericht.objects.filter(bsn=bsn, type="brp.verblijfplaats", dag__lte=dag)
                                      .order_by("dag", "ontvangen", "volgnummer").values_list("inhoud", "regel", "volgnummer")):
        b = herstel(orjson.loads(inhoud), regel)
        if b.velden["datum"] <= dag and (beste is None or (b.velden["datum"], volgnummer) >= beste[0]):
            beste = ((b.velden["datum"], volgnummer), b.velden)
    if beste is None:
        return ["(geen adres in de BRP bekend)"]
    v = beste[1]
    nummer = f"{v['huisnummer']}{v.get('huisletter') or ''}"
    postcode = v["postcode"].replace(" ", "")
    postcode = f"{postcode[:4]} {postcode[4:]}"
    straat = f"{v['straat']} {nummer}" if v.get("straat") else f"huisnummer {nummer}"
    return [straat, f"{postcode}  {(v.get('woonplaats') or '').upper()}".rstrip()]


def _bepaling(bsn: str, dag: date, wet: str | None = None):
    q = m.Bepaling.objects.filter(bsn=bsn, dag__lte=dag)
    if wet is not None:
        q = q.filter(wet=wet)
    return q.order_by("-dag", "-id").values("wet", "begindatum").first()


def laad(rijen) -> list[Brief]:
    """Letters (model rows) with what the PDF needs."""
    namen = dict(m.Persoon.objects.filter(bsn__in={r.bsn for r in rijen}).values_list("bsn", "naam"))
    out = []
    for r in rijen:
        eigen = _bepaling(r.bsn, r.dag, r.wet) or {}
        nu = _bepaling(r.bsn, r.dag) or {}
        out.append(Brief(r.bsn, r.wet, r.soort, r.dag, namen.get(r.bsn) or "", _adres(r.bsn, r.dag),
                         eigen.get("begindatum"), nu.get("wet") if nu.get("wet") != r.wet else None))
    return out


def _aanhef(doc: Document, b: Brief) -> None:
    """Every letter opens alike: the person by name, and who DUO is."""
    doc.alinea(f"Beste {b.naam or 'meneer, mevrouw'},")
    doc.alinea("Wij zijn DUO, de Dienst Uitvoering Onderwijs. DUO werkt voor de overheid. Wij zorgen onder andere "
               "voor de inburgering van nieuwe inwoners van Nederland.")


def _kennisgeving(doc: Document, b: Brief) -> None:
    wet = _wetnaam(b.wet)
    doc.kop("U moet inburgeren")
    _aanhef(doc, b)
    doc.kop("Wat betekent dit voor u?", 2)
    doc.alinea(f"U woont in Nederland met een verblijfsvergunning. Daarom moet u inburgeren. Dat staat in de {wet}. "
               f"Dit geldt voor u vanaf {_d(b.begindatum)}.")
    doc.kop("Wat moet u nu doen?", 2)
    if wet_van(b.wet).pip:  # the gemeente draws up a plan with the person
        doc.alinea("Uw gemeente neemt contact met u op. Samen met de gemeente maakt u een plan. Dat heet het "
                   "persoonlijk plan inburgering en participatie (PIP). In dat plan staat hoe u gaat inburgeren. U hoeft "
                   "nu zelf nog niets te doen.")
    else:
        doc.alinea("U moet binnen 3 jaar slagen voor het inburgeringsexamen. U kiest zelf een school of cursus. U kunt "
                   "daarvoor geld lenen bij DUO. Op www.inburgeren.nl leest u hoe dat werkt.")
    doc.kop("Vragen?", 2)
    doc.alinea(VRAGEN)


def _andere_keuze(doc: Document, b: Brief) -> None:
    """The Wi2013 letter after an opt-in for Wi2021: not a fault, the person's own choice."""
    doc.kop(f"Uw keuze: de {WI2021.naam}")
    _aanhef(doc, b)
    doc.kop("Wat betekent dit voor u?", 2)
    doc.alinea(f"U heeft gekozen om in te burgeren volgens de {WI2021.naam}. Daarom geldt de {WI2013.naam} "
               f"vanaf {_d(b.dag)} niet meer voor u.")
    doc.kop("Wat moet u nu doen?", 2)
    doc.alinea("Uw gemeente neemt contact met u op. Samen met de gemeente maakt u een plan: het persoonlijk plan "
               "inburgering en participatie (PIP). U hoeft nu zelf nog niets te doen.")
    doc.kop("Vragen?", 2)
    doc.alinea(VRAGEN)


def _correctie(doc: Document, b: Brief) -> None:
    if (b.wet, b.wet_nu) == (WI2013.code, WI2021.code):  # the opt-in (domein/opt_in.py), not a fault
        _andere_keuze(doc, b)
        return
    wet = _wetnaam(b.wet)
    doc.kop("Wij hebben een fout gemaakt")
    _aanhef(doc, b)
    doc.kop("Wat is er gebeurd?", 2)
    doc.alinea(f"Wij hebben u eerder een brief gestuurd. Daarin stond dat u moet inburgeren volgens de {wet}. Dat was "
               "niet juist. Wij hebben uw inburgering volgens die wet vanaf "
               f"{_d(b.dag)} stopgezet. Uw gemeente heeft dit ook van ons gehoord. Het spijt ons dat dit is gebeurd.")
    doc.kop("Wat moet u nu doen?", 2)
    if b.wet_nu:
        doc.alinea(f"Voor u geldt de {_wetnaam(b.wet_nu)}. U krijgt van ons een nieuwe brief waarin staat wat dat voor "
                   "u betekent. Tot die tijd hoeft u niets te doen.")
    else:
        doc.alinea("U hoeft nu niets te doen. Als u later toch moet inburgeren, krijgt u daarover een nieuwe brief.")
    doc.kop("Vragen?", 2)
    doc.alinea(VRAGEN)


def _pagina(doc: Document, b: Brief) -> None:
    doc.adresblok([b.naam or "", *b.adres], boven=40)
    doc.gegevens([("Datum", _d(b.dag)), ("Burgerservicenummer", b.bsn), ("Onderwerp", _wetnaam(b.wet))], labelbreedte=55)
    (_kennisgeving if b.soort == "kennisgeving" else _correctie)(doc, b)
    doc.alinea("Met vriendelijke groet,\nDienst Uitvoering Onderwijs (DUO)")


def als_pdf(lijst: list[Brief], titel: str = "Dienst Uitvoering Onderwijs") -> bytes:
    """One PDF with every letter of ``lijst``, one per page (a single letter, or the day's batch)."""
    doc = Document(titel, voettekst="DUO · correspondentie met de inburgeraar · niet voor gemeenten")
    for i, b in enumerate(lijst):
        if i:
            doc.nieuwe_pagina()
            doc.kop(titel)
        _pagina(doc, b)
    return doc.bytes()


def schrijf_dag(dag: date | None, map_: str) -> tuple[date | None, list[str], int]:
    """The letters of ``dag`` (default: the last day with letters) as files in ``map_``: one PDF per letter
    (``brief-DATUM-BSN-WET-SOORT.pdf``) and the batch ``drukstraat-DATUM.pdf``. Returns (day, paths, letters)."""
    if dag is None:
        dag = m.Brief.objects.order_by("-dag").values_list("dag", flat=True).first()
        if dag is None:
            return None, [], 0
    lijst = laad(list(brieven.alle(tot=dag, van=dag)))
    paden = []
    for b in lijst:
        pad = Path(map_) / f"brief-{b.dag.isoformat()}-{b.bsn}-{b.wet}-{b.soort}.pdf"
        pad.write_bytes(als_pdf([b]))
        paden.append(str(pad))
    if lijst:
        pad = Path(map_) / f"drukstraat-{dag.isoformat()}.pdf"
        pad.write_bytes(als_pdf(lijst))
        paden.append(str(pad))
    return dag, paden, len(lijst)


def schrijf_persoon(bsn: str, map_: str) -> list[str]:
    """Every letter of one person as a PDF in ``map_`` (e.g. the demo's wrongly placed person)."""
    paden = []
    for b in laad(list(brieven.alle().filter(bsn=bsn))):
        pad = Path(map_) / f"brief-{b.dag.isoformat()}-{b.bsn}-{b.wet}-{b.soort}.pdf"
        pad.write_bytes(als_pdf([b]))
        paden.append(str(pad))
    return paden
