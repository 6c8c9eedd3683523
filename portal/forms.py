from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Office, OfficeUnit, Region


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
