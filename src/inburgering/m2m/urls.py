"""DUO's M2M APIs under /v1 (contract §4): one route per path of ../shared/duo-m2m/*.openapi.yml.

Path parameters are captured loosely and checked by the operation, so a malformed BSN answers 400 in the
API's own form rather than a framework 404."""

import re

from django.urls import re_path

from .views import OPERATIES


def _patroon(pad: str) -> str:
    return "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(pad)) + "$"


urlpatterns = [re_path(_patroon(pad), view, name=f"m2m:{pad}") for pad, view in OPERATIES.items()]
