"""The M2M request cycle shared by every operation of DUO's APIs (``../shared/duo-m2m``).

For each request, in this order:
1. the method must be one the operation has (else 405 with ``Allow``);
2. the headers ``bron``, ``doel`` (DUO's OIN) and ``berichtId`` (a UUID) must be present and valid (400),
   and a body may not be larger than ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (400);
3. the caller is identified: the gemeente whose OIN is ``bron`` — in production only if the verified
   PKIoverheid client certificate carries that OIN in its subject serialNumber (403, or 400 where the
   operation documents no 403);
4. a ``bsn`` in the path must be 9 digits passing the eleven-test (400);
5. **scope**: for a path with ``{bsn}`` the person is resolved through ``keten.scope.persoon`` — the one
   scope function — before anything else happens; outside the caller's scope the answer is "not found",
   byte for byte the answer for an unknown BSN. The handler gets the scoped person as ``ctx.persoon``
   and has no other way to reach personal data (``m2m.dossier`` reads through it);
6. a mutation already answered for this (bron, berichtId) gets the stored answer, and nothing is applied
   again; a berichtId reused for another request is refused (400);
7. the operation runs; a mutation's writes and its processing-log entry commit together or not at all
   (a refused report leaves nothing behind);
8. every access to a person, and every mutation, is one entry in the processing log (``portaal.verwerkingslog``,
   the person as a keyed hash);
9. every answer carries ``API-Version`` (the version of that API's spec), echoes ``berichtId`` and says
   ``Cache-Control: no-store``.

Error bodies are a list of ``Foutmelding`` (``[{"fouttekst": "…"}]``) in Dutch, the form the specs give
for 403; the other error statuses carry the same form (``m2m.middleware`` turns any failure outside the
cycle — an unknown path, a server error — into the same form).
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import orjson
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from stdnum.nl import bsn as stdnum_bsn

from ..keten import scope
from ..keten import stamgegevens
from ..keten.stamgegevens import Gemeentegegevens
from ..portaal import verwerkingslog
from ..dienst.klok import huidige_klok
from ..domein.wet import M2M_WET
from .models import Verzoek

log = logging.getLogger(__name__)
WET = M2M_WET  # the one law environment DUO's M2M chain serves


@dataclass(frozen=True)
class Api:
    naam: str
    versie: str  # info.version of DUO's spec file; a test compares it with ../shared/duo-m2m


INBURGERINGSPLICHT = Api("Inburgeringsplicht", "1.2.2")
INBURGERINGSTERMIJN = Api("Inburgeringstermijn", "1.0.0")
PIP = Api("PIP", "1.2.0")
LEERBAARHEIDSTOETS = Api("Leerbaarheidstoets", "1.2.0")
INBURGERINGSAANBOD = Api("Inburgeringsaanbod", "1.2.0")
MAP_PVT_ZROUTE = Api("MAP-PVT-Zroute", "1.0.0")
VRIJSTELLING = Api("Vrijstelling", "1.0.0")
ONTHEFFING = Api("Ontheffing", "1.0.0")
EXAMEN = Api("Examen", "1.0.0")
GEVOLGDE_UREN = Api("GevolgdeUren", "1.0.0")
CONTACTPERSOON = Api("Contactpersoon", "1.0.0")
NOTIFICATIE = Api("Notificatie", "1.8.0")  # the gemeente's API that DUO calls

MUTATIES = frozenset({"POST", "PUT", "DELETE", "PATCH"})
NIET_GEVONDEN = "Niet gevonden"


class Fout(Exception):
    """An answer other than success: status and Dutch messages."""

    def __init__(self, status: int, *teksten: str):
        super().__init__(status, teksten)
        self.status = status
        self.teksten = list(teksten) or [NIET_GEVONDEN if status == 404 else "Fout verzoek"]


def niet_gevonden() -> Fout:
    return Fout(404, NIET_GEVONDEN)


@dataclass
class Antwoord:
    status: int
    body: Any = None  # JSON-serialisable, or None for no body


def _foutbody(teksten: list[str]) -> bytes:
    return orjson.dumps([{"fouttekst": t[:200]} for t in teksten[:10]])


@dataclass
class Context:
    request: HttpRequest
    gemeente: Gemeentegegevens
    bericht_id: str
    kwargs: dict  # path parameters other than the BSN
    persoon: scope.ZichtbarePersoon | None = None  # set by the cycle for every path with {bsn}

    @property
    def klok(self):
        return huidige_klok()

    def json(self) -> Any:
        try:
            return orjson.loads(self.request.body or b"null")
        except orjson.JSONDecodeError:
            raise Fout(400, "De body is geen geldige JSON.") from None

    def bericht_id_log(self) -> str:
        """The id of the chain message this request appends (idempotent per bron and berichtId)."""
        return f"m2m:{self.gemeente.oin}:{self.bericht_id}"


# --- identification ---------------------------------------------------------------------------------------

_gemeenten: dict[str, tuple[float, Gemeentegegevens]] = {}
_GEMEENTE_TTL = 30.0


def gemeente_met_oin(oin: str) -> Gemeentegegevens | None:
    nu = time.monotonic()
    hit = _gemeenten.get(oin)
    if hit is not None and nu - hit[0] < _GEMEENTE_TTL:
        return hit[1]
    g = stamgegevens.gemeente_met_oin(oin)
    if g is None:
        _gemeenten.pop(oin, None)
        return None
    _gemeenten[oin] = (nu, g)
    return g


def vergeet_gemeenten() -> None:
    _gemeenten.clear()


def _certificaat_oin(request: HttpRequest) -> str | None:
    """The OIN of a client certificate the TLS server verified (set by ``m2m.server``), else None."""
    if request.META.get("SSL_CLIENT_VERIFY") != "SUCCESS":
        return None
    return request.META.get("SSL_CLIENT_S_DN_serialNumber") or None


def _identificeer(request: HttpRequest, bron: str) -> tuple[Gemeentegegevens | None, str]:
    if settings.INBURGERING_M2M_AUTH != "header":
        oin = _certificaat_oin(request)
        if oin is None:
            if request.META.get("SSL_CLIENT_VERIFY", "").startswith("FAILED:"):
                return None, "Het clientcertificaat is ingetrokken of niet te controleren op intrekking."
            return None, "Geen geldig PKIoverheid-clientcertificaat ontvangen."
        if oin != bron:
            return None, "Het OIN in het clientcertificaat komt niet overeen met de header bron."
    g = gemeente_met_oin(bron)
    if g is None:
        return None, "De header bron is niet het OIN van een bij DUO bekende gemeente."
    return g, ""


def _header_fouten(request: HttpRequest) -> tuple[list[str], str | None]:
    fouten = []
    h = request.headers
    bron, doel, bid = h.get("bron"), h.get("doel"), h.get("berichtId")
    if not bron:
        fouten.append("De header bron ontbreekt.")
    elif not (len(bron) == 20 and bron.isascii() and bron.isdigit()):
        fouten.append("De header bron moet een OIN van 20 cijfers zijn.")
    if not doel:
        fouten.append("De header doel ontbreekt.")
    elif doel != settings.INBURGERING_OIN:
        fouten.append("De header doel is niet het OIN van DUO.")
    geldig_bid = None
    if not bid:
        fouten.append("De header berichtId ontbreekt.")
    else:
        try:
            if len(bid) != 36:
                raise ValueError
            geldig_bid = str(uuid.UUID(bid))
        except ValueError:
            fouten.append("De header berichtId moet een UUID zijn (36 tekens).")
    return fouten, geldig_bid


def geldige_bsn(bsn: str) -> bool:
    return len(bsn) == 9 and bsn.isascii() and bsn.isdigit() and stdnum_bsn.is_valid(bsn)


# --- the view -----------------------------------------------------------------------------------------------

Handler = Callable[[Context], Antwoord]


def _antwoord(api: Api, status: int, body: bytes | None, bericht_id: str | None) -> HttpResponse:
    r = HttpResponse(body or b"", status=status, content_type="application/json")
    if body is None:
        del r["Content-Type"]
    r["API-Version"] = api.versie
    r["Cache-Control"] = "no-store"
    if bericht_id:
        r["berichtId"] = bericht_id
    return r


def _te_groot(request: HttpRequest) -> bool:
    grens = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    try:
        lengte = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return grens is not None and lengte > grens


def _sjabloon(request: HttpRequest) -> str:
    """The path as the route names it (``/v1/personen/{bsn}/PIP``): what the log may say about it."""
    naam = request.resolver_match.url_name if request.resolver_match else None
    return "/v1/" + naam.removeprefix("m2m:") if naam else "/v1/…"


def _leg_vast(api: Api, ctx: Context, status: int, pad: str) -> None:
    """One processing-log entry for this request (the person, if any, as a keyed hash)."""
    mutatie = ctx.request.method in MUTATIES
    activiteit = ("m2m-contactpersonen" if api is CONTACTPERSOON and ctx.persoon is None
                  else "m2m-melding-verwerken" if mutatie else "m2m-verstrekken")
    verwerkingslog.leg_vast(
        ctx.request, f"{ctx.request.method} {pad}", activiteit, api.naam,
        [ctx.persoon.bsn] if ctx.persoon is not None else [], wet=WET if ctx.persoon is not None else "",
        toelichting={"status": status, "berichtId": ctx.bericht_id, **{k: v for k, v in ctx.kwargs.items()}},
        status=verwerkingslog.Verwerking.STATUS_OK if status < 400 else verwerkingslog.Verwerking.STATUS_ERROR,
        actor=verwerkingslog.Actor(f"m2m:{ctx.gemeente.oin}", "m2m", ctx.gemeente.code))


def operatie(api: Api, *, met_403: bool = True, **handlers: Handler):
    """A Django view for one path of one API; ``handlers`` by lower-case method name.

    ``met_403``: whether the operation documents 403 (else identification failures answer 400).
    A handler that changed the chain returns ``Verwerkt``: the engine then runs once the change is stored.
    """
    methoden = {m.upper(): h for m, h in handlers.items()}
    toegestaan = ", ".join(sorted(methoden))

    @csrf_exempt
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        request._verwerking_start = timezone.now()
        handler = methoden.get(request.method)
        if handler is None:
            r = _antwoord(api, 405, _foutbody([f"Methode {request.method} is niet toegestaan."]), None)
            r["Allow"] = toegestaan
            return r
        fouten, bid = _header_fouten(request)
        if _te_groot(request):
            fouten.append(f"De body is groter dan {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes.")
        if fouten:
            return _antwoord(api, 400, _foutbody(fouten), bid)
        gemeente, waarom = _identificeer(request, request.headers["bron"])
        if gemeente is None:
            return _antwoord(api, 403 if met_403 else 400, _foutbody([waarom]), bid)
        if any("\x00" in v for v in kwargs.values()):
            return _antwoord(api, 400, _foutbody(["Het pad bevat ongeldige tekens."]), bid)
        bsn = kwargs.pop("bsn", None)
        persoon = None
        if bsn is not None:
            if not geldige_bsn(bsn):
                return _antwoord(api, 400, _foutbody(["Het bsn moet uit 9 cijfers bestaan en aan de elfproef voldoen."]),
                                 bid)
            persoon = scope.persoon(gemeente.code, WET, bsn)
            if persoon is None:  # outside the caller's scope: exactly the answer for an unknown BSN
                return _antwoord(api, 404, _foutbody([NIET_GEVONDEN]), bid)
        ctx = Context(request, gemeente, bid, kwargs, persoon)
        pad = _sjabloon(request)
        if request.method in MUTATIES:
            return _mutatie(api, handler, ctx, pad)
        try:
            a = handler(ctx)
            status, body = a.status, (None if a.body is None else orjson.dumps(a.body))
        except Fout as f:
            status, body = f.status, _foutbody(f.teksten)
        if persoon is not None:
            _leg_vast(api, ctx, status, pad)
        return _antwoord(api, status, body, bid)

    view.methoden = methoden
    view.api = api
    return view


class Verwerkt(Antwoord):
    """A success that changed the chain: the engine runs once the change is stored."""


def _mutatie(api: Api, handler: Handler, ctx: Context, sjabloon: str) -> HttpResponse:
    req = ctx.request
    pad = verwerkingslog.pseudoniem(req.path)  # retries are compared by path; the stored form holds no BSN
    oin = ctx.gemeente.oin
    eerder = Verzoek.objects.filter(bron=oin, bericht_id=ctx.bericht_id).first()
    if eerder is not None:
        return _herhaal(api, eerder, req.method, pad, ctx.bericht_id)
    try:
        with transaction.atomic():
            try:
                with transaction.atomic():  # a refused report leaves nothing behind
                    a = handler(ctx)
                status, body = a.status, (None if a.body is None else orjson.dumps(a.body))
            except Fout as f:
                a, status, body = None, f.status, _foutbody(f.teksten)
            Verzoek.objects.create(bron=oin, bericht_id=ctx.bericht_id, methode=req.method, pad=pad,
                                   status=status, antwoord=body or b"")
            _leg_vast(api, ctx, status, sjabloon)
    except IntegrityError:  # the same request, concurrently: answer as the first one did
        eerder = Verzoek.objects.filter(bron=oin, bericht_id=ctx.bericht_id).first()
        if eerder is None:
            raise
        return _herhaal(api, eerder, req.method, pad, ctx.bericht_id)
    if isinstance(a, Verwerkt):
        from ..dienst.taken import verwerk

        try:
            verwerk()
        except Exception:  # the report is stored; the background loop processes it later
            log.exception("engine na M2M-melding mislukt; de achtergrondlus verwerkt het later")
    return _antwoord(api, status, body, ctx.bericht_id)


def _herhaal(api: Api, eerder: Verzoek, methode: str, pad: str, bid: str) -> HttpResponse:
    if eerder.methode != methode or eerder.pad != pad:
        return _antwoord(api, 400, _foutbody(["Dit berichtId is al gebruikt voor een ander verzoek."]), bid)
    return _antwoord(api, eerder.status, bytes(eerder.antwoord) or None, bid)
