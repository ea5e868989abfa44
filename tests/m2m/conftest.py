"""Fixtures for the M2M API and delivery tests: a real chain (intake + the one engine), a real HTTP server
(pytest-django's live_server, or ``inburgering serve`` as a subprocess) and real receivers.

SQLite: the test database is a file, not Django's default shared in-memory database, because the API
server, delivery threads and Celery workers write from several threads (shared-cache in-memory SQLite
answers that with 'table is locked'). PostgreSQL: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test``.
"""

from __future__ import annotations

import os
import tempfile

import pytest
from django.conf import settings

from .keten import Keten

_db = settings.DATABASES["default"]
if _db["ENGINE"].endswith("sqlite3"):
    _db.setdefault("TEST", {})["NAME"] = os.path.join(tempfile.gettempdir(), f"inburgering-m2m-test-{os.getpid()}.sqlite3")


@pytest.fixture(autouse=True)
def _m2m_instellingen(settings):
    settings.INBURGERING_M2M_AUTH = "header"
    settings.INBURGERING_OIN = Keten.DUO_OIN
    settings.CELERY_BROKER_URL = ""
    settings.INBURGERING_AFLEVERING = {"basis": 0.05, "maximum": 0.5, "gemeente_maximum": 0.5, "timeout": 2.0,
                                       "lease": 30.0}
    from inburgering.m2m.api import vergeet_gemeenten
    from inburgering.dienst.klok import zet_klok

    vergeet_gemeenten()
    yield
    zet_klok(None)
    vergeet_gemeenten()


@pytest.fixture
def keten(transactional_db) -> Keten:
    """The standard population processed up to the day before ``Keten.VANDAAG``; the API's clock at VANDAAG."""
    k = Keten()
    k.laad_standaard()
    return k


@pytest.fixture
def api(live_server, keten):
    """A client of the live server's M2M API, acting as Amsterdam (header identification)."""
    from .keten import Api

    return Api(live_server.url + "/v1", keten)

