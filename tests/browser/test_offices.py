"""Each office user's header names their own office, on a phone too; the Kalsel
official prints the Raker's daftar hadir under the province's letterhead."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from gemaskop.models import Event
from portal.management.commands.seed_demo import DEMO_PASSWORD

JEMBER = "Dinas Koperasi dan Usaha Mikro Kabupaten Jember"
KALSEL = "Dinas Koperasi dan Usaha Kecil Menengah Provinsi Kalimantan Selatan"


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


@pytest.mark.parametrize(
    "username,own,other",
    [("provinsi-kalsel", KALSEL, JEMBER), ("staf-jember", JEMBER, KALSEL)],
)
def test_the_header_names_the_users_office_at_phone_width(
    demo, page, login, username, own, other
):
    page.set_viewport_size({"width": 375, "height": 740})
    login(username, DEMO_PASSWORD)
    brand = page.locator(".site-header .brand")
    expect(brand).to_contain_text(own)
    expect(brand).not_to_contain_text(other)
    box = brand.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375


def test_the_kalsel_official_opens_the_raker_daftar_hadir(
    demo, page, login, live_server
):
    login("provinsi-kalsel", DEMO_PASSWORD)
    raker = Event.objects.get(name="Rapat Kerja OPOP Kalimantan Selatan 2024")
    page.goto(live_server.url + raker.get_absolute_url())
    expect(page.locator("dl.profile")).to_contain_text("Hj. Rahmah Banua, S.E. (Demo)")
    session = raker.sessions.first()
    url = reverse("gemaskop:daftar_hadir", args=[raker.pk, session.pk])
    response = page.request.get(live_server.url + url)
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
