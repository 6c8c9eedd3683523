from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kopontren.models import (
    Cooperative,
    Document,
    LegalEvent,
    Officer,
    Pesantren,
    SecondaryMembership,
    YearlyFigures,
    last_book_year,
)
from portal.access import Scope, within
from portal.forms import DateInput, RupiahField, VersionedFormMixin, validate_document
from portal.models import Region


class RegionFieldsMixin:
    """Limit kecamatan/desa choices to the record's kabupaten (and the user's scope)."""

    def limit_regions(self, user, kabupaten_code=None):
        scope = Scope.of(user)
        if "kabupaten" in self.fields:
            self.fields["kabupaten"].queryset = scope.kabupatens()
        code = kabupaten_code or (
            scope.region_code if scope.region_level == Region.Level.KABUPATEN else None
        )
        if "kecamatan" in self.fields:
            kecamatan = Region.objects.filter(level=Region.Level.KECAMATAN)
            self.fields["kecamatan"].queryset = (
                kecamatan.filter(parent_id=code) if code else kecamatan.none()
            )
        if "desa" in self.fields:
            desa = Region.objects.filter(level=Region.Level.DESA)
            self.fields["desa"].queryset = (
                desa.filter(within("", code)) if code else desa.none()
            )

    def clean(self):
        cleaned = super().clean()
        kabupaten = cleaned.get("kabupaten") or getattr(
            self.instance, "kabupaten", None
        )
        kecamatan, desa = cleaned.get("kecamatan"), cleaned.get("desa")
        if kabupaten and kecamatan and kecamatan.parent_id != kabupaten.code:
            self.add_error(
                "kecamatan", _("Kecamatan ini tidak berada di kabupaten itu.")
            )
        if kecamatan and desa and desa.parent_id != kecamatan.code:
            self.add_error("desa", _("Desa ini tidak berada di kecamatan itu."))
        return cleaned


