"""``inburgering serve``: the whole Django app (portal and M2M API) under gunicorn, with TLS and mutual TLS.

Gunicorn terminates TLS itself but does not hand the client certificate to the application. The workers
here do: for a connection whose client certificate the TLS layer verified against ``--ca-certs``, the
WSGI environ gets ``SSL_CLIENT_VERIFY=SUCCESS``, ``SSL_CLIENT_S_DN_serialNumber`` (the OIN in a
PKIoverheid certificate's subject) and ``SSL_CLIENT_S_DN_CN`` — names as Apache's mod_ssl uses them (PEP
3333 allows them). They are set from the socket, never from request headers, and cleared per request.
"""

from __future__ import annotations

import os
import ssl
import threading

from gunicorn.app.base import BaseApplication
from gunicorn.workers.gthread import ThreadWorker
from gunicorn.workers.sync import SyncWorker

_lokaal = threading.local()
_CERT_SLEUTELS = ("SSL_CLIENT_VERIFY", "SSL_CLIENT_S_DN_serialNumber", "SSL_CLIENT_S_DN_CN", "SSL_CLIENT_S_DN_O")


def cert_environ(sock) -> dict[str, str]:
    """What the verified peer certificate of ``sock`` says, as environ entries (empty without one)."""
    if not isinstance(sock, ssl.SSLSocket):
        return {}
    try:
        cert = sock.getpeercert()
    except (ValueError, OSError):
        return {}
    if not cert:  # no certificate, or not verified (getpeercert() is empty unless the chain was verified)
        return {"SSL_CLIENT_VERIFY": "NONE"}
    velden: dict[str, str] = {}
    for rdn in cert.get("subject", ()):
        for naam, waarde in rdn:
            velden.setdefault(naam, waarde)
    out = {"SSL_CLIENT_VERIFY": "SUCCESS"}
    for attr, sleutel in (("serialNumber", "SSL_CLIENT_S_DN_serialNumber"), ("commonName", "SSL_CLIENT_S_DN_CN"),
                          ("organizationName", "SSL_CLIENT_S_DN_O")):
        if attr in velden:
            out[sleutel] = velden[attr]
    return out


def _met_certificaat(app):
    def wsgi(environ, start_response):
        for k in _CERT_SLEUTELS:
            environ.pop(k, None)
        environ.update(getattr(_lokaal, "cert", None) or {})
        return app(environ, start_response)

    return wsgi


class MtlsSyncWorker(SyncWorker):
    """Gunicorn's sync worker, passing the verified client certificate to the application."""

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = _met_certificaat(self.wsgi)

    def handle_request(self, listener, req, client, addr):
        _lokaal.cert = cert_environ(client)
        try:
            return super().handle_request(listener, req, client, addr)
        finally:
            _lokaal.cert = None


class MtlsThreadWorker(ThreadWorker):
    """Gunicorn's threaded worker (keep-alive), passing the verified client certificate to the application."""

    def load_wsgi(self):
        super().load_wsgi()
        self.wsgi = _met_certificaat(self.wsgi)

    def handle_request(self, req, conn):
        _lokaal.cert = cert_environ(conn.sock)
        try:
            return super().handle_request(req, conn)
        finally:
            _lokaal.cert = None


class _Toepassing(BaseApplication):
    def __init__(self, opties: dict):
        self.opties = opties
        super().__init__()

    def load_config(self):
        for k, v in self.opties.items():
            if v is not None:
                self.cfg.set(k, v)

    def load(self):
        from django.core.wsgi import get_wsgi_application

        return get_wsgi_application()


def gunicorn_opties(host: str, port: int, workers: int, threads: int, certfile: str | None = None,
                    keyfile: str | None = None, ca_certs: str | None = None, clientcert: str = "verplicht",
                    toegangslog: bool = False) -> dict:
    opties = {
        "bind": f"{host}:{port}" if ":" not in host else f"[{host}]:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "inburgering.m2m.server.MtlsThreadWorker" if threads > 1 else "inburgering.m2m.server.MtlsSyncWorker",
        "keepalive": 5,
        "timeout": 60,
        "graceful_timeout": 10,
        "backlog": 2048,
        "accesslog": "-" if toegangslog else None,
        "errorlog": "-",
        "loglevel": "warning",
        "proc_name": "inburgering",
        "preload_app": True,
    }
    if certfile:
        opties.update(certfile=certfile, keyfile=keyfile)
        if ca_certs:
            opties.update(ca_certs=ca_certs,
                          cert_reqs=ssl.CERT_REQUIRED if clientcert == "verplicht" else ssl.CERT_OPTIONAL)
    return opties


def draai(opties: dict) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inburgering.project.settings")
    _Toepassing(opties).run()
