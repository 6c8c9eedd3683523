"""Cells of the registry's spreadsheets: how a CSV or XLSX cell reads as a value
(Indonesian Rupiah and dates, Kemendagri region codes, choices by their Indonesian
label, numbers Excel mangled) and writes back, for django-import-export's fields.

Every parser raises ValueError with a message in Indonesian; the import names the
row and column it came from.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets

from kopontren.models import Cooperative, Pesantren
from portal.models import Region
from portal.spreadsheets import FORMULA_START

EXCEL_EPOCH = datetime.date(1899, 12, 30)
KAB_COLUMN = "Kode Kab/Kota"


def unescape_formula(text):
    """Undo escape_cell (portal.spreadsheets) so an exported file imports unchanged."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_START):
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
    """A phone number; Excel drops the leading 0 of 0812…, so it is put back (the
    reader hands a numeric cell of a phone column over as its digits)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(int(value))
        text = cell_text(value)
        if text.isdigit() and text.startswith("8") and 9 <= len(text) <= 13:
            return "0" + text
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
    grouped = re.fullmatch(r"\d{1,3}(\.\d{3})+|\d{1,3}(,\d{3})+", whole)
    if not (
        whole.isdigit() or (grouped and (decimal_mark or "?") not in whole)
    ) or not (fraction == "" or fraction.isdigit()):
        raise ValueError(
            _("“%(value)s” bukan angka rupiah (contoh: 1.250.000,50).")
            % {"value": cell_text(value)}
        )
    whole = whole.replace(".", "").replace(",", "")
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

    def __init__(self):
        super().__init__()
        self.cache = {}

    def clean(self, value, row=None, **kwargs):
        row = row or {}
        key = (value, row.get("Nama Pesantren"), row.get(KAB_COLUMN))
        if key not in self.cache:
            try:
                self.cache[key] = self.find(value, row)
            except ValueError as exc:
                self.cache[key] = exc
        if isinstance(self.cache[key], ValueError):
            raise self.cache[key]
        return self.cache[key]

    def find(self, value, row):
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
            try:
                self.cache[key] = self.find(nik, nspp, name)
            except ValueError as exc:
                self.cache[key] = exc
        if isinstance(self.cache[key], ValueError):
            raise self.cache[key]
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
