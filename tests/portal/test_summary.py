import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from kopontren.models import LegalEvent
from tests import factories
from tests.conftest import client_for

D = datetime.date
SUMMARY = reverse("portal:summary")


def kalsel_data():
    """Banjarbaru: one BH in 2024 whose akta was 2023, one BH in 2022, one in process,
    one not started, one inactive; Banjarmasin: one BH in 2024. Jember: one BH 2024."""
    bjb = factories.pesantren(name="P Banjarbaru 1", kabupaten="63.72")
    moved = factories.cooperative(
        name="Pindah ke BH", pesantren_obj=bjb, nik_koperasi="6372000000001"
    )
    factories.legal_event(cooperative_obj=moved, kind="akta", date=D(2023, 6, 1))
    factories.legal_event(
        cooperative_obj=moved,
        kind="ahu",
        date=D(2024, 2, 1),
        number="AHU-0000001.AH.01.26.TAHUN 2024",
    )
    factories.yearly_figures(cooperative_obj=moved, book_year=2024)
    old = factories.cooperative(name="BH lama", kabupaten="63.72")
    factories.berbadan_hukum(cooperative_obj=old, ahu_date=D(2022, 5, 5))
    process = factories.cooperative(name="Proses", kabupaten="63.72")
    factories.legal_event(cooperative_obj=process, kind="akta", date=D(2024, 9, 9))
    factories.cooperative(name="Belum", kabupaten="63.72", is_active=False)
    factories.pesantren(name="Tanpa koperasi", kabupaten="63.72")
    bjm = factories.cooperative(name="Banjarmasin BH", kabupaten="63.71")
    factories.berbadan_hukum(cooperative_obj=bjm, ahu_date=D(2024, 11, 1))
    jember = factories.cooperative(name="Jember BH", kabupaten="35.09")
    factories.berbadan_hukum(cooperative_obj=jember, ahu_date=D(2024, 3, 1))
    return moved


def row_of(response, code):
    return next(row for row in response.context["table"].rows if row.code == code)


def values(row):
    return {key: cell.value for key, cell in row.cells.items()}


def test_province_summary_counts_each_kabupaten(provinsi_kalsel):
    kalsel_data()
    response = client_for(provinsi_kalsel).get(SUMMARY)
    assert response.status_code == 200
    table = response.context["table"]
    assert [row.code for row in table.rows] == ["63.71", "63.72"]
    assert values(row_of(response, "63.72")) == {
        "pesantren": 5,
        "semua": 4,
        "total": 4,
        "bh": 2,
        "proses": 1,
        "belum": 1,
        "bubar": 0,
        "nik": 1,
        "rat": 0,
        "aktif": 3,
        "tidak_aktif": 1,
    }
    assert table.totals.cells["bh"].value == 3
    assert table.totals.cells["total"].value == 5


def test_year_filter_gives_the_status_at_the_end_of_that_year(provinsi_kalsel):
    kalsel_data()
    client = client_for(provinsi_kalsel)
    end_2023 = values(row_of(client.get(SUMMARY, {"tahun": 2023}), "63.72"))
    # The cooperative that got its AHU in 2024 was still in process at the end of 2023.
    assert (end_2023["bh"], end_2023["proses"], end_2023["belum"]) == (1, 1, 2)
    assert end_2023["rat"] == 0
    end_2024 = values(row_of(client.get(SUMMARY, {"tahun": 2024}), "63.72"))
    assert (end_2024["bh"], end_2024["proses"], end_2024["belum"]) == (2, 1, 1)
    assert end_2024["rat"] == 1


def test_berbadan_hukum_by_year(provinsi_kalsel):
    kalsel_data()
    response = client_for(provinsi_kalsel).get(SUMMARY)
    data = response.context["by_year"]
    assert data["years"] == [2022, 2024]
    assert [cell.value for cell in data["totals"]] == [1, 2]
    banjarbaru = next(row for row in data["rows"] if row["code"] == "63.72")
    assert [cell.value for cell in banjarbaru["cells"]] == [1, 1]
    assert data["grand_total"].value == 3


@pytest.mark.parametrize(
    "who,params",
    [
        ("provinsi", {}),
        ("provinsi", {"tahun": "2023"}),
        ("provinsi", {"kelompok": "kopontren"}),
        ("admin", {}),
        ("admin", {"provinsi": "63", "tahun": "2024"}),
    ],
)
def test_every_drill_down_count_matches_the_number_clicked(personas, who, params):
    kalsel_data()
    client = client_for(personas[who])
    response = client.get(SUMMARY, params)
    table = response.context["table"]
    checked = 0
    for row in [*table.rows, table.totals]:
        for key, cell in row.cells.items():
            listing = client.get(cell.url)
            assert listing.status_code == 200
            assert listing.context["page"].paginator.count == cell.value, (
                row.name,
                key,
            )
            checked += 1
    by_year = response.context["by_year"]
    cells = [*by_year["totals"], by_year["grand_total"]]
    for row in by_year["rows"]:
        cells += [*row["cells"], row["total"]]
    for cell in cells:
        listing = client.get(cell.url)
        assert listing.context["page"].paginator.count == cell.value
        checked += 1
    assert checked > 20


