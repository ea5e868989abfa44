"""Persistence of the chain: the append-only message log and the engine's projections.

The log (``Bericht``) is the only source; everything else can be rebuilt from it by the engine.
"""

from django.db import models


class Levering(models.Model):
    """One file (or API call batch) appended to the log."""

    ontvangen_op = models.DateTimeField(auto_now_add=True)
    bron = models.CharField(max_length=500)
    aantal = models.PositiveIntegerField(default=0)


class Bericht(models.Model):
    """A chain message. Append-only: never updated or deleted."""

    volgnummer = models.BigAutoField(primary_key=True)
    levering = models.ForeignKey(Levering, on_delete=models.PROTECT, related_name="berichten")
    regel = models.PositiveIntegerField()
    bericht_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    type = models.CharField(max_length=60)
    dag = models.DateField(db_index=True)  # day of `ontvangen`
    ontvangen = models.CharField(max_length=32)  # ISO date-time as received, for exact ordering
    bsn = models.CharField(max_length=9, null=True, blank=True, db_index=True)
    inhoud = models.TextField()  # canonical JSON of the message as received

    class Meta:
        indexes = [models.Index(fields=["dag", "ontvangen", "volgnummer"])]

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise RuntimeError("het berichtenlog is alleen-toevoegen")
        super().save(*args, **kwargs)


class Ketenstand(models.Model):
    """The engine's singleton state: rule variant, process control and how far it has run."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    begindatum_variant = models.CharField(max_length=20, default="bekendmaking")
    koppeling_variant = models.CharField(max_length=20, default="coa")
    gepauzeerd = models.JSONField(default=list)  # [[wet, procesgroep, sinds], …]
    verwerkt_tot = models.DateField(null=True)  # last day fully processed
    hoogste_volgnummer = models.BigIntegerField(default=0)  # log position at the end of that day


class Gemeente(models.Model):
    code = models.CharField(max_length=4, primary_key=True)
    naam = models.CharField(max_length=200)
    oin = models.CharField(max_length=20, unique=True)
    notificatie_url = models.CharField(max_length=500, blank=True, default="")

    class Meta:
        verbose_name_plural = "gemeenten"
        ordering = ["code"]

    def __str__(self):
        return f"{self.naam} ({self.code})"


class Persoon(models.Model):
    """Engine projection per person: current determination, chain state, next scheduled look."""

    bsn = models.CharField(max_length=9, primary_key=True)
    naam = models.CharField(max_length=300, blank=True, default="")
    geboortedatum = models.DateField(null=True)
    vnummer = models.BigIntegerField(null=True)
    bepaling = models.JSONField(null=True)  # latest determination (contract keys + explanation)
    toestand = models.JSONField(default=dict)  # domein.signalering.Toestand
    volgende_controle = models.DateField(null=True, db_index=True)
    aangehouden_wet = models.CharField(max_length=8, null=True, db_index=True)
    aangehouden_groep = models.CharField(max_length=20, null=True)


class Bepaling(models.Model):
    """History: a row each time a person's determination changed."""

    bsn = models.CharField(max_length=9, db_index=True)
    dag = models.DateField()
    variant = models.CharField(max_length=40)
    inburgeringsplichtig = models.BooleanField()
    wet = models.CharField(max_length=8, null=True)
    begindatum = models.DateField(null=True)
    einddatum = models.DateField(null=True)
    reden = models.CharField(max_length=60, null=True)
    doelgroep = models.CharField(max_length=60, null=True)
    gedetailleerde_doelgroep = models.CharField(max_length=60, null=True)
    gemeente = models.CharField(max_length=4, null=True)
    uitleg = models.JSONField(default=list)
    # The day gemeenten got this determination: the day itself, or the release after a pause. None: held,
    # DUO's alone (a determination overtaken while held is never released).
    vrijgegeven_op = models.DateField(null=True)

    class Meta:
        indexes = [models.Index(fields=["bsn", "dag"])]


