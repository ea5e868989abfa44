"""Shared for all tests: the specs in ../shared, and the ``slow`` marker of the fast loop.

``pytest -m "not slow"`` is the fast loop: it leaves out what starts a browser, a broker worker or a server
(pytest-django's ``live_server``, ``inburgering serve``, receivers), the demo, the property-heavy tests and the
process-kill tests. Tests that start a server are marked here by the fixtures they use; the others say so in
their module (``pytestmark``) or on the test.
"""

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
VOORBEELDEN = SHARED / "contract" / "examples"
SPECS = SHARED / "duo-m2m"

# Fixtures that start a server or a worker: a test that uses one is slow.
_TRAGE_FIXTURES = frozenset({"live_server", "api", "ontvangers", "broker", "server", "pagina", "omgeving"})


def gedeeld(pad: Path, wat: str) -> Path:
    """A file or folder from ../shared (the contract's examples, DUO's specs). Required in CI (``CI=true``): a
    test that needs it fails there with this message; on a developer's machine without ../shared it skips."""
    if pad.exists():
        return pad
    melding = f"../shared ontbreekt ({pad}): {wat} niet beschikbaar"
    if os.environ.get("CI") == "true":
        pytest.fail(melding + " — in CI is ../shared verplicht", pytrace=False)
    pytest.skip(melding)


@pytest.fixture
def voorbeelden() -> Path:
    return gedeeld(VOORBEELDEN, "de contractvoorbeelden zijn")


@pytest.fixture
def specs() -> Path:
    return gedeeld(SPECS, "DUO's OpenAPI-bestanden zijn")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if (_TRAGE_FIXTURES & set(item.fixturenames) or item.get_closest_marker("browser")
                or item.get_closest_marker("broker")):
            item.add_marker(pytest.mark.slow)
