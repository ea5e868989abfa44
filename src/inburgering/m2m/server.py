"""``inburgering serve``: the whole Django app (portal and M2M API) under gunicorn, with TLS and mutual TLS.

With ``--crl`` the client certificate is also checked against its CA's revocation list (``Intrekkingslijsten``).

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


class Intrekkingslijsten:
    """The CRLs given with ``--crl`` (PEM or DER), each checked against its issuer in the ``--ca-certs`` bundle.

    Fail closed: a certificate whose issuer has a CRL here is refused when it is on that CRL, and also when
    the CRL's signature does not verify or its ``nextUpdate`` has passed (an attacker who blocks the CRL's
    renewal gains nothing). A CRL file that changes on disk is read again on the next connection.
    """

    def __init__(self, paden: list[str], ca_pad: str | None):
        self.paden = paden
        self.ca_pad = ca_pad
        self._stand: tuple | None = None
        self._lijsten: list = []
        self._lock = threading.Lock()

    def _laad(self) -> list:
        from cryptography import x509

        stand = tuple(os.stat(p).st_mtime_ns for p in self.paden)
        with self._lock:
            if stand != self._stand:
                cas = x509.load_pem_x509_certificates(open(self.ca_pad, "rb").read()) if self.ca_pad else []
                lijsten = []
                for pad in self.paden:
                    data = open(pad, "rb").read()
                    crl = (x509.load_pem_x509_crl(data) if data.lstrip().startswith(b"-----")
                           else x509.load_der_x509_crl(data))
                    uitgever = next((c for c in cas if c.subject == crl.issuer), None)
                    lijsten.append((crl, uitgever is not None and crl.is_signature_valid(uitgever.public_key())))
                self._lijsten, self._stand = lijsten, stand
            return self._lijsten

    def weigering(self, der: bytes) -> str | None:
        """Why this (verified) certificate is refused, or None."""
        import datetime as dt

        from cryptography import x509

        try:
            cert = x509.load_der_x509_certificate(der)
            lijsten = self._laad()
        except (OSError, ValueError):
            return "intrekkingslijst onleesbaar"
        for crl, geldig in lijsten:
            if crl.issuer != cert.issuer:
                continue
            if not geldig:
                return "intrekkingslijst niet ondertekend door de uitgever"
            volgende = crl.next_update_utc
            if volgende is None or volgende < dt.datetime.now(dt.timezone.utc):
                return "intrekkingslijst verlopen"
            if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
                return "certificaat ingetrokken"
        return None


_crl: Intrekkingslijsten | None = None


def _intrekkingslijsten() -> Intrekkingslijsten | None:
    """From ``INBURGERING_CRL`` (paths separated by the OS path separator), set by ``inburgering serve --crl``."""
    global _crl
    paden = [p for p in os.environ.get("INBURGERING_CRL", "").split(os.pathsep) if p]
    if not paden:
        return None
    if _crl is None or _crl.paden != paden:
        _crl = Intrekkingslijsten(paden, os.environ.get("INBURGERING_CA_CERTS") or None)
    return _crl


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
    crl = _intrekkingslijsten()
    if crl is not None:
        waarom = crl.weigering(sock.getpeercert(binary_form=True))
        if waarom is not None:
            return {"SSL_CLIENT_VERIFY": f"FAILED:{waarom}"}
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
    from ..logboek import logconfig

    config = logconfig(os.environ.get("INBURGERING_LOGLEVEL", "WARNING"))
    config["loggers"]["gunicorn.access"]["level"] = "INFO" if toegangslog else "WARNING"
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
        "logconfig_dict": config,  # JSON lines, BSNs in paths masked (inburgering.logboek), as the app's own
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
