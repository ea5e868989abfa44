from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
VOORBEELDEN = SHARED / "contract" / "examples"


@pytest.fixture
def voorbeelden() -> Path:
    if not VOORBEELDEN.is_dir():
        pytest.skip(f"../shared is niet aanwezig ({VOORBEELDEN}); de contractvoorbeelden ontbreken")
    return VOORBEELDEN
