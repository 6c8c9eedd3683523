"""The Django admin's import (django-import-export) reads files through the same
guarded reader as the portal's import pages (portal.sheets)."""

from django.core.exceptions import ValidationError
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from portal import sheets


class GuardedCSV(CSV):
    """CSV read as bytes so that the reader sniffs its encoding and separator."""

    def create_dataset(self, in_stream):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        return sheets.read_dataset(in_stream, "impor.csv")

    def get_read_mode(self):
        return "rb"

    def is_binary(self):
        return True


class GuardedXLSX(XLSX):
    def create_dataset(self, in_stream):
        return sheets.read_dataset(in_stream, "impor.xlsx")


class GuardedImportForm(ImportForm):
    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        sheets.check_upload(upload)
        return upload


class GuardedImportMixin:
    """For an ImportMixin admin: the guarded formats, and a refusal shown as the
    reader's own message on the file field."""

    import_formats = [GuardedXLSX, GuardedCSV]
    import_form_class = GuardedImportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ValidationError):
            for message in e.messages:
                form.add_error("import_file", message)
            return
        super().add_data_read_fail_error_to_form(form, e)
