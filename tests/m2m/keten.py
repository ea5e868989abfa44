"""A small chain for the M2M tests: chain messages (contract §1) through intake and the one engine, a clock,
and a client for DUO's M2M API."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import orjson
import requests

from inburgering.dienst.intake import neem_regels_op
from inburgering.dienst.klok import VasteKlok
from inburgering.keten.models import Notificatie, Zichtbaarheid
from inburgering.dienst import taken
from inburgering.dienst.klok import zet_klok

AMSTERDAM, UTRECHT, DEN_HAAG, CRANENDONCK = "0363", "0344", "0518", "1706"
OIN = {AMSTERDAM: "00000001002564440000", UTRECHT: "00000001002220647000", DEN_HAAG: "00000001002269117000",
       CRANENDONCK: "00000001001234567000"}
NAAM = {AMSTERDAM: "Amsterdam", UTRECHT: "Utrecht", DEN_HAAG: "'s-Gravenhage", CRANENDONCK: "Cranendonck"}

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


class Keten:
    DUO_OIN = "00000001800866472000"
    VANDAAG = date(2024, 3, 1)

    def __init__(self):
        self._n = 0

    # --- messages -------------------------------------------------------------------------------------------
    def bericht(self, type_: str, ontvangen, **velden) -> dict:
        self._n += 1
        return {"id": f"t{self._n}", "type": type_, "ontvangen": d(ontvangen),
                **{k: d(v) for k, v in velden.items() if v is not None}}

    def neem_op(self, berichten: list[dict]) -> None:
        neem_regels_op([orjson.dumps(b) for b in berichten], "test")

    def gemeente(self, code: str, url: str | None = None, ontvangen="2023-01-01") -> dict:
        return self.bericht("duo.gemeente", ontvangen, gemeentecode=code, naam=NAAM[code], oin=OIN[code],
                            notificatie_url=url)

    def persoon(self, bsn, nat="SYR", geboren="1990-05-05", vnummer=None):
        return self.bericht("brp.persoon", "2023-06-01", bsn=bsn, geboortedatum=geboren, geslachtsnaam="Test",
                            nationaliteiten=[nat], vnummer=vnummer)

    def adres(self, bsn, datum, gemeente, postcode="1011AB", huisnummer=5, ontvangen=None):
        return self.bericht("brp.verblijfplaats", ontvangen or datum, bsn=bsn, datum=datum, gemeentecode=gemeente,
                            postcode=postcode, huisnummer=huisnummer)

    def recht(self, bsn, doel, beschikking, ontvangen=None):
        return self.bericht("ind.verblijfsrecht", ontvangen or beschikking, bsn=bsn, verblijfsdoel=doel,
                            datum_beschikking=beschikking, ingangsdatum=beschikking)

    def document(self, bsn, datum):
        return self.bericht("ind.document_uitgereikt", datum, bsn=bsn, datum=datum)

    def koppeling(self, bsn, datum, gemeente):
        return self.bericht("coa.koppeling", datum, bsn=bsn, datum=datum, gemeentecode=gemeente)

    def instelling(self, nummer, bow=False, tst=False):
        return self.bericht("duo.instelling", "2023-01-01", instellingsnummer=nummer, naam=f"Taalschool {nummer}",
                            postcode="1011AB", huisnummer=1, plaatsnaam="Amsterdam", bow_keurmerk=bow,
                            tst_keurmerk=tst)

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
