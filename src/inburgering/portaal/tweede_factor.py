"""The second factor of the DUO roles, at rest: TOTP secrets encrypted, reserve codes hashed.

- ``TotpApparaat`` keeps its secret as a Fernet token (``cryptography``) under a key derived from
  ``INBURGERING_TOTPSLEUTEL`` (a setting of its own: neither Django's secret nor the log key). A code is
  checked with django-otp's ``oath.TOTP`` and its throttling, against the decrypted key.
- A reserve code is ``KKKK-GGGG-GGGG``: ``KKKK`` says which stored hash to check (so one check per try, not
  one per code), the rest is the secret, stored with Django's password hasher and deleted once used.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from urllib.parse import quote, urlencode
from binascii import hexlify, unhexlify

from cryptography.fernet import Fernet
from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django_otp.oath import TOTP
from django_otp.util import random_hex

from .models import Reservecode, ReservecodeApparaat, TotpApparaat

_TEKENS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are typed over from paper


def _fernet() -> Fernet:
    sleutel = hashlib.sha256(("portaal.tweede_factor:" + settings.INBURGERING_TOTPSLEUTEL).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(sleutel))


def versleutel(sleutel_hex: str) -> str:
    return _fernet().encrypt(sleutel_hex.encode()).decode()


def ontsleutel(versleuteld: str) -> bytes:
    return unhexlify(_fernet().decrypt(versleuteld.encode()))


def controleer_totp(self: TotpApparaat, token) -> bool:
    """django-otp's TOTP check (``oath.TOTP``) with its throttling; a code is accepted once (``last_t``)."""
    toegestaan, _ = self.verify_is_allowed()
    if not toegestaan:
        return False
    try:
        code = int(str(token).strip())
    except ValueError:
        self.throttle_increment(commit=True)
        return False
    t = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
    t.time = time.time()
    if not t.verify(code, self.tolerance, self.last_t + 1):
        self.throttle_increment(commit=True)
        return False
    self.last_t, self.drift = t.t(), t.drift
    self.throttle_reset(commit=False)
    self.set_last_used_timestamp(commit=False)
    self.save()
    return True


def config_url(self: TotpApparaat) -> str:
    """The otpauth URI authenticator apps read (as a QR code)."""
    uitgever = (getattr(settings, "OTP_TOTP_ISSUER", "") or "").replace(":", "")
    label = f"{uitgever}:{self.user.get_username()}" if uitgever else self.user.get_username()
    query = urlencode({"secret": base64.b32encode(self.bin_key).decode(), "algorithm": "SHA1", "digits": self.digits,
                       "period": self.step})
    if uitgever:
        query += f"&issuer={quote(uitgever)}"
    return f"otpauth://totp/{quote(label)}?{query}"


def nieuw_totp(user, naam: str = "authenticator-app") -> TotpApparaat:
    return TotpApparaat.objects.create(user=user, name=naam, confirmed=True, versleuteld=versleutel(random_hex(20)))


def _normaal(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def controleer_reservecode(self: ReservecodeApparaat, token) -> bool:
    toegestaan, _ = self.verify_is_allowed()
    if not toegestaan:
        return False
    code = _normaal(str(token))
    gevonden = None
    if len(code) > 4:
        for r in self.codes.filter(kenmerk=code[:4]):
            if check_password(code[4:], r.hash):
                gevonden = r
                break
    if gevonden is None:
        self.throttle_increment(commit=True)
        return False
    gevonden.delete()
    self.throttle_reset(commit=True)
    return True


def nieuwe_reservecodes(user, n: int = 8) -> list[str]:
    """Fresh reserve codes (the old ones stop working); only their hashes are kept."""
    apparaat, _ = ReservecodeApparaat.objects.get_or_create(user=user, name="reservecodes",
                                                            defaults={"confirmed": True})
    apparaat.codes.all().delete()
    codes, kenmerken = [], set()
    while len(codes) < n:
        ruw = "".join(secrets.choice(_TEKENS) for _ in range(12))
        if ruw[:4] in kenmerken:
            continue
        kenmerken.add(ruw[:4])
        codes.append(ruw)
    Reservecode.objects.bulk_create([Reservecode(apparaat=apparaat, kenmerk=c[:4], hash=make_password(c[4:]))
                                     for c in codes])
    return [f"{c[:4]}-{c[4:8]}-{c[8:]}" for c in codes]


def sleutel_hex(apparaat: TotpApparaat) -> str:
    return hexlify(apparaat.bin_key).decode()
