"""The processing log: every read or write of personal data — in the portal, its downloads and DUO's M2M
API — is one entry here.

Anchor: Logius' Logboek Dataverwerkingen. Each action is a span in the request's trace (taken from a
W3C ``traceparent`` header when a gateway or a gemeente sends a valid one, generated otherwise), tied to
a processing activity in DUO's register (``dpl.core.processing_activity_id``) and to the data subjects
by BSN (``dpl.core.data_subject_id``, stored as a keyed hash with ``INBURGERING_LOGSLEUTEL``, a key of its
own, never Django's secret). No field holds a BSN in the clear: paths and selections are masked. Large
selections (downloads, bulk handling) record their distinct persons in chunks before the rows go out, so
the log is complete even when a download is broken off, and memory stays flat.

How to log (one call per action):
- ``leg_vast(request, name, activiteit, gegevens, bsns, wet=…, toelichting=…)`` for a completed action on a
  few known persons (a page, an API call);
- ``open_span(…)`` → ``Span.voeg_toe`` / ``voeg_selectie_toe`` → ``Span.sluit`` for a long one.
The actor is the portal user, or ``Actor`` for a caller that is not one (the M2M API's gemeente).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from ..logboek import maskeer, maskeer_alles
from .models import Betrokkene, Verwerking

RESOURCE = {"service.name": "inburgering-portaal", "service.version": "0.1.0"}
RESOURCE_M2M = {"service.name": "inburgering-m2m", "service.version": "0.1.0"}


@dataclass(frozen=True)
class Activiteit:
    code: str
    naam: str
    grondslag: str

    @property
    def uri(self) -> str:
        return settings.PORTAAL_VERWERKINGSREGISTER + self.code


_ACTIVITEITEN = (
    Activiteit("m2m-verstrekken", "Gegevens van een inburgeraar verstrekken aan de gemeente (M2M API)",
               "Wet inburgering 2021 (BWBR0044770), informatieverstrekking aan de gemeente; DUO's M2M-koppelvlakken"),
    Activiteit("m2m-melding-verwerken", "Meldingen van de gemeente over een inburgeraar verwerken (M2M API)",
               "Wet inburgering 2021 (BWBR0044770): PIP, aanbod, MAP, PVT, Z-route, uren"),
    Activiteit("m2m-contactpersonen", "Contactpersonen van de gemeente beheren (M2M API)",
               "AVG art. 6 lid 1 sub e; uitvoering van de keten"),
    Activiteit("signalen-raadplegen", "Signalen inburgering raadplegen en afhandelen",
               "Wet inburgering 2021 (BWBR0044770), regie van de gemeente; Wi2013/Wi2007 voor die omgevingen"),
    Activiteit("signalen-downloaden", "Signalen downloaden voor het gemeentelijk systeem",
               "idem; handreiking hervatten inburgeringsplicht §3.2"),
    Activiteit("correcties-veiligstellen", "Correctiesignalen (SS190) raadplegen en veiligstellen",
               "handreiking hervatten inburgeringsplicht §2.2, §4.2 (schonen gemeentelijke systemen)"),
    Activiteit("persoon-raadplegen", "Gegevens en bepaling van een inburgeraar raadplegen",
               "Wet inburgering 2021 (BWBR0044770)"),
    Activiteit("verwerkingslog-inzien", "Toezicht op verwerkingen: het verwerkingslog doorzoeken",
               "AVG art. 5 lid 2 (verantwoordingsplicht) en art. 32"),
    Activiteit("datalek-melden", "Datalek melden aan de Autoriteit Persoonsgegevens en betrokkenen informeren",
               "AVG art. 33 (melding aan de AP) en art. 34 (mededeling aan de betrokkene)"),
    Activiteit("opt-in-groep", "De opt-in-groep van ten onrechte onder de Wi2021 geplaatste personen inzien",
               "handreiking hervatten inburgeringsplicht §1.6 (opt-in-regeling); AVG art. 6 lid 1 sub e"),
)
ACTIVITEITEN = {a.code: a for a in _ACTIVITEITEN}

_CHUNK = 2000
_PER_INSERT = 400  # rows per INSERT statement (2 parameters each; SQLite's old limit is 999)
# W3C Trace Context, version 00: version-traceid-parentid-flags, lower-case hex; all-zero ids are invalid
_TRACEPARENT = re.compile(r"^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


@dataclass(frozen=True)
class Actor:
    """Who acts, for a caller that is not a portal user."""

    gebruiker: str
    rol: str
    gemeente: str = ""


def _sleutel() -> bytes:
    geheim = settings.INBURGERING_LOGSLEUTEL
    return hashlib.sha256(("portaal.verwerkingslog:" + geheim).encode()).digest()


def pseudoniem(bsn: str) -> str:
    """The stored data_subject_id of a BSN: keyed BLAKE2b, 128 bits, hex."""
    return hashlib.blake2b(bsn.encode(), key=_sleutel(), digest_size=16).hexdigest()


def geldige_traceparent(waarde: str) -> tuple[str, str] | None:
    """(trace_id, parent span id) of a valid ``traceparent``; None for anything else."""
    m = _TRACEPARENT.match(waarde or "")
    if m is None or m.group(1) == "0" * 32 or m.group(2) == "0" * 16:
        return None
    return m.group(1), m.group(2)


def _trace(request) -> tuple[str, str]:
    if not hasattr(request, "_verwerking_trace"):
        request._verwerking_trace = geldige_traceparent(request.headers.get("traceparent", "")) or (
            os.urandom(16).hex(), "")
    return request._verwerking_trace


class Span:
    """An open log entry; ``voeg_toe`` adds data subjects, ``sluit`` sets end time and status."""

    def __init__(self, verwerking: Verwerking):
        self.verwerking = verwerking
        self._sleutel = _sleutel()
        self.aantal = 0

    def voeg_toe(self, bsns: Iterable[str]) -> None:
        sleutel = self._sleutel
        h = sorted({hashlib.blake2b(b.encode(), key=sleutel, digest_size=16).hexdigest() for b in bsns if b})
        if not h:
            return
        tabel = connection.ops.quote_name(Betrokkene._meta.db_table)
        pk = self.verwerking.pk
        with connection.cursor() as c:  # multi-row INSERTs: the ORM's per-object overhead dominated downloads
            for i in range(0, len(h), _PER_INSERT):
                deel = h[i:i + _PER_INSERT]
                c.execute(f"INSERT INTO {tabel} (verwerking_id, data_subject_id) VALUES "
                          + ",".join(["(%s, %s)"] * len(deel)) + " ON CONFLICT DO NOTHING",
                          [v for x in deel for v in (pk, x)])
        self.aantal += len(h)

    def voeg_selectie_toe(self, qs) -> int:
        """All distinct persons of a queryset of signals, in chunks (constant memory)."""
        deel: list[str] = []
        for b in qs.order_by().values_list("bsn", flat=True).distinct().iterator(chunk_size=_CHUNK):
            deel.append(b)
            if len(deel) >= _CHUNK:
                self.voeg_toe(deel)
                deel = []
        self.voeg_toe(deel)
        return self.aantal

    def sluit(self, status: int = Verwerking.STATUS_OK, aantal: int | None = None, **toelichting) -> None:
        v = self.verwerking
        if toelichting:
            v.toelichting = maskeer_alles({**v.toelichting, **toelichting})
        v.end_time = max(timezone.now(), v.start_time)
        v.status_code = status
        v.aantal_betrokkenen = aantal if aantal is not None else Betrokkene.objects.filter(verwerking=v).count()
        Verwerking.objects.filter(pk=v.pk).update(end_time=v.end_time, status_code=status,
                                                  aantal_betrokkenen=v.aantal_betrokkenen, toelichting=v.toelichting)


def _pad(request) -> str:
    """The path as its route names it (no BSN in it), with the query's BSN filter masked."""
    m = getattr(request, "resolver_match", None)
    pad = "/" + m.route if m is not None and m.route and "(?P<" not in m.route else request.path
    if request.GET:
        pad += "?" + "&".join(f"{k}={'***' if k == 'bsn' else v}" for k, v in request.GET.items())
    return maskeer(pad)[:500]


