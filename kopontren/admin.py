"""The registry in Django's admin (superusers and is_staff accounts): the same
resources as the portal's import pages, history from django-simple-history, and
actions that call the same services as the views."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from kopontren import exports
from kopontren.models import (
    ChangeRequest,
    Cooperative,
    Document,
    LegalEvent,
    Officer,
    Pesantren,
    YearlyFigures,
)
from kopontren.resources import (
    CooperativeResource,
    OfficerResource,
    PesantrenResource,
    YearlyFiguresResource,
)
from kopontren.services import (
    cooperative_activity_record,
    cooperative_refresh_legal_status,
    officer_erase,
)
from portal import erasure
from portal.access import Scope
from portal.admin_import import GuardedImportMixin
from portal.admin_scope import (
    AuditedImportMixin,
    PersonalDataMixin,
    ScopedAdminMixin,
)


class RegistryAdmin(
    AuditedImportMixin,
    ScopedAdminMixin,
    GuardedImportMixin,
    ImportExportMixin,
    SimpleHistoryAdmin,
):
    """Import/export (django-import-export) with history (django-simple-history),
    within the user's scope."""

    formats = [XLSX, CSV]
    export_kind = None

    def get_resource_kwargs(self, request, *args, **kwargs):
        # The resources scope imports and mask exports by the user.
        return {"user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The portal's own writer: formula escaping with a quote, masked phones."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        export_fields = None
        form = kwargs.get("export_form")
        if form is not None:
            export_fields = self.get_export_resource_fields_from_form(form)
        content, _type, _name = exports.audited_export_bytes(
            request=request,
            kind=self.export_kind,
            queryset=queryset,
            file_format="csv" if isinstance(file_format, CSV) else "xlsx",
            export_fields=export_fields,
        )
        return content


class OfficerInline(PersonalDataMixin, admin.TabularInline):
    model = Officer
    extra = 0
    personal_fields = ("phone",)
    fields = ("name", "position", "gender", "phone", "term_start", "term_end")


class LegalEventInline(PersonalDataMixin, admin.TabularInline):
    model = LegalEvent
    extra = 0
    fields = ("kind", "date", "number", "notary", "document", "note")


class YearlyFiguresInline(PersonalDataMixin, admin.TabularInline):
    model = YearlyFigures
    extra = 0
    fields = YearlyFigures.REPORTED_FIELDS


class DocumentInline(PersonalDataMixin, admin.TabularInline):
    model = Document
    extra = 0
    fields = ("kind", "title", "file", "uploaded_by", "created_at")
    readonly_fields = ("uploaded_by", "created_at")


@admin.register(Pesantren)
class PesantrenAdmin(RegistryAdmin):
    resource_classes = [PesantrenResource]
    export_kind = "pesantren"
    list_display = ("name", "nspp", "kind", "kabupaten", "kecamatan", "updated_at")
    list_filter = ("kind", "kabupaten")
    list_select_related = ("kabupaten", "kecamatan")
    show_full_result_count = False
    search_fields = ("name", "nspp", "pengasuh")
    autocomplete_fields = ("kabupaten", "kecamatan", "desa")


@admin.register(Cooperative)
class CooperativeAdmin(RegistryAdmin):
    resource_classes = [CooperativeResource]
    export_kind = "koperasi"
    personal_fields = ("phone",)
    list_display = (
        "name",
        "nik_koperasi",
        "pesantren",
        "kabupaten",
        "legal_status",
        "legal_status_since",
        "is_active",
        "verified",
    )
    list_filter = ("legal_status", "jenis", "kelompok", "pola", "is_active", "verified")
    list_select_related = ("pesantren", "kabupaten")
    show_full_result_count = False
    search_fields = (
        "name",
        "nik_koperasi",
        "nib",
        "pesantren__name",
        "pesantren__nspp",
    )
    autocomplete_fields = ("pesantren", "kabupaten", "kecamatan", "desa")
    filter_horizontal = ("officer_accounts",)
    readonly_fields = (
        "legal_status",
        "legal_status_since",
        "ahu_date",
        "nik_koperasi",
        "nib",
        "active_since",
    )
    inlines = [OfficerInline, LegalEventInline, YearlyFiguresInline, DocumentInline]
    actions = ["refresh_legal_status"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not Scope.of(request.user).is_admin:
            # The widget would list every account of the portal.
            readonly = [*readonly, "officer_accounts"]
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The legal-status log may have changed through its inline.
        cooperative_refresh_legal_status(cooperative=form.instance)
        if change and "is_active" in form.changed_data:
            cooperative_activity_record(
                cooperative=form.instance,
                is_active=form.instance.is_active,
                date=timezone.localdate(),
                recorded_by=request.user,
            )

    @admin.action(description=_("Hitung ulang status badan hukum dari riwayatnya"))
    def refresh_legal_status(self, request, queryset):
        count = 0
        for cooperative in queryset:
            cooperative_refresh_legal_status(cooperative=cooperative)
            count += 1
        self.message_user(
            request,
            _("Status badan hukum %(n)d koperasi dihitung ulang.") % {"n": count},
            messages.SUCCESS,
        )


@admin.register(Officer)
class OfficerAdmin(RegistryAdmin):
    resource_classes = [OfficerResource]
    export_kind = "pengurus"
    personal_fields = ("phone",)
    list_display = ("name", "position", "cooperative", "term_start", "term_end")
    list_filter = ("position", "gender")
    list_select_related = ("cooperative",)
    show_full_result_count = False
    search_fields = ("name", "cooperative__name", "cooperative__nik_koperasi")
    autocomplete_fields = ("cooperative",)
    actions = [erasure.erase_action(officer_erase, "officer")]


@admin.register(YearlyFigures)
class YearlyFiguresAdmin(RegistryAdmin):
    resource_classes = [YearlyFiguresResource]
    export_kind = "rat"
    list_display = ("cooperative", "book_year", "rat_date", "aset", "shu")
    list_filter = ("book_year",)
    list_select_related = ("cooperative",)
    show_full_result_count = False
    search_fields = ("cooperative__name", "cooperative__nik_koperasi")
    autocomplete_fields = ("cooperative",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Read-only: officers' requests are reviewed in the portal's queue."""

    list_display = ("cooperative", "target", "status", "submitted_by", "created_at")
    list_filter = ("status", "target")
    list_select_related = ("cooperative", "submitted_by")
    search_fields = ("cooperative__name", "submitted_by__username")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
