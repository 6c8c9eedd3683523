"""django-import-export resources for the registry, with the column headers of
Kemenkop's ODS sheets that a Dinas operator already knows.

Every resource is keyed on a natural identifier (NSPP, NIK Koperasi, and for officers
and RAT figures the cooperative's NIK plus name/jabatan or tahun buku), refuses rows
outside the importing user's kabupaten, refuses the same key twice in one file, and
imports all-or-nothing. The column headers are a file format, not page text: they stay
Indonesian whatever language the page is shown in.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.fields import Field

from kopontren.models import Cooperative, Officer, Pesantren, YearlyFigures
from portal.masking import mask_phone
from portal.models import Region
from portal.permissions import can_manage_registry, can_see_personal_data

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
EXCEL_EPOCH = datetime.date(1899, 12, 30)
KAB_COLUMN = "Kode Kab/Kota"


def escape_formula(text):
    """'=HYPERLINK(…): a leading quote makes a spreadsheet show the text, not run it."""
    if text and text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def unescape_formula(text):
    """Undo escape_formula, so an exported file imports back unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return text[1:]
    return text


def cell_text(value):
    """A cell as trimmed text; whole numbers from XLSX lose their '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return unescape_formula(str(value).replace("\u00a0", " ").strip())


def _normalise_label(text):
    return " ".join(re.sub(r"[\s_/\-]+", " ", text.casefold()).split())


def _add_error(errors, attribute, message):
    errors.setdefault(attribute, []).append(ValidationError(message))


# --- Widgets ----------------------------------------------------------------------


class TextWidget(widgets.Widget):
    """Plain text; an empty cell empties the field."""

    def clean(self, value, row=None, **kwargs):
        return cell_text(value)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class IdentifierWidget(TextWidget):
    """NIK Koperasi, NSPP, NIB: digits kept as text (spaces dropped)."""

    def clean(self, value, row=None, **kwargs):
        return re.sub(r"\s+", "", cell_text(value))


