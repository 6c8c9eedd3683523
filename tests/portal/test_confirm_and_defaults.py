"""Forms that know the day, and destructive actions that ask first on a page of
their own (a plain form: no JavaScript needed)."""

from django.urls import reverse

from kopontren.models import Document, last_book_year
from opop.models import Listing, Product
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def test_the_rat_form_proposes_the_book_year_that_just_closed(pengurus_a, coop_a):
    page = client_for(pengurus_a).get(
        reverse("kopontren:figures_create", args=[coop_a.pk])
    )
    assert page.context["form"]["book_year"].value() == last_book_year()


def test_deleting_a_product_asks_first_then_says_what_went(pengurus_a, coop_a):
    product = opop_factories.product(cooperative_obj=coop_a, name="Produk uji hapus")
    client = client_for(pengurus_a)
    detail = client.get(product.get_absolute_url()).content.decode()
    url = reverse("opop:product_delete", args=[product.pk])
    assert f'href="{url}"' in detail
    ask = client.get(url).content.decode()
    assert "Hapus produk “Produk uji hapus”?" in ask
    assert '<form method="post">' in ask and "Ya, hapus produk" in ask
    assert Product.objects.filter(pk=product.pk).exists()
    done = client.post(url, follow=True).content.decode()
    assert "Produk “Produk uji hapus” dihapus." in done
    assert "Produk Produk" not in done
    assert not Product.objects.filter(pk=product.pk).exists()


def test_closing_a_listing_asks_first(coop_b, pengurus_b):
    opop_factories.membership(cooperative_obj=coop_b)
    listing = opop_factories.listing(cooperative_obj=coop_b, title="Butuh gula")
    client = client_for(pengurus_b)
    url = reverse("opop:listing_close", args=[listing.pk])
    assert "Tutup “Butuh gula”?" in client.get(url).content.decode()
    assert Listing.objects.get().status == "buka"
    client.post(url)
    assert Listing.objects.get().status == "tutup"


def test_staff_delete_a_document_after_confirming_with_a_reason(staf, coop_a):
    document = Document.objects.create(
        cooperative=coop_a, kind="lainnya", title="Surat salah unggah", file="x.pdf"
    )
    client = client_for(staf)
    url = reverse("kopontren:record_delete", args=[coop_a.pk, "dokumen", document.pk])
    assert url in client.get(coop_a.get_absolute_url()).content.decode()
    assert "Hapus “" in client.get(url).content.decode()
    assert Document.objects.exists()
    done = client.post(url, {"reason": "Salah koperasi"}, follow=True)
    assert "dihapus; riwayat tetap menyimpannya" in done.content.decode()
    assert not Document.objects.exists()
    assert Document.history.latest().history_change_reason == "Salah koperasi"
