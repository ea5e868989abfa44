"""Operations endpoints: ``/gezond`` (liveness: the process answers), ``/gereed`` (readiness: database, broker,
engine lag), ``/metrics`` (Prometheus), and the middleware that times the M2M API per route."""

from __future__ import annotations

import time

from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def gezond(request):
    return JsonResponse({"gezond": True})


@never_cache
@require_GET
def gereed(request):
    from ..dienst.metrieken import gereed as controleer

    ok, controles = controleer()
    return JsonResponse({"gereed": ok, "controles": controles}, status=200 if ok else 503)


@never_cache
@require_GET
def metrics(request):
    from prometheus_client import CONTENT_TYPE_LATEST

    from ..dienst.metrieken import exporteer
    from ..m2m.aflevering import Cijfers

    return HttpResponse(exporteer(Cijfers()), content_type=CONTENT_TYPE_LATEST)


def api_latentie(get_response):
    """Time every request to /v1/; labelled by the operation's path template (``personen/{bsn}/…``), never
    the path itself (it holds a BSN)."""
    from ..dienst.metrieken import API_LATENTIE

    def middleware(request):
        if not request.path.startswith("/v1/"):
            return get_response(request)
        t = time.perf_counter()
        response = get_response(request)
        match = getattr(request, "resolver_match", None)
        route = (match.url_name or match.route).removeprefix("m2m:") if match is not None else "onbekend"
        API_LATENTIE.labels(request.method, route, str(response.status_code)).observe(time.perf_counter() - t)
        return response

    return middleware