class PesantrenForm(VersionedFormMixin, RegionFieldsMixin, forms.ModelForm):
    class Meta:
        model = Pesantren
        fields = [
            "name",
            "nspp",
            "kind",
            "pengasuh",
            "founded_year",
            "address",
            "kabupaten",
            "kecamatan",
            "desa",
            "latitude",
            "longitude",
            "santri_putra",
            "santri_putri",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_regions(
            user, self.instance.kabupaten_id if self.instance.pk else None
        )

    def clean_nspp(self):
        nspp = self.cleaned_data["nspp"].strip()
        if nspp and not nspp.isdigit():
            raise forms.ValidationError(_("NSPP hanya berisi angka."))
        return nspp


class CooperativeForm(VersionedFormMixin, RegionFieldsMixin, forms.ModelForm):
    """Everything staff may set on a cooperative."""

    active_since = forms.DateField(
        label=_("Status aktif berubah sejak"),
        required=False,
        widget=DateInput(),
        help_text=_("Isi bila status aktif diubah; kosong berarti hari ini."),
    )

    class Meta:
        model = Cooperative
        fields = [
            "name",
            "pesantren",
            "kelompok",
            "jenis",
            "bentuk",
            "pola",
            "is_active",
            "verified",
            "address",
            "kabupaten",
            "kecamatan",
            "desa",
            "phone",
            "email",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pesantren"].queryset = Pesantren.objects.visible_to(user)
        self.fields["pesantren"].help_text = _(
            "Wajib untuk koperasi pondok pesantren; kosongkan untuk koperasi lain di "
            "wilayah ini (kelompok: koperasi lainnya)."
        )
        self.limit_regions(
            user, self.instance.kabupaten_id if self.instance.pk else None
        )
        if not self.instance.pk:
            del self.fields["active_since"]
        if "active_since" in self.fields:
            names = [name for name in self.fields if name != "active_since"]
            names.insert(names.index("is_active") + 1, "active_since")
            self.order_fields(names)

    def clean(self):
        cleaned = super().clean()
        kelompok = cleaned.get("kelompok")
        if kelompok == Cooperative.Kelompok.KOPONTREN and not cleaned.get("pesantren"):
            self.add_error(
                "pesantren",
                _(
                    "Koperasi pondok pesantren harus mempunyai pesantren. Pilih "
                    "pesantrennya, atau pilih kelompok “Koperasi lainnya”."
                ),
            )
        return cleaned

    def clean_active_since(self):
        date = self.cleaned_data["active_since"]
        if date and date > timezone.localdate():
            raise forms.ValidationError(_("Tanggal tidak boleh di masa depan."))
        since = self.instance.active_since
        if date and since and date < since:
            raise forms.ValidationError(
                _("Perubahan status tidak boleh sebelum perubahan terakhir (%(date)s).")
                % {"date": f"{since:%d-%m-%Y}"}
            )
        return date


class OfficerProfileForm(forms.ModelForm):
    """The part of a cooperative's profile its own officers may propose to change
    (NIB and NIK Koperasi are legal steps, recorded by the Dinas)."""

    class Meta:
        model = Cooperative
        fields = ["jenis", "pola", "address", "phone", "email"]


class OfficerForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["name", "position", "gender", "phone", "term_start", "term_end"]
        widgets = {"term_start": DateInput(), "term_end": DateInput()}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("term_start"), cleaned.get("term_end")
        if start and end and end < start:
            self.add_error("term_end", _("Akhir masa jabatan sebelum awalnya."))
        return cleaned


class LegalEventForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = LegalEvent
        fields = ["kind", "date", "number", "notary", "document", "note"]
        widgets = {"date": DateInput()}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("Tanggal langkah tidak boleh di masa depan."))
        return date

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if (
            document
            and hasattr(document, "size")
            and not document.name.startswith("koperasi/")
        ):
            validate_document(document)
        return document


class YearlyFiguresForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = YearlyFigures
        fields = [
            *YearlyFigures.REPORTED_FIELDS,
            "members_present",
            "rapb",
            "reported_to_ods_on",
        ]
        widgets = {"rat_date": DateInput(), "reported_to_ods_on": DateInput()}
        field_classes = dict.fromkeys(
            ["modal_sendiri", "modal_luar", "aset", "volume_usaha", "shu"], RupiahField
        )

    def __init__(self, *args, cooperative, **kwargs):
        super().__init__(*args, **kwargs)
        self.cooperative = cooperative
        if self.instance.pk is None:
            # A RAT reports on the book year that has just closed.
            self.initial.setdefault("book_year", last_book_year())
        self.fields["rapb"].queryset = cooperative.documents.filter(
            kind=Document.Kind.RAPB
        )
        self.fields["rapb"].help_text = _(
            "Unggah dulu dokumen RAPB di halaman koperasi, lalu pilih di sini."
        )

    def clean_book_year(self):
        year = self.cleaned_data["book_year"]
        if not 1945 <= year <= 2100:
            raise forms.ValidationError(_("Tahun buku tidak masuk akal."))
        others = YearlyFigures.objects.filter(
            cooperative=self.cooperative, book_year=year
        ).exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("Data RAT untuk tahun buku ini sudah ada; ubah data yang ada.")
            )
        return year

    def clean(self):
        cleaned = super().clean()
        year, rat_date = cleaned.get("book_year"), cleaned.get("rat_date")
        if year and rat_date and rat_date.year < year:
            self.add_error("rat_date", _("RAT diadakan setelah tahun buku berakhir."))
        return cleaned


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["kind", "title", "file", "issued_on", "valid_until"]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        validate_document(upload)
        return upload


class DeleteReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan menghapus (disimpan di riwayat)"),
        max_length=500,
        required=False,
    )


class DocumentReplaceForm(forms.ModelForm):
    """A new file for a document (the old one stays in its history)."""

    class Meta:
        model = Document
        fields = ["file", "issued_on", "valid_until"]
        widgets = {"issued_on": DateInput(), "valid_until": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Without an initial file, "no upload" is an error, not "keep the old one".
        self.initial["file"] = None
        self.fields["file"].required = True

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        validate_document(upload)
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )


class InviteOfficerForm(forms.Form):
    username = forms.SlugField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))


class SecondaryMembershipForm(forms.ModelForm):
    """A primary member of a koperasi sekunder, among the cooperatives the user
    keeps (the primary is fixed once recorded)."""

    class Meta:
        model = SecondaryMembership
        fields = ["primary", "joined_on", "left_on", "note"]
        widgets = {"joined_on": DateInput(), "left_on": DateInput()}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["primary"]
        else:
            self.fields["primary"].queryset = (
                Cooperative.objects.editable_by(user)
                .exclude(pk=self.instance.secondary_id)
                .order_by("name")
            )
