"""Downloads of the current filter: CSV and XLSX, streamed, with the right rows and nothing else."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse
from openpyxl import load_workbook

from inburgering.portaal import export

pytestmark = pytest.mark.django_db


def _get(client, formaat, **q):
    r = client.get(reverse("portaal:download", kwargs={"wet": "Wi2021", "formaat": formaat}), q)
    assert r.status_code == 200 and isinstance(r, StreamingHttpResponse)
    return r, b"".join(r.streaming_content)


def test_csv_of_the_filtered_selection(client, keten, als):
    als("0344")
    r, body = _get(client, "csv", gebeurtenis="SS139", status="alle")
    assert r["Content-Type"].startswith("text/csv") and "attachment" in r["Content-Disposition"]
    assert body.startswith("\ufeff".encode())
    rijen = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert {x["gebeurtenis"] for x in rijen} == {"SS139"}
    assert {x["bsn"] for x in rijen} == {"693563278", "123456782"}
    assert rijen[0]["omschrijving"] == "Persoon is inburgeringsplichtig en termijn PIP is gestart"


def test_xlsx_opens_in_a_spreadsheet_program(client, keten, als):
    als("0344")
    r, body = _get(client, "xlsx", status="alle")
    assert r["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ws = load_workbook(io.BytesIO(body), read_only=True).active
    rijen = list(ws.iter_rows(values_only=True))
    assert rijen[0] == export.KOLOMMEN
    assert len(rijen) == 1 + 4 and isinstance(rijen[1][0], int)  # signal id as a number
    assert all(isinstance(x[4], str) and len(x[4]) == 9 for x in rijen[1:])  # BSN stays text (leading zeros)
    assert rijen[1][1].year == 2022  # a real date cell


def test_corrections_download_holds_the_ss190(client, keten, als):
    als("0363")
    _, body = _get(client, "csv", soort="correcties", status="alle")
    rijen = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert [(x["gebeurtenis"], x["bsn"]) for x in rijen] == [("SS190", "163923322")]
    _, xlsx = _get(client, "xlsx", soort="correcties", status="alle")
    assert load_workbook(io.BytesIO(xlsx)).active.title == "Correcties SS190"


def test_stream_writers_are_lazy_and_spreadsheet_safe():
    rijen = ((i, None, "SS101", "=cmd()", "01234567" + str(i % 10), None, None, "nieuw", "+x") for i in range(5000))
    delen = export.stroom_xlsx(rijen)
    eerste = next(delen)
    assert eerste.startswith(b"PK")  # something is sent before all rows are read
    # XLSX cells are inline strings, never formulas: text stays text; CSV gets a quote in front
    wb = load_workbook(io.BytesIO(eerste + b"".join(delen)), read_only=True)
    r = list(wb.active.iter_rows(values_only=True))
    assert len(r) == 5001 and r[1][3] == "=cmd()" and r[1][8] == "+x" and r[1][4] == "012345670"
    tekst = b"".join(export.stroom_csv([(1, None, "SS101", "@SUM(1)", "1", None, None, "nieuw", "-2")])).decode("utf-8-sig")
    assert "'@SUM(1)" in tekst and "'-2" in tekst
