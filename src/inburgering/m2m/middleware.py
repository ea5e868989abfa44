"""Every failure under /v1/ answers in the API's own form, a JSON list of ``Foutmelding`` in Dutch, with
``Cache-Control: no-store`` — also the ones that never reach the request cycle (``m2m.api``): an unknown
path, an over-size body, an unexpected server error. Nothing else about the failure goes to the caller."""

from __future__ import annotations

import logging

import orjson
from django.http import HttpResponse

log = logging.getLogger("inburgering.m2m")

_TEKSTEN = {
    400: "Fout verzoek.",
    404: "Niet gevonden",
    405: "Deze methode is niet toegestaan.",
    413: "Het verzoek is te groot.",
    500: "Er ging bij DUO iets mis; probeer het later opnieuw.",
}


def _fout(status: int) -> HttpResponse:
    tekst = _TEKSTEN.get(status) or ("Fout verzoek." if status < 500 else _TEKSTEN[500])
    r = HttpResponse(orjson.dumps([{"fouttekst": tekst}]), status=status, content_type="application/json")
    r["Cache-Control"] = "no-store"
    return r


def json_fouten(get_response):
    def middleware(request):
        if not request.path.startswith("/v1/"):
            return get_response(request)
        try:
            response = get_response(request)
        except Exception:  # noqa: BLE001 - the caller gets a JSON 500, the log the (masked) traceback
            log.exception("onverwachte fout in de M2M API")
            return _fout(500)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            return _fout(response.status_code)
        response.headers.setdefault("Cache-Control", "no-store")
        return response

    return middleware
