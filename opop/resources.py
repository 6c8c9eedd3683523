"""Spreadsheet import/export of products and permits (django-import-export 4).

Rows are keyed on natural identifiers, never database ids: a product by its
cooperative's NIK Koperasi (or exact name, when it has no NIK yet) and the product
name; a permit by the product, its kind and its number. Headers are Indonesian.
"""

import datetime
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from kopontren.models import Cooperative
from opop import services
from opop.models import Permit, Product
from portal.access import Scope
from portal.masking import mask_phone

COOPERATIVE_COLUMN = "Koperasi"
NIK_COLUMN = "NIK Koperasi"
PRODUCT_COLUMN = "Nama produk"
YES = {"ya", "y", "1", "true", "benar", "x", "v"}
NO = {"tidak", "t", "0", "false", "salah", "", "none"}


def text(value):
    """A cell as clean text (spreadsheets hand numbers over as int or float)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


class TextWidget(widgets.Widget):
    """Empty cells become empty text, never NULL."""

    def clean(self, value, row=None, **kwargs):
        return text(value)

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ChoiceWidget(widgets.Widget):
    """A TextChoices value, accepting its code or its label in any case."""

    def __init__(self, choices, aliases=None, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices
        self.lookup = {value.lower(): value for value in choices.values}
        self.lookup |= {str(label).lower(): value for value, label in choices.choices}
        self.lookup |= aliases or {}

    def clean(self, value, row=None, **kwargs):
        key = text(value).lower()
        if key in self.lookup:
            return self.lookup[key]
        allowed = ", ".join(str(label) for label in self.choices.labels)
        raise ValueError(
            _("Nilai %(value)r tidak dikenal. Pilihan: %(allowed)s.")
            % {"value": text(value), "allowed": allowed}
        )

    def render(self, value, obj=None, **kwargs):
        return str(self.choices(value).label) if value else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        key = text(value).lower()
        if key in YES:
            return True
        if key in NO:
            return False
        raise ValueError(_("Isi Ya atau Tidak, bukan %r.") % text(value))

    def render(self, value, obj=None, **kwargs):
        return _("Ya") if value else _("Tidak")


class RupiahWidget(widgets.Widget):
    """15000, 15.000, Rp 15.000,50 or a spreadsheet number."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, int | float | Decimal):
            return Decimal(str(value))
        raw = re.sub(r"(?i)rp|\s", "", text(value))
        if not raw:
            return None
        if "," in raw and "." in raw:
            raw = raw.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
            raw = re.sub(r"[.,]", "", raw)
        else:
            raw = raw.replace(",", ".")
        try:
            return Decimal(raw)
        except InvalidOperation as error:
            raise ValueError(
                _("Harga tidak valid: %r (tulis angka, misalnya 15000).") % text(value)
            ) from error

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return str(
            value.quantize(Decimal(1)) if value == value.to_integral() else value
        )


class CountWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        raw = text(value).replace(".", "")
        if not raw:
            return None
        if not raw.isdigit():
            raise ValueError(_("Isi bilangan bulat, bukan %r.") % text(value))
        return int(raw)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class DayWidget(widgets.Widget):
    """2024-05-31, 31-05-2024, 31/05/2024 or a spreadsheet date."""

    FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        raw = text(value)
        if not raw:
            return None
        for date_format in self.FORMATS:
            try:
                return datetime.datetime.strptime(raw, date_format).date()
            except ValueError:
                continue
        raise ValueError(
            _("Tanggal tidak valid: %r (tulis 2024-05-31 atau 31-05-2024).") % raw
        )

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class CooperativeWidget(widgets.Widget):
    """The cooperative by NIK Koperasi, else by the exact name in the Koperasi column,
    among those the importing user may change."""

    user = None

    def clean(self, value, row=None, **kwargs):
        cooperatives = Cooperative.objects.editable_by(self.user).kopontren()
        nik = text(value)
        if nik:
            found = list(cooperatives.filter(nik_koperasi=nik)[:1])
            if not found:
                raise ValueError(
                    _("NIK Koperasi %s tidak ditemukan di wilayah Anda.") % nik
                )
            return found[0]
        name = text((row or {}).get(COOPERATIVE_COLUMN))
        if not name:
            raise ValueError(
                _("Isi NIK Koperasi, atau nama koperasi di kolom Koperasi.")
            )
        found = list(cooperatives.filter(name__iexact=name)[:2])
        if len(found) != 1:
            raise ValueError(
                _("Koperasi %s tidak ditemukan di wilayah Anda.") % name
                if not found
                else _("Nama koperasi %s tidak unik; isi NIK Koperasi.") % name
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.nik_koperasi if value else ""


class ProductWidget(CooperativeWidget):
    """The product by name within the row's cooperative."""

    def clean(self, value, row=None, **kwargs):
        cooperative = super().clean((row or {}).get(NIK_COLUMN), row=row)
        name = text(value)
        found = list(
            Product.objects.filter(cooperative=cooperative, name__iexact=name)[:1]
        )
        if not found:
            raise ValueError(
                _("Produk %(product)s tidak ditemukan pada %(cooperative)s.")
                % {"product": name, "cooperative": cooperative}
            )
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class KeepIfMaskedField(fields.Field):
    """A masked export (0812****7890) imported back leaves the number as it was."""

    def save(self, instance, row, is_m2m=False, **kwargs):
        if "*" in text(row.get(self.column_name)):
            return
        super().save(instance, row, is_m2m, **kwargs)


class ScopedResource(resources.ModelResource):
    """Knows the user: exports what they can see, imports into what they may change."""

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        for field in self.fields.values():
            if isinstance(field.widget, CooperativeWidget):
                field.widget.user = user

    def column_of(self, key):
        """The column a validation error key (field attribute) belongs to."""
        for name, field in self.fields.items():
            if key in (name, field.attribute):
                return field.column_name
        return ""

    def before_import(self, dataset, **kwargs):
        missing = [
            column
            for column in self.required_columns
            if column not in (dataset.headers or [])
        ]
        if missing:
            raise ValidationError(
                _("Kolom wajib tidak ada: %s. Unduh ekspor sebagai contoh format.")
                % ", ".join(missing)
            )


class ProductResource(ScopedResource):
    cooperative = fields.Field(
        attribute="cooperative", column_name=NIK_COLUMN, widget=CooperativeWidget()
    )
    cooperative_name = fields.Field(
        attribute="cooperative__name", column_name=COOPERATIVE_COLUMN, readonly=True
    )
    kabupaten = fields.Field(
        attribute="cooperative__kabupaten__name",
        column_name="Kabupaten/kota",
        readonly=True,
    )
    name = fields.Field(
        attribute="name", column_name=PRODUCT_COLUMN, widget=TextWidget()
    )
    category = fields.Field(
        attribute="category",
        column_name="Kategori",
        widget=ChoiceWidget(
            Product.Category,
            aliases={
                "pertanian": "pertanian",
                "peternakan": "pertanian",
                "jasa": "jasa",
                "it": "jasa",
            },
        ),
    )
    description = fields.Field(
        attribute="description", column_name="Deskripsi", widget=TextWidget()
    )
    price = fields.Field(
        attribute="price", column_name="Harga (Rp)", widget=RupiahWidget()
    )
    unit = fields.Field(
        attribute="unit", column_name="Satuan/kemasan", widget=TextWidget()
    )
    monthly_capacity = fields.Field(
        attribute="monthly_capacity",
        column_name="Kapasitas per bulan",
        widget=CountWidget(),
    )
    is_flagship = fields.Field(
        attribute="is_flagship", column_name="Produk unggulan", widget=YesNoWidget()
    )
    whatsapp = KeepIfMaskedField(
        attribute="whatsapp", column_name="WhatsApp", widget=TextWidget()
    )
    marketplace_links = fields.Field(
        attribute="marketplace_links",
        column_name="Tautan marketplace",
        widget=TextWidget(),
    )
    curation_status = fields.Field(
        attribute="curation_status",
        column_name="Status kurasi",
        widget=ChoiceWidget(Product.Curation),
        readonly=True,
    )

    required_columns = (NIK_COLUMN, PRODUCT_COLUMN, "Kategori")

    class Meta:
        model = Product
        fields = (
            "cooperative",
            "cooperative_name",
            "kabupaten",
            "name",
            "category",
            "description",
            "price",
            "unit",
            "monthly_capacity",
            "is_flagship",
            "whatsapp",
            "marketplace_links",
            "curation_status",
        )
        import_id_fields = ("cooperative", "name")
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return Product.objects.visible_to(self.user).select_related(
            "cooperative__kabupaten"
        )

    def get_instance(self, instance_loader, row):
        try:
            cooperative = self.fields["cooperative"].clean(row)
        except ValueError:
            return None
        name = text(row.get(PRODUCT_COLUMN))
        return Product.objects.filter(
            cooperative=cooperative, name__iexact=name
        ).first()

    def import_instance(self, instance, row, **kwargs):
        row[PRODUCT_COLUMN] = text(row.get(PRODUCT_COLUMN))
        if "Tautan marketplace" in row:
            links = re.split(r"[\s;]+", text(row["Tautan marketplace"]))
            row["Tautan marketplace"] = "\n".join(link for link in links if link)
        super().import_instance(instance, row, **kwargs)

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        errors = dict(import_validation_errors or {})
        try:
            services.validate_product(instance, exclude=set(errors))
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors.setdefault(key, messages)
        if errors:
            raise ValidationError(errors)

    def do_instance_save(self, instance, is_create):
        services.product_save(product=instance)

    def dehydrate_whatsapp(self, product):
        if self.user is not None and Scope.of(self.user).masks_product_contacts:
            return mask_phone(product.whatsapp)
        return product.whatsapp


class PermitResource(ScopedResource):
    nik = fields.Field(
        attribute="product__cooperative__nik_koperasi",
        column_name=NIK_COLUMN,
        readonly=True,
    )
    cooperative_name = fields.Field(
        attribute="product__cooperative__name",
        column_name=COOPERATIVE_COLUMN,
        readonly=True,
    )
    product = fields.Field(
        attribute="product", column_name=PRODUCT_COLUMN, widget=ProductWidget()
    )
    kind = fields.Field(
        attribute="kind",
        column_name="Jenis izin",
        widget=ChoiceWidget(
            Permit.Kind,
            aliases={
                "pirt": "pirt",
                "bpom": "bpom",
                "md": "bpom",
                "ml": "bpom",
                "halal": "halal",
            },
        ),
    )
    number = fields.Field(attribute="number", column_name="Nomor", widget=TextWidget())
    issued_on = fields.Field(
        attribute="issued_on", column_name="Tanggal terbit", widget=DayWidget()
    )
    valid_until = fields.Field(
        attribute="valid_until", column_name="Berlaku sampai", widget=DayWidget()
    )
    verified = fields.Field(
        attribute="verified", column_name="Terverifikasi", widget=YesNoWidget()
    )

    required_columns = (
        NIK_COLUMN,
        PRODUCT_COLUMN,
        "Jenis izin",
        "Nomor",
        "Tanggal terbit",
    )

    class Meta:
        model = Permit
        fields = (
            "nik",
            "cooperative_name",
            "product",
            "kind",
            "number",
            "issued_on",
            "valid_until",
            "verified",
        )
        import_id_fields = ("product", "kind", "number")
        use_transactions = True
        skip_unchanged = True
        clean_model_instances = True

    def get_queryset(self):
        return Permit.objects.visible_to(self.user).select_related(
            "product__cooperative"
        )

    def import_instance(self, instance, row, **kwargs):
        row["Nomor"] = " ".join(text(row.get("Nomor")).split()).upper()
        super().import_instance(instance, row, **kwargs)

    def get_instance(self, instance_loader, row):
        try:
            product = self.fields["product"].clean(row)
            kind = self.fields["kind"].clean(row)
        except ValueError:
            return None
        number = " ".join(text(row.get("Nomor")).split()).upper()
        return Permit.objects.filter(product=product, kind=kind, number=number).first()

    def do_instance_save(self, instance, is_create):
        services.permit_save(
            permit=instance, by=self.user, changed_fields=("verified",)
        )


RESOURCES = {"produk": ProductResource, "izin": PermitResource}
