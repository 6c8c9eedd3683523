"""Journeys 2 and 5: an officer lists a product with a photo and a halal
certificate, the Dinas curates it, a buyer finds it and shares it; and two
kopontren agree an exchange that the province then sees."""

import re
from urllib.parse import quote

from django.urls import reverse
from PIL import Image
from playwright.sync_api import expect

from opop.models import Exchange, Product
from tests import factories
from tests.opop import factories as opop_factories


def test_product_from_officer_to_curation_to_the_public_catalogue(
    page, login, live_server, axe, staf, pengurus_a, coop_a, tmp_path
):
    photo = tmp_path / "keripik.png"
    Image.new("RGB", (900, 700), "#b5651d").save(photo)

    login(pengurus_a.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:product_list"))
    page.get_by_role("link", name="Tambah produk").click()
    page.get_by_label("Nama produk").fill("Keripik Singkong Balado")
    page.get_by_label("Kategori").select_option("makanan")
    page.get_by_label("Harga (Rp)").fill("15000")
    page.get_by_label("Satuan/kemasan").fill("bungkus 200 g")
    page.get_by_label("Produk unggulan koperasi").check()
    page.get_by_label("Nomor WhatsApp usaha").fill("0852 3300 4455")
    page.get_by_role("button", name="Simpan").click()
    assert "ditambahkan" in page.content()

    page.get_by_label("Foto produk").set_input_files(str(photo))
    page.get_by_role("button", name="Unggah foto").click()
    expect(page.get_by_text("Foto ditambahkan")).to_be_visible()
    # The thumbnail loads after the page: wait for it rather than read it at once.
    page.wait_for_function(
        """() => { const img = document.querySelector("ul.gallery img");
                   return img && img.complete && img.naturalWidth === 400; }"""
    )

    page.get_by_role("link", name="Tambah izin atau sertifikat").click()
    page.get_by_label("Jenis izin").select_option("halal")
    page.get_by_label("Nomor").fill("ID35110000123450321")
    page.get_by_label("Tanggal terbit").fill("2024-05-02")
    page.get_by_role("button", name="Simpan").click()
    assert "Izin Sertifikat halal ID35110000123450321 disimpan" in page.content()
    product = Product.objects.get(name="Keripik Singkong Balado")
    assert product.cooperative == coop_a and product.photos.count() == 1

    page.context.clear_cookies()
    login(staf.username, factories.PASSWORD)
    page.goto(live_server.url + product.get_absolute_url())
    page.get_by_label("Ubah status ke").select_option("dikurasi")
    page.get_by_label("Catatan kurator").fill("Label dan kemasan lengkap.")
    page.get_by_role("button", name="Simpan status kurasi").click()
    assert "Status kurasi: Dikurasi" in page.content()
    assert page.locator("ol.timeline").inner_text().startswith("Terdaftar → Dikurasi")

    # Not yet verified: the public does not count the certificate as halal.
    page.context.clear_cookies()
    page.goto(live_server.url + reverse("opop:catalogue") + "?halal=on")
    expect(page.locator("ul.product-grid > li.product-card")).to_have_count(0)

    login(staf.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:permit_verification"))
    page.get_by_role(
        "link", name="Periksa Sertifikat halal ID35110000123450321"
    ).click()
    page.get_by_label("Terverifikasi").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("terverifikasi").first).to_be_visible()

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("opop:catalogue"))
    page.get_by_label("Bersertifikat halal").check()
    page.get_by_label("Kabupaten/kota").select_option("35.09")
    page.get_by_role("button", name="Terapkan").click()
    assert "halal=on" in page.url and "kabupaten=35.09" in page.url
    cards = page.locator("ul.product-grid > li.product-card")
    # The URL changes before the new page's list is in the DOM: wait for it.
    expect(cards).to_have_count(1)
    assert axe() == []
    cards.first.get_by_role("link").click()

    assert (
        page.get_by_role("heading", level=1).inner_text() == "Keripik Singkong Balado"
    )
    whatsapp = page.get_by_role("link", name="Pesan lewat WhatsApp")
    href = whatsapp.get_attribute("href")
    assert href.startswith("https://wa.me/6285233004455?text=")
    assert quote("Keripik Singkong Balado") in href

    def og(prop):
        return page.locator(f'meta[property="{prop}"]').get_attribute("content")

    assert og("og:type") == "product"
    assert og("og:title").startswith("Keripik Singkong Balado")
    assert og("og:url") == live_server.url + product.get_public_url()
    image_url = og("og:image")
    assert re.fullmatch(
        re.escape(live_server.url) + r"/opop/foto/\d+/kecil/", image_url
    )
    image = page.request.get(image_url)
    assert image.status == 200 and image.headers["content-type"] == "image/jpeg"
    permits = page.locator("section", has=page.locator("#h-izin"))
    expect(permits).to_contain_text("ID35110000123450321")
    expect(permits).to_contain_text("terverifikasi")
    assert axe() == []


