"""The clock the M2M component hands to the engine: the project's one clock provider."""

from ..dienst.klok import huidige_klok as klok  # noqa: F401
from ..dienst.klok import zet_klok  # noqa: F401
