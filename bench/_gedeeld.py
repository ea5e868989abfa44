"""Helpers the benchmark scripts share (they run as scripts: ``bench/`` is on their path)."""

import socket


def vrije_poort() -> int:
    """A free TCP port on the loopback address."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    p = s.getsockname()[1]
    s.close()
    return p
