"""Journeys 2 and 5: an officer lists a product with a photo and a halal
certificate, the Dinas curates it, a buyer finds it and shares it; and two
kopontren agree an exchange that the province then sees."""

import re
from urllib.parse import quote

from django.urls import reverse
from PIL import Image

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
    assert "Foto ditambahkan" in page.content()
    thumbnail = page.locator("ul.gallery img").first
    # Wait for the image to load before reading its size (it may still be arriving).
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    assert thumbnail.evaluate("img => img.naturalWidth") == 400

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

    page.context.clear_cookies()
    page.goto(live_server.url + reverse("opop:catalogue"))
    page.get_by_label("Bersertifikat halal").check()
    page.get_by_label("Kabupaten/kota").select_option("35.09")
    page.get_by_role("button", name="Terapkan").click()
    assert "halal=on" in page.url and "kabupaten=35.09" in page.url
    cards = page.locator("ul.product-grid > li.product-card")
    assert cards.count() == 1
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
    assert (
        "Sertifikat halal" in page.content() and "belum diverifikasi" in page.content()
    )
    assert axe() == []


def test_a_need_an_offer_both_agree_and_the_province_sees_it(
    page, login, live_server, pengurus_a, pengurus_b, coop_a, coop_b, provinsi_jatim
):
    opop_factories.membership(cooperative_obj=coop_a)
    opop_factories.membership(cooperative_obj=coop_b)
    kopi = opop_factories.product(
        cooperative_obj=coop_a, name="Kopi Santri", category="minuman"
    )

    login(pengurus_b.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:board"))
    page.get_by_role("link", name="Posting tawaran atau kebutuhan").click()
    page.get_by_label("Kebutuhan").check()
    page.get_by_label("Judul").fill("Butuh kopi untuk kantin santri")
    page.get_by_label("Jumlah").fill("30")
    page.get_by_label("Satuan").fill("pak")
    page.get_by_role("button", name="Simpan").click()
    assert "Postingan terbit" in page.content()

    page.context.clear_cookies()
    login(pengurus_a.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:board"))
    page.get_by_role("link", name="Butuh kopi untuk kantin santri").click()
    page.get_by_label("Pesan").fill("Kami kirim kopi robusta, bisa tukar dengan sirup.")
    page.get_by_label("Produk yang Anda tawarkan").select_option(str(kopi.pk))
    page.get_by_label("Jumlah").fill("30")
    page.get_by_role("button", name="Kirim tanggapan").click()
    assert "Tanggapan terkirim" in page.content()
    listing_url = page.url

    page.context.clear_cookies()
    login(pengurus_b.username, factories.PASSWORD)
    page.goto(listing_url)
    page.get_by_role("button", name="Setujui tanggapan").click()
    assert "menunggu pemberi" in page.content()

    page.context.clear_cookies()
    login(pengurus_a.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:exchange_list"))
    page.get_by_role("button", name="Setujui pertukaran").click()
    assert "Pertukaran: Disepakati" in page.content()
    exchange = Exchange.objects.get()
    assert (exchange.giver, exchange.receiver, exchange.quantity) == (
        coop_a,
        coop_b,
        30,
    )

    page.context.clear_cookies()
    login(provinsi_jatim.username, factories.PASSWORD)
    page.goto(live_server.url + reverse("opop:exchange_list"))
    row = page.locator("tbody tr").first
    text = row.inner_text()
    assert "Kopontren Uji Alif" in text and "Kopontren Uji Ba" in text
    assert "30 pak Kopi Santri" in text and "Disepakati" in text
    assert page.get_by_role("button", name="Setujui pertukaran").count() == 0
