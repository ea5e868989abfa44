"""Scope on every path of the API, walked from the route table (``m2m.urls``), not from a hand list.

For each operation with a person in its path: the answer for a person outside the caller's scope is byte for
byte the answer for an unknown BSN (status, body, headers), the in-scope person's request is one entry in the
processing log, and the others leave none. For each operation with another gemeente's object in its path
(a contact person's id): the same against an id that does not exist.

How this was checked to guard the scope (each change made by hand, this file run, the change undone):
- ``keten.scope.persoon`` without its visibility check (``if not perioden or …: return None`` removed):
  the four cases of ``test_every_person_operation_…`` fail (the out-of-scope person gets data or a
  validation answer instead of 404);
- the cycle in ``m2m.api.operatie`` without ``if persoon is None: return … 404``: the same four fail (the
  handlers are reached without a person: a JSON 500 instead of the unknown BSN's 404);
- ``keten.scope.ZichtbarePersoon.bepalingen`` without ``self._zag(…)``:
  ``test_history_shows_only_days_the_gemeente_could_see`` fails (Den Haag sees Amsterdam's months);
- ``_eigen_contactpersoon`` in ``m2m.views`` without ``gemeente=ctx.gemeente.code``:
  ``test_contact_person_operations_of_another_gemeente_…`` fails.
There is no other scope call to remove: handlers get the person only from the cycle (``ctx.persoon``).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern

from inburgering.m2m import urls as m2m_urls
from inburgering.portaal import verwerkingslog
from inburgering.portaal.models import Betrokkene, Verwerking

from .keten import AMSTERDAM, BOW, GEZIN, HAAG, ONBEKEND, OUD, STUDENT, UTRECHT, DEN_HAAG

ZONDER_PERSOON = {"verlengingsgronden", "instellingen", "contactpersonen"}  # no personal data of an inburgeraar


def _operaties() -> list[tuple[str, str, object]]:
    """(path template, method, view) for every route and method of the API."""
    uit = []
    for p in m2m_urls.urlpatterns:
        assert isinstance(p, URLPattern)
        sjabloon = p.name.removeprefix("m2m:")
        for methode in sorted(p.callback.methoden):
            uit.append((sjabloon, methode, p.callback))
    return uit


def _koppen(r) -> dict:
    return {k: v for k, v in r.headers.items() if k not in ("berichtId", "Date")}


def _vergelijk(buiten, onbekend, wat):
    assert buiten.status_code == onbekend.status_code == 404, wat
    assert buiten.content == onbekend.content, wat
    assert _koppen(buiten) == _koppen(onbekend), wat


def _pad(sjabloon: str, bsn: str, contact_id: str) -> str:
    return sjabloon.replace("{bsn}", bsn).replace("{id}", contact_id).replace("{instellingsnummer}", BOW)


def _gelogd(bsn: str) -> int:
    return Betrokkene.objects.filter(data_subject_id=verwerkingslog.pseudoniem(bsn)).count()


def test_the_route_table_is_what_is_walked(specs):
    import yaml

    operaties = _operaties()
    in_specs = set()
    for bestand in specs.glob("*.openapi.yml"):
        if bestand.name != "Notificatie.openapi.yml":
            for pad, ops in yaml.safe_load(bestand.read_text()).get("paths", {}).items():
                in_specs |= {(pad.lstrip("/"), m.upper()) for m in ops if m in ("get", "post", "put", "delete")}
    # every method of every path of the specs is a route, so walking the routes walks the specs
    assert {(s, m) for s, m, _ in operaties} == in_specs
    assert len([o for o in operaties if "{bsn}" in o[0]]) == len([o for o in in_specs if "{bsn}" in o[0]]) > 20
    assert {o[0] for o in operaties if "{bsn}" not in o[0] and "{id}" not in o[0]} == ZONDER_PERSOON


@pytest.mark.parametrize("gemeente, buiten", [
    (AMSTERDAM, HAAG),  # lives in Den Haag
    (AMSTERDAM, OUD),  # Wi2013: not in the Wi2021 environment
    (AMSTERDAM, STUDENT),  # known to DUO, never obligated
    (DEN_HAAG, GEZIN),  # lives in Amsterdam
])
def test_every_person_operation_answers_out_of_scope_exactly_like_unknown(api, gemeente, buiten):
    eigen = {AMSTERDAM: GEZIN, DEN_HAAG: HAAG}[gemeente]
    r = api.post("contactpersonen", json={"naam": "A. de Vries", "email": "a@example.nl",
                                          "telefoonnummer": "0201234567"}, gemeente=gemeente)
    assert r.status_code == 201
    contact_id = str(r.json()["id"])
    gezien = 0
    for sjabloon, methode, _ in _operaties():
        if "{bsn}" not in sjabloon:
            continue
        body = {} if methode in ("POST", "PUT") else None
        voor = {b: _gelogd(b) for b in (eigen, buiten, ONBEKEND)}
        onbekend = api.verzoek(methode, _pad(sjabloon, ONBEKEND, contact_id), gemeente=gemeente, json=body)
        uit = api.verzoek(methode, _pad(sjabloon, buiten, contact_id), gemeente=gemeente, json=body)
        _vergelijk(uit, onbekend, (methode, sjabloon))
        assert onbekend.json() == [{"fouttekst": "Niet gevonden"}]
        binnen = api.verzoek(methode, _pad(sjabloon, eigen, contact_id), gemeente=gemeente, json=body)
        assert binnen.status_code != 500, (methode, sjabloon)
        # the in-scope person was reached (one log entry); the others were not
        assert _gelogd(eigen) == voor[eigen] + 1, (methode, sjabloon, binnen.status_code)
        assert _gelogd(buiten) == voor[buiten] and _gelogd(ONBEKEND) == voor[ONBEKEND], (methode, sjabloon)
        gezien += 1
    assert gezien == len([o for o in _operaties() if "{bsn}" in o[0]])


def test_contact_person_operations_of_another_gemeente_answer_like_a_missing_id(api):
    r = api.post("contactpersonen", json={"naam": "B. Jansen", "email": "b@example.nl",
                                          "telefoonnummer": "0301234567"}, gemeente=UTRECHT)
    utrecht_id = str(r.json()["id"])  # Amsterdam has none: its id 1 does not exist
    bestaat_niet = "99"
    for sjabloon, methode, _ in _operaties():
        if "{id}" not in sjabloon:
            continue
        body = {"naam": "X", "email": "x@example.nl", "telefoonnummer": "0201234567"} if methode == "PUT" else None
        van_utrecht = api.verzoek(methode, _pad(sjabloon, GEZIN, utrecht_id), json=body)
        onbekend = api.verzoek(methode, _pad(sjabloon, GEZIN, bestaat_niet), json=body)
        _vergelijk(van_utrecht, onbekend, (methode, sjabloon))
    # Utrecht's contact person is untouched
    from inburgering.m2m.models import Contactpersoon

    c = Contactpersoon.objects.get(gemeente=UTRECHT, nummer=int(utrecht_id))
    assert c.naam == "B. Jansen" and c.verwijderd_op is None


def test_ids_are_per_gemeente_with_a_quota_and_a_refused_create_leaves_nothing(api, settings):
    from inburgering.m2m.models import Contactpersoon

    settings.INBURGERING_CONTACTPERSONEN_MAX = 2
    gegevens = {"naam": "D. Smit", "email": "d@example.nl", "telefoonnummer": "0201234567"}
    assert api.post("contactpersonen", json=gegevens, gemeente=UTRECHT).json()["id"] == 1
    ids = [api.post("contactpersonen", json=gegevens).json()["id"] for _ in range(2)]
    assert ids == [1, 2]  # Amsterdam's own numbering, not a global one
    r = api.post("contactpersonen", json=gegevens)
    assert r.status_code == 403 and "al 2 contactpersonen" in r.json()[0]["fouttekst"]
    assert Contactpersoon.objects.filter(gemeente=AMSTERDAM).count() == 2
    assert api.delete("contactpersonen/2").status_code == 200
    assert api.post("contactpersonen", json=gegevens).json()["id"] == 3  # a deleted id is never reused


def test_a_refused_report_leaves_nothing_behind(api):
    """A 403 inside a mutation rolls back everything the handler wrote (all or nothing)."""
    from inburgering.keten.models import Bericht

    voor = Bericht.objects.count()
    r = api.pip(GEZIN, "2024-01-08")  # before the obligation began: refused
    assert r.status_code == 403
    assert Bericht.objects.count() == voor


def test_history_shows_only_days_the_gemeente_could_see(api, keten):
    """GEZIN moves from Amsterdam to Den Haag: Den Haag's history starts with what it could see, Amsterdam
    keeps nothing."""
    from datetime import timedelta

    keten.neem_op([keten.adres(GEZIN, keten.dag, DEN_HAAG, "2491AB", 10)])
    keten.verwerk(keten.dag)
    keten.volgende_dag()
    assert api.get(f"personen/{GEZIN}/inburgeringsplicht").status_code == 404
    r = api.get(f"personen/{GEZIN}/inburgeringsplicht/historie", gemeente=DEN_HAAG)
    assert r.status_code == 200
    rijen = r.json()
    assert rijen and all(x["wijzigingsdatum"] >= (keten.dag - timedelta(days=1)).isoformat() for x in rijen), rijen
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rijen[-1]["wijzigingsdatum"])
    assert Verwerking.objects.filter(namens_gemeente=DEN_HAAG, rol="m2m").exists()
    assert uuid.UUID(Verwerking.objects.filter(rol="m2m").first().toelichting["berichtId"])


def test_handlers_have_no_way_to_personal_data_but_the_scoped_person():
    """The API's handlers import no model of the chain: personal data comes only through ``ctx.persoon``."""
    import ast
    from pathlib import Path

    import inburgering.m2m.views as views

    boom = ast.parse(Path(views.__file__).read_text())
    geimporteerd = {f"{n.module or ''}.{a.name}" for n in ast.walk(boom) if isinstance(n, ast.ImportFrom)
                    for a in n.names}
    assert not [m for m in geimporteerd if "keten.models" in m], geimporteerd
    assert sorted(m for m in geimporteerd if m.startswith("keten.")) == ["keten.scope.ZichtbarePersoon",
                                                                         "keten.stamgegevens"]
    namen = {n.id for n in ast.walk(boom) if isinstance(n, ast.Name)}
    assert not namen & {"Persoon", "Bepaling", "Bericht", "Zichtbaarheid", "Notificatie"}