class PhoneWidget(TextWidget):
    """A phone number; Excel drops the leading 0 of 0812…, so it is put back."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            text = str(int(value))
            return "0" + text if text.startswith("8") else text
        text = cell_text(value)
        if "*" in text:
            raise ValueError(
                _(
                    "Nomor tersamar (dengan ****) tidak dapat diimpor; "
                    "isi nomor lengkap atau biarkan seperti hasil ekspor."
                )
            )
        return text


class ChoiceWidget(widgets.Widget):
    """A choice by its Indonesian label or its code, in any letter case.

    An empty cell keeps the current value (or the model default for a new row).
    """

    def __init__(self, choices, aliases=None):
        super().__init__()
        self.choices = choices
        self.aliases = aliases or {}

    def lookup(self):
        table = {_normalise_label(k): v for k, v in self.aliases.items()}
        with translation.override("id"):
            for code, label in self.choices.choices:
                table[_normalise_label(str(code))] = code
                table[_normalise_label(str(label))] = code
        for code, label in self.choices.choices:
            table.setdefault(_normalise_label(str(label)), code)
        return table

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        code = self.lookup().get(_normalise_label(text))
        if code is None:
            with translation.override("id"):
                labels = ", ".join(str(label) for _code, label in self.choices.choices)
            raise ValueError(
                _("“%(value)s” tidak dikenal. Pilihan: %(choices)s.")
                % {"value": text, "choices": labels}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        if value in (None, ""):
            return ""
        with translation.override("id"):
            return str(dict(self.choices.choices).get(value, value))


class ActiveWidget(widgets.Widget):
    """Status Koperasi: Aktif / Tidak Aktif (also ya/tidak, 1/0)."""

    TRUE = {"aktif", "ya", "y", "1", "true", "benar"}
    FALSE = {"tidak aktif", "non aktif", "nonaktif", "tidak", "t", "0", "false"}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _normalise_label(cell_text(value))
        if not text:
            return None
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Isi “Aktif” atau “Tidak Aktif”."))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return "Aktif" if value else "Tidak Aktif"


def parse_rupiah(value):
    """Decimal from 1.250.000,50 (Indonesian), 1,250,000.50, 1250000.50 or a number.

    A lone separator followed by exactly three digits groups thousands: Rupiah
    amounts never carry more than two decimals.
    """
    if isinstance(value, bool):
        raise ValueError(_("Isi angka rupiah."))
    if isinstance(value, int | Decimal):
        return Decimal(value).quantize(Decimal("0.01"))
    if isinstance(value, float):
        return Decimal(repr(value)).quantize(Decimal("0.01"))
    text = re.sub(r"(?i)^rp\.?", "", cell_text(value).replace(" ", ""))
    negative = text.startswith("-") or (text.startswith("(") and text.endswith(")"))
    text = text.strip("-()")
    if not re.fullmatch(r"[\d.,]+", text or "x"):
        raise ValueError(
            _("“%(value)s” bukan angka rupiah (contoh: 1.250.000,50).")
            % {"value": cell_text(value)}
        )
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
    elif dots + commas == 1:
        mark = "." if dots else ","
        decimal_mark = None if re.search(r"[.,]\d{3}$", text) else mark
    else:
        decimal_mark = None
    if decimal_mark:
        whole, _sep, fraction = text.rpartition(decimal_mark)
    else:
        whole, fraction = text, ""
    whole = whole.replace(".", "").replace(",", "")
    if not whole.isdigit() or not (fraction == "" or fraction.isdigit()):
        raise ValueError(
            _("“%(value)s” bukan angka rupiah (contoh: 1.250.000,50).")
            % {"value": cell_text(value)}
        )
    if len(fraction) > 2:
        raise ValueError(_("Rupiah paling banyak dua angka di belakang koma."))
    amount = Decimal(f"{whole}.{fraction or '0'}").quantize(Decimal("0.01"))
    return -amount if negative else amount


class RupiahWidget(widgets.Widget):
    """Rupiah as Decimal; an empty cell keeps the current value."""

    LIMIT = Decimal("1e16")

    def clean(self, value, row=None, **kwargs):
        if cell_text(value) == "":
            return None
        try:
            amount = parse_rupiah(value)
        except InvalidOperation as exc:
            raise ValueError(_("Bukan angka rupiah.")) from exc
        if abs(amount) >= self.LIMIT:
            raise ValueError(_("Angka terlalu besar."))
        return amount

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else format(value, "f")


class CountWidget(widgets.Widget):
    """A whole number of people (0 or more); 1.250 reads as 1250."""

    def __init__(self, minimum=0, maximum=None):
        super().__init__()
        self.minimum = minimum
        self.maximum = maximum

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            number = value
        else:
            text = cell_text(value).replace(" ", "")
            if text == "":
                return None
            if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", text):
                text = text.replace(".", "").replace(",", "")
            if not re.fullmatch(r"-?\d+", text):
                raise ValueError(
                    _("“%(value)s” bukan bilangan bulat.") % {"value": text}
                )
            number = int(text)
        if number < self.minimum or (self.maximum and number > self.maximum):
            if self.maximum:
                raise ValueError(
                    _("Isi angka antara %(min)d dan %(max)d.")
                    % {"min": self.minimum, "max": self.maximum}
                )
            raise ValueError(_("Tidak boleh negatif."))
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else str(value)


class DateWidget(widgets.Widget):
    """DD/MM/YYYY, YYYY-MM-DD, an XLSX date cell or Excel's day number."""

    FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            if 1 <= value < 100000:
                return EXCEL_EPOCH + datetime.timedelta(days=int(value))
        text = cell_text(value)
        if not text:
            return None
        text = text.split(" ")[0]
        for fmt in self.FORMATS:
            try:
                return datetime.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(
            _("Tanggal “%(value)s” tidak dikenali; tulis HH/BB/TTTT atau TTTT-BB-HH.")
            % {"value": text}
        )

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else value.strftime("%d/%m/%Y")


