from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from portal.admin_scope import ScopedAdminMixin
from portal.models import Region, User
from portal.services import send_invitation


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
    actions = ["send_invitations"]

    @admin.action(description=_("Kirim (ulang) e-mail undangan membuat kata sandi"))
    def send_invitations(self, request, queryset):
        sent = 0
        for user in queryset.exclude(email=""):
            send_invitation(user)
            sent += 1
        self.message_user(
            request, _("%(n)d undangan dikirim.") % {"n": sent}, messages.SUCCESS
        )


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
