"""Staff on a phone: a koperasi sekunder with its members, marking a cooperative's
data as checked, and a per-stage work list with its "since" dates."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests import factories

D = datetime.date


def fits(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )


@pytest.mark.parametrize("width", [360, 1280])
def test_staff_mark_a_secondary_checked_and_read_the_stage_list(
    page, login, live_server, axe, staf, coop_a, width
):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2025, 1, 10))
    secondary = factories.secondary_cooperative(name="Koperasi Sekunder Jember Raya")
    factories.secondary_membership(secondary=secondary, primary=coop_a)
    page.set_viewport_size({"width": width, "height": 800})
    login(staf.username, factories.PASSWORD)

    page.goto(live_server.url + secondary.get_absolute_url())
    members = page.get_by_role("region", name="Koperasi anggota")
    expect(members).to_contain_text(coop_a.name)
    expect(page.get_by_text("Data belum pernah dikonfirmasi.")).to_be_visible()
    assert fits(page) <= 0
    assert axe() == []
    page.get_by_role("button", name="Tandai sudah diperiksa").click()
    expect(page.get_by_text("Data koperasi ditandai sudah diperiksa.")).to_be_visible()
    expect(page.get_by_text("Data terakhir dikonfirmasi")).to_contain_text(
        staf.username
    )

    page.goto(live_server.url + coop_a.get_absolute_url())
    expect(page.get_by_text("Berbadan hukum sejak 10 Januari 2025")).to_be_visible()
    expect(page.get_by_text("Anggota dari koperasi sekunder")).to_be_visible()
    assert fits(page) <= 0
    assert axe() == []

    page.goto(
        live_server.url + reverse("kopontren:cooperative_list") + "?kerja=tanpa-nik"
    )
    expect(
        page.get_by_role("columnheader", name="Belum punya NIK sejak")
    ).to_be_visible()
    expect(page.get_by_role("cell", name="10-01-2025", exact=True)).to_be_visible()
    assert fits(page) <= 0
    assert axe() == []