def test_a_barter_of_two_products_agreed_received_and_summed_for_the_province(
    page, login, live_server, pengurus_a, pengurus_b, coop_a, coop_b, provinsi_jatim
):
    opop_factories.membership(cooperative_obj=coop_a)
    opop_factories.membership(cooperative_obj=coop_b)
    opop_factories.product(
        cooperative_obj=coop_a, name="Kopi Santri", category="minuman"
    )
    suwar = opop_factories.product(
        cooperative_obj=coop_b, name="Suwar-Suwir", category="makanan"
    )
    both_sides = ("30 pak Kopi Santri", "40 kotak Suwar-Suwir")

    def as_(user):
        page.context.clear_cookies()
        login(user.username, factories.PASSWORD)

    def press(name):
        with page.expect_navigation():
            page.get_by_role("button", name=name).click()

    as_(pengurus_a)
    page.goto(live_server.url + reverse("opop:board"))
    page.get_by_role("link", name="Posting tawaran atau kebutuhan").click()
    page.get_by_label("Tawaran").check()
    page.get_by_label("Produk").select_option(label="Kopi Santri")
    page.get_by_label("Judul").fill("Kopi santri untuk ditukar")
    page.get_by_label("Jumlah").fill("30")
    page.get_by_label("Satuan").fill("pak")
    press("Simpan")
    expect(page.get_by_text("Postingan terbit")).to_be_visible()
    listing_url = page.url

    as_(pengurus_b)
    page.goto(listing_url)
    page.get_by_label("Pesan").fill("Kami tukar dengan suwar-suwir.")
    page.get_by_label("Produk yang Anda tawarkan").select_option(str(suwar.pk))
    page.get_by_label("Jumlah").fill("40")
    page.get_by_label("Satuan").fill("kotak")
    page.get_by_label("Taksiran nilai yang Anda berikan (Rp)").fill("1.200.000")
    press("Kirim tanggapan")
    expect(page.get_by_text("Tanggapan terkirim")).to_be_visible()

    as_(pengurus_a)
    notice = page.get_by_role("region", name="Bursa OPOP: perlu tindakan Anda")
    expect(notice).to_contain_text("Kopontren Uji Ba menanggapi")
    notice.get_by_role("link", name="Kopi santri untuk ditukar").click()
    page.get_by_role("link", name="Setujui tanggapan").click()
    expect(page.get_by_label("Jumlah")).to_have_value("30")
    expect(page.get_by_label("Satuan")).to_have_value("pak")
    page.get_by_label("Taksiran nilai yang Anda berikan (Rp)").fill("Rp 1.500.000")
    press("Setujui dan catat pertukaran")
    expect(page.get_by_text("Pertukaran tercatat setelah")).to_be_visible()

    as_(pengurus_b)
    notice = page.get_by_role("region", name="Bursa OPOP: perlu tindakan Anda")
    expect(notice).to_contain_text("Tanggapan Anda disetujui")
    page.goto(live_server.url + reverse("opop:exchange_list"))
    press("Setujui pertukaran")
    expect(page.get_by_text("Pertukaran: Disepakati")).to_be_visible()
    press("Barang sudah kami terima")
    expect(page.get_by_text("Pertukaran: Disepakati")).to_be_visible()
    expect(page.get_by_role("button", name="Barang sudah kami terima")).to_have_count(0)

    as_(pengurus_a)
    page.goto(live_server.url + reverse("opop:exchange_list"))
    press("Barang sudah kami terima")
    expect(page.get_by_text("Pertukaran: Selesai")).to_be_visible()
    exchange = Exchange.objects.get()
    assert exchange.status == "selesai" and exchange.sides.count() == 2

    for user, coop in ((pengurus_a, coop_a), (pengurus_b, coop_b)):
        as_(user)
        page.goto(live_server.url + coop.get_absolute_url())
        exchanges = page.get_by_role("region", name="Pertukaran OPOP")
        for side in both_sides:
            expect(exchanges).to_contain_text(side)

    as_(provinsi_jatim)
    page.goto(live_server.url + reverse("opop:exchange_list"))
    row = page.locator("tbody tr").first
    for text in (*both_sides, "Kopontren Uji Alif", "Kopontren Uji Ba", "Selesai"):
        expect(row).to_contain_text(text)
    expect(page.locator("#exchange-values tbody tr").first).to_contain_text(
        "Rp 2.700.000"
    )
    expect(page.get_by_role("button", name="Setujui pertukaran")).to_have_count(0)
