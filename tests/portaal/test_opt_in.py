"""The opt-in group on DUO's operator pages (contract §5.4): who, with the two dates; CSV and XLSX; logged; never
for a gemeente, and the letters themselves never in the portal."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from inburgering.keten.models import Brief
from inburgering.portaal.models import Verwerking

pytestmark = pytest.mark.django_db
PAGINA = reverse("portaal:opt_in")


def test_the_operator_sees_the_group_with_both_dates_and_the_view_is_logged(client, keten, als):
    als("beheerder")
    r = client.get(PAGINA)
    t = r.content.decode()
    assert r.status_code == 200
    # Sara Amrani: Wi2021 kennisgeving on 4 January, corrected on 1 March; Wi2013 applies now
    rij = t[t.index("<tbody>"):t.index("</tbody>")]
    assert rij == ('<tbody><tr><td class="mono">163923322</td><td>Wi2013</td><td>04-01-2022</td>'
                   '<td>01-03-2022</td></tr>')
    v = Verwerking.objects.get()
    assert (v.processing_activity_id, v.aantal_betrokkenen) == ("urn:nl:duo:inburgering:verwerkingsactiviteit:opt-in-groep", 1)


def test_csv_and_xlsx_downloads_hold_the_group(client, keten, als):
    als("beheerder")
    r = client.get(reverse("portaal:opt_in_download", kwargs={"formaat": "csv"}))
    assert r["Cache-Control"] == "no-store" and r["Content-Type"].startswith("text/csv")
    assert list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";")) == [
        ["BSN", "Wet nu", "Kennisgeving Wi2021", "Correctie"], ["163923322", "Wi2013", "2022-01-04", "2022-03-01"]]
    r = client.get(reverse("portaal:opt_in_download", kwargs={"formaat": "xlsx"}))
    ws = load_workbook(io.BytesIO(r.content)).active
    assert [[c.value for c in rij] for rij in ws.iter_rows()] == [
        ["BSN", "Wet nu", "Kennisgeving Wi2021", "Correctie"], ["163923322", "Wi2013", "2022-01-04", "2022-03-01"]]
    assert list(Verwerking.objects.values_list("processing_activity_id", "aantal_betrokkenen")) == [("urn:nl:duo:inburgering:verwerkingsactiviteit:opt-in-groep", 1)] * 2


@pytest.mark.parametrize("wie", ["0363", "0344", "privacy"])
def test_no_gemeente_and_no_privacy_officer_reaches_the_group(client, keten, als, wie):
    als(wie)
    for url in (PAGINA, reverse("portaal:opt_in_download", kwargs={"formaat": "csv"})):
        r = client.get(url)
        assert r.status_code in (302, 403) and b"163923322" not in r.content


def test_a_gemeente_never_sees_a_letter_in_the_portal(client, keten, als):
    """Letters are DUO's correspondence with the person (seed §3): the gemeente that corrected Sara Amrani (0363)
    sees its SS190 and the person, never the letters or their dates."""
    assert Brief.objects.filter(bsn="163923322").count() == 3
    als("0363")
    for url in (reverse("portaal:signalen", kwargs={"wet": "Wi2021"}), reverse("portaal:signalen", kwargs={"wet": "Wi2013"}),
                reverse("portaal:persoon", kwargs={"wet": "Wi2013", "bsn": "163923322"})):
        r = client.get(url)
        t = r.content.decode().lower()
        assert r.status_code == 200 and "kennisgeving" not in t and "brief" not in t, url
