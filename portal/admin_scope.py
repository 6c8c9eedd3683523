"""The Django admin within the access seam: an is_staff account reads and changes in
the admin exactly what the portal's pages let it (portal/access.py), and sees
personal data masked where the portal masks it."""

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.access import CHANGE, VIEW, Scope, within
from portal.masking import mask_identifier, mask_phone
from portal.models import Region
from portal.pagination import EstimatedCountPaginator


def scoped_rows(user, queryset, action, through=None):
    """The rows of `queryset` the user's scope allows: through its own
    `visible_to` paths, through a foreign key to a scoped model (`through`), or
    (neither) for admin only."""
    scope = Scope.of(user)
    if hasattr(queryset, "visible_to"):
        return scope.rows(queryset, action)
    if through:
        related = queryset.model
        for part in through.split("__"):
            related = related._meta.get_field(part).related_model
        allowed = scope.rows(related._default_manager.all(), action)
        return queryset.filter(**{f"{through}__in": allowed})
    if queryset.model is Region:
        if scope.is_admin:
            return queryset
        if scope.region_code is None:
            return queryset.none()
        return queryset.filter(within("", scope.region_code))
    return queryset if scope.is_admin else queryset.none()


def masked(name, value):
    """A phone keeps its ends (0812****7890); other identifiers their last four."""
    return mask_phone(value) if "phone" in name else mask_identifier(value)


class PersonalDataMixin:
    """For ModelAdmin and inlines: `personal_fields` shown masked (read-only) to
    those the portal masks them for; foreign-key choices limited to the scope."""

    personal_fields = ()

    def sees_personal_data(self, request, obj):
        """Phones, NPWP and bank accounts unmasked: the registry's keepers."""
        return Scope.of(request.user).sees_phones

    def _masks(self, request, obj):
        return bool(self.personal_fields) and not self.sees_personal_data(request, obj)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if self._masks(request, obj):
            fields = [name for name in fields if name not in self.personal_fields]
            fields.append("personal_data_masked")
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self._masks(request, obj):
            readonly.append("personal_data_masked")
        return readonly

    @admin.display(description=_("Data pribadi (disamarkan)"))
    def personal_data_masked(self, obj):
        if obj is None or obj.pk is None:
            return ""
        parts = []
        for name in self.personal_fields:
            value = getattr(obj, name, "")
            if value:
                label = obj._meta.get_field(name).verbose_name
                parts.append(f"{label}: {masked(name, value)}")
        return "; ".join(parts) or "-"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model._default_manager.all()
        scoped = hasattr(related, "visible_to") or related.model is Region
        if "queryset" not in kwargs and scoped:
            kwargs["queryset"] = scoped_rows(request.user, related, VIEW)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        related = db_field.related_model._default_manager.all()
        if "queryset" not in kwargs and hasattr(related, "visible_to"):
            kwargs["queryset"] = scoped_rows(request.user, related, VIEW)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedAdminMixin(PersonalDataMixin):
    """For a ModelAdmin: its rows, list filters, autocomplete (which asks the
    related model's admin for its rows), export and permissions go through the
    scope: what is out of scope is not there, what may not be changed is
    read-only.

    `scope_through`: for a model without scoped querysets, the path of foreign
    keys to the scoped model its rows belong to ("event", "session__event")."""

    scope_through = None
    # Big changelists show the planner's estimate ("± 130.000") rather than count.
    paginator = EstimatedCountPaginator

    def get_queryset(self, request):
        return scoped_rows(
            request.user, super().get_queryset(request), VIEW, self.scope_through
        )

    def _allows(self, request, obj, action):
        if obj is None:
            return True
        rows = self.model._default_manager.filter(pk=obj.pk)
        return scoped_rows(request.user, rows, action, self.scope_through).exists()

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._allows(
            request, obj, VIEW
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allows(
            request, obj, CHANGE
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allows(
            request, obj, CHANGE
        )

    def get_list_filter(self, request):
        """Foreign-key filters offer only the values of the rows in scope."""
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and "__" not in entry:
                field = self.model._meta.get_field(entry)
                if isinstance(field, models.ForeignKey | models.ManyToManyField):
                    entry = (entry, admin.RelatedOnlyFieldListFilter)
            filters.append(entry)
        return filters


class AuditedImportMixin:
    """The admin's imports (django-import-export) write the audit log: who, the
    file's name, the rows written."""

    def process_result(self, result, request):
        totals = result.totals
        audit.record_import(
            request=request,
            file_name=request.POST.get("original_file_name", ""),
            row_count=sum(totals.get(key, 0) for key in ("new", "update", "delete")),
            kind=self.model._meta.label_lower,
        )
        return super().process_result(result, request)
