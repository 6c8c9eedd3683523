import datetime
import re
import zipfile
from decimal import Decimal

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError, PdfStreamError

from portal.models import Office, OfficeUnit, Region

RUPIAH_TEXT = re.compile(
    r"(?P<sign>-?)(?P<whole>\d{1,3}(?:\.\d{3})+|\d+)(?:,(?P<cents>\d{1,2}))?"
)
# 2500000.50: a single dot before one or two digits can only be a decimal point.
RUPIAH_DOT_DECIMAL = re.compile(r"(?P<sign>-?)(?P<whole>\d+)\.(?P<cents>\d{1,2})")


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


class OfficeForm(forms.ModelForm):
    class Meta:
        model = Office
        fields = [
            "region",
            "name",
            "short_name",
            "government",
            "address",
            "phone",
            "email",
            "website",
            "logo",
            "signature_image",
            "stamp",
            "print_signature",
            "number_classification",
            "number_format",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(
            level__in=[Region.Level.PROVINSI, Region.Level.KABUPATEN]
        )


class OfficeUnitForm(forms.ModelForm):
    class Meta:
        model = OfficeUnit
        fields = ["name", "order", "head_name", "head_title", "head_nip", "head_rank"]

    def __init__(self, *args, office, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.office = office


def parse_rupiah_input(text):
    """Decimal from what a person types: 61.500.000, 61.500.000,50, Rp 61.500.000,
    61500000 or -1.250.000 (a dot groups thousands, a comma starts the sen). None
    when empty."""
    cleaned = re.sub(r"\s", "", text or "")
    cleaned = re.sub(r"(?i)^(-?)rp\.?", r"\1", cleaned)
    if cleaned == "":
        return None
    match = RUPIAH_TEXT.fullmatch(cleaned) or RUPIAH_DOT_DECIMAL.fullmatch(cleaned)
    if not match:
        raise ValidationError(
            _(
                "“%(value)s” tidak terbaca sebagai rupiah. Tulis seperti 61.500.000 "
                "atau 61.500.000,50: titik memisahkan ribuan, koma memisahkan sen."
            ),
            code="invalid",
            params={"value": text.strip()},
        )
    whole = match["whole"].replace(".", "")
    amount = Decimal(f"{whole}.{match['cents'] or '0'}").quantize(Decimal("0.01"))
    return -amount if match["sign"] else amount


def format_rupiah_input(value):
    """61.500.000 or 61.500.000,50: how a Rupiah value is shown in a form."""
    if value in (None, ""):
        return ""
    amount = Decimal(value)
    sign = "-" if amount < 0 else ""
    whole = f"{int(abs(amount)):,}".replace(",", ".")
    cents = abs(amount) % 1
    text = f"{sign}{whole}"
    return f"{text},{f'{cents:.2f}'[2:]}" if cents else text


class RupiahInput(forms.TextInput):
    """A text box (not type=number, which refuses dots) showing 61.500.000."""

    def __init__(self, attrs=None):
        super().__init__(
            {"inputmode": "decimal", "autocomplete": "off", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, int | Decimal):
            return format_rupiah_input(value)
        return super().format_value(value)


class RupiahField(forms.DecimalField):
    """Rupiah as a person in Indonesia writes it; errors quote what was typed."""

    widget = RupiahInput

    def __init__(self, *, max_digits=15, decimal_places=2, **kwargs):
        kwargs.pop("localize", None)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max for a number input; this is text.
        return {}

    def to_python(self, value):
        if isinstance(value, int | Decimal):
            return Decimal(value)
        if value in self.empty_values:
            return None
        amount = parse_rupiah_input(str(value))
        if (
            amount is not None
            and amount.as_tuple().digits
            and (len(str(int(amount))) > self.max_digits - self.decimal_places)
        ):
            raise ValidationError(
                _("“%(value)s” terlalu besar untuk angka rupiah."),
                code="max_digits",
                params={"value": str(value).strip()},
            )
        return amount

    def validate(self, value):
        forms.Field.validate(self, value)


class VersionConflict(ValidationError):
    """A save from a version older than the record's: nothing was written."""


def conflict_message(instance, opened):
    """Who changed the record after `opened` (an `updated_at` in ISO form), when,
    and what, from its history."""
    history = instance.history.all()
    latest = history.first()
    base = history.filter(updated_at=datetime.datetime.fromisoformat(opened)).first()
    who = _("orang lain")
    if latest.history_user is not None:
        who = latest.history_user.get_full_name() or latest.history_user.username
    changes = []
    if base is not None:
        for change in latest.diff_against(base).changes:
            if change.field == "updated_at":
                continue
            label = instance._meta.get_field(change.field).verbose_name
            changes.append(f"{label}: “{change.old}” → “{change.new}”")
    return _(
        "Data ini sudah diubah oleh %(who)s pada %(when)s, setelah Anda membuka "
        "formulir ini. Yang diubah: %(changes)s. Perubahan Anda belum disimpan: "
        "muat ulang halaman, lalu ulangi perubahan Anda."
    ) % {
        "who": who,
        "when": formats.date_format(
            timezone.localtime(latest.history_date), "DATETIME_FORMAT"
        ),
        "changes": "; ".join(changes) or "-",
    }


def version_hold(*, instance, opened):
    """Lock the record's row until the end of the caller's transaction and refuse
    (VersionConflict) when it changed after `opened`: of two saves from the same
    version, the second waits for the first and is refused."""
    if instance.pk is None or not opened:
        return
    current = (
        type(instance)
        ._default_manager.select_for_update()
        .filter(pk=instance.pk)
        .values_list("updated_at", flat=True)
        .first()
    )
    if current is None:
        raise VersionConflict(
            _("Data ini sudah dihapus oleh orang lain; perubahan Anda belum disimpan.")
        )
    if current.isoformat() != opened:
        raise VersionConflict(conflict_message(instance, opened))


class VersionedFormMixin:
    """A ModelForm of a record with history that carries the version it was opened
    at (`updated_at`): a save over a newer version is refused, naming who changed
    the record, when, and what, so nobody's change is silently reverted. The form
    refuses a version already stale; the service's `version_hold` decides, under a
    row lock, between saves that race."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                initial=self.instance.updated_at.isoformat(),
            )

    @property
    def opened_version(self):
        """The version the form was opened at (None for a new record)."""
        if not self.instance.pk:
            return None
        return self.cleaned_data.get("version") or None

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("version")
        if (
            self.instance.pk
            and opened
            and opened != self.instance.updated_at.isoformat()
        ):
            raise forms.ValidationError(conflict_message(self.instance, opened))
        return cleaned
