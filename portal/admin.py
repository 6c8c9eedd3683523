from allauth.mfa.admin import AuthenticatorAdmin as BaseAuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal import audit
from portal.access import Scope
from portal.admin_scope import ScopedAdminMixin
from portal.models import AuditEntry, NumberCounter, Office, OfficeUnit, Region, User
from portal.pagination import EstimatedCountPaginator
from portal.services import send_invitation, user_mfa_reset


@admin.register(User)
class UserAdmin(ScopedAdminMixin, BaseUserAdmin):
    """Accounts: admin only (an is_staff account of another role sees none)."""

    list_display = ("username", "email", "get_full_name", "role", "region", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    list_select_related = ("region",)
    search_fields = ("username", "email", "first_name", "last_name")
    autocomplete_fields = ("region",)
    fieldsets = BaseUserAdmin.fieldsets + (
        (_("Peran dan wilayah"), {"fields": ("role", "region", "phone", "invited_by")}),
    )
    add_fieldsets = BaseUserAdmin.add_fieldsets + (
        (_("Peran dan wilayah"), {"fields": ("email", "role", "region")}),
    )
    readonly_fields = ("invited_by",)
    actions = ["send_invitations", "reset_mfa"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = audit.access_of(User.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)
        audit.record_user_access(
            actor=request.user, user=obj, before=before, after=audit.access_of(obj)
        )

    @admin.action(description=_("Kirim (ulang) e-mail undangan membuat kata sandi"))
    def send_invitations(self, request, queryset):
        sent = 0
        for user in queryset.exclude(email=""):
            send_invitation(user)
            sent += 1
        self.message_user(
            request, _("%(n)d undangan dikirim.") % {"n": sent}, messages.SUCCESS
        )

    @admin.action(
        description=_(
            "Reset verifikasi dua langkah (aplikasi autentikator hilang); "
            "dicatat di log audit"
        )
    )
    def reset_mfa(self, request, queryset):
        for user in queryset:
            user_mfa_reset(actor=request.user, user=user)
        self.message_user(
            request,
            _(
                "Verifikasi dua langkah %(n)d pengguna direset; sesi mereka diakhiri. "
                "Mereka mendaftarkan aplikasi autentikator lagi saat masuk."
            )
            % {"n": len(queryset)},
            messages.SUCCESS,
        )


class AdminReadsOnly:
    """A record the portal writes itself: admin reads it, nobody adds, changes or
    deletes it here."""

    def has_view_permission(self, request, obj=None):
        return Scope.of(request.user).is_admin

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(AdminReadsOnly, BaseAuthenticatorAdmin):
    """Who has enrolled what, for admin only, never the secrets; a reset is the
    accounts' action (Reset verifikasi dua langkah), which the audit log records."""

    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = fields


@admin.register(Region)
class RegionAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Regions within the user's own (for the autocompletes of other pages)."""

    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("parent",)
    readonly_fields = ("code", "name", "level", "parent")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class OfficeUnitInline(admin.TabularInline):
    model = OfficeUnit
    extra = 0


@admin.register(Office)
class OfficeAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "region")
    list_select_related = ("region",)
    search_fields = ("name", "short_name", "region__name")
    autocomplete_fields = ("region",)
    inlines = [OfficeUnitInline]


@admin.register(OfficeUnit)
class OfficeUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "office", "head_name", "head_title", "head_nip")
    list_select_related = ("office",)
    list_filter = ("office",)
    search_fields = ("name", "head_name", "head_nip")


@admin.register(NumberCounter)
class NumberCounterAdmin(admin.ModelAdmin):
    """Read-only: numbers are allocated by the service, never typed."""

    list_display = ("office", "series", "year", "last")
    list_filter = ("office", "series", "year")
    list_select_related = ("office",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(AdminReadsOnly, admin.ModelAdmin):
    """The audit log: read by admin, written only by the portal, never changed."""

    list_display = ("at", "actor_name", "action", "page", "row_count")
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    list_filter = ("action", "at")
    search_fields = ("actor_name", "page", "filters")
    date_hierarchy = "at"
    readonly_fields = [field.name for field in AuditEntry._meta.fields]
