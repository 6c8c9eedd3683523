"""django-import-export resources for the registry, with the column headers of
Kemenkop's ODS sheets that a Dinas operator already knows.

Every resource is keyed on a natural identifier (NSPP, NIK Koperasi, and for officers
and RAT figures the cooperative's NIK plus name/jabatan or tahun buku), refuses rows
outside the importing user's kabupaten, refuses the same key twice in one file, and
imports all-or-nothing. The column headers are a file format, not page text: they stay
Indonesian whatever language the page is shown in.
"""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.fields import Field

from kopontren.models import Cooperative, Officer, Pesantren, YearlyFigures
from kopontren.resources_base import (
    CooperativeRowResource,
    RegistryMeta,
    RegistryResource,
    add_error,
)
from kopontren.widgets import (
    KAB_COLUMN,
    ActiveWidget,
    ChoiceWidget,
    CooperativeWidget,
    CoordinateWidget,
    CountWidget,
    DateWidget,
    IdentifierWidget,
    LabelWidget,
    PesantrenWidget,
    PhoneWidget,
    RegionWidget,
    RupiahWidget,
    TextWidget,
    cell_text,
    region_code_text,
)
from portal.masking import mask_phone
from portal.models import Region

# How ODS and older Dinas sheets write the bentuk koperasi.
BENTUK_ALIASES = {
    "primer": "primer_kab",
    "primer kab": "primer_kab",
    "primer kota": "primer_kab",
    "primer kab kota": "primer_kab",
    "primer prov": "primer_prov",
    "primer nas": "primer_nas",
    "sekunder": "sekunder_kab",
    "sekunder kab": "sekunder_kab",
    "sekunder kota": "sekunder_kab",
    "sekunder kab kota": "sekunder_kab",
    "sekunder prov": "sekunder_prov",
    "sekunder nas": "sekunder_nas",
}


def _field(attribute, column, widget=None, **kwargs):
    return Field(
        attribute=attribute, column_name=column, widget=widget or TextWidget(), **kwargs
    )


def _readonly(attribute, column, widget=None):
    return _field(attribute, column, widget, readonly=True)


class PesantrenResource(RegistryResource):
    """Pesantren keyed on NSPP (else on the exact name within the kabupaten)."""

    key_attribute = "nspp"
    checks_near_duplicates = True

    name = _field("name", "Nama Pesantren")
    nspp = _field("nspp", "NSPP", IdentifierWidget())
    kind = _field(
        "kind", "Tipe Pesantren", ChoiceWidget(Pesantren.Kind), saves_null_values=False
    )
    pengasuh = _field("pengasuh", "Pengasuh")
    founded_year = _field(
        "founded_year", "Tahun Berdiri", CountWidget(minimum=1500, maximum=2100)
    )
    address = _field("address", "Alamat")
    kabupaten = _field(
        "kabupaten",
        KAB_COLUMN,
        RegionWidget(Region.Level.KABUPATEN),
        saves_null_values=False,
    )
    kabupaten_name = _readonly("kabupaten__name", "Kabupaten/Kota")
    kecamatan = _field(
        "kecamatan", "Kode Kecamatan", RegionWidget(Region.Level.KECAMATAN)
    )
    kecamatan_name = _readonly("kecamatan__name", "Kecamatan")
    desa = _field("desa", "Kode Desa", RegionWidget(Region.Level.DESA))
    latitude = _field("latitude", "Lintang", CoordinateWidget(90))
    longitude = _field("longitude", "Bujur", CoordinateWidget(180))
    santri_putra = _field(
        "santri_putra", "Santri Putra", CountWidget(), saves_null_values=False
    )
    santri_putri = _field(
        "santri_putri", "Santri Putri", CountWidget(), saves_null_values=False
    )

    class Meta(RegistryMeta):
        model = Pesantren
        fields = (
            "name",
            "nspp",
            "kind",
            "pengasuh",
            "founded_year",
            "address",
            "kabupaten",
            "kabupaten_name",
            "kecamatan",
            "kecamatan_name",
            "desa",
            "latitude",
            "longitude",
            "santri_putra",
            "santri_putri",
        )
        import_id_fields = ["nspp"]

    def find_instance(self, row):
        nspp = IdentifierWidget().clean(row.get("NSPP"))
        pesantren = Pesantren.objects.select_related("kabupaten")
        if nspp:
            found = pesantren.filter(nspp=nspp).first()
            if found is not None:
                return found
        name = cell_text(row.get("Nama Pesantren"))
        kabupaten = region_code_text(row.get(KAB_COLUMN), Region.Level.KABUPATEN)
        if not (name and kabupaten):
            return None
        matches = list(pesantren.filter(name__iexact=name, kabupaten_id=kabupaten)[:2])
        if nspp:
            # A new NSPP for a pesantren registered without one; a namesake that has
            # another NSPP is a different pesantren.
            matches = [m for m in matches if not m.nspp]
        if len(matches) > 1:
            raise ValidationError(
                {"nspp": _("Ada beberapa pesantren bernama ini; isi kolom NSPP.")}
            )
        if matches and matches[0].nspp:
            raise ValidationError(
                {
                    "nspp": _(
                        "Pesantren ini terdaftar dengan NSPP %(nspp)s; "
                        "kolom NSPP tidak boleh dikosongkan."
                    )
                    % {"nspp": matches[0].nspp}
                }
            )
        return matches[0] if matches else None

    def row_key(self, instance):
        if instance.nspp:
            return ("nspp", instance.nspp)
        if instance.name and instance.kabupaten_id:
            return ("nama", instance.kabupaten_id, instance.name.casefold())
        return None

    def check_row(self, instance, row, errors):
        self.check_regions(instance, errors)

    def row_warnings(self, instance, is_new):
        if instance.nspp and not re.fullmatch(r"\d{12}", instance.nspp):
            return [_("NSPP biasanya 12 digit angka.")]
        return []