class Notificatie(models.Model):
    """A notification (signaal) to a gemeente in one law environment; also the delivery outbox."""

    NIEUW, AFGEHANDELD = "nieuw", "afgehandeld"
    bsn = models.CharField(max_length=9)
    vnummer = models.BigIntegerField(null=True)
    wet = models.CharField(max_length=8)
    gemeente = models.CharField(max_length=4)
    gebeurtenis = models.CharField(max_length=6)
    dag = models.DateField()  # the day the gemeente received it
    volgorde = models.BigIntegerField()  # delivery order
    registratie = models.DateTimeField()
    aanleiding = models.CharField(max_length=300)
    bepaling = models.ForeignKey(Bepaling, null=True, on_delete=models.SET_NULL)
    doelgroep = models.CharField(max_length=60, null=True)
    status = models.CharField(max_length=12, default=NIEUW)
    afgehandeld_door = models.CharField(max_length=150, blank=True, default="")
    verwijderd_op = models.DateField(null=True)  # purged from the gemeente's environment (never SS190)
    # delivery to the gemeente's Notificatie API (push)
    bericht_uuid = models.UUIDField(null=True)
    afgeleverd_op = models.DateTimeField(null=True)
    pogingen = models.PositiveIntegerField(default=0)
    volgende_poging = models.DateTimeField(null=True)
    laatste_fout = models.CharField(max_length=300, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["gemeente", "wet", "dag"]),
            models.Index(fields=["bsn", "wet"]),
            models.Index(fields=["volgorde"]),
        ]


class Zichtbaarheid(models.Model):
    """Who could see whom, when (the scope rule's answer over time). tot=None: visible now."""

    bsn = models.CharField(max_length=9)
    wet = models.CharField(max_length=8)
    gemeente = models.CharField(max_length=4)
    van = models.DateField()
    tot = models.DateField(null=True)
    variant = models.CharField(max_length=40)
    reden_einde = models.CharField(max_length=100, blank=True, default="")

    class Meta:
        indexes = [
            models.Index(fields=["gemeente", "wet", "tot"]),
            models.Index(fields=["bsn", "tot"]),
        ]


class Herbeoordeling(models.Model):
    """A re-determination run (dry run or applied) with its impact report."""

    dag = models.DateField()
    uitgevoerd = models.BooleanField()
    variant_oud = models.CharField(max_length=40)
    variant_nieuw = models.CharField(max_length=40)
    aanleiding = models.CharField(max_length=200)
    rapport = models.JSONField(default=dict)
    aangemaakt = models.DateTimeField(auto_now_add=True)
    # A run in chunks (dienst/herbeoordeling.py). Runs inside an engine day are done at once ("klaar").
    GEPLAND, KLAAR, VEROUDERD = "gepland", "klaar", "verouderd"
    status = models.CharField(max_length=12, default=KLAAR)
    hoogste_volgnummer = models.BigIntegerField(null=True)  # the log as it was when the run was planned
    volgorde_basis = models.BigIntegerField(null=True)  # notifications of chunk k: above basis + k * STAP
    personen_totaal = models.PositiveIntegerField(default=0)
    klaar_op = models.DateTimeField(null=True)


class HerbeoordelingDeel(models.Model):
    """One chunk of a run: the persons with a BSN in [bsn_van, bsn_tot], applied in one transaction.

    ``status`` becomes "klaar" in the same transaction as the chunk's changes, so a chunk is either
    done and recorded, or not done at all; running the run again does exactly the chunks not done.
    """

    WACHT, KLAAR, MISLUKT = "wacht", "klaar", "mislukt"
    run = models.ForeignKey(Herbeoordeling, on_delete=models.CASCADE, related_name="delen")
    nummer = models.PositiveIntegerField()
    bsn_van = models.CharField(max_length=9)
    bsn_tot = models.CharField(max_length=9)
    personen = models.PositiveIntegerField(default=0)  # persons in the range when planned
    status = models.CharField(max_length=8, default=WACHT)
    impact = models.JSONField(default=dict)  # {"personen": n, "rijen": [...]}
    notificaties = models.PositiveIntegerField(default=0)
    tijden = models.JSONField(default=dict)  # seconds spent reading, determining, writing
    werker = models.CharField(max_length=100, blank=True, default="")  # host:pid (no personal data)
    fout = models.CharField(max_length=300, blank=True, default="")
    klaar_op = models.DateTimeField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "nummer"], name="herbeoordelingdeel_uniek")]
        ordering = ["run", "nummer"]


class Brief(models.Model):
    """A letter DUO sent to the person (contract §5.3; domein/brieven.py). DUO's correspondence with the person:
    never shown to a gemeente (only the kennisgeving's date, through keten.scope, to the gemeenten in scope).
    Append-only; a letter per (bsn, wet, soort) at most once."""

    bsn = models.CharField(max_length=9)
    wet = models.CharField(max_length=8)
    soort = models.CharField(max_length=12)  # kennisgeving | correctie
    dag = models.DateField()  # the day it was sent
    volgorde = models.BigIntegerField()  # sending order: the notification it goes out with

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bsn", "wet", "soort"], name="brief_eenmaal")]
        indexes = [models.Index(fields=["dag", "volgorde"])]