class CoordinateWidget(widgets.Widget):
    """Latitude or longitude in degrees (comma or point as decimal mark)."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = Decimal(repr(value))
        else:
            text = cell_text(value).replace(" ", "")
            if not text:
                return None
            if "." not in text:
                text = text.replace(",", ".")
            try:
                number = Decimal(text)
            except InvalidOperation as exc:
                raise ValueError(
                    _("“%(value)s” bukan koordinat.") % {"value": text}
                ) from exc
        if not -self.limit <= number <= self.limit:
            raise ValueError(
                _("Koordinat harus antara -%(limit)d dan %(limit)d.")
                % {"limit": self.limit}
            )
        return number.quantize(Decimal("0.000001"))

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value if kwargs.get("force_native_type") else format(value, "f")


def region_code_text(value, level):
    """Kemendagri code as text; Excel turns 35.10 into the number 35.1."""
    if isinstance(value, float) and level == Region.Level.KABUPATEN:
        return f"{value:.2f}"
    return re.sub(r"\s+", "", cell_text(value))


class RegionWidget(widgets.Widget):
    """A Kemendagri region by its dotted code (35.09, 35.09.01, 35.09.01.2001)."""

    def __init__(self, level):
        super().__init__()
        self.level = level
        self.cache = {}

    def clean(self, value, row=None, **kwargs):
        code = region_code_text(value, self.level)
        if not code:
            return None
        if code not in self.cache:
            self.cache[code] = Region.objects.filter(
                code=code, level=self.level
            ).first()
        region = self.cache[code]
        if region is None:
            raise ValueError(
                _("Kode wilayah “%(code)s” tidak dikenal sebagai %(level)s.")
                % {"code": code, "level": Region.Level(self.level).label.lower()}
            )
        return region

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""


class PesantrenWidget(widgets.Widget):
    """A cooperative's pesantren by NSPP, else by its exact name in the kabupaten."""

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        nspp = IdentifierWidget().clean(value)
        if nspp:
            pesantren = Pesantren.objects.filter(nspp=nspp).first()
            if pesantren is None:
                raise ValueError(
                    _(
                        "Pesantren dengan NSPP %(nspp)s belum terdaftar; "
                        "impor data pesantren lebih dahulu."
                    )
                    % {"nspp": nspp}
                )
            return pesantren
        name = cell_text(row.get("Nama Pesantren"))
        kabupaten = region_code_text(row.get(KAB_COLUMN), Region.Level.KABUPATEN)
        if not name:
            return None
        matches = list(
            Pesantren.objects.filter(name__iexact=name, kabupaten_id=kabupaten)[:2]
        )
        if len(matches) != 1:
            raise ValueError(
                _(
                    "Pesantren “%(name)s” tidak ditemukan satu-satunya di "
                    "Kab/Kota %(kab)s; isi kolom NSPP."
                )
                % {"name": name, "kab": kabupaten or "—"}
            )
        return matches[0]

    def render(self, value, obj=None, **kwargs):
        return value.nspp if value is not None else ""


class CooperativeWidget(widgets.Widget):
    """An officer's or RAT row's cooperative: by NIK Koperasi, else by NSPP and name."""

    def __init__(self):
        super().__init__()
        self.cache = {}

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        nik = IdentifierWidget().clean(value)
        nspp = IdentifierWidget().clean(row.get("NSPP"))
        name = cell_text(row.get("Nama Koperasi"))
        key = (nik, nspp, name.casefold())
        if key not in self.cache:
            self.cache[key] = self.find(nik, nspp, name)
        return self.cache[key]

    def find(self, nik, nspp, name):
        cooperatives = Cooperative.objects.select_related("kabupaten", "pesantren")
        if nik:
            found = cooperatives.filter(nik_koperasi=nik).first()
            if found is None:
                raise ValueError(
                    _("Koperasi dengan NIK %(nik)s belum terdaftar.") % {"nik": nik}
                )
            return found
        if nspp and name:
            matches = list(
                cooperatives.filter(pesantren__nspp=nspp, name__iexact=name)[:2]
            )
            if len(matches) == 1:
                return matches[0]
            raise ValueError(
                _(
                    "Koperasi “%(name)s” dari pesantren NSPP %(nspp)s tidak "
                    "ditemukan satu-satunya; isi kolom NIK."
                )
                % {"name": name, "nspp": nspp}
            )
        raise ValueError(
            _("Isi NIK Koperasi (atau NSPP dan Nama Koperasi bila belum ber-NIK).")
        )

    def render(self, value, obj=None, **kwargs):
        return value.nik_koperasi if value is not None else ""


class LabelWidget(TextWidget):
    """Export-only text given by a dehydrate method."""


# --- Resources --------------------------------------------------------------------


