"""The processing log: every view or download of personal data in the portal is recorded here.

Anchor: Logius' Logboek Dataverwerkingen. Each action is a span in the request's trace (taken from a
W3C ``traceparent`` header when a gateway sends one), tied to a processing activity in DUO's register
(``dpl.core.processing_activity_id``) and to the data subjects by BSN (``dpl.core.data_subject_id``,
stored as a keyed hash). Large selections (downloads, bulk handling) record their distinct persons in
chunks before the rows go out, so the log is complete even when a download is broken off, and memory
stays flat.
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

from .models import Betrokkene, Verwerking

RESOURCE = {"service.name": "inburgering-portaal", "service.version": "0.1.0"}


@dataclass(frozen=True)
class Activiteit:
    code: str
    naam: str
    grondslag: str

    @property
    def uri(self) -> str:
        return settings.PORTAAL_VERWERKINGSREGISTER + self.code


_ACTIVITEITEN = (
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
)
ACTIVITEITEN = {a.code: a for a in _ACTIVITEITEN}

_CHUNK = 2000
_PER_INSERT = 400  # rows per INSERT statement (2 parameters each; SQLite's old limit is 999)
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$")


def _sleutel() -> bytes:
    geheim = getattr(settings, "PORTAAL_LOGSLEUTEL", "") or settings.SECRET_KEY
    return hashlib.sha256(("portaal.verwerkingslog:" + geheim).encode()).digest()


def pseudoniem(bsn: str) -> str:
    """The stored data_subject_id of a BSN: keyed BLAKE2b, 128 bits, hex."""
    return hashlib.blake2b(bsn.encode(), key=_sleutel(), digest_size=16).hexdigest()


def _trace(request) -> tuple[str, str]:
    if not hasattr(request, "_verwerking_trace"):
        m = _TRACEPARENT.match(request.headers.get("traceparent", ""))
        request._verwerking_trace = (m.group(1), m.group(2)) if m else (os.urandom(16).hex(), "")
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
            v.toelichting = {**v.toelichting, **toelichting}
        v.end_time = timezone.now()
        v.status_code = status
        v.aantal_betrokkenen = aantal if aantal is not None else Betrokkene.objects.filter(verwerking=v).count()
        Verwerking.objects.filter(pk=v.pk).update(end_time=v.end_time, status_code=status,
                                                  aantal_betrokkenen=v.aantal_betrokkenen, toelichting=v.toelichting)


def _nieuw(request, name: str, activiteit: str, gegevens: str, wet: str, toelichting: dict | None, **velden) -> Verwerking:
    profiel = getattr(request, "profiel", None)
    trace_id, parent = _trace(request)
    return Verwerking.objects.create(
        trace_id=trace_id, span_id=os.urandom(8).hex(), parent_span_id=parent, name=name,
        start_time=timezone.now(), resource=RESOURCE, processing_activity_id=ACTIVITEITEN[activiteit].uri,
        gebruiker=request.user.get_username(), rol=getattr(profiel, "rol", ""),
        namens_gemeente=getattr(profiel, "gemeente", "") or "", wet=wet, gegevens=gegevens,
        toelichting={"pad": request.get_full_path()[:500], **(toelichting or {})}, **velden,
    )


def open_span(request, name: str, activiteit: str, gegevens: str, wet: str = "", toelichting: dict | None = None) -> Span:
    """Start a log entry for a long action (download, bulk); close it with ``Span.sluit``."""
    return Span(_nieuw(request, name, activiteit, gegevens, wet, toelichting))


def leg_vast(request, name: str, activiteit: str, gegevens: str, bsns: Iterable[str], wet: str = "",
             toelichting: dict | None = None) -> Verwerking:
    """Record a completed action on a small, known set of persons (a page, a detail view): one commit."""
    bsns = list(dict.fromkeys(b for b in bsns if b))
    with transaction.atomic():
        v = _nieuw(request, name, activiteit, gegevens, wet, toelichting, end_time=timezone.now(),
                   status_code=Verwerking.STATUS_OK, aantal_betrokkenen=len(bsns))
        Span(v).voeg_toe(bsns)
    return v
