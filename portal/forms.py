import datetime

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _


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


class VersionedFormMixin:
    """A ModelForm of a record with history that carries the version it was opened
    at (`updated_at`): a save over a newer version is refused, naming who changed
    the record, when, and what, so nobody's change is silently reverted."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["version"] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                initial=self.instance.updated_at.isoformat(),
            )

    def clean(self):
        cleaned = super().clean()
        opened = cleaned.get("version")
        if (
            self.instance.pk
            and opened
            and opened != self.instance.updated_at.isoformat()
        ):
            raise forms.ValidationError(self.conflict_message(opened))
        return cleaned

    def conflict_message(self, opened):
        history = self.instance.history.all()
        latest = history.first()
        base = history.filter(
            updated_at=datetime.datetime.fromisoformat(opened)
        ).first()
        who = _("orang lain")
        if latest.history_user is not None:
            who = latest.history_user.get_full_name() or latest.history_user.username
        changes = []
        if base is not None:
            for change in latest.diff_against(base).changes:
                if change.field == "updated_at":
                    continue
                label = self.instance._meta.get_field(change.field).verbose_name
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
