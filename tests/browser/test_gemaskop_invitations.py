"""Inviting the pesantren the portal suggests: one tick selects them all, or all of
one kecamatan."""

from django.urls import reverse
from playwright.sync_api import expect

from gemaskop.models import Invitation
from tests import factories as base
from tests.browser.test_gemaskop_desk import log_in
from tests.gemaskop import factories


def test_select_all_invites_every_suggested_pesantren(page, staf):
    for number in range(12):
        base.pesantren(name=f"Pondok Pesantren Saran {number:02d}")
    event = factories.event(name="Sosialisasi Undangan Banyak")
    log_in(page, staf.username)
    page.goto(reverse("gemaskop:invitation_list", args=[event.pk]))
    suggested = page.locator("#saran-pesantren input[name=pesantren]")
    expect(suggested).to_have_count(12)
    page.get_by_label("Pilih semua").check()
    expect(
        page.locator("#saran-pesantren input[name=pesantren]:checked")
    ).to_have_count(12)
    suggested.first.uncheck()
    expect(page.get_by_label("Pilih semua")).not_to_be_checked()
    suggested.first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Undang yang dipilih").click()
    expect(page.locator(".message-success")).to_contain_text("12 pesantren diundang")
    assert Invitation.objects.filter(event=event).count() == 12


def test_select_by_kecamatan_ticks_every_suggested_pesantren_there(page, axe, staf):
    kencong = base.kecamatan(code="35.09.01", name="Kencong")
    puger = base.kecamatan(code="35.09.02", name="Puger")
    for number in range(3):
        base.pesantren(name=f"Pondok Pesantren Kencong {number}", kecamatan=kencong)
        base.pesantren(name=f"Pondok Pesantren Puger {number}", kecamatan=puger)
    base.pesantren(name="Pondok Pesantren Tanpa Kecamatan")
    event = factories.event(name="Sosialisasi Undangan Kecamatan")
    log_in(page, staf.username)
    page.goto(reverse("gemaskop:invitation_list", args=[event.pk]))
    page.get_by_label("Pilih per kecamatan").select_option(label="Puger")
    page.get_by_role("button", name="Centang pesantren kecamatan ini").click()
    ticked = page.locator("#saran-pesantren input[name=pesantren]:checked")
    expect(ticked).to_have_count(3)
    expect(page.get_by_label("Pilih semua")).not_to_be_checked()
    assert axe() == []
    with page.expect_navigation():
        page.get_by_role("button", name="Undang yang dipilih").click()
    expect(page.locator(".message-success")).to_contain_text("3 pesantren diundang")
    invited = Invitation.objects.filter(event=event)
    assert sorted(invited.values_list("pesantren__name", flat=True)) == [
        f"Pondok Pesantren Puger {number}" for number in range(3)
    ]
