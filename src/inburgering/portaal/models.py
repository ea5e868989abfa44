"""Portal state: who a user is (role, gemeente) and the processing log of personal data.

The chain's own data (signals, persons, determinations) lives in ``inburgering.keten``; the portal only
reads it through ``keten.scope`` and records each read here.
"""

from django.conf import settings
from django.db import models


class Rol(models.TextChoices):
    GEMEENTE = "gemeente", "Gemeentemedewerker"
    BEHEERDER = "beheerder", "Functioneel beheerder DUO"
    PRIVACY = "privacy", "Privacy officer DUO"


ROLLEN_MET_TWEE_FACTOREN = frozenset({Rol.BEHEERDER, Rol.PRIVACY})


class Profiel(models.Model):
    """A portal user's role; a gemeente medewerker is bound to exactly one gemeente."""

    gebruiker = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portaalprofiel")
    rol = models.CharField(max_length=12, choices=Rol.choices)
    gemeente = models.CharField(max_length=4, blank=True, default="", help_text="CBS-gemeentecode; alleen bij rol gemeente")

    class Meta:
        verbose_name_plural = "profielen"
        constraints = [
            models.CheckConstraint(
                name="gemeente_alleen_bij_gemeenterol",
                condition=(models.Q(rol="gemeente") & ~models.Q(gemeente="")) | (~models.Q(rol="gemeente") & models.Q(gemeente="")),
            )
        ]

    def __str__(self):
        return f"{self.gebruiker} ({self.get_rol_display()}{' ' + self.gemeente if self.gemeente else ''})"

    @property
    def twee_factoren_vereist(self) -> bool:
        return self.rol in ROLLEN_MET_TWEE_FACTOREN


class Verwerking(models.Model):
    """One action on personal data, with the fields of the Logboek Dataverwerkingen standard (Logius):
    a span (``trace_id``, ``span_id``, ``parent_span_id``, ``name``, ``status_code``, ``start_time``,
    ``end_time``, ``resource``) whose ``dpl.core.*`` attributes are ``processing_activity_id`` here and the
    data subjects in ``Betrokkene``. The portal adds who acted, in which role, on behalf of which gemeente,
    in which law environment, which kinds of data and with which selection.

    Written only by ``portaal.verwerkingslog``; there is no way to change or delete a row in the portal.
    """

    STATUS_UNSET, STATUS_OK, STATUS_ERROR = 0, 1, 2

    trace_id = models.CharField(max_length=32)
    span_id = models.CharField(max_length=16, unique=True)
    parent_span_id = models.CharField(max_length=16, blank=True, default="")
    name = models.CharField(max_length=100)
    status_code = models.PositiveSmallIntegerField(default=STATUS_UNSET)
    start_time = models.DateTimeField(db_index=True)
    end_time = models.DateTimeField(null=True)
    resource = models.JSONField(default=dict)
    processing_activity_id = models.CharField(max_length=200)
    # the portal's own attributes
    gebruiker = models.CharField(max_length=150)
    rol = models.CharField(max_length=12)
    namens_gemeente = models.CharField(max_length=4, blank=True, default="")
    wet = models.CharField(max_length=8, blank=True, default="")
    gegevens = models.CharField(max_length=300, help_text="welke soorten gegevens")
    toelichting = models.JSONField(default=dict, help_text="selectie, pad, object")
    aantal_betrokkenen = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name_plural = "verwerkingen"
        indexes = [
            models.Index(fields=["gebruiker", "start_time"]),
            models.Index(fields=["namens_gemeente", "start_time"]),
        ]
        constraints = [models.CheckConstraint(name="verwerking_eind_na_begin",
                                              condition=models.Q(end_time__isnull=True) | models.Q(end_time__gte=models.F("start_time")))]


class Betrokkene(models.Model):
    """A data subject of a processing (``dpl.core.data_subject_id``, type BSN), stored as a keyed hash:
    searchable for a known BSN, unreadable without the log key (the standard asks for it encrypted)."""

    DATA_SUBJECT_ID_TYPE = "BSN"

    verwerking = models.ForeignKey(Verwerking, on_delete=models.PROTECT, related_name="betrokkenen")
    data_subject_id = models.CharField(max_length=32)

    class Meta:
        verbose_name_plural = "betrokkenen"
        # one index serves both: uniqueness per processing, and the privacy officer's search by person
        constraints = [models.UniqueConstraint(fields=["data_subject_id", "verwerking"], name="betrokkene_eenmaal")]


# --- second factor for the DUO roles (django-otp devices; the logic in portaal.tweede_factor) ------------------

from django_otp.models import Device, ThrottlingMixin, TimestampMixin  # noqa: E402


class TotpApparaat(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator whose secret is stored encrypted (Fernet, ``INBURGERING_TOTPSLEUTEL``): a copy of
    the database alone gives no codes. Verification is django-otp's own (``tweede_factor``)."""

    versleuteld = models.TextField(help_text="het TOTP-geheim, versleuteld")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "TOTP-apparaat"

    @property
    def bin_key(self) -> bytes:
        from .tweede_factor import ontsleutel

        return ontsleutel(self.versleuteld)

    @property
    def config_url(self) -> str:
        from .tweede_factor import config_url

        return config_url(self)

    def verify_token(self, token) -> bool:
        from .tweede_factor import controleer_totp

        return controleer_totp(self, token)

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)


class ReservecodeApparaat(ThrottlingMixin, Device):
    """One-time reserve codes; each stored as a password hash (Django's hashers), never in the clear."""

    class Meta(Device.Meta):
        verbose_name = "reservecodes"

    def verify_token(self, token) -> bool:
        from .tweede_factor import controleer_reservecode

        return controleer_reservecode(self, token)

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)


class Reservecode(models.Model):
    apparaat = models.ForeignKey(ReservecodeApparaat, on_delete=models.CASCADE, related_name="codes")
    kenmerk = models.CharField(max_length=8, db_index=True, help_text="het eerste deel van de code: welke hash")
    hash = models.CharField(max_length=256)
