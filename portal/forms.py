import zipfile

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError


class LoginForm(AllauthLoginForm):
    """allauth's log-in form with labels an office user recognises."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("Nama pengguna atau e-mail")
        self.fields["password"].label = _("Kata sandi")


MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000
EXTENSIONS = {
    "pdf": ("pdf",),
    "image": ("jpg", "jpeg", "png"),
    "office": ("doc", "docx", "ppt", "pptx"),
}
DOCUMENT_KINDS = ("pdf", "image")
MATERIAL_KINDS = ("pdf", "office")
ACCEPTED_MESSAGES = {
    DOCUMENT_KINDS: _("Hanya berkas PDF, JPG atau PNG yang diterima."),
    MATERIAL_KINDS: _("Materi berupa berkas PDF, PowerPoint atau Word."),
    ("image",): _("Hanya foto JPEG atau PNG yang diterima."),
}
IMAGE_FORMATS = ("JPEG", "PNG")
LEGACY_OFFICE = ("doc", "ppt")
OLE_HEADER = bytes.fromhex("d0cf11e0a1b11ae1")
OFFICE_FOLDERS = {"docx": "word/", "pptx": "ppt/"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_document(upload, *, kinds=DOCUMENT_KINDS, max_bytes=MAX_DOCUMENT_BYTES):
    """Refuse files that are too large, or whose content is not what their name
    says (a PDF that parses, an image Pillow decodes, an office file's zip), with
    an Indonesian message."""
    if upload is None:
        return
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("Berkas terlalu besar (maksimal %(mb)s MB).")
            % {"mb": max_bytes // (1024 * 1024)}
        )
    kind = kind_of(upload.name)
    if kind not in kinds:
        raise forms.ValidationError(ACCEPTED_MESSAGES[kinds])
    upload.seek(0)
    try:
        CHECKS[kind](upload, upload.name.lower().rsplit(".", 1)[-1])
    finally:
        upload.seek(0)


def kind_of(name):
    """pdf, image or office, from the file name's extension (None otherwise)."""
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    for kind, extensions in EXTENSIONS.items():
        if extension in extensions:
            return kind
    return None


def _unreadable(what):
    return forms.ValidationError(
        _("Isi berkas ini bukan %(what)s yang utuh; unggah berkas aslinya.")
        % {"what": what}
    )


def check_pdf(upload, _extension):
    """A PDF header at the start, and a first page pypdf can read."""
    if b"%PDF-" not in upload.read(1024):
        raise _unreadable(_("PDF"))
    upload.seek(0)
    try:
        reader = PdfReader(upload)
        reader.pages[0].mediabox  # noqa: B018 - reading the first page is the check
    except (PdfReadError, PdfStreamError, IndexError, KeyError, ValueError) as error:
        raise _unreadable(_("PDF")) from error


def check_image(upload, _extension=None):
    """A JPEG or PNG that Pillow decodes, at most 40 megapixels (read from the
    header, before any pixel is decoded)."""
    try:
        with Image.open(upload) as image:
            if image.format not in IMAGE_FORMATS:
                raise _unreadable(_("foto JPEG atau PNG"))
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise forms.ValidationError(
                    _(
                        "Resolusi gambar terlalu besar (%(w)s × %(h)s piksel). "
                        "Maksimal 40 megapiksel; perkecil dulu."
                    )
                    % {"w": width, "h": height}
                )
            image.verify()
    except forms.ValidationError:
        raise
    except Image.DecompressionBombError as error:
        raise forms.ValidationError(
            _("Resolusi gambar terlalu besar. Maksimal 40 megapiksel; perkecil dulu.")
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise _unreadable(_("foto JPEG atau PNG")) from error


def check_office(upload, extension):
    """A Word or PowerPoint file: the zip of the Open XML formats with its
    content-types part and the main folder of its kind (legacy .doc/.ppt: the OLE
    header)."""
    if extension in LEGACY_OFFICE:
        if upload.read(8) != OLE_HEADER:
            raise _unreadable(_("dokumen Office"))
        return
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _unreadable(_("dokumen Office")) from error
    folder = OFFICE_FOLDERS[extension]
    if "[Content_Types].xml" not in names or not any(
        name.startswith(folder) for name in names
    ):
        raise _unreadable(_("dokumen Office"))


CHECKS = {"pdf": check_pdf, "image": check_image, "office": check_office}
