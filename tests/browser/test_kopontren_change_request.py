"""Journeys 2 and 3: an officer proposes, the Dinas reviews, the record shows it."""

import re

from django.urls import reverse
from playwright.sync_api import expect

from kopontren.models import ChangeRequest, Document
from tests import factories


def test_officer_changes_phone_and_uploads_akta_then_staff_approve(
    page, login, live_server, staf, pengurus_a, coop_a, tmp_path, axe
):
    login(pengurus_a.username, factories.PASSWORD)
    page.get_by_role("link", name=coop_a.name).click()
    page.get_by_role("link", name="Usulkan perubahan profil").click()
    page.get_by_label("Telepon").fill("087755501234")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Usulan dikirim")).to_be_visible()

    akta = tmp_path / "akta-pendirian.pdf"
    akta.write_bytes(factories.pdf_bytes())
    page.get_by_role("link", name="Unggah dokumen").click()
    page.get_by_label("Jenis dokumen").select_option("akta")
    page.get_by_label("Judul").fill("Akta pendirian koperasi")
    page.get_by_label("Berkas").set_input_files(str(akta))
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Menunggu tinjauan", exact=True)).to_have_count(2)
    assert ChangeRequest.objects.filter(status="menunggu").count() == 2
    completeness = page.get_by_role("region", name=re.compile("Kelengkapan data"))
    expect(completeness).to_contain_text(
        "Belum ada: Dokumen akta / SK AHU — menunggu tinjauan"
    )

    page.context.clear_cookies()
    login(staf.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("kopontren:change_request_queue"))
    queue = page.locator("tbody")
    expect(queue).to_contain_text("Telepon: 081234567890 → 087755501234")
    expect(queue).to_contain_text("Dokumen baru: Akta pendirian koperasi")
    page.locator("table a").first.click()
    # Setujui opens the next waiting request, then returns to the empty queue.
    for _ in range(2):
        if page.locator("ins", has_text="087755501234").count():
            assert page.locator("del", has_text="081234567890").count() == 1
            assert axe() == []
        with page.expect_navigation():
            page.get_by_role("button", name="Setujui usulan").click()
        expect(page.get_by_text("Usulan disetujui")).to_be_visible()
    expect(page.get_by_text("Tidak ada usulan.")).to_be_visible()

    page.goto(
        live_server.url + reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    )
    profile = page.locator("dl.profile")
    assert "087755501234" in profile.inner_text()
    akta_link = page.get_by_role("link", name="Akta pendirian koperasi", exact=True)
    assert akta_link.count() == 1
    history = page.locator("section", has=page.locator("#h-riwayat"))
    assert "087755501234" in history.inner_text()
    assert "disetujui" in history.inner_text()
    assert Document.objects.get().uploaded_by == pengurus_a
    assert axe() == []