class CooperativeResource(RegistryResource):
    """Cooperatives keyed on NIK Koperasi (else on pesantren and exact name).

    The legal status is not importable: it follows the legal-status log.
    """

    key_attribute = "nik_koperasi"
    checks_near_duplicates = True
    masked_attributes = ("phone",)
    required_messages = {
        "pesantren": gettext_lazy(
            "Isi NSPP pesantren (atau Nama Pesantren yang sudah terdaftar)."
        )
    }

    name = _field("name", "Nama Koperasi")
    nik_koperasi = _field("nik_koperasi", "NIK", IdentifierWidget())
    nib = _field("nib", "NIB", IdentifierWidget())
    pesantren_name = _readonly("pesantren__name", "Nama Pesantren")
    pesantren = _field("pesantren", "NSPP", PesantrenWidget(), saves_null_values=False)
    jenis = _field(
        "jenis",
        "Jenis Koperasi",
        ChoiceWidget(
            Cooperative.Jenis, {"kredit": "simpan_pinjam", "ksp": "simpan_pinjam"}
        ),
        saves_null_values=False,
    )
    bentuk = _field(
        "bentuk",
        "Bentuk Koperasi",
        ChoiceWidget(Cooperative.Bentuk, BENTUK_ALIASES),
        saves_null_values=False,
    )
    kelompok = _field(
        "kelompok",
        "Kelompok Koperasi",
        ChoiceWidget(
            Cooperative.Kelompok,
            {"koppontren": "kopontren", "kopontren": "kopontren", "lainnya": "lainnya"},
        ),
        saves_null_values=False,
    )
    pola = _field(
        "pola",
        "Pola Pengelolaan",
        ChoiceWidget(Cooperative.Pola, {"syari'ah": "syariah", "syar'iah": "syariah"}),
        saves_null_values=False,
    )
    is_active = _field(
        "is_active", "Status Koperasi", ActiveWidget(), saves_null_values=False
    )
    address = _field("address", "Alamat")
    kabupaten = _field(
        "kabupaten",
        KAB_COLUMN,
        RegionWidget(Region.Level.KABUPATEN),
        saves_null_values=False,
    )
    kabupaten_name = _readonly("kabupaten__name", "Kabupaten/Kota")
    kecamatan = _field(
        "kecamatan", "Kode Kecamatan", RegionWidget(Region.Level.KECAMATAN)
    )
    kecamatan_name = _readonly("kecamatan__name", "Kecamatan")
    desa = _field("desa", "Kode Desa", RegionWidget(Region.Level.DESA))
    phone = _field("phone", "Telepon", PhoneWidget())
    email = _field("email", "Email")
    legal_status = _readonly("legal_status", "Status Badan Hukum", LabelWidget())
    ahu_date = _readonly("ahu_date", "Tanggal Pengesahan", DateWidget())

    class Meta(RegistryMeta):
        model = Cooperative
        fields = (
            "name",
            "nik_koperasi",
            "nib",
            "pesantren_name",
            "pesantren",
            "jenis",
            "bentuk",
            "kelompok",
            "pola",
            "is_active",
            "address",
            "kabupaten",
            "kabupaten_name",
            "kecamatan",
            "kecamatan_name",
            "desa",
            "phone",
            "email",
            "legal_status",
            "ahu_date",
        )
        import_id_fields = ["nik_koperasi"]

    def check_required(self, instance, errors):
        super().check_required(instance, errors)
        # A kopontren needs its pesantren; other cooperatives of the region have none.
        if (
            instance.kelompok == Cooperative.Kelompok.KOPONTREN
            and instance.pesantren_id is None
            and "pesantren" not in errors
        ):
            add_error(errors, "pesantren", self.required_messages["pesantren"])

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if (
            field.attribute == "pesantren"
            and instance.pk
            and not cell_text(row.get("NSPP"))
        ):
            return  # an update without NSPP keeps its pesantren
        if field.attribute == "nib" and not cell_text(row.get("NIB")):
            return  # an empty NIB cell keeps the one in the legal-status log
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        from kopontren.services import (
            cooperative_activity_record,
            cooperative_identifiers_record,
        )

        note = _("Dicatat dari impor berkas %(name)s") % {"name": self.file_name or "-"}
        cooperative_identifiers_record(
            cooperative=instance,
            nik=instance.nik_koperasi,
            nib=instance.nib,
            note=note,
        )
        original = self._original
        if original and original["is_active"] != instance.is_active:
            cooperative_activity_record(
                cooperative=instance,
                is_active=instance.is_active,
                date=timezone.localdate(),
                note=note,
                recorded_by=self.user,
            )

    def dehydrate_legal_status(self, cooperative):
        with translation.override("id"):
            return str(cooperative.get_legal_status_display())

    def dehydrate_phone(self, cooperative):
        if not cooperative.phone or self.may_see_personal_data(cooperative):
            return cooperative.phone
        return mask_phone(cooperative.phone)

    def find_instance(self, row):
        nik = IdentifierWidget().clean(row.get("NIK"))
        cooperatives = Cooperative.objects.select_related("pesantren", "kabupaten")
        if nik:
            found = cooperatives.filter(nik_koperasi=nik).first()
            if found is not None:
                return found
        name = cell_text(row.get("Nama Koperasi"))
        try:
            pesantren = self.fields["pesantren"].widget.clean(row.get("NSPP"), row=row)
        except ValueError:
            return None  # reported on the NSPP column by the field itself
        if not (name and pesantren):
            return None
        matches = list(cooperatives.filter(pesantren=pesantren, name__iexact=name)[:2])
        if len(matches) > 1:
            raise ValidationError(
                {"nik_koperasi": _("Ada beberapa koperasi bernama ini; isi kolom NIK.")}
            )
        if matches and matches[0].nik_koperasi:
            if nik:
                message = _(
                    "Koperasi “%(name)s” di pesantren ini sudah ber-NIK %(nik)s, "
                    "berbeda dengan NIK di baris ini."
                )
            else:
                message = _(
                    "Koperasi “%(name)s” sudah ber-NIK %(nik)s; "
                    "kolom NIK tidak boleh dikosongkan."
                )
            raise ValidationError(
                {
                    "nik_koperasi": message
                    % {"name": matches[0].name, "nik": matches[0].nik_koperasi}
                }
            )
        return matches[0] if matches else None

    def snapshot(self, instance):
        return {
            "scope": instance.kabupaten_id,
            "pesantren": instance.pesantren,
            "nik": instance.nik_koperasi,
            "is_active": instance.is_active,
        }

    def row_key(self, instance):
        if instance.nik_koperasi:
            return ("nik", instance.nik_koperasi)
        if instance.name and instance.pesantren_id:
            return ("nama", instance.pesantren_id, instance.name.casefold())
        return None

    def check_row(self, instance, row, errors):
        self.check_regions(instance, errors)
        original = self._original
        if original and instance.pesantren_id != original["pesantren"].pk:
            # Same NIK, another pesantren: two different records would be merged.
            add_error(
                errors,
                "pesantren",
                _(
                    "NIK %(nik)s milik koperasi “%(coop)s” dari pesantren "
                    "“%(pesantren)s” (NSPP %(nspp)s); baris ini menyebut pesantren "
                    "lain. Periksa NIK atau NSPP."
                )
                % {
                    "nik": original["nik"] or "-",
                    "coop": instance.name,
                    "pesantren": original["pesantren"].name,
                    "nspp": original["pesantren"].nspp or "-",
                },
            )

    def row_warnings(self, instance, is_new):
        if instance.nik_koperasi_warning:
            return [str(instance.nik_koperasi_warning)]
        return []