def _nieuw(request, name: str, activiteit: str, gegevens: str, wet: str, toelichting: dict | None,
           actor: Actor | None = None, **velden) -> Verwerking:
    if actor is None:
        profiel = getattr(request, "profiel", None)
        actor = Actor(request.user.get_username(), getattr(profiel, "rol", ""), getattr(profiel, "gemeente", "") or "")
    trace_id, parent = _trace(request)
    nu = timezone.now()
    if velden.get("end_time") is not None:
        velden["end_time"] = nu
    return Verwerking.objects.create(
        trace_id=trace_id, span_id=os.urandom(8).hex(), parent_span_id=parent, name=maskeer(name)[:100],
        start_time=min(getattr(request, "_verwerking_start", nu), nu),
        resource=RESOURCE_M2M if actor.rol == "m2m" else RESOURCE,
        processing_activity_id=ACTIVITEITEN[activiteit].uri,
        gebruiker=actor.gebruiker, rol=actor.rol, namens_gemeente=actor.gemeente, wet=wet, gegevens=gegevens,
        toelichting=maskeer_alles({"pad": _pad(request), **(toelichting or {})}), **velden,
    )


def open_span(request, name: str, activiteit: str, gegevens: str, wet: str = "", toelichting: dict | None = None) -> Span:
    """Start a log entry for a long action (download, bulk); close it with ``Span.sluit``."""
    return Span(_nieuw(request, name, activiteit, gegevens, wet, toelichting))


def leg_vast(request, name: str, activiteit: str, gegevens: str, bsns: Iterable[str], wet: str = "",
             toelichting: dict | None = None, status: int = Verwerking.STATUS_OK,
             actor: Actor | None = None) -> Verwerking:
    """Record a completed action on a small, known set of persons (a page, an API call): one commit."""
    bsns = list(dict.fromkeys(b for b in bsns if b))
    with transaction.atomic():
        v = _nieuw(request, name, activiteit, gegevens, wet, toelichting, actor=actor, end_time=True,
                   status_code=status, aantal_betrokkenen=len(bsns))
        Span(v).voeg_toe(bsns)
    return v
