"""Production identification for real: `inburgering serve` with TLS and client certificates from a throwaway
CA made here; the OIN in the certificate's subject serialNumber must equal the header bron."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.db import connection

from .keten import AMSTERDAM, GEZIN, OIN, UTRECHT, Keten
from .test_aflevering import vrije_poort

pytestmark = pytest.mark.slow  # inburgering serve with TLS


class Pki:
    def __init__(self, map_, naam: str):
        self.map = map_
        self.uitgegeven = {}
        self.sleutel = ec.generate_private_key(ec.SECP256R1())
        onderwerp = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, naam),
                               x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test-PKI")])
        nu = dt.datetime.now(dt.timezone.utc)
        self.cert = (x509.CertificateBuilder().subject_name(onderwerp).issuer_name(onderwerp)
                     .public_key(self.sleutel.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(nu - dt.timedelta(days=1)).not_valid_after(nu + dt.timedelta(days=2))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
                     .add_extension(x509.SubjectKeyIdentifier.from_public_key(self.sleutel.public_key()), critical=False)
                     .sign(self.sleutel, hashes.SHA256()))
        self.pad = self._schrijf(f"{naam}-ca", self.cert, None)[0]

    def _schrijf(self, naam, cert, sleutel):
        crt = self.map / f"{naam}.crt"
        crt.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key = None
        if sleutel is not None:
            key = self.map / f"{naam}.key"
            key.write_bytes(sleutel.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                  serialization.NoEncryption()))
        return str(crt), str(key) if key else None

    def uitgeven(self, naam: str, oin: str | None = None, server: bool = False) -> tuple[str, str]:
        sleutel = ec.generate_private_key(ec.SECP256R1())
        attrs = [x509.NameAttribute(NameOID.COMMON_NAME, naam), x509.NameAttribute(NameOID.ORGANIZATION_NAME, naam)]
        if oin:
            attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, oin))
        nu = dt.datetime.now(dt.timezone.utc)
        b = (x509.CertificateBuilder().subject_name(x509.Name(attrs)).issuer_name(self.cert.subject)
             .public_key(sleutel.public_key()).serial_number(x509.random_serial_number())
             .not_valid_before(nu - dt.timedelta(days=1)).not_valid_after(nu + dt.timedelta(days=1))
             .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
             .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(self.sleutel.public_key()), critical=False)
             .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH if server
                                                   else ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False))
        if server:
            b = b.add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                             x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                                critical=False)
        cert = b.sign(self.sleutel, hashes.SHA256())
        self.uitgegeven[naam] = cert
        return self._schrijf(naam.replace(" ", "-"), cert, sleutel)

    def intrekkingslijst(self, *ingetrokken: str, geldig_dagen: float = 1, sleutel=None) -> str:
        """A CRL of this CA revoking the certificates issued under these names (signed by ``sleutel``, default
        the CA's own)."""
        nu = dt.datetime.now(dt.timezone.utc)
        b = (x509.CertificateRevocationListBuilder().issuer_name(self.cert.subject)
             .last_update(nu - dt.timedelta(days=1)).next_update(nu + dt.timedelta(days=geldig_dagen)))
        for naam in ingetrokken:
            b = b.add_revoked_certificate(x509.RevokedCertificateBuilder()
                                          .serial_number(self.uitgegeven[naam].serial_number)
                                          .revocation_date(nu - dt.timedelta(hours=1)).build())
        pad = self.map / f"crl-{len(list(self.map.glob('crl-*')))}.pem"
        pad.write_bytes(b.sign(sleutel or self.sleutel, hashes.SHA256()).public_bytes(serialization.Encoding.PEM))
        return str(pad)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    gebruiker = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{gebruiker}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def tls_server(keten, tmp_path):
    pki = Pki(tmp_path, "Test PKIoverheid CA")
    proc, basis = _serve(keten, tmp_path, pki)
    yield pki, basis
    proc.terminate()
    proc.wait(15)


def _serve(keten, tmp_path, pki, *extra):
    server_crt, server_key = pki.uitgeven("localhost", server=True)
    poort = vrije_poort()
    env = {**os.environ, "DATABASE_URL": _database_url(), "INBURGERING_M2M_AUTH": "certificaat",
           "INBURGERING_OIN": Keten.DUO_OIN, "INBURGERING_VANDAAG": keten.dag.isoformat(),
           "INBURGERING_DATA": str(tmp_path / "var")}
    proc = subprocess.Popen([sys.executable, "-m", "inburgering.cli", "serve", "--host", "127.0.0.1", "--port",
                             str(poort), "--workers", "1", "--certfile", server_crt, "--keyfile", server_key,
                             "--ca-certs", pki.pad, "--geen-achtergrond", *extra], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    eind = time.monotonic() + 30
    while time.monotonic() < eind:
        try:
            socket.create_connection(("127.0.0.1", poort), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"serve stopte: {proc.stderr.read().decode()}")
            time.sleep(0.1)
    return proc, f"https://127.0.0.1:{poort}/v1"


def _get(basis, pki, cert, bron, bsn=GEZIN):
    return requests.get(f"{basis}/personen/{bsn}/inburgeringsplicht", cert=cert, verify=pki.pad, timeout=10,
                        headers={"bron": bron, "doel": Keten.DUO_OIN, "berichtId": str(uuid.uuid4())})


def test_client_certificate_with_the_oin_of_bron_is_let_in(tls_server):
    pki, basis = tls_server
    amsterdam = pki.uitgeven("Gemeente Amsterdam", OIN[AMSTERDAM])
    r = _get(basis, pki, amsterdam, OIN[AMSTERDAM])
    assert r.status_code == 200, r.text
    assert r.json()["indicatorInburgeringsplicht"] is True


def test_certificate_of_another_gemeente_than_bron_is_refused(tls_server):
    pki, basis = tls_server
    utrecht = pki.uitgeven("Gemeente Utrecht", OIN[UTRECHT])
    r = _get(basis, pki, utrecht, OIN[AMSTERDAM])  # Utrecht's certificate, claiming to be Amsterdam
    assert r.status_code == 403
    assert r.json() == [{"fouttekst": "Het OIN in het clientcertificaat komt niet overeen met de header bron."}]
    assert _get(basis, pki, utrecht, OIN[UTRECHT]).status_code == 404  # honest, but not Utrecht's person


def test_certificate_without_an_oin_is_refused(tls_server):
    pki, basis = tls_server
    r = _get(basis, pki, pki.uitgeven("Iemand zonder OIN"), OIN[AMSTERDAM])
    assert r.status_code == 403


def test_certificate_from_an_untrusted_ca_or_none_does_not_connect(tls_server, tmp_path):
    pki, basis = tls_server
    vreemd = Pki(tmp_path, "Vreemde CA").uitgeven("Gemeente Amsterdam nep", OIN[AMSTERDAM])
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        _get(basis, pki, vreemd, OIN[AMSTERDAM])
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        _get(basis, pki, None, OIN[AMSTERDAM])


def test_a_revoked_certificate_is_refused_where_a_crl_is_configured(keten, tmp_path):
    pki = Pki(tmp_path, "Test PKIoverheid CA")
    goed = pki.uitgeven("Gemeente Amsterdam", OIN[AMSTERDAM])
    weg = pki.uitgeven("Gemeente Amsterdam oud", OIN[AMSTERDAM])
    crl = pki.intrekkingslijst("Gemeente Amsterdam oud")
    proc, basis = _serve(keten, tmp_path, pki, "--crl", crl)
    try:
        assert _get(basis, pki, goed, OIN[AMSTERDAM]).status_code == 200
        r = _get(basis, pki, weg, OIN[AMSTERDAM])
        assert r.status_code == 403
        assert r.json() == [{"fouttekst": "Het clientcertificaat is ingetrokken of niet te controleren op intrekking."}]
        # the CRL is read again when it changes on disk: now an expired one, and everything is refused
        verlopen = pki.intrekkingslijst(geldig_dagen=-0.5)
        os.replace(verlopen, crl)
        assert _get(basis, pki, goed, OIN[AMSTERDAM]).status_code == 403
        # a CRL not signed by the CA: refused as well (fail closed)
        nep = pki.intrekkingslijst(sleutel=ec.generate_private_key(ec.SECP256R1()))
        os.replace(nep, crl)
        assert _get(basis, pki, goed, OIN[AMSTERDAM]).status_code == 403
    finally:
        proc.terminate()
        proc.wait(15)