class OfficerResource(CooperativeRowResource):
    """Officers keyed on the cooperative's NIK, the officer's name and jabatan."""

    masked_attributes = ("phone",)

    cooperative = _field("cooperative", "NIK", CooperativeWidget())
    nspp = _readonly("cooperative__pesantren__nspp", "NSPP")
    cooperative_name = _readonly("cooperative__name", "Nama Koperasi")
    name = _field("name", "Nama")
    position = _field(
        "position", "Jabatan", ChoiceWidget(Officer.Position), saves_null_values=False
    )
    gender = _field(
        "gender",
        "Jenis Kelamin",
        ChoiceWidget(
            Officer.Gender,
            {"pria": "L", "laki laki": "L", "lk": "L", "wanita": "P", "pr": "P"},
        ),
        saves_null_values=False,
    )
    phone = _field("phone", "Nomor HP", PhoneWidget())
    term_start = _field("term_start", "Awal Masa Jabatan", DateWidget())
    term_end = _field("term_end", "Akhir Masa Jabatan", DateWidget())

    class Meta(RegistryMeta):
        model = Officer
        fields = (
            "cooperative",
            "nspp",
            "cooperative_name",
            "name",
            "position",
            "gender",
            "phone",
            "term_start",
            "term_end",
        )
        import_id_fields = ["cooperative", "name", "position"]

    def dehydrate_phone(self, officer):
        if not officer.phone or self.may_see_personal_data(officer.cooperative):
            return officer.phone
        return mask_phone(officer.phone)

    def find_instance(self, row):
        cooperative = self.cooperative_for(row)
        name = cell_text(row.get("Nama"))
        try:
            position = self.fields["position"].widget.clean(row.get("Jabatan"))
        except ValueError:
            position = None
        if not (cooperative and name and position):
            return None
        matches = list(
            Officer.objects.filter(
                cooperative=cooperative, name__iexact=name, position=position
            )[:2]
        )
        if len(matches) > 1:
            raise ValidationError(
                {
                    "name": _(
                        "Ada beberapa pengurus bernama ini dengan jabatan yang sama; "
                        "ubah lewat halaman koperasi."
                    )
                }
            )
        return matches[0] if matches else None

    def row_key(self, instance):
        if instance.cooperative_id and instance.name and instance.position:
            return (
                instance.cooperative_id,
                instance.name.casefold(),
                instance.position,
            )
        return None

    def check_row(self, instance, row, errors):
        if instance.term_start and instance.term_end:
            if instance.term_end < instance.term_start:
                add_error(
                    errors,
                    "term_end",
                    _("Akhir masa jabatan sebelum awal masa jabatan."),
                )


