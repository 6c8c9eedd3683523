"""A province's own staff runs the province's programme (journey 6): records an OPOP
membership and a work plan for a Kalsel kopontren, creates the province's event and
curates a member's product; a kabupaten's registry record stays out of reach."""

import datetime

from django.urls import reverse
from playwright.sync_api import expect

from gemaskop.models import Event
from opop.models import Membership, Product, WorkPlan
from portal.models import User
from tests import factories
from tests.opop import factories as opop_factories


def test_province_staff_run_the_opop_programme_but_not_the_registry(
    page, login, live_server
):
    staff = factories.user(
        username="staf-kalsel-uji", role=User.Role.STAF_PROVINSI, region_code="63"
    )
    newcomer = factories.cooperative(
        name="Kopontren Banua Baru", kabupaten="63.72", is_active=True
    )
    member = factories.cooperative(name="Kopontren Banua Anggota", kabupaten="63.71")
    opop_factories.membership(cooperative_obj=member)
    product = opop_factories.product(cooperative_obj=member, name="Kerupuk Haruan")
    jember = factories.cooperative(name="Kopontren Jember Uji", kabupaten="35.09")

    login(staff.username, factories.PASSWORD)

    # An OPOP membership for a kopontren of the province, then its work plan.
    page.goto(live_server.url + reverse("opop:membership_list"))
    page.get_by_role("link", name="Tambah anggota OPOP").click()
    page.locator("select[name=cooperative]").select_option(label="Kopontren Banua Baru")
    page.get_by_label("Program OPOP provinsi").select_option(label="Kalimantan Selatan")
    page.get_by_label("Tanggal bergabung").fill("2025-02-03")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Keanggotaan OPOP disimpan.")).to_be_visible()
    membership = Membership.objects.get(cooperative=newcomer)
    page.get_by_role("link", name="Tambah rencana kerja tahunan").click()
    page.get_by_label("Tahun").fill("2025")
    page.locator("#id_plan").fill("Mesin pengemas kerupuk.")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Rencana kerja dan laporan disimpan.")).to_be_visible()
    assert WorkPlan.objects.get(membership=membership).year == 2025

    # The province's own event.
    page.goto(live_server.url + reverse("gemaskop:event_list"))
    page.get_by_role("link", name="Kegiatan baru").click()
    page.get_by_label("Nama kegiatan").fill("Rapat Kerja OPOP Kalsel 2025")
    page.get_by_label("Jenis kegiatan").select_option("raker_opop")
    page.get_by_label("Tanggal mulai").fill("2025-10-02")
    page.get_by_label("Tanggal selesai").fill("2025-10-03")
    page.locator("#id_venue").fill("Asrama Haji Banjarmasin")
    page.get_by_label("Kabupaten/kota tempat").select_option("63.71")
    page.get_by_role("button", name="Simpan").click()
    expect(
        page.get_by_role("heading", name="Rapat Kerja OPOP Kalsel 2025")
    ).to_be_visible()
    event = Event.objects.get(name="Rapat Kerja OPOP Kalsel 2025")
    assert event.kabupaten_id == "63.71" and event.created_by == staff

    # Curating a member's product.
    page.goto(live_server.url + reverse("opop:product_detail", args=[product.pk]))
    page.get_by_label("Ubah status ke").select_option("dikurasi")
    page.get_by_role("button", name="Simpan status kurasi").click()
    expect(page.get_by_text("Dikurasi").first).to_be_visible()
    product.refresh_from_db()
    assert product.curation_status == Product.Curation.DIKURASI

    # A kabupaten's registry record: readable in the province, never changeable.
    edit_kalsel = page.goto(
        live_server.url + reverse("kopontren:cooperative_edit", args=[newcomer.pk])
    )
    assert edit_kalsel.status == 403
    edit_jember = page.goto(
        live_server.url + reverse("kopontren:cooperative_edit", args=[jember.pk])
    )
    assert edit_jember.status == 404
    newcomer.refresh_from_db()
    assert newcomer.name == "Kopontren Banua Baru"
    assert event.start_date == datetime.date(2025, 10, 2)
