import datetime

from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from kopontren.models import Cooperative, last_book_year
from portal.access import Scope
from portal.models import Region

WORK_LISTS = [
    ("", _("— semua —")),
    ("tanpa-nik", _("Belum punya NIK Koperasi")),
    ("tanpa-nib", _("Berbadan hukum, belum punya NIB")),
    ("tanpa-rat", _("Belum RAT tahun buku terakhir")),
    ("tertahan", _("Tertahan dalam proses > 6 bulan")),
    ("rat-terlambat", _("RAT terlambat (lewat batas waktu)")),
    ("rat-dua-tahun", _("Tanpa RAT dua tahun buku berturut-turut")),
    ("belum-diperiksa", _("Data belum dikonfirmasi 12 bulan")),
]
# Per-stage lists: what the "since" column shows (a field filled from the legal log,
# or the last confirmation) and its heading. A status filter uses the status's date.
SINCE = {
    "tanpa-nik": ("ahu_date", _("Belum punya NIK sejak")),
    "tanpa-nib": ("ahu_date", _("Belum punya NIB sejak")),
    "tertahan": ("legal_status_since", _("Dalam proses sejak")),
    "belum-diperiksa": ("confirmed_at", _("Terakhir dikonfirmasi")),
}
STATUS_SINCE = {
    Cooperative.LegalStatus.PROSES: _("Dalam proses sejak"),
    Cooperative.LegalStatus.BERBADAN_HUKUM: _("Berbadan hukum sejak"),
    Cooperative.LegalStatus.BUBAR: _("Dibubarkan sejak"),
}
SORTS = {
    "nama": ("name", _("Nama A–Z")),
    "-nama": ("-name", _("Nama Z–A")),
    "status": ("legal_status_since", _("Status paling lama")),
    "sejak": ("stage_since", _("Tahap paling lama (terlama dulu)")),
    "-diubah": ("-updated_at", _("Terakhir diubah")),
    "wilayah": ("kabupaten_id", _("Wilayah")),
}
YES_NO = [("", _("— semua —")), ("1", _("Ya")), ("0", _("Tidak"))]


class RegionFilterMixin:
    """Kabupaten choices within the user's scope; kecamatan within the kabupaten."""

    def limit_regions(self, user):
        scope = Scope.of(user)
        # A staff member's scope is one kabupaten, a provincial office's one
        # province: a choice with one answer is no filter.
        if scope.region_level == Region.Level.KABUPATEN:
            self.fields.pop("provinsi", None)
            self.fields.pop("kabupaten", None)
        if scope.region_level == Region.Level.PROVINSI:
            self.fields.pop("provinsi", None)
        for name in ("provinsi", "kabupaten", "kecamatan"):
            if name in self.fields:
                self.fields[name].empty_label = _("— semua —")
        if "provinsi" in self.fields:
            self.fields["provinsi"].queryset = scope.provinces()
        if "kabupaten" in self.fields:
            self.fields["kabupaten"].queryset = scope.kabupatens()
        kabupaten = self.data.get("kabupaten") or (
            scope.region_code if scope.region_level == Region.Level.KABUPATEN else None
        )
        kecamatan = Region.objects.filter(level=Region.Level.KECAMATAN)
        self.fields["kecamatan"].queryset = (
            kecamatan.filter(parent_id=kabupaten) if kabupaten else kecamatan.none()
        )

    def query_string(self):
        """The filters as a query string, for pagination and export links."""
        if not self.is_bound:
            return ""
        params = self.data.copy()
        params.pop("halaman", None)
        params.pop("ekspor", None)
        return params.urlencode()

    def region_filters(self, queryset, data):
        if data.get("provinsi"):
            queryset = queryset.in_region(data["provinsi"])
        if data.get("kabupaten"):
            queryset = queryset.filter(kabupaten=data["kabupaten"])
        if data.get("kecamatan"):
            queryset = queryset.filter(kecamatan=data["kecamatan"])
        return queryset


