"""Product photos: the original kept, resized copies made, bad or huge files refused
with a clear message and nothing saved."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from opop import services
from opop.models import ProductPhoto
from tests.conftest import client_for
from tests.opop import factories as opop_factories
from tests.storage import stored


def stored_files():
    return stored("opop")


def upload_as(user, product, upload):
    return client_for(user).post(
        reverse("opop:photo_add", args=[product.pk]), {"photo": upload, "caption": ""}
    )


def test_a_photo_keeps_its_original_and_gets_a_thumbnail(pengurus_a, product_a):
    content = opop_factories.png_bytes(size=(1600, 1200))
    response = upload_as(
        pengurus_a,
        product_a,
        SimpleUploadedFile("kopi.png", content, content_type="image/png"),
    )
    assert response.status_code == 302
    photo = ProductPhoto.objects.get()
    assert (photo.width, photo.height, photo.uploaded_by) == (1600, 1200, pengurus_a)
    with photo.original.open("rb") as original:
        assert original.read() == content
    with Image.open(photo.thumbnail.open("rb")) as thumbnail:
        assert thumbnail.format == "JPEG" and thumbnail.size == (400, 300)
    with Image.open(photo.display.open("rb")) as display:
        assert display.format == "JPEG" and display.size == (1200, 900)


def test_a_transparent_png_and_a_webp_are_accepted(pengurus_a, product_a):
    for upload in (
        opop_factories.photo_upload(mode="RGBA", colour=(10, 120, 40, 0)),
        SimpleUploadedFile(
            "foto.webp",
            opop_factories.png_bytes(file_format="WEBP"),
            content_type="image/webp",
        ),
    ):
        assert upload_as(pengurus_a, product_a, upload).status_code == 302
    assert ProductPhoto.objects.count() == 2


def test_the_shown_copies_are_upright_and_carry_no_exif(product_a):
    image = Image.new("RGB", (800, 400), "#aa3300")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° when shown
    exif[0x010F] = "Kamera Uji"
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    photo = services.product_photo_add(
        product=product_a,
        upload=SimpleUploadedFile("hp.jpg", buffer.getvalue(), "image/jpeg"),
    )
    with Image.open(photo.thumbnail.open("rb")) as thumbnail:
        assert thumbnail.size == (200, 400)
        assert not thumbnail.getexif()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("foto.jpg", b"bukan gambar sama sekali", "image/jpeg"),
            "bukan foto yang dapat dibaca",
        ),
        (
            SimpleUploadedFile(
                "potong.png", opop_factories.png_bytes()[:120], "image/png"
            ),
            "bukan foto yang dapat dibaca",
        ),
        (
            SimpleUploadedFile(
                "animasi.gif", opop_factories.png_bytes(file_format="GIF"), "image/gif"
            ),
            "Format foto harus JPEG, PNG atau WebP",
        ),
    ],
    ids=["text", "truncated", "gif"],
)
def test_a_bad_file_is_refused_with_a_clear_message(
    pengurus_a, product_a, upload, message
):
    response = upload_as(pengurus_a, product_a, upload)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors["photo"])
    assert message in response.content.decode()
    assert not ProductPhoto.objects.exists()
    assert stored_files() == []


def test_a_huge_image_is_refused_with_a_clear_message(pengurus_a, product_a):
    # 7000 × 6000 = 42 megapixels; one bit per pixel keeps the test file small.
    upload = opop_factories.photo_upload(size=(7000, 6000), mode="1", colour=1)
    assert upload.size < 8 * 1024 * 1024
    response = upload_as(pengurus_a, product_a, upload)
    assert response.status_code == 200
    errors = str(response.context["form"].errors["photo"])
    assert "Resolusi foto terlalu besar (7000 × 6000 piksel)" in errors
    assert "40 megapiksel" in errors
    assert not ProductPhoto.objects.exists()
    assert stored_files() == []


def test_a_file_over_8_mb_is_refused_before_it_is_opened(pengurus_a, product_a):
    upload = SimpleUploadedFile("besar.png", b"\0" * (9 * 1024 * 1024), "image/png")
    response = upload_as(pengurus_a, product_a, upload)
    assert "Foto terlalu besar (9,0 MB)" in str(response.context["form"].errors)
    assert not ProductPhoto.objects.exists()
    assert stored_files() == []


def test_public_products_thumbnails_are_public_and_originals_are_not(
    pengurus_a, product_a
):
    photo = services.product_photo_add(
        product=product_a, upload=opop_factories.photo_upload()
    )
    anonymous = client_for(None)
    small = anonymous.get(reverse("opop:photo", args=[photo.pk, "kecil"]))
    assert small.status_code == 200 and small["Content-Type"] == "image/jpeg"
    assert small["Cache-Control"].startswith("public")
    assert (
        anonymous.get(reverse("opop:photo", args=[photo.pk, "asli"])).status_code == 404
    )
    assert (
        client_for(pengurus_a)
        .get(reverse("opop:photo", args=[photo.pk, "asli"]))
        .status_code
        == 200
    )


def test_a_suspended_products_photos_are_hidden_from_the_public(
    staf, pengurus_a, product_a
):
    photo = services.product_photo_add(
        product=product_a, upload=opop_factories.photo_upload()
    )
    services.product_curate(
        product=product_a, to_status="ditangguhkan", note="Klaim halal", by=staf
    )
    url = reverse("opop:photo", args=[photo.pk, "kecil"])
    assert client_for(None).get(url).status_code == 404
    mine = client_for(pengurus_a).get(url)
    assert mine.status_code == 200 and mine["Cache-Control"].startswith("private")
