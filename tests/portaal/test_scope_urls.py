"""Scope on every portal URL with a person or a signal in it, walked from the route table (``portaal.urls``).

For every gemeente page with ``<bsn>`` or ``<pk>`` in its URL, and every gemeente page asked with a ``bsn``
in its query: the answer for a person (or signal) outside the gemeente's scope is byte for byte the answer
for one that does not exist (the BSN itself and the CSRF token aside).

How this was checked (change made by hand, this file run, change undone): ``portaal.toegang.in_scope``
without its ``if zp is None: raise Http404`` — the first test fails (the out-of-scope person's page is
no 404); with ``Notificatie.objects.filter(pk=…)`` instead of ``scope.signalen(…)`` — the first test
fails (another gemeente's signal opens). The views themselves hold no scope call to remove: they get
the person or signal from ``in_scope``.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern

from inburgering.keten.models import Notificatie
from inburgering.portaal import urls as portaal_urls

pytestmark = pytest.mark.django_db

EIGEN, ANDER, ONBEKEND = "693563278", "495181754", "999999990"  # for gemeente 0344: Utrecht's, Amsterdam's, nobody's


def _gemeentepaginas() -> list[URLPattern]:
    return [p for p in portaal_urls.urlpatterns if getattr(p.callback, "rollen", None) == ("gemeente",)]


def _schoon(b: bytes, *vervang: str) -> bytes:
    b = re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", b)
    for v in vervang:
        b = b.replace(v.encode(), b"X")
    return b


def _vraag(client, url, data=None):
    r = client.get(url, data or {})
    if r.status_code == 405:
        r = client.post(url, {**(data or {}), "status": "afgehandeld"})
    if getattr(r, "streaming", False):
        r.content_bytes = b"".join(r.streaming_content)
    else:
        r.content_bytes = r.content
    return r


def test_every_page_with_a_person_or_signal_in_its_url(client, keten, als):
    als("0344")
    eigen_signaal = Notificatie.objects.filter(gemeente="0344", wet="Wi2021", verwijderd_op__isnull=True).first().pk
    ander_signaal = Notificatie.objects.filter(gemeente="0363", wet="Wi2021").first().pk
    geen_signaal = Notificatie.objects.order_by("-pk").first().pk + 1000
    gezien = []
    for p in _gemeentepaginas():
        params = set(p.pattern.converters)
        if not params & {"bsn", "pk"}:
            continue
        def url(waarde, _p=p):
            kw = {"wet": "Wi2021"}
            kw["bsn" if "bsn" in _p.pattern.converters else "pk"] = waarde
            return "/" + str(_p.pattern).replace("<wet:wet>", kw["wet"]).replace("<str:bsn>", str(kw.get("bsn"))) \
                .replace("<int:pk>", str(kw.get("pk")))
        if "bsn" in params:
            binnen, buiten, weg = url(EIGEN), url(ANDER), url(ONBEKEND)
        else:
            binnen, buiten, weg = url(eigen_signaal), url(ander_signaal), url(geen_signaal)
        assert _vraag(client, binnen).status_code in (200, 302), p.name
        client.get("/gemeente/Wi2021/signalen/")  # shows (and so clears) any message the action left
        r_buiten, r_weg = _vraag(client, buiten), _vraag(client, weg)
        assert r_buiten.status_code == r_weg.status_code == 404, p.name
        assert _schoon(r_buiten.content_bytes, buiten, ANDER) == _schoon(r_weg.content_bytes, weg, ONBEKEND), p.name
        gezien.append(p.name)
    assert {"persoon", "signaal", "signaal_status"} <= set(gezien)
    # nothing of the other gemeente's signal changed
    assert Notificatie.objects.get(pk=ander_signaal).status == "nieuw"


def test_every_page_asked_about_a_person_in_its_query(client, keten, als):
    als("0344")
    for p in _gemeentepaginas():
        if set(p.pattern.converters) - {"wet", "formaat"}:
            continue
        pad = "/" + str(p.pattern).replace("<wet:wet>", "Wi2021").replace("<formaat:formaat>", "csv")
        buiten = _vraag(client, pad, {"bsn": ANDER, "status": "alle"})
        weg = _vraag(client, pad, {"bsn": ONBEKEND, "status": "alle"})
        assert buiten.status_code == weg.status_code, p.name
        if buiten.status_code == 200 and "download" in p.name:
            assert buiten.content_bytes.count(b"\n") == weg.content_bytes.count(b"\n") == 1, p.name  # header only
        elif buiten.status_code != 302:
            assert _schoon(buiten.content_bytes, ANDER) == _schoon(weg.content_bytes, ONBEKEND), p.name


def test_gemeente_views_reach_persons_only_through_scope():
    """The gemeente pages import no model that holds a person's data; signals come through ``keten.scope``."""
    import ast
    from pathlib import Path

    import inburgering.portaal.views.gemeente as gemeente

    boom = ast.parse(Path(gemeente.__file__).read_text())
    namen = {a.asname or a.name for n in ast.walk(boom) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not namen & {"Persoon", "Bepaling", "Bericht", "Zichtbaarheid"}, namen