class CooperativeFilterForm(RegionFilterMixin, forms.Form):
    q = forms.CharField(
        label=_("Cari"),
        required=False,
        help_text=_("Nama, NIK Koperasi, NSPP atau nomor AHU"),
    )
    provinsi = forms.ModelChoiceField(
        label=_("Provinsi"), queryset=Region.objects.none(), required=False
    )
    kabupaten = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=Region.objects.none(), required=False
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Region.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status badan hukum"),
        choices=[("", _("— semua —")), *Cooperative.LegalStatus.choices],
        required=False,
    )
    per_tahun = forms.IntegerField(
        label=_("Status pada akhir tahun"),
        required=False,
        min_value=1945,
        max_value=2100,
    )
    jenis = forms.ChoiceField(
        label=_("Jenis"),
        choices=[("", _("— semua —")), *Cooperative.Jenis.choices],
        required=False,
    )
    kelompok = forms.ChoiceField(
        label=_("Kelompok"),
        choices=[("", _("— semua —")), *Cooperative.Kelompok.choices],
        required=False,
    )
    aktif = forms.ChoiceField(label=_("Aktif"), choices=YES_NO, required=False)
    nik = forms.ChoiceField(
        label=_("Punya NIK Koperasi"), choices=YES_NO, required=False
    )
    opop = forms.ChoiceField(label=_("Anggota OPOP"), choices=YES_NO, required=False)
    rat = forms.IntegerField(
        label=_("RAT diadakan untuk tahun buku"),
        required=False,
        min_value=1945,
        max_value=2100,
    )
    bh_tahun = forms.IntegerField(
        label=_("Berbadan hukum pada tahun"),
        required=False,
        min_value=1945,
        max_value=2100,
    )
    bh_tahun_ada = forms.BooleanField(
        label=_("Pernah memperoleh pengesahan AHU"), required=False
    )
    kerja = forms.ChoiceField(
        label=_("Daftar kerja"), choices=WORK_LISTS, required=False
    )
    urut = forms.ChoiceField(
        label=_("Urutkan"),
        choices=[(key, label) for key, (_f, label) in SORTS.items()],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_regions(user)
        self.since_label = ""

    def since(self, data):
        """(field, heading) of the list's "since" column, or None."""
        if data.get("kerja") in SINCE:
            return SINCE[data["kerja"]]
        if data.get("status") in STATUS_SINCE and not data.get("per_tahun"):
            return "legal_status_since", STATUS_SINCE[data["status"]]
        return None

    def apply(self, queryset):
        """The queryset filtered exactly as the form says (invalid filters: none)."""
        if not self.is_bound or not self.is_valid():
            return queryset.order_by("name")
        data = self.cleaned_data
        queryset = self.region_filters(queryset.search(data["q"]), data)
        # "Status at the end of year Y": legal status, NIK and aktif from dated facts.
        as_of = data.get("per_tahun")
        if as_of:
            queryset = queryset.with_facts_as_of(datetime.date(as_of, 12, 31))
        if data.get("status"):
            status_field = "status_at" if as_of else "legal_status"
            queryset = queryset.filter(**{status_field: data["status"]})
        for field, key in (
            ("jenis", "jenis"),
            ("kelompok", "kelompok"),
        ):
            if data.get(key):
                queryset = queryset.filter(**{field: data[key]})
        if data.get("aktif"):
            active_field = "active_at" if as_of else "is_active"
            queryset = queryset.filter(**{active_field: data["aktif"] == "1"})
        if data.get("nik") and as_of:
            queryset = queryset.filter(nik_at=data["nik"] == "1")
        elif data.get("nik") == "1":
            queryset = queryset.exclude(nik_koperasi="")
        elif data.get("nik") == "0":
            queryset = queryset.without_nik()
        if data.get("opop"):
            queryset = queryset.opop_members(data["opop"] == "1")
        if data.get("rat"):
            queryset = queryset.rat_held_in(data["rat"])
        if data.get("bh_tahun"):
            queryset = queryset.filter(ahu_date__year=data["bh_tahun"])
        if data.get("bh_tahun_ada"):
            queryset = queryset.filter(ahu_date__isnull=False)
        work = data.get("kerja")
        if work == "tanpa-nik":
            queryset = queryset.without_nik()
        elif work == "tanpa-nib":
            queryset = queryset.filter(
                legal_status=Cooperative.LegalStatus.BERBADAN_HUKUM, nib=""
            )
        elif work == "belum-diperiksa":
            queryset = queryset.unconfirmed()
        elif work == "tanpa-rat":
            queryset = queryset.without_rat_in(last_book_year())
        elif work == "tertahan":
            queryset = queryset.stuck_in_process()
        elif work == "rat-terlambat":
            queryset = queryset.rat_late()
        elif work == "rat-dua-tahun":
            queryset = queryset.rat_missing_two_years()
        since = self.since(data)
        if since:
            field, self.since_label = since
            queryset = queryset.annotate(stage_since=F(field))
        if data["q"].strip() and not data.get("urut"):
            # A search lists the closest matches first.
            return queryset.order_by("-search_rank", "name", "pk")
        # A per-stage list opens oldest first (never confirmed first).
        key = data.get("urut") or ("sejak" if since else "nama")
        if key == "sejak" and since:
            if since[0] == "confirmed_at":
                oldest = F("stage_since").asc(nulls_first=True)
            else:
                oldest = F("stage_since").asc(nulls_last=True)
            return queryset.order_by(oldest, "name", "pk")
        if key == "sejak":
            key = "status"
        sort = SORTS.get(key, SORTS["nama"])[0]
        return queryset.order_by(sort, "pk")


class PesantrenFilterForm(RegionFilterMixin, forms.Form):
    q = forms.CharField(label=_("Cari"), required=False, help_text=_("Nama atau NSPP"))
    provinsi = forms.ModelChoiceField(
        label=_("Provinsi"), queryset=Region.objects.none(), required=False
    )
    kabupaten = forms.ModelChoiceField(
        label=_("Kabupaten/kota"), queryset=Region.objects.none(), required=False
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=Region.objects.none(), required=False
    )
    tanpa_koperasi = forms.BooleanField(label=_("Belum punya koperasi"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_regions(user)

    def apply(self, queryset):
        if not self.is_bound or not self.is_valid():
            return queryset.order_by("name")
        data = self.cleaned_data
        queryset = self.region_filters(queryset.search(data["q"]), data)
        if data.get("tanpa_koperasi"):
            queryset = queryset.without_cooperative()
        if data["q"].strip():
            return queryset.order_by("-search_rank", "name", "pk")
        return queryset.order_by("name", "pk")
