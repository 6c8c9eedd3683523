"""What the registry's import/export resources share: the importing user's scope,
one row per key in a file, all-or-nothing, the changes a preview shows, and masked
phones in exports."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import resources

from kopontren import duplicates
from kopontren.models import Cooperative
from kopontren.widgets import cell_text
from portal.access import Scope
from portal.masking import mask_phone
from portal.models import Region


def add_error(errors, attribute, message):
    errors.setdefault(attribute, []).append(ValidationError(message))


class RegistryResource(resources.ModelResource):
    """What the four registry resources share: scope, duplicates, all-or-nothing."""

    scope_attribute = "kabupaten"
    key_attribute = None
    checks_near_duplicates = False
    masked_attributes = ()
    required_messages = {}

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
        self._dry_run = dry_run
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
        self.check_required(instance, errors)
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

    def validate_instance(
        self, instance, import_validation_errors=None, validate_unique=True
    ):
        """full_clean() without the queries the import already made: relations were
        fetched by the widgets, the keys looked up, and the constraints are the
        database's (a race ends as a row error, and nothing is written)."""
        errors = dict(import_validation_errors or {})
        fetched = [
            f.name
            for f in instance._meta.concrete_fields
            if f.is_relation and getattr(instance, f.attname) is not None
        ]
        try:
            instance.full_clean(
                exclude=[*errors, *fetched],
                validate_unique=False,
                validate_constraints=False,
            )
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def check_required(self, instance, errors):
        for field in self.editable_fields():
            model_field = instance._meta.get_field(field.attribute)
            if field.attribute in errors or model_field.blank:
                continue
            if getattr(instance, model_field.attname) in (None, ""):
                message = self.required_messages.get(field.attribute) or _(
                    "Kolom %(column)s wajib diisi."
                ) % {"column": field.column_name}
                add_error(errors, field.attribute, message)

    def check_scope(self, instance, errors):
        codes = []
        if self._original:
            codes.append(self._original["scope"])
        try:
            codes.append(self.scope_code(instance))
        except (AttributeError, Cooperative.DoesNotExist):
            pass
        for code in dict.fromkeys(c for c in codes if c):
            if not self.scope.can_manage_registry(code):
                region = Region.objects.filter(code=code).first()
                add_error(
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
                add_error(
                    errors,
                    self.key_attribute,
                    _("Data yang sama sudah ada di baris %(row)d berkas ini.")
                    % {"row": first},
                )
                return
        if instance.pk and self._matched.get(instance.pk, row) != row:
            add_error(
                errors,
                self.key_attribute,
                _("Baris ini menunjuk data yang sama dengan baris %(row)d.")
                % {"row": self._matched[instance.pk]},
            )

    def check_row(self, instance, row, errors):
        """Checks across columns of one model (subclasses)."""

    def check_regions(self, instance, errors):
        kecamatan, desa = instance.kecamatan, instance.desa
        kabupaten = instance.kabupaten_id
        if kecamatan and kabupaten and kecamatan.parent_id != kabupaten:
            add_error(
                errors,
                "kecamatan",
                _("Kecamatan %(kec)s tidak berada di Kab/Kota %(kab)s.")
                % {"kec": kecamatan.code, "kab": instance.kabupaten_id},
            )
        if desa and (kecamatan is None or desa.parent_id != kecamatan.code):
            add_error(
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
        if kwargs.get("dry_run"):
            # Inside the preview's transaction: the file's other new rows count too.
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

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if self._dry_run and self.checks_near_duplicates:
            self.flag_near_duplicates(result)

    def flag_near_duplicates(self, result):
        """Name on each new, renamed or moved row the records close to it, the
        file's other rows included (they are saved in the preview's transaction):
        one check for the whole file. A flag, not a refusal: the office decides."""
        checked = []
        for row_result in result.rows:
            row_result.close = []
            instance = row_result.instance
            if instance is None or instance.pk is None or not row_result.is_valid():
                continue
            original = row_result.original
            if row_result.is_update() and original is not None:
                moved = (original.name, original.kecamatan_id) != (
                    instance.name,
                    instance.kecamatan_id,
                )
                if not moved:
                    continue
            elif not row_result.is_new():
                continue
            checked.append(row_result)
        from_file = {
            r.instance.pk: r.sheet_row for r in result.rows if r.is_new() and r.instance
        }
        found = duplicates.close_records(
            self._meta.model, [duplicates.wanted_of(r.instance) for r in checked]
        )
        for row_result, close in zip(checked, found, strict=True):
            row_result.close = [
                {
                    "name": record.name,
                    "kecamatan": record.kecamatan.name if record.kecamatan else "",
                    "row": from_file.get(record.pk),
                    "url": "" if record.pk in from_file else record.get_absolute_url(),
                }
                for record in close
            ]

    # Export ---------------------------------------------------------------------------

    @property
    def scope(self):
        """The importing or exporting user's scope, built once per resource."""
        if getattr(self, "_scope_user", None) is not self.user:
            self._scope, self._scope_user = Scope.of(self.user), self.user
        return self._scope

    def may_see_personal_data(self, cooperative):
        """Phones unmasked only for those who may see them (one query at most)."""
        if self.user is None:
            return False
        return self.scope.can_see_personal_data(cooperative)


class RegistryMeta:
    skip_unchanged = True
    report_skipped = True
    clean_model_instances = True
    use_transactions = True
    store_instance = True
    store_row_values = True
    skip_html_diff = True


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
