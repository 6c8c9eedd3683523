"""As of a year, every column of the legal-status summary comes from dated facts."""

import datetime

import pytest
from django.urls import reverse

from kopontren.services import cooperative_activity_record
from tests import factories
from tests.conftest import client_for

D = datetime.date
SUMMARY = reverse("portal:summary")


def step(coop, kind, date, number=""):
    factories.legal_event(cooperative_obj=coop, kind=kind, date=date, number=number)


def three_years_of_banjarbaru():
    """Five cooperatives of Kota Banjarbaru whose facts change over 2022-2024."""
    kab = "63.72"
    a = factories.cooperative(name="A", kabupaten=kab)
    step(a, "akta", D(2021, 5, 1))
    step(a, "ahu", D(2022, 3, 1), "AHU-0000001.AH.01.26.TAHUN 2022")
    step(a, "nik", D(2023, 2, 1), "6372000000001")
    factories.yearly_figures(cooperative_obj=a, book_year=2022)
    factories.yearly_figures(cooperative_obj=a, book_year=2024)
    b = factories.cooperative(name="B", kabupaten=kab)
    step(b, "akta", D(2022, 6, 1))
    step(b, "ahu", D(2023, 8, 1), "AHU-0000002.AH.01.26.TAHUN 2023")
    step(b, "nik", D(2024, 1, 15), "6372000000002")
    factories.yearly_figures(cooperative_obj=b, book_year=2023)
    cooperative_activity_record(cooperative=b, is_active=False, date=D(2024, 6, 1))
    c = factories.cooperative(name="C", kabupaten=kab)
    step(c, "akta", D(2023, 4, 1))
    cooperative_activity_record(cooperative=c, is_active=False, date=D(2022, 1, 10))
    cooperative_activity_record(cooperative=c, is_active=True, date=D(2023, 9, 1))
    d = factories.cooperative(name="D", kabupaten=kab)
    step(d, "akta", D(2020, 1, 1))
    step(d, "ahu", D(2020, 6, 1), "AHU-0000004.AH.01.26.TAHUN 2020")
    step(d, "nik", D(2021, 1, 1), "6372000000004")
    step(d, "bubar", D(2023, 5, 1))
    factories.cooperative(name="E", kabupaten=kab)
    factories.pesantren(name="Tanpa koperasi", kabupaten=kab)


# Counted by hand from the history above, at the end of each year.
EXPECTED = {
    2022: dict(bh=2, proses=1, belum=2, bubar=0, nik=1, rat=1, aktif=4, tidak_aktif=1),
    2023: dict(bh=2, proses=1, belum=1, bubar=1, nik=1, rat=1, aktif=5, tidak_aktif=0),
    2024: dict(bh=2, proses=1, belum=1, bubar=1, nik=2, rat=1, aktif=4, tidak_aktif=1),
}


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_every_column_is_what_the_dated_facts_said_that_year(provinsi_kalsel, year):
    three_years_of_banjarbaru()
    client = client_for(provinsi_kalsel)
    response = client.get(SUMMARY, {"tahun": year})
    row = next(r for r in response.context["table"].rows if r.code == "63.72")
    values = {key: cell.value for key, cell in row.cells.items()}
    assert values == {"pesantren": 6, "semua": 5, "total": 5, **EXPECTED[year]}
    assert values["nik"] <= values["bh"]
    for key, cell in row.cells.items():
        listing = client.get(cell.url)
        assert listing.context["page"].paginator.count == cell.value, key


def test_today_the_summary_reads_the_current_facts(provinsi_kalsel):
    three_years_of_banjarbaru()
    response = client_for(provinsi_kalsel).get(SUMMARY)
    row = next(r for r in response.context["table"].rows if r.code == "63.72")
    values = {key: cell.value for key, cell in row.cells.items()}
    assert (values["aktif"], values["tidak_aktif"], values["nik"]) == (4, 1, 3)


def test_changing_aktif_on_the_profile_keeps_the_date_it_holds_from(staf, coop_a):
    client_for(staf).post(
        reverse("kopontren:cooperative_edit", args=[coop_a.pk]),
        {
            "name": coop_a.name,
            "pesantren": coop_a.pesantren_id,
            "kelompok": coop_a.kelompok,
            "jenis": coop_a.jenis,
            "bentuk": coop_a.bentuk,
            "pola": coop_a.pola,
            "kabupaten": coop_a.kabupaten_id,
            "active_since": "2025-07-01",
        },
    )
    change = coop_a.activity_changes.get()
    assert (change.is_active, change.date, change.recorded_by) == (
        False,
        D(2025, 7, 1),
        staf,
    )
    coop_a.refresh_from_db()
    assert (coop_a.is_active, coop_a.active_since) == (False, D(2025, 7, 1))
