"""Journey: staff type a pesantren that is already there under another spelling,
are asked first, then find the pair on the duplicates page and merge it; every
page fits a 360 px phone and axe finds nothing serious."""

from django.urls import reverse
from playwright.sync_api import expect

from kopontren.models import Pesantren
from tests import factories


def fits_and_passes_axe(page, axe):
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - window.innerWidth"
    )
    return overflow, [violation["id"] for violation in axe()]


def test_staff_are_asked_about_a_close_name_then_merge_the_pair(
    page, login, live_server, staf, axe
):
    kencong = factories.kecamatan()
    known = factories.pesantren(name="Al Anwar", kecamatan=kencong)
    page.set_viewport_size({"width": 360, "height": 800})
    login(staf.username, factories.PASSWORD)

    page.goto(live_server.url + reverse("kopontren:pesantren_create"))
    page.get_by_label("Nama pesantren").fill("PP Al-Anwar")
    page.get_by_label("Kabupaten/kota").select_option("35.09")
    page.get_by_label("Kecamatan").select_option(kencong.code)
    page.get_by_role("button", name="Simpan", exact=True).click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("nama sangat mirip")
    expect(warning.get_by_role("link", name="Al Anwar")).to_have_attribute(
        "href", known.get_absolute_url()
    )
    expect(warning).to_contain_text("Kencong")
    assert Pesantren.objects.count() == 1
    assert fits_and_passes_axe(page, axe) == (0, [])
    page.get_by_role("button", name="Tetap simpan, ini lembaga lain").click()
    expect(page.get_by_text("Pesantren PP Al-Anwar disimpan.")).to_be_visible()

    page.goto(live_server.url + reverse("kopontren:duplicate_list"))
    pairs = page.locator("#ganda-pesantren")
    expect(pairs).to_contain_text("PP Al-Anwar")
    assert fits_and_passes_axe(page, axe) == (0, [])
    pairs.get_by_role("link", name="Pertahankan Al Anwar").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(
        "Gabungkan “PP Al-Anwar” ke “Al Anwar”?"
    )
    assert fits_and_passes_axe(page, axe) == (0, [])
    page.get_by_role("button", name="Ya, gabungkan").click()

    expect(page.get_by_text("“PP Al-Anwar” digabung ke “Al Anwar”.")).to_be_visible()
    expect(page.locator("h1")).to_have_text("Al Anwar")
    assert list(Pesantren.objects.values_list("name", flat=True)) == ["Al Anwar"]
