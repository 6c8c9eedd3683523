from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemaskop.models import Event, EventPhoto, EventSession, Gender, Position, Speaker
from portal.access import Scope
from portal.forms import MATERIAL_KINDS, DateInput, check_image, validate_document
from portal.models import Region

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
GENDER_CHOICES = [("", "—"), *Gender.choices]


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = [
            "name",
            "kind",
            "budget_year",
            "bidang",
            "start_date",
            "end_date",
            "venue",
            "kabupaten",
            "capacity",
            "description",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        scope = Scope.of(user)
        self.fields["kabupaten"].queryset = scope.kabupatens()
        if scope.region_level == Region.Level.KABUPATEN:
            self.fields["kabupaten"].initial = scope.region_code
        if not self.instance.pk:
            self.fields["budget_year"].initial = timezone.localdate().year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
            )
        return cleaned


class SessionForm(forms.ModelForm):
    class Meta:
        model = EventSession
        fields = ["title", "date", "start_time", "end_time"]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.instance.event = event

    def clean_date(self):
        date = self.cleaned_data["date"]
        if not self.event.start_date <= date <= self.event.end_date:
            raise forms.ValidationError(
                _("Tanggal sesi harus di antara tanggal mulai dan selesai kegiatan.")
            )
        return date


class SpeakerForm(forms.ModelForm):
    class Meta:
        model = Speaker
        fields = [
            "name",
            "institution",
            "topic",
            "material",
            "npwp",
            "bank_name",
            "bank_account",
        ]
        help_texts = {
            "npwp": _("Hanya untuk honorarium. Data pribadi: disamarkan di laporan."),
            "bank_account": _("Hanya untuk honorarium. Data pribadi."),
        }

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean_material(self):
        upload = self.cleaned_data.get("material")
        if upload and hasattr(upload, "content_type"):
            validate_document(
                upload, kinds=MATERIAL_KINDS, max_bytes=MAX_MATERIAL_BYTES
            )
        return upload

    def clean_npwp(self):
        npwp = self.cleaned_data["npwp"].strip()
        digits = "".join(ch for ch in npwp if ch.isdigit())
        if npwp and len(digits) not in (15, 16):
            raise forms.ValidationError(_("NPWP berisi 15 atau 16 angka."))
        return npwp


class PhotoForm(forms.ModelForm):
    class Meta:
        model = EventPhoto
        fields = ["image", "caption"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image and hasattr(image, "content_type"):
            if image.size > MAX_PHOTO_BYTES:
                raise forms.ValidationError(_("Foto terlalu besar (maksimal 5 MB)."))
            image.seek(0)
            check_image(image)
            image.seek(0)
        return image


class PersonForm(forms.Form):
    """A person at the desk, at self check-in or being corrected."""

    name = forms.CharField(
        label=_("Nama"),
        max_length=150,
        error_messages={
            "required": _("Nama wajib diisi."),
            "max_length": _("Nama terlalu panjang (maksimal 150 huruf)."),
        },
    )
    institution = forms.CharField(
        label=_("Asal lembaga"),
        max_length=200,
        required=False,
        help_text=_("Ketik beberapa huruf nama pesantren/koperasi, lalu pilih."),
    )
    gender = forms.ChoiceField(
        label=_("Jenis kelamin"), choices=GENDER_CHOICES, required=False
    )
    position = forms.ChoiceField(
        label=_("Jabatan"), choices=Position.choices, initial=Position.SANTRI
    )


class DeskForm(PersonForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.fields["name"].widget.attrs
        name.update(autofocus=True, autocomplete="off", autocapitalize="words")
        institution = self.fields["institution"].widget.attrs
        institution.update(list="lembaga-pilihan", autocomplete="off")


class ParticipantForm(PersonForm):
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        help_text=_("Tidak wajib. Data pribadi: hanya dilihat staf penyelenggara."),
    )


class CheckinForm(ParticipantForm):
    session = forms.ModelChoiceField(
        label=_("Sesi"), queryset=EventSession.objects.none(), empty_label=None
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["institution"].widget.attrs.update(list="lembaga-pilihan")
        self.fields["institution"].help_text = _(
            "Nama pondok pesantren atau koperasi Anda."
        )
        self.fields["phone"].help_text = _(
            "Tidak wajib. Hanya dipakai Dinas untuk tindak lanjut kegiatan."
        )
        self.fields["name"].widget.attrs.update(autocomplete="name")
        if len(sessions) == 1:
            del self.fields["session"]


class RemoveForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan koreksi"),
        max_length=255,
        help_text=_("Misalnya: salah ketik, tercatat di sesi yang salah."),
    )


class InvitationForm(forms.Form):
    institution = forms.CharField(label=_("Pesantren/koperasi/lembaga"), max_length=200)
    person_name = forms.CharField(
        label=_("Nama orang yang diundang"), max_length=150, required=False
    )
    position = forms.ChoiceField(
        label=_("Jabatan"), choices=Position.choices, initial=Position.SANTRI
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].widget.attrs.update(list="lembaga-pilihan")


class InviteManyForm(forms.Form):
    pesantren = forms.ModelMultipleChoiceField(
        label=_("Pesantren yang diundang"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pesantren"].queryset = suggestions


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Berkas daftar hadir (.xlsx atau .csv)"),
        help_text=_(
            "Baris pertama berisi judul kolom: Nama, Asal Lembaga, Jabatan, "
            "Jenis Kelamin (L/P), No HP (tidak wajib)."
        ),
    )


class EventFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun anggaran"), required=False)
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("", _("— semua —")), *Event.Kind.choices],
        required=False,
    )

    def apply(self, events):
        if not self.is_valid():
            return events
        if self.cleaned_data.get("tahun"):
            events = events.filter(budget_year=self.cleaned_data["tahun"])
        if self.cleaned_data.get("jenis"):
            events = events.filter(kind=self.cleaned_data["jenis"])
        return events
