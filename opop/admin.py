"""OPOP in Django's admin: the same resources as the portal's import/export pages,
scoped by the user, history from django-simple-history."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from opop import transfer
from opop.models import (
    CurationEvent,
    Exchange,
    ExchangeSide,
    Listing,
    Membership,
    Permit,
    Product,
    ProductPhoto,
    Response,
    WorkPlan,
)
from opop.resources import PermitResource, ProductResource
from portal.admin_import import GuardedImportMixin
from portal.admin_scope import (
    AuditedImportMixin,
    PersonalDataMixin,
    ScopedAdminMixin,
)


class ScopedAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Rows, filters, choices and permissions within the user's scope."""


class OpopImportExportAdmin(
    AuditedImportMixin,
    GuardedImportMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
    ScopedAdmin,
):
    formats = [XLSX, CSV]
    export_kind = None

    def get_resource_kwargs(self, request, *args, **kwargs):
        # The resources scope imports and exports by the user.
        return {"user": request.user}

    def get_export_data(self, file_format, request, queryset, **kwargs):
        """The portal's writer: every formula-like cell escaped, CSV with a BOM."""
        if not self.has_export_permission(request):
            raise PermissionDenied
        dataset = self.get_data_for_export(request, queryset, **kwargs)
        transfer.record_export(request=request, kind=self.export_kind, dataset=dataset)
        return transfer.export_bytes(
            dataset, "csv" if isinstance(file_format, CSV) else "xlsx"
        )


class PhotoInline(PersonalDataMixin, admin.TabularInline):
    model = ProductPhoto
    extra = 0
    fields = ("thumbnail", "caption", "position", "uploaded_by")
    readonly_fields = ("thumbnail", "uploaded_by")


class PermitInline(PersonalDataMixin, admin.TabularInline):
    model = Permit
    extra = 0
    fields = ("kind", "number", "issued_on", "valid_until", "verified")


class CurationEventInline(PersonalDataMixin, admin.TabularInline):
    model = CurationEvent
    extra = 0
    fields = ("at", "from_status", "to_status", "note", "by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Product)
class ProductAdmin(OpopImportExportAdmin):
    resource_classes = [ProductResource]
    export_kind = "produk"
    list_display = (
        "name",
        "cooperative",
        "category",
        "price",
        "is_flagship",
        "curation_status",
    )
    list_filter = ("category", "curation_status", "is_flagship")
    list_select_related = ("cooperative",)
    show_full_result_count = False
    search_fields = ("name", "cooperative__name", "cooperative__nik_koperasi")
    autocomplete_fields = ("cooperative",)
    readonly_fields = ("curation_status",)
    inlines = [PhotoInline, PermitInline, CurationEventInline]


@admin.register(Permit)
class PermitAdmin(OpopImportExportAdmin):
    resource_classes = [PermitResource]
    export_kind = "izin"
    list_display = ("number", "kind", "product", "issued_on", "valid_until", "verified")
    list_filter = ("kind", "verified")
    list_select_related = ("product",)
    show_full_result_count = False
    search_fields = ("number", "product__name", "product__cooperative__name")
    autocomplete_fields = ("product",)
    readonly_fields = ("verified_by", "verified_at")


class WorkPlanInline(PersonalDataMixin, admin.StackedInline):
    model = WorkPlan
    extra = 0


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin, ScopedAdmin):
    list_display = ("cooperative", "programme", "joined_on", "pillar", "pact_signed_on")
    list_filter = ("programme", "pillar")
    list_select_related = ("cooperative", "programme")
    show_full_result_count = False
    # The model orders by the cooperative's name (a join); newest first uses the key.
    ordering = ("-pk",)
    search_fields = ("cooperative__name",)
    autocomplete_fields = ("cooperative",)
    inlines = [WorkPlanInline]


class ResponseInline(PersonalDataMixin, admin.TabularInline):
    model = Response
    extra = 0
    fields = (
        "cooperative",
        "message",
        "product",
        "item",
        "quantity",
        "unit",
        "value",
        "status",
    )
    autocomplete_fields = ("cooperative", "product")


@admin.register(Listing)
class ListingAdmin(ScopedAdmin):
    list_display = ("title", "kind", "cooperative", "quantity", "unit", "status")
    list_filter = ("kind", "status")
    list_select_related = ("cooperative",)
    search_fields = ("title", "cooperative__name")
    autocomplete_fields = ("cooperative", "product")
    raw_id_fields = ("created_by",)
    inlines = [ResponseInline]


class ExchangeSideInline(admin.TabularInline):
    model = ExchangeSide
    extra = 0
    autocomplete_fields = ("cooperative", "product")
    readonly_fields = ("received_at", "received_by")


@admin.register(Exchange)
class ExchangeAdmin(ScopedAdmin):
    list_display = ("__str__", "status", "agreed_at", "completed_at")
    list_filter = ("status",)
    list_select_related = ("giver", "receiver")
    search_fields = ("sides__item", "giver__name", "receiver__name")
    autocomplete_fields = ("giver", "receiver")
    raw_id_fields = ("listing", "response")
    inlines = [ExchangeSideInline]
    readonly_fields = (
        "giver_confirmed_at",
        "giver_confirmed_by",
        "receiver_confirmed_at",
        "receiver_confirmed_by",
        "agreed_at",
        "completed_at",
    )
