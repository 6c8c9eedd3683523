"""Cooperatives of the whole region: a cooperative may exist without a pesantren;
the kopontren pages, OPOP and GEMASKOP keep to kopontren; summaries hold both."""

import datetime
import importlib
import os

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from gemaskop.services import Registry
from kopontren.models import ChangeRequest, Cooperative
from opop.forms import MembershipForm
from portal.models import User
from tests import factories
from tests.conftest import client_for

D = datetime.date
SUMMARY = reverse("portal:summary")
CREATE = reverse("kopontren:cooperative_create")


def region_form(**extra):
    return {
        "name": "KSP Tani Makmur",
        "kelompok": "lainnya",
        "jenis": "simpan_pinjam",
        "bentuk": "primer_kab",
        "pola": "konvensional",
        "is_active": "on",
        "kabupaten": "35.09",
        **extra,
    }


def test_staff_register_a_cooperative_without_a_pesantren(staf):
    response = client_for(staf).post(CREATE, region_form())
    coop = Cooperative.objects.get(name="KSP Tani Makmur")
    assert response["Location"] == coop.get_absolute_url()
    assert coop.pesantren is None
    assert not coop.is_kopontren
    page = client_for(staf).get(coop.get_absolute_url()).content.decode()
    assert "Koperasi lainnya" in page


def test_a_kopontren_without_a_pesantren_is_refused_with_a_message(staf):
    response = client_for(staf).post(CREATE, region_form(kelompok="kopontren"))
    assert response.status_code == 200
    assert "Koperasi pondok pesantren harus mempunyai pesantren" in (
        response.content.decode()
    )
    assert not Cooperative.objects.filter(name="KSP Tani Makmur").exists()


def test_the_database_refuses_a_kopontren_without_a_pesantren(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Cooperative.objects.create(
            name="Tanpa Pesantren", kelompok="kopontren", kabupaten_id="35.09"
        )


def test_staff_of_another_kabupaten_cannot_register_one_here(staf_banjarbaru):
    response = client_for(staf_banjarbaru).post(CREATE, region_form())
    assert response.status_code == 200
    assert not Cooperative.objects.filter(name="KSP Tani Makmur").exists()


def test_the_cooperative_is_scoped_by_its_own_kabupaten(staf, staf_banjarbaru):
    coop = factories.region_cooperative(name="KSP Seberang", kabupaten="63.72")
    url = reverse("kopontren:cooperative_detail", args=[coop.pk])
    assert client_for(staf).get(url).status_code == 404
    assert client_for(staf_banjarbaru).get(url).status_code == 200


def test_opop_membership_offers_and_accepts_kopontren_only(staf, coop_a):
    other = factories.region_cooperative(name="KSP Bukan Pesantren")
    form = MembershipForm(user=staf)
    offered = set(form.fields["cooperative"].queryset)
    assert coop_a in offered and other not in offered
    data = {"cooperative": other.pk, "programme": "35", "joined_on": "2025-01-01"}
    assert not MembershipForm(data, user=staf).is_valid()


def test_gemaskop_does_not_offer_a_cooperative_without_a_pesantren(staf, coop_a):
    factories.region_cooperative(name="KSP Alif Makmur")
    registry = Registry.for_user(staf)
    assert set(registry.cooperatives) == {coop_a}


def test_the_public_directory_lists_kopontren_only(coop_a):
    factories.region_cooperative(name="KSP Tersembunyi")
    body = client_for(None).get(reverse("kopontren:directory")).content.decode()
    assert coop_a.name in body
    assert "KSP Tersembunyi" not in body


def test_the_summary_shows_kopontren_against_every_cooperative(provinsi_kalsel):
    kopontren = factories.cooperative(kabupaten="63.72")
    factories.berbadan_hukum(cooperative_obj=kopontren, ahu_date=D(2024, 3, 1))
    for index in range(3):
        other = factories.region_cooperative(kabupaten="63.72")
        factories.berbadan_hukum(cooperative_obj=other, ahu_date=D(2024, 3, 1 + index))
    client = client_for(provinsi_kalsel)
    table = client.get(SUMMARY).context["table"]
    row = next(row for row in table.rows if row.code == "63.72")
    assert (row.cells["semua"].value, row.cells["total"].value) == (4, 1)
    assert row.cells["bh"].value == 1
    for key, count in (("semua", 4), ("total", 1), ("bh", 1)):
        listing = client.get(row.cells[key].url).context["page"].paginator
        assert listing.count == count, key
    chosen = client.get(SUMMARY, {"kelompok": "lainnya"}).context["table"]
    row = next(row for row in chosen.rows if row.code == "63.72")
    assert (row.cells["semua"].value, row.cells["bh"].value) == (4, 3)


def test_the_migration_takes_the_last_approval_as_the_last_confirmation(
    staf, pengurus_a, coop_a
):
    migration = importlib.import_module(
        "kopontren.migrations.0014_cooperatives_of_the_region_secondary_and_freshness"
    )
    approved = timezone.make_aware(datetime.datetime(2025, 6, 1, 9))
    for reviewed_at in (approved - datetime.timedelta(days=30), approved):
        ChangeRequest.objects.create(
            cooperative=coop_a,
            target="profil",
            submitted_by=pengurus_a,
            status="disetujui",
            reviewed_by=staf,
            reviewed_at=reviewed_at,
        )
    untouched = factories.cooperative()
    migration.confirmed_from_approved_requests(apps, None)
    coop_a.refresh_from_db()
    untouched.refresh_from_db()
    assert (coop_a.confirmed_at, coop_a.confirmed_by) == (approved, staf)
    assert untouched.confirmed_at is None


def test_the_demo_holds_kalsel_cooperatives_outside_pesantren_and_a_secondary(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    client = client_for(User.objects.get(username="provinsi-kalsel"))
    totals = client.get(SUMMARY, {"tahun": 2024}).context["table"].totals.cells
    assert (totals["semua"].value, totals["total"].value) == (36, 30)
    assert totals["bh"].value == 25
    secondary = Cooperative.objects.get(name__startswith="Koperasi Sekunder")
    assert secondary.pesantren is None
    assert secondary.primary_memberships.open().count() == 3