class YearlyFiguresResource(CooperativeRowResource):
    """RAT figures keyed on the cooperative's NIK and the book year."""

    cooperative = _field("cooperative", "NIK", CooperativeWidget())
    nspp = _readonly("cooperative__pesantren__nspp", "NSPP")
    cooperative_name = _readonly("cooperative__name", "Nama Koperasi")
    book_year = _field(
        "book_year", "Tahun Buku", CountWidget(minimum=1945, maximum=2100)
    )
    rat_date = _field("rat_date", "Tanggal RAT", DateWidget())
    members_male = _field(
        "members_male", "Anggota Pria", CountWidget(), saves_null_values=False
    )
    members_female = _field(
        "members_female", "Anggota Wanita", CountWidget(), saves_null_values=False
    )
    managers = _field("managers", "Manajer", CountWidget(), saves_null_values=False)
    staff = _field("staff", "Karyawan", CountWidget(), saves_null_values=False)
    modal_sendiri = _field(
        "modal_sendiri", "Modal Sendiri", RupiahWidget(), saves_null_values=False
    )
    modal_luar = _field(
        "modal_luar", "Modal Luar", RupiahWidget(), saves_null_values=False
    )
    aset = _field("aset", "Asset", RupiahWidget(), saves_null_values=False)
    volume_usaha = _field(
        "volume_usaha", "Volume Usaha", RupiahWidget(), saves_null_values=False
    )
    shu = _field("shu", "SHU", RupiahWidget(), saves_null_values=False)

    class Meta(RegistryMeta):
        model = YearlyFigures
        fields = (
            "cooperative",
            "nspp",
            "cooperative_name",
            *YearlyFigures.REPORTED_FIELDS,
        )
        import_id_fields = ["cooperative", "book_year"]

    def find_instance(self, row):
        cooperative = self.cooperative_for(row)
        try:
            year = self.fields["book_year"].widget.clean(row.get("Tahun Buku"))
        except ValueError:
            year = None
        if not (cooperative and year):
            return None
        return YearlyFigures.objects.filter(
            cooperative=cooperative, book_year=year
        ).first()

    def row_key(self, instance):
        if instance.cooperative_id and instance.book_year:
            return (instance.cooperative_id, instance.book_year)
        return None


RESOURCES = {
    "pesantren": PesantrenResource,
    "koperasi": CooperativeResource,
    "pengurus": OfficerResource,
    "rat": YearlyFiguresResource,
}
