"""Inviting the pesantren the portal suggests: one tick selects them all."""

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
