"""What the broker and kill tests share: the brokers to test against, whether one is there, and waiting for a condition."""

from __future__ import annotations

import os
import socket
import time
from urllib.parse import urlsplit

import pytest

BROKERS = {
    "redis": os.environ.get("INBURGERING_TEST_REDIS", "redis://127.0.0.1:6379/15"),
    "rabbitmq": os.environ.get("INBURGERING_TEST_AMQP", "amqp://guest:guest@127.0.0.1:5672//"),
}


def bereikbaar(url: str) -> bool:
    u = urlsplit(url)
    try:
        with socket.create_connection((u.hostname, u.port or {"redis": 6379, "amqp": 5672}[u.scheme]), timeout=2):
            return True
    except OSError:
        return False


def broker_url(naam: str) -> str:
    """The URL of broker ``naam``; skips the test when it is not there, fails it on CI (where it must be)."""
    url = BROKERS[naam]
    if not bereikbaar(url):
        if os.environ.get("CI") == "true":
            pytest.fail(f"broker {naam} ({url}) is niet bereikbaar, en op CI moet hij er zijn")
        pytest.skip(f"broker {naam} ({url}) is niet bereikbaar; start Redis/RabbitMQ om deze test te draaien")
    return url


def wacht(voorwaarde, tot: float = 30.0) -> bool:
    """Polls ``voorwaarde`` until it holds (True) or ``tot`` seconds have passed (False)."""
    eind = time.monotonic() + tot
    while time.monotonic() < eind:
        if voorwaarde():
            return True
        time.sleep(0.1)
    return False
