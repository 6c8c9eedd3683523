"""Checking uploaded product photos and making the copies the portal shows."""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
THUMBNAIL_SIZE = 400
DISPLAY_SIZE = 1200


def check_photo(upload):
    """Refuse anything but a readable JPEG/PNG/WebP of sane size; return its facts."""
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Foto terlalu besar (%(mb)s MB). Ukuran berkas maksimal 8 MB.")
            % {"mb": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")},
            code="too_large",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format, (width, height) = image.format, image.size
            if image_format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Format foto harus JPEG, PNG atau WebP."), code="format"
                )
            if width * height > MAX_PHOTO_PIXELS:
                raise _too_many_pixels(width, height)
            image.verify()
    except Image.DecompressionBombError as error:
        raise _too_many_pixels(None, None) from error
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _(
                "Berkas ini bukan foto yang dapat dibaca, atau rusak. "
                "Unggah foto JPEG, PNG atau WebP."
            ),
            code="unreadable",
        ) from error
    finally:
        upload.seek(0)
    return {"format": image_format, "width": width, "height": height}


def _too_many_pixels(width, height):
    size = f" ({width} × {height} piksel)" if width else ""
    return ValidationError(
        _("Resolusi foto terlalu besar%(size)s. Maksimal 40 megapiksel; perkecil dulu.")
        % {"size": size},
        code="too_many_pixels",
    )


def resized_copies(upload):
    """(display, thumbnail) as JPEG files: upright, no EXIF, on white if transparent."""
    upload.seek(0)
    with Image.open(upload) as image:
        # Decode large JPEGs at a reduced scale: cheap on a small server.
        image.draft("RGB", (DISPLAY_SIZE, DISPLAY_SIZE))
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P"):
            image = image.convert("RGBA")
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        else:
            image = image.convert("RGB")
        copies = []
        for size in (DISPLAY_SIZE, THUMBNAIL_SIZE):
            copy = image.copy()
            copy.thumbnail((size, size), Image.Resampling.LANCZOS)
            buffer = io.BytesIO()
            copy.save(buffer, "JPEG", quality=82, optimize=True, progressive=True)
            copies.append(
                ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.jpg")
            )
    upload.seek(0)
    return copies


def stored_name(facts):
    """A fresh file name for the original, with the extension its format deserves."""
    return f"{uuid.uuid4().hex}.{ALLOWED_FORMATS[facts['format']]}"
