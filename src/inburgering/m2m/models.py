"""What the M2M component keeps besides the chain's message log.

Personal data that gemeenten report goes into the log (``gemeente.*`` messages), never here. This app
keeps only: the answer to each mutating request by berichtId (so a retried request is answered the same
way and applied once), the gemeenten's own contact persons (organisation data), and the delivery log and
per-gemeente delivery state of the notification push.
"""

from django.db import models


class Verzoek(models.Model):
    """A mutating M2M request, by (bron, berichtId): a retry gets the stored answer, nothing is applied twice."""

    bron = models.CharField(max_length=20)
    bericht_id = models.UUIDField()
    methode = models.CharField(max_length=8)
    pad = models.CharField(max_length=300)
    status = models.PositiveSmallIntegerField()
    antwoord = models.BinaryField(default=b"")
    aangemaakt = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bron", "bericht_id"], name="m2m_verzoek_uniek")]


class Contactpersoon(models.Model):
    """A gemeente's contact person for questions from the chain (Contactpersoon API). ``nummer`` is the
    API's id: per gemeente, 1–99999, never reused."""

    gemeente = models.CharField(max_length=4, db_index=True)
    nummer = models.PositiveIntegerField()
    naam = models.CharField(max_length=100)
    email = models.CharField(max_length=241)
    telefoonnummer = models.CharField(max_length=22)
    verwijderd_op = models.DateTimeField(null=True)
    gewijzigd = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["gemeente", "nummer"], name="contactpersoon_nummer_per_gemeente")]


class Afleverpoging(models.Model):
    """Delivery log: one row per attempt to push a notification to a gemeente's Notificatie API."""

    notificatie_id = models.BigIntegerField(db_index=True)
    gemeente = models.CharField(max_length=4)
    bericht_uuid = models.UUIDField()
    tijdstip = models.DateTimeField()
    status = models.PositiveSmallIntegerField(null=True)  # HTTP status; None: no answer (connection fault)
    gelukt = models.BooleanField()
    fout = models.CharField(max_length=300, blank=True, default="")
    duur_ms = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["gemeente", "tijdstip"])]


class Afleverstatus(models.Model):
    """Per gemeente: who is delivering now (a lease, so one worker at a time keeps the order) and whether
    the gemeente's endpoint is unreachable (then it is left alone until ``volgende_poging``)."""

    gemeente = models.CharField(max_length=4, primary_key=True)
    bezet_tot = models.DateTimeField(null=True)
    bezet_door = models.CharField(max_length=64, blank=True, default="")
    fouten_op_rij = models.PositiveIntegerField(default=0)
    storing_sinds = models.DateTimeField(null=True)
    volgende_poging = models.DateTimeField(null=True)
    laatste_fout = models.CharField(max_length=300, blank=True, default="")
    laatst_afgeleverd = models.DateTimeField(null=True)
