"""Summaries that sum: per region and book year, the RAT figures' sums and medians."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import YearlyFigures
from portal.summaries import RAT_FIGURES
from tests import factories
from tests.conftest import client_for

SUMMARY = reverse("portal:summary_rat")
M = Decimal(1_000_000)


def figures(kabupaten, book_year=2024, **values):
    coop = factories.cooperative(kabupaten=kabupaten)
    return factories.yearly_figures(cooperative_obj=coop, book_year=book_year, **values)


def kalsel_rats():
    """Banjarbaru: three RATs of 2024 and one of 2023; one 2024 record without a held
    RAT. Banjarmasin: two RATs of 2024. Jember: one (outside Kalsel)."""
    for male, female, aset, shu in ((10, 5, 100, 1), (20, 7, 200, 2), (40, 9, 400, 9)):
        figures(
            "63.72",
            members_male=male,
            members_female=female,
            modal_sendiri=aset * M / 2,
            modal_luar=0,
            aset=aset * M,
            volume_usaha=2 * aset * M,
            shu=shu * M,
        )
    figures("63.72", book_year=2023, members_male=999)
    YearlyFigures.objects.create(
        cooperative=factories.cooperative(kabupaten="63.72"),
        book_year=2024,
        members_male=500,
    )
    figures("63.71", members_male=3, shu=1 * M)
    figures("63.71", members_male=4, shu=2 * M)
    figures("35.09", members_male=1000)


def by_code(data):
    return {row["code"]: row for row in data["rows"]}


def figure(row, name):
    """(sum, median) of one figure in a row of the table."""
    keys = [key for key, _label, _rupiah in RAT_FIGURES]
    total, median, _rupiah = row["values"][keys.index(name)]
    return total, median


def test_sums_and_medians_per_region_with_the_cooperatives_behind_them(
    provinsi_kalsel,
):
    kalsel_rats()
    client = client_for(provinsi_kalsel)
    data = client.get(SUMMARY, {"tahun": 2024}).context["rat_figures"]
    rows = by_code(data)
    assert set(rows) == {"63.71", "63.72"}
    banjarbaru = rows["63.72"]
    assert banjarbaru["count"].value == 3
    assert figure(banjarbaru, "members_male") == (70, Decimal("20.00"))
    assert figure(banjarbaru, "members_female") == (21, Decimal("7.00"))
    assert figure(banjarbaru, "modal_sendiri") == (350 * M, 100 * M)
    assert figure(banjarbaru, "modal_luar") == (0, 0)
    assert figure(banjarbaru, "aset") == (700 * M, 200 * M)
    assert figure(banjarbaru, "volume_usaha") == (1400 * M, 400 * M)
    assert figure(banjarbaru, "shu") == (12 * M, 2 * M)
    # An even count: the median lies between the two middle values.
    assert figure(rows["63.71"], "shu") == (3 * M, Decimal("1500000.00"))
    totals = data["totals"]
    assert totals["count"].value == 5
    assert figure(totals, "members_male") == (77, Decimal("10.00"))
    # The count opens the list of exactly those cooperatives.
    listing = client.get(banjarbaru["count"].url)
    assert listing.context["page"].paginator.count == 3


def test_the_page_shows_the_figures_in_rupiah(provinsi_kalsel):
    kalsel_rats()
    client = client_for(provinsi_kalsel)
    summary = client.get(reverse("portal:summary"), {"tahun": 2024}).content.decode()
    assert reverse("portal:summary_rat") + "?tahun=2024" in summary
    page = client.get(SUMMARY, {"tahun": 2024}).content.decode()
    assert "Angka RAT tahun buku 2024" in page
    assert "Rp 700.000.000" in page


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("staf", 200),
        ("provinsi", 200),
        ("pengurus_a", 403),
        ("pengurus_b", 403),
        ("anonim", 302),
    ],
)
def test_the_figures_page_is_for_office_roles(personas, who, expected):
    client = client_for(personas[who])
    assert client.get(SUMMARY).status_code == expected
    url = reverse("portal:summary_export", args=["rat", "csv"])
    assert client.get(url).status_code == expected


def test_the_figures_export_as_a_spreadsheet(provinsi_kalsel):
    kalsel_rats()
    url = reverse("portal:summary_export", args=["rat", "csv"])
    response = client_for(provinsi_kalsel).get(url, {"tahun": 2024})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = next(row for row in rows if row and row[0] == "Kode")
    banjarbaru = next(row for row in rows if row and row[0] == "63.72")
    assert banjarbaru[header.index("Koperasi dengan RAT")] == "3"
    assert banjarbaru[header.index("Aset (jumlah)")] == "700000000.00"
    assert banjarbaru[header.index("Aset (median)")] == "200000000.00"
    assert rows[-1][1] == "Jumlah"


def test_the_figures_query_count_does_not_grow_with_regions_or_records(admin):
    client = client_for(admin)
    figures("63.72")
    with CaptureQueriesContext(connection) as small:
        client.get(SUMMARY, {"tahun": 2024})
    for code in ("63.71", "63.01", "35.09", "35.10"):
        for _index in range(3):
            figures(code)
    with CaptureQueriesContext(connection) as large:
        response = client.get(SUMMARY, {"tahun": 2024})
    assert len(response.context["rat_figures"]["rows"]) == 2  # per province
    assert len(small) == len(large)


def test_last_book_year_is_summed_without_a_year_chosen(provinsi_kalsel):
    last = datetime.date.today().year - 1
    figures("63.72", book_year=last, members_male=11)
    data = client_for(provinsi_kalsel).get(SUMMARY).context["rat_figures"]
    assert data["book_year"] == last
    assert figure(by_code(data)["63.72"], "members_male")[0] == 11
