import datetime

from django import forms
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gemaskop.models import (
    Event,
    EventPaper,
    EventPhoto,
    EventSession,
    Gender,
    Position,
    Speaker,
)
from gemaskop.services import MAX_AUTO_SESSION_DAYS
from portal.access import Scope
from portal.forms import MATERIAL_KINDS, DateInput, check_image, validate_document
from portal.models import Office, OfficeUnit, Region

MAX_MATERIAL_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 5 * 1024 * 1024
GENDER_CHOICES = [("", "—"), *Gender.choices]
DEFAULT_SESSION_HOURS = (datetime.time(8, 0), datetime.time(12, 0))


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
            "office",
            "bidang",
            "signatory",
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

    # Only for a new event: the hours of the session it gets on each of its days.
    session_start = forms.TimeField(
        label=_("Jam mulai sesi"), required=False, widget=TimeInput()
    )
    session_end = forms.TimeField(
        label=_("Jam selesai sesi"), required=False, widget=TimeInput()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["session_start"], self.fields["session_end"]
        else:
            self.fields["session_start"].initial = DEFAULT_SESSION_HOURS[0]
            self.fields["session_end"].initial = DEFAULT_SESSION_HOURS[1]
            self.fields["session_end"].help_text = _(
                "Kegiatan baru langsung mendapat satu sesi per hari (sampai %(days)d "
                "hari) pada jam ini; sesi dapat diubah atau ditambah nanti."
            ) % {"days": MAX_AUTO_SESSION_DAYS}
        scope = Scope.of(user)
        self.fields["kabupaten"].queryset = scope.kabupatens()
        if scope.region_level == Region.Level.KABUPATEN:
            self.fields["kabupaten"].initial = scope.region_code
        offices = Office.objects.all()
        if not scope.is_admin:
            offices = offices.filter(region_id__in=scope.office_regions())
        self.fields["office"].queryset = offices
        self.fields["signatory"].queryset = OfficeUnit.objects.filter(
            office__in=offices
        ).select_related("office")
        if not self.instance.pk:
            self.fields["budget_year"].initial = timezone.localdate().year
            own = Office.for_user(user)
            self.fields["office"].initial = own.pk

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
            )
        if "session_start" in self.fields:
            begins = cleaned.get("session_start") or DEFAULT_SESSION_HOURS[0]
            ends = cleaned.get("session_end") or DEFAULT_SESSION_HOURS[1]
            if ends <= begins:
                self.add_error("session_end", _("Jam selesai harus sesudah jam mulai."))
            cleaned["session_hours"] = (begins, ends)
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
        if not self.instance.pk:
            self.fields["date"].initial = event.start_date

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


class PaperForm(forms.ModelForm):
    class Meta:
        model = EventPaper
        fields = ["kind", "file", "title"]

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.event = event

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):
            validate_document(upload)
        return upload


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
    # Made by the desk's browser per entry; without JavaScript there is none.
    client_id = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # The registry record chosen in the institution picker ("p:12", "c:7").
    institution_ref = forms.CharField(
        required=False, max_length=24, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.fields["name"].widget.attrs
        name.update(autofocus=True, autocomplete="off", autocapitalize="words")
        institution = self.fields["institution"].widget.attrs
        institution.update(list="lembaga-pilihan", autocomplete="off")


class InstitutionPicker(forms.TextInput):
    """The registry picker (accessible-autocomplete) around a plain text input."""

    template_name = "gemaskop/widgets/institution_picker.html"

    class Media:
        css = {
            "all": [
                "vendor/accessible-autocomplete-3.0.1.min.css",
                "gemaskop/gemaskop.css",
            ]
        }
        js = ["vendor/accessible-autocomplete-3.0.1.min.js", "gemaskop/picker.js"]

    def __init__(self, *, picker_url="", **kwargs):
        super().__init__(**kwargs)
        self.picker_url = picker_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["picker_url"] = self.picker_url
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # The project's templates (the picker's markup is shared with the desk), not
        # the form renderer's own directories.
        context = self.get_context(name, value, attrs)
        return mark_safe(render_to_string(self.template_name, context))


class PickedInstitutionForm(forms.Form):
    """A form whose institution comes from the registry picker: a text outside the
    registry is kept only when "Lembaga baru" (or, without JavaScript, the box) was
    chosen."""

    institution_ref = forms.CharField(
        required=False, max_length=24, widget=forms.HiddenInput
    )
    new_institution = forms.BooleanField(
        label=_("Lembaga ini memang belum ada di registri"), required=False
    )

    def use_picker(self, picker_url):
        field = self.fields["institution"]
        field.widget = InstitutionPicker(
            picker_url=picker_url, attrs=field.widget.attrs
        )
        # The box right below the institution it is about.
        order = [name for name in self.fields if name != "new_institution"]
        order.insert(order.index("institution") + 1, "new_institution")
        self.order_fields(order)

    @property
    def chose_new(self):
        """A text outside the registry was meant ("Lembaga baru", or the box)."""
        data = self.cleaned_data
        return data.get("new_institution") or data.get("institution_ref") == "new"

    def picked(self, registry, *, unchanged=""):
        """The registry record chosen or named, a new institution chosen as such, or
        None with the field's error (a text left as it was stays as it was)."""
        text = self.cleaned_data["institution"]
        affiliation = registry.pick(self.cleaned_data["institution_ref"], text)
        if (
            affiliation.in_registry
            or not affiliation.institution
            or self.chose_new
            or (unchanged and affiliation.institution == unchanged.strip())
        ):
            return affiliation
        self.add_error(
            "institution",
            _(
                "“%s” tidak ada di registri: pilih dari daftar, atau centang "
                "“Lembaga ini memang belum ada di registri”."
            )
            % text,
        )
        return None


class ParticipantForm(PickedInstitutionForm, PersonForm):
    phone = forms.CharField(
        label=_("Nomor HP"),
        max_length=20,
        required=False,
        help_text=_("Tidak wajib. Data pribadi: hanya dilihat staf penyelenggara."),
    )

    def __init__(self, *args, picker_url, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_picker(picker_url)


class CheckinForm(ParticipantForm):
    session = forms.ModelChoiceField(
        label=_("Sesi"), queryset=EventSession.objects.none(), empty_label=None
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["new_institution"].label = _(
            "Lembaga saya belum ada di daftar pilihan"
        )
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


class InvitationForm(PickedInstitutionForm):
    institution = forms.CharField(label=_("Pesantren/koperasi/lembaga"), max_length=200)
    person_name = forms.CharField(
        label=_("Nama orang yang diundang"), max_length=150, required=False
    )
    position = forms.ChoiceField(
        label=_("Jabatan"), choices=Position.choices, initial=Position.SANTRI
    )

    def __init__(self, *args, picker_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.use_picker(picker_url)


class InviteManyForm(forms.Form):
    pesantren = forms.ModelMultipleChoiceField(
        label=_("Pesantren yang diundang"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, suggestions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pesantren"].queryset = suggestions


class LinkForm(forms.Form):
    """A free-text institution of the event report and the registry record for it."""

    institution = forms.CharField(max_length=200, widget=forms.HiddenInput)
    choice = forms.CharField(label=_("Pesantren/koperasi di registri"), max_length=200)
    choice_ref = forms.CharField(
        required=False, max_length=24, widget=forms.HiddenInput
    )


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
