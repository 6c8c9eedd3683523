"""Journey 2 on a 375 px phone, from the invitation e-mail: a new officer sets a
password, lands on the cooperative, proposes what it lacks, sees each proposal
waiting beside its completeness item; the Dinas approves from a queue that says
what changes; the officer sees it applied. No page is wider than the screen."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from kopontren.models import ChangeRequest, YearlyFigures, last_book_year
from kopontren.services import officer_account_invite
from tests import factories

PHONE = {"width": 375, "height": 740}
PASSWORD = "teh-di-lereng-ijen"


@pytest.fixture
def new_coop(db):
    """A cooperative with no phone, no officers, no RAT and no deed on record."""
    pesantren = factories.pesantren(
        name="Pesantren Uji Cahaya", kecamatan=factories.kecamatan()
    )
    return factories.cooperative(name="Kopontren Uji Cahaya", pesantren_obj=pesantren)


class Widths:
    """Every page the journey shows, and by how much it is wider than the screen."""

    def __init__(self, page):
        self.page = page
        self.too_wide = []

    def check(self):
        self.page.wait_for_load_state()
        overflow = self.page.evaluate(
            "() => document.documentElement.scrollWidth - window.innerWidth"
        )
        if overflow > 0:
            self.too_wide.append((self.page.url, overflow))


def propose(page, widths, link, fill):
    page.get_by_role("link", name=link).click()
    widths.check()
    fill()
    with page.expect_navigation():
        page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_text("Usulan dikirim")).to_be_visible()
    widths.check()


def test_invited_officer_completes_the_cooperative_from_a_phone(
    page, login, live_server, staf, new_coop, tmp_path
):
    officer_account_invite(
        cooperative=new_coop,
        invited_by=staf,
        username="sekretaris-cahaya",
        email="sekretaris@cahaya.test",
        first_name="Siti",
    )
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    page.set_viewport_size(PHONE)
    widths = Widths(page)

    page.goto(live_server.url + path)
    widths.check()
    page.locator("input[name=password1]").fill(PASSWORD)
    page.locator("input[name=password2]").fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan kata sandi dan masuk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(new_coop.name)
    assert page.url == live_server.url + new_coop.get_absolute_url()
    widths.check()

    propose(
        page,
        widths,
        "Usulkan perubahan profil",
        lambda: page.get_by_label("Telepon").fill("081255501234"),
    )

    def bendahara():
        page.get_by_label(re.compile("^Nama")).fill("Nur Hasanah")
        page.get_by_label(re.compile("^Jabatan")).select_option("bendahara")
        page.get_by_label("Jenis kelamin").select_option("P")

    propose(page, widths, "+ Tambah pengurus", bendahara)

    year = last_book_year()

    def rat():
        expect(page.get_by_label("Tahun buku")).to_have_value(str(year))
        page.get_by_label("Tanggal RAT").fill(f"{year + 1}-03-15")
        page.get_by_label("Modal sendiri (Rp)").fill("61.500.000")

    propose(page, widths, "+ Tambah data RAT", rat)

    deed = tmp_path / "akta-pendirian.pdf"
    deed.write_bytes(factories.pdf_bytes())

    def document():
        page.get_by_label("Jenis dokumen").select_option("akta")
        page.get_by_label("Judul").fill("Akta pendirian koperasi")
        page.get_by_label("Berkas").set_input_files(str(deed))

    propose(page, widths, "+ Unggah dokumen", document)

    completeness = page.get_by_role("region", name=re.compile("Kelengkapan data"))
    for item in (
        "Telepon",
        "Pengurus",
        f"RAT tahun buku {year}",
        "Dokumen akta / SK AHU",
    ):
        expect(completeness).to_contain_text(f"Belum ada: {item} — menunggu tinjauan")
    assert ChangeRequest.objects.filter(status="menunggu").count() == 4

    page.context.clear_cookies()
    login(staf.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("kopontren:change_request_queue"))
    widths.check()
    queue = page.locator("tbody")
    expect(queue).to_contain_text("Telepon: — → 081255501234")
    expect(queue).to_contain_text("Pengurus baru: Nur Hasanah")
    expect(queue).to_contain_text(f"RAT {year}: baru")
    expect(queue).to_contain_text("Dokumen baru: Akta pendirian koperasi")
    page.locator("tbody a").first.click()
    for _ in range(4):
        widths.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Setujui usulan").click()
        expect(page.get_by_text("Usulan disetujui")).to_be_visible()
    expect(page.get_by_text("Tidak ada usulan.")).to_be_visible()
    widths.check()

    page.context.clear_cookies()
    login("sekretaris-cahaya", PASSWORD)
    page.goto(live_server.url + new_coop.get_absolute_url())
    widths.check()
    expect(completeness).not_to_contain_text("menunggu tinjauan")
    for item in ("Telepon", "Pengurus", "RAT tahun buku", "Dokumen akta"):
        expect(completeness).not_to_contain_text(f"Belum ada: {item}")
    expect(page.locator("dl.profile")).to_contain_text("0812")
    expect(page.get_by_role("row", name=re.compile("Nur Hasanah"))).to_contain_text(
        "Bendahara"
    )
    expect(page.get_by_text("61.500.000").first).to_be_visible()
    expect(page.get_by_role("link", name="Akta pendirian koperasi")).to_be_visible()
    figures = YearlyFigures.objects.get(cooperative=new_coop)
    assert (figures.book_year, figures.modal_sendiri) == (year, 61_500_000)
    assert widths.too_wide == []