class RegistryResource(resources.ModelResource):
    """What the four registry resources share: scope, duplicates, all-or-nothing."""

    scope_attribute = "kabupaten"
    key_attribute = None
    masked_attributes = ()

    def __init__(self, *, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self.file_name = ""
        self.sheet_rows = None
        self._seen_keys = {}
        self._matched = {}
        self._key_errors = {}
        self._original = None

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        # All-or-nothing whoever calls (the portal's views or the admin's import).
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        self.user = kwargs.get("user") or self.user
        if self.user is None:
            raise ValueError("An import needs the importing user for its scope.")
        self.file_name = kwargs.get("file_name") or ""
        self._seen_keys, self._matched = {}, {}
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs
        )

    def sheet_row(self, number):
        """The row as the spreadsheet shows it: header is 1, first data row 2."""
        if self.sheet_rows and 0 < number <= len(self.sheet_rows):
            return self.sheet_rows[number - 1]
        return number + 1

    def column_for(self, attribute):
        for field in self.fields.values():
            if field.attribute == attribute and not field.readonly:
                return field.column_name
        return ""

    def editable_fields(self):
        return [f for f in self.get_import_fields() if not f.readonly]

    # Lookup of the existing record --------------------------------------------------

    def find_instance(self, row):
        raise NotImplementedError

    def get_instance(self, instance_loader, row):
        try:
            instance = self.find_instance(row)
        except ValidationError as exc:
            self._key_errors = exc.update_error_dict({})
            return None
        if instance is not None:
            self._original = self.snapshot(instance)
        return instance

    def snapshot(self, instance):
        return {"scope": self.scope_code(instance)}

    def scope_code(self, instance):
        return instance.kabupaten_id

    def scope_name(self, instance):
        return instance.kabupaten.name if instance.kabupaten_id else ""

    # Validation of a row --------------------------------------------------------------

    def before_import_row(self, row, **kwargs):
        self._key_errors = {}
        self._original = None

    def import_instance(self, instance, row, **kwargs):
        self.keep_masked_values(instance, row)
        errors = {k: list(v) for k, v in self._key_errors.items()}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        self.check_scope(instance, errors)
        self.check_duplicates(instance, errors, kwargs.get("row_number", 0))
        self.check_row(instance, row, errors)
        if errors:
            raise ValidationError(errors)

    def keep_masked_values(self, instance, row):
        """A phone exported masked (0812****7890) and left as is keeps its value."""
        for field in self.editable_fields():
            if field.attribute not in self.masked_attributes:
                continue
            text = cell_text(row.get(field.column_name))
            current = getattr(instance, field.attribute, "") if instance.pk else ""
            if "*" in text and current and text == mask_phone(current):
                row[field.column_name] = current

    def check_scope(self, instance, errors):
        codes = []
        if self._original:
            codes.append(self._original["scope"])
        try:
            codes.append(self.scope_code(instance))
        except (AttributeError, Cooperative.DoesNotExist):
            pass
        for code in dict.fromkeys(c for c in codes if c):
            if not can_manage_registry(self.user, code):
                region = Region.objects.filter(code=code).first()
                _add_error(
                    errors,
                    self.scope_attribute,
                    _("%(region)s (%(code)s) di luar wilayah kerja Anda.")
                    % {"region": region.name if region else code, "code": code},
                )

    def row_key(self, instance):
        raise NotImplementedError

    def check_duplicates(self, instance, errors, number):
        key = self.row_key(instance)
        row = self.sheet_row(number)
        if key is not None:
            first = self._seen_keys.setdefault(key, row)
            if first != row:
                _add_error(
                    errors,
                    self.key_attribute,
                    _("Data yang sama sudah ada di baris %(row)d berkas ini.")
                    % {"row": first},
                )
                return
        if instance.pk and self._matched.get(instance.pk, row) != row:
            _add_error(
                errors,
                self.key_attribute,
                _("Baris ini menunjuk data yang sama dengan baris %(row)d.")
                % {"row": self._matched[instance.pk]},
            )

    def check_row(self, instance, row, errors):
        """Checks across columns of one model (subclasses)."""

    def check_regions(self, instance, errors):
        kecamatan, desa = instance.kecamatan, instance.desa
        if (
            kecamatan
            and instance.kabupaten_id
            and kecamatan.parent_id != (instance.kabupaten_id)
        ):
            _add_error(
                errors,
                "kecamatan",
                _("Kecamatan %(kec)s tidak berada di Kab/Kota %(kab)s.")
                % {"kec": kecamatan.code, "kab": instance.kabupaten_id},
            )
        if desa and (kecamatan is None or desa.parent_id != kecamatan.code):
            _add_error(
                errors,
                "desa",
                _("Desa %(desa)s tidak berada di kecamatan yang diisi.")
                % {"desa": desa.code},
            )

    # Saving and reporting -----------------------------------------------------------

    def before_save_instance(self, instance, row, **kwargs):
        instance._change_reason = _("Impor berkas %(name)s") % {
            "name": self.file_name or "-"
        }

    def after_import_row(self, row, row_result, **kwargs):
        row_result.sheet_row = self.sheet_row(kwargs.get("row_number", 0))
        row_result.changes = []
        row_result.warnings = []
        instance = row_result.instance
        if instance is None:
            return
        if instance.pk:
            self._matched.setdefault(instance.pk, row_result.sheet_row)
        # Inside the import's transaction: the file's other new rows are visible.
        row_result.warnings = self.row_warnings(instance, row_result.is_new())
        original = row_result.original
        if row_result.is_update() and original is not None:
            for field in self.editable_fields():
                if field.column_name not in row:
                    continue
                old, new = field.export(original), field.export(instance)
                if old != new:
                    row_result.changes.append((field.column_name, old, new))

    def row_warnings(self, instance, is_new):
        """Soft warnings shown on the preview (never block the import)."""
        return []

    # Export ---------------------------------------------------------------------------

    def may_see_personal_data(self, cooperative):
        """Phones unmasked only for those who may see them (one query at most)."""
        user = self.user
        if user is None:
            return False
        if user.is_pengurus:
            if not hasattr(self, "_own_cooperatives"):
                self._own_cooperatives = set(
                    user.cooperatives.values_list("pk", flat=True)
                )
            return cooperative.pk in self._own_cooperatives
        return can_see_personal_data(user, cooperative)


