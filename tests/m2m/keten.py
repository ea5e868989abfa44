"""A small chain for the M2M tests: chain messages (built by ``berichtbouwers``) through intake and the one
engine, a clock, and a client for DUO's M2M API."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import orjson
import requests

from berichtbouwers import AMSTERDAM, CRANENDONCK, DEN_HAAG, NAAM, OIN, UTRECHT, M2mBouwer  # noqa: F401
from inburgering.dienst import taken
from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok, zet_klok
from inburgering.keten.models import Notificatie, Zichtbaarheid

GEZIN = "908301662"  # family migrant in Amsterdam, Wi2021 from 2024-01-10
ASIEL = "131860914"  # asylum status holder at the AZC in Budel (Cranendonck), coupled to Utrecht
HAAG = "390996038"  # family migrant in Den Haag
OUD = "948219932"  # family migrant in Amsterdam under Wi2013 (document 2021)
STUDENT = "518190936"  # temporary purpose: not obligated
ONBEKEND = "786579754"  # valid BSN, never heard of

BOW = "BOW0000001"  # institution with a Blik op Werk mark
TST = "TST0000002"  # taalschakel institution without BoW mark
GEEN = "GEEN000003"  # institution without marks


def d(x) -> str:
    return x.isoformat() if isinstance(x, date) else x


class Keten(M2mBouwer):
    """The M2M tests' chain: the standard population through intake and the one engine, a pinned clock."""

    DUO_OIN = "00000001800866472000"
    VANDAAG = date(2024, 3, 1)

    def neem_op(self, berichten: list[dict]) -> None:
        neem_regels_op([orjson.dumps(b) for b in berichten], "test")

    def laad_standaard(self, urls: dict[str, str] | None = None) -> None:
        urls = urls or {}
        b = [self.gemeente(c, urls.get(c)) for c in OIN]
        b.append(self.bericht("coa.locatie", "2023-01-01", locatie="AZC-BUDEL", soort="azc",
                              gemeentecode=CRANENDONCK, postcode="6021PA", huisnummer=2, van="2015-01-01"))
        b += [self.instelling(BOW, bow=True), self.instelling(TST, tst=True), self.instelling(GEEN)]
        b += [self.persoon(GEZIN, "MAR", vnummer=1234567), self.recht(GEZIN, "gezinsvorming", "2023-12-20"),
              self.adres(GEZIN, "2024-01-05", AMSTERDAM), self.document(GEZIN, "2024-01-10")]
        b += [self.persoon(ASIEL, "SYR"), self.adres(ASIEL, "2024-01-02", CRANENDONCK, "6021PA", 2),
              self.recht(ASIEL, "asiel", "2024-01-15"), self.koppeling(ASIEL, "2024-01-20", UTRECHT)]
        b += [self.persoon(HAAG, "IND"), self.recht(HAAG, "gezinshereniging", "2023-12-20"),
              self.adres(HAAG, "2024-01-03", DEN_HAAG, "2491AB", 77), self.document(HAAG, "2024-01-12")]
        b += [self.persoon(OUD, "MAR"), self.recht(OUD, "gezinsvorming", "2021-05-01"),
              self.document(OUD, "2021-06-01"), self.adres(OUD, "2021-06-01", AMSTERDAM, "1012AB", 9)]
        b += [self.persoon(STUDENT, "USA"), self.recht(STUDENT, "studie", "2023-09-01"),
              self.adres(STUDENT, "2023-09-01", AMSTERDAM, "1013AB", 3)]
        self.neem_op(b)
        self.verwerk(self.VANDAAG - timedelta(days=1))
        self.zet_dag(self.VANDAAG)

    # --- time and the engine ----------------------------------------------------------------------------------
    def zet_dag(self, dag: date) -> None:
        self.dag = dag
        zet_klok(VasteKlok(dag))

    def verwerk(self, tot: date) -> int:
        return taken.verwerk(VasteKlok(tot))

    def volgende_dag(self, n: int = 1) -> date:
        """Move the clock ``n`` days on and process the chain up to then (the background loop's work)."""
        self.zet_dag(self.dag + timedelta(days=n))
        self.verwerk(self.dag)
        return self.dag

    # --- what the chain did -------------------------------------------------------------------------------------
    @staticmethod
    def notificaties(bsn: str | None = None) -> list[tuple[str, str, str, str]]:
        q = Notificatie.objects.filter(wet="Wi2021").order_by("volgorde")
        if bsn:
            q = q.filter(bsn=bsn)
        return [(n.dag.isoformat(), n.gemeente, n.gebeurtenis, n.bsn) for n in q]

    @staticmethod
    def zichtbaar(bsn: str) -> set[str]:
        return set(Zichtbaarheid.objects.filter(bsn=bsn, wet="Wi2021", tot__isnull=True).values_list("gemeente", flat=True))


class Api:
    """DUO's M2M API as a gemeente sees it (header identification)."""

    def __init__(self, basis: str, keten: Keten):
        self.basis = basis
        self.keten = keten
        self.sessie = requests.Session()

    def koppen(self, gemeente: str = AMSTERDAM, bericht_id: str | None = None) -> dict:
        return {"bron": OIN[gemeente], "doel": Keten.DUO_OIN, "berichtId": bericht_id or str(uuid.uuid4())}

    def verzoek(self, methode: str, pad: str, gemeente: str = AMSTERDAM, json=None, koppen: dict | None = None,
                bericht_id: str | None = None) -> requests.Response:
        h = self.koppen(gemeente, bericht_id) if koppen is None else koppen
        return self.sessie.request(methode, f"{self.basis}/{pad}", headers=h, json=json, timeout=30)

    def get(self, pad, **kw):
        return self.verzoek("GET", pad, **kw)

    def post(self, pad, json=None, **kw):
        return self.verzoek("POST", pad, json=json, **kw)

    def put(self, pad, json=None, **kw):
        return self.verzoek("PUT", pad, json=json, **kw)

    def delete(self, pad, **kw):
        return self.verzoek("DELETE", pad, **kw)

    def pip(self, bsn, dagtekening, leerroute="B", gemeente=AMSTERDAM, **velden) -> requests.Response:
        return self.post(f"personen/{bsn}/PIP", json={"dagtekeningPip": d(dagtekening), "leerroute": leerroute,
                                                      **velden}, gemeente=gemeente)


def fouten(r: requests.Response) -> list[str]:
    return [f["fouttekst"] for f in r.json()]
