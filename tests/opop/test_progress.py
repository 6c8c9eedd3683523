"""OPOP progress per kabupaten: right numbers, scoped, a handful of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opop.services import progress_by_kabupaten, progress_totals
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


@pytest.fixture
def kalsel_members(coop_kalsel):
    """Banjarbaru: one member berbadan hukum in 2024 with a certified flagship, one
    in process; Banjarmasin: one not yet; and an exchange between them."""
    factories.berbadan_hukum(
        cooperative_obj=coop_kalsel, ahu_date=datetime.date(2024, 5, 2)
    )
    opop_factories.membership(cooperative_obj=coop_kalsel)
    flagship = opop_factories.product(cooperative_obj=coop_kalsel, is_flagship=True)
    opop_factories.permit(product_obj=flagship, verified=True)
    opop_factories.product(cooperative_obj=coop_kalsel)
    proses = factories.cooperative(kabupaten="63.72")
    factories.legal_event(
        cooperative_obj=proses, kind="akta", date=datetime.date(2024, 8, 1)
    )
    opop_factories.membership(cooperative_obj=proses)
    belum = factories.cooperative(kabupaten="63.71")
    opop_factories.membership(cooperative_obj=belum)
    opop_factories.product(cooperative_obj=belum)
    factories.cooperative(kabupaten="63.71")  # not a member: not counted
    opop_factories.agreed_exchange(giver=coop_kalsel, receiver=belum)
    return coop_kalsel


def test_progress_counts_members_legal_status_products_and_exchanges(
    kalsel_members, provinsi_kalsel
):
    rows = {
        row["kabupaten_code"]: row for row in progress_by_kabupaten(provinsi_kalsel)
    }
    assert set(rows) == {"63.71", "63.72"}
    banjarbaru, banjarmasin = rows["63.72"], rows["63.71"]
    assert banjarbaru["kabupaten_name"] == "Kota Banjarbaru"
    assert (
        banjarbaru["members"],
        banjarbaru["members_bh"],
        banjarbaru["members_proses"],
        banjarbaru["members_belum"],
    ) == (2, 1, 1, 0)
    assert (
        banjarbaru["products"],
        banjarbaru["flagship_products"],
        banjarbaru["certified_products"],
    ) == (2, 1, 1)
    assert (banjarbaru["exchanges_given"], banjarbaru["exchanges_received"]) == (1, 0)
    assert (banjarmasin["members"], banjarmasin["members_belum"]) == (1, 1)
    assert (banjarmasin["exchanges_given"], banjarmasin["exchanges_received"]) == (0, 1)
    assert progress_totals(rows.values())["members"] == 3


def test_progress_as_of_a_past_year(kalsel_members, provinsi_kalsel):
    rows = {
        row["kabupaten_code"]: row
        for row in progress_by_kabupaten(provinsi_kalsel, year=2023)
    }
    # In 2023 nobody had joined yet (joined 2 October 2024).
    assert rows == {}
    this_year = timezone.localdate().year
    rows = progress_by_kabupaten(provinsi_kalsel, year=this_year)
    assert sum(row["exchanges_given"] for row in rows) == 1


def test_progress_is_scoped_to_the_users_region(
    kalsel_members, staf, provinsi_jatim, pengurus_a, admin
):
    assert progress_by_kabupaten(staf) == []
    assert progress_by_kabupaten(provinsi_jatim) == []
    assert progress_by_kabupaten(pengurus_a) == []
    assert len(progress_by_kabupaten(admin)) == 2


def test_progress_takes_the_same_few_queries_for_one_or_many_regions(
    coop_kalsel, provinsi_kalsel
):
    def measure():
        with CaptureQueriesContext(connection) as queries:
            rows = progress_by_kabupaten(provinsi_kalsel)
        return len(queries), len(rows)

    opop_factories.membership(cooperative_obj=coop_kalsel)
    one = measure()
    for code in ("63.01", "63.03", "63.04", "63.05", "63.71"):
        coop = factories.cooperative(kabupaten=code)
        opop_factories.membership(cooperative_obj=coop)
        opop_factories.product(cooperative_obj=coop)
        opop_factories.agreed_exchange(giver=coop, receiver=coop_kalsel)
    many = measure()
    assert one[1] == 1 and many[1] == 6
    assert one[0] == many[0] <= 5


def test_the_progress_page_and_its_export(kalsel_members, provinsi_kalsel):
    client = client_for(provinsi_kalsel)
    page = client.get(reverse("opop:progress"))
    assert page.status_code == 200
    assert "Kota Banjarbaru" in page.content.decode()
    export = client.get(reverse("opop:progress"), {"format": "csv"})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Kode wilayah,Kabupaten/kota,Anggota OPOP")
    assert any(line.startswith("63.72,Kota Banjarbaru,2,1,1,0") for line in lines)
