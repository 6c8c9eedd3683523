import re
from decimal import Decimal

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

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
DOCUMENT_EXTENSIONS = (".pdf", ".jpg", ".jpeg", ".png")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def validate_document(upload):
    """Refuse files that are too large or not a scan/PDF, with an Indonesian message."""
    if upload is None:
        return
    if upload.size > MAX_DOCUMENT_BYTES:
        raise forms.ValidationError(_("Berkas terlalu besar (maksimal 10 MB)."))
    if not upload.name.lower().endswith(DOCUMENT_EXTENSIONS):
        raise forms.ValidationError(_("Hanya berkas PDF, JPG atau PNG yang diterima."))


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