class RegistryMeta:
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    use_transactions = True
    store_instance = True
    store_row_values = True
    skip_html_diff = True


def _field(attribute, column, widget=None, **kwargs):
    return Field(
        attribute=attribute, column_name=column, widget=widget or TextWidget(), **kwargs
    )


def _readonly(attribute, column, widget=None):
    return _field(attribute, column, widget, readonly=True)


class PesantrenResource(RegistryResource):
    """Pesantren keyed on NSPP (else on the exact name within the kabupaten)."""

    key_attribute = "nspp"

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
    masked_attributes = ("phone",)

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
        ChoiceWidget(
            Cooperative.Bentuk, {"primer": "primer_kab", "sekunder": "sekunder_kab"}
        ),
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
        ChoiceWidget(Cooperative.Pola),
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

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        if (
            field.attribute == "pesantren"
            and instance.pk
            and not cell_text(row.get("NSPP"))
        ):
            return  # an update without NSPP keeps its pesantren
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

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
            pesantren = PesantrenWidget().clean(row.get("NSPP"), row=row)
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
            _add_error(
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
        if instance.pesantren_id is None and "pesantren" not in errors:
            _add_error(
                errors,
                "pesantren",
                _("Isi NSPP pesantren (atau Nama Pesantren yang sudah terdaftar)."),
            )

    def row_warnings(self, instance, is_new):
        from kopontren.services import similar_cooperatives

        warnings = []
        if instance.nik_koperasi_warning:
            warnings.append(str(instance.nik_koperasi_warning))
        if is_new and instance.kabupaten_id:
            similar = similar_cooperatives(
                name=instance.name,
                kabupaten=instance.kabupaten_id,
                kecamatan=instance.kecamatan_id,
                exclude_pk=instance.pk,
            )
            if similar:
                warnings.append(
                    _("Nama mirip koperasi yang sudah ada: %(names)s.")
                    % {"names": ", ".join(c.name for c in similar)}
                )
        return warnings


class CooperativeRowResource(RegistryResource):
    """Rows that belong to a cooperative, found by its NIK Koperasi."""

    scope_attribute = "cooperative"
    key_attribute = "cooperative"

    def scope_code(self, instance):
        return instance.cooperative.kabupaten_id

    def cooperative_for(self, row):
        try:
            return self.fields["cooperative"].widget.clean(row.get("NIK"), row=row)
        except ValueError:
            return None  # reported on the NIK column by the field itself


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
                _add_error(
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
            "book_year",
            "rat_date",
            "members_male",
            "members_female",
            "managers",
            "staff",
            "modal_sendiri",
            "modal_luar",
            "aset",
            "volume_usaha",
            "shu",
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

    def check_row(self, instance, row, errors):
        if instance.book_year is None and "book_year" not in errors:
            _add_error(errors, "book_year", _("Tahun Buku wajib diisi."))


RESOURCES = {
    "pesantren": PesantrenResource,
    "koperasi": CooperativeResource,
    "pengurus": OfficerResource,
    "rat": YearlyFiguresResource,
}
