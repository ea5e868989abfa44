"""Application logging: one JSON object per line, and never a BSN.

Configured once, in ``project.settings.LOGGING`` (and for gunicorn's own loggers in ``m2m.server``). The
filter masks every run of nine digits — a BSN, or a path that holds one such as a 404 for
``/v1/personen/…/PIP`` — in the message, its arguments and any traceback, before a handler sees it. The
processing log (``portaal.verwerkingslog``) uses the same ``maskeer`` for its free-text fields.
"""

from __future__ import annotations

import logging
import re
import traceback
from datetime import datetime, timezone

import orjson

# A UUID (a message id) is matched whole and kept: nine digits inside one are not a BSN.
_BSN = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|(?<!\d)\d{9}(?!\d)")
MASKER = "*********"


def maskeer(tekst: str) -> str:
    """``tekst`` with every run of exactly nine digits outside a UUID replaced by asterisks."""
    return _BSN.sub(lambda m: m.group() if len(m.group()) == 36 else MASKER, tekst)


def maskeer_alles(waarde):
    """Masks strings inside dicts and lists too (for JSON fields); a key ``bsn`` keeps no value at all."""
    if isinstance(waarde, str):
        return maskeer(waarde)
    if isinstance(waarde, dict):
        return {k: ("***" if k == "bsn" and v else maskeer_alles(v)) for k, v in waarde.items()}
    if isinstance(waarde, (list, tuple)):
        return [maskeer_alles(v) for v in waarde]
    return waarde


class BsnFilter(logging.Filter):
    """Masks BSNs in a record's message (with its arguments) and its exception text."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            bericht = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string still gets logged, masked
            bericht = f"{record.msg!s} {record.args!r}"
        record.msg, record.args = maskeer(bericht), None
        if record.exc_info:
            record.exc_text = maskeer("".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        if record.stack_info:
            record.stack_info = maskeer(record.stack_info)
        for sleutel in ("request", "server_time"):  # Django hangs the request on 404/500 records
            if sleutel in record.__dict__:
                del record.__dict__[sleutel]
        return True


class JsonFormatter(logging.Formatter):
    """``{"tijd", "niveau", "logger", "bericht", "fout"?, "status_code"?}`` per line (masked once more)."""

    def format(self, record: logging.LogRecord) -> str:
        regel = {
            "tijd": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "niveau": record.levelname,
            "logger": record.name,
            "bericht": record.getMessage(),
        }
        if record.exc_info:
            regel["fout"] = "".join(traceback.format_exception(*record.exc_info)).rstrip()
        elif record.exc_text:
            regel["fout"] = record.exc_text
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            regel["status_code"] = status
        return maskeer(orjson.dumps(regel).decode())


def logconfig(niveau: str = "WARNING") -> dict:
    """The dictConfig for Django and for gunicorn's error and access logs."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"bsn": {"()": "inburgering.logboek.BsnFilter"}},
        "formatters": {"json": {"()": "inburgering.logboek.JsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["bsn"]}},
        "root": {"handlers": ["console"], "level": niveau},
        "loggers": {
            # Django's own loggers propagate to the root (its default handlers mail admins and print to the
            # console with the raw path): one handler, one format, masked.
            "django": {"handlers": [], "level": niveau, "propagate": True},
            "django.request": {"handlers": [], "level": niveau, "propagate": True},
            "django.server": {"handlers": [], "level": niveau, "propagate": True},
            "gunicorn.error": {"handlers": [], "level": niveau, "propagate": True},
            "gunicorn.access": {"handlers": [], "level": "INFO", "propagate": True},
        },
    }