def test_provincial_official_sees_only_their_province(provinsi_kalsel):
    kalsel_data()
    response = client_for(provinsi_kalsel).get(SUMMARY, {"kabupaten": "35.09"})
    codes = [row.code for row in response.context["table"].rows]
    assert codes == ["63.71", "63.72"]
    assert "di luar cakupan" in response.content.decode()
    assert response.context["table"].totals.cells["total"].value == 5


def test_staff_see_their_kabupaten_admin_everything(staf, admin):
    kalsel_data()
    staff_rows = client_for(staf).get(SUMMARY).context["table"].rows
    assert [row.code for row in staff_rows] == ["35.09"]
    # Nationally, admin reads a row per province; a province filter opens its kabupaten.
    admin_rows = client_for(admin).get(SUMMARY).context["table"].rows
    assert [row.code for row in admin_rows] == ["35", "63"]
    assert [row.cells["total"].value for row in admin_rows] == [1, 5]
    kalsel = client_for(admin).get(SUMMARY, {"provinsi": "63"}).context["table"].rows
    assert [row.code for row in kalsel] == ["63.71", "63.72"]


@pytest.mark.parametrize("who,expected", [("pengurus_a", 403), ("anonim", 302)])
def test_officers_and_visitors_get_no_summary(personas, who, expected):
    client = client_for(personas[who])
    assert client.get(SUMMARY).status_code == expected
    url = reverse("portal:summary_export", args=["status", "csv"])
    assert client.get(url).status_code == expected


def test_csv_export_holds_the_table_the_filters_and_the_date(provinsi_kalsel):
    kalsel_data()
    url = reverse("portal:summary_export", args=["status", "csv"])
    response = client_for(provinsi_kalsel).get(url, {"tahun": 2024})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][1].startswith("Kalimantan Selatan")
    assert "2024" in rows[1][1]
    assert rows[2][0] == "Data per"
    header = rows[4]
    assert header[:5] == [
        "Kode",
        "Kabupaten/kota",
        "Pesantren",
        "Semua koperasi",
        "Koperasi Pondok Pesantren",
    ]
    banjarbaru = next(row for row in rows if row and row[0] == "63.72")
    assert banjarbaru[header.index("Berbadan hukum")] == "2"
    assert rows[-1][1] == "Jumlah"


def test_xlsx_export_by_year(provinsi_kalsel):
    kalsel_data()
    url = reverse("portal:summary_export", args=["tahun", "xlsx"])
    response = client_for(provinsi_kalsel).get(url)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header = rows[4]
    assert header[:4] == ["Kode", "Kabupaten/kota", 2022, 2024]
    banjarbaru = next(row for row in rows if row and row[0] == "63.72")
    assert banjarbaru[2:] == [1, 1, 2]
    assert rows[-1][1:] == ["Jumlah", 1, 2, 3]


def test_summary_query_count_does_not_grow_with_regions_or_records(admin):
    client = client_for(admin)
    first = factories.cooperative(kabupaten="63.72")
    factories.berbadan_hukum(cooperative_obj=first, ahu_date=D(2019, 1, 1))
    with CaptureQueriesContext(connection) as small:
        client.get(SUMMARY, {"tahun": 2024})
    for code in ("63.71", "63.01", "63.02", "35.09", "35.10", "35.11"):
        for index in range(4):
            coop = factories.cooperative(kabupaten=code)
            factories.berbadan_hukum(
                cooperative_obj=coop, ahu_date=D(2020 + index, 1, 1)
            )
            factories.yearly_figures(cooperative_obj=coop, book_year=2024)
    with CaptureQueriesContext(connection) as large:
        client.get(SUMMARY, {"tahun": 2024})
    assert len(small) == len(large)


def test_provincial_official_can_change_nothing(provinsi_kalsel, coop_kalsel):
    """Every unsafe request from the provincial role is refused; nothing changes."""
    factories.officer(cooperative_obj=coop_kalsel)
    client = client_for(provinsi_kalsel)
    before = LegalEvent.objects.count(), coop_kalsel.officers.count()
    refused = 0
    urls = [
        reverse("kopontren:cooperative_edit", args=[coop_kalsel.pk]),
        reverse("kopontren:officer_create", args=[coop_kalsel.pk]),
        reverse("kopontren:legal_event_create", args=[coop_kalsel.pk]),
        reverse("kopontren:figures_create", args=[coop_kalsel.pk]),
        reverse("kopontren:document_create", args=[coop_kalsel.pk]),
        reverse("kopontren:invite_officer", args=[coop_kalsel.pk]),
        reverse("kopontren:cooperative_create"),
        reverse("kopontren:pesantren_create"),
        reverse("kopontren:pesantren_edit", args=[coop_kalsel.pesantren_id]),
        reverse(
            "kopontren:record_delete",
            args=[coop_kalsel.pk, "pengurus", coop_kalsel.officers.get().pk],
        ),
    ]
    for url in urls:
        response = client.post(url, {"name": "x", "kind": "ahu", "date": "2024-01-01"})
        assert response.status_code == 403, url
        refused += 1
    assert refused == len(urls)
    coop_kalsel.refresh_from_db()
    assert coop_kalsel.name == "Kopontren Uji Banua"
    assert (LegalEvent.objects.count(), coop_kalsel.officers.count()) == before
