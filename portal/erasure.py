"""Erasure of a person's data (UU PDP): the live row, every history row of it and
the admin's log entries about it, so that no copy of the name or number remains.
Each app's service says which fields are personal; this module overwrites them."""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ANONYMISED = "(dianonimkan)"


def anonymised_name(obj):
    """The name an erased person's rows carry: unique, and no one's name."""
    return f"Dianonimkan #{obj.pk}"


def check_reason(reason):
    if not reason.strip():
        raise ValidationError(_("Alasan penghapusan data pribadi wajib diisi."))


def scrub(obj, **values):
    """Overwrite `values` in the live row, in every history row of it, and blank
    the admin's log entries about it."""
    model = type(obj)
    model._base_manager.filter(pk=obj.pk).update(**values)
    history = getattr(model, "history", None)
    if history is not None:
        fields = {field.name for field in history.model._meta.fields}
        historical = {name: value for name, value in values.items() if name in fields}
        historical["history_change_reason"] = None
        history.model.objects.filter(id=obj.pk).update(**historical)
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
    ).update(object_repr=ANONYMISED, change_message="")


def erase_action(service, keyword):
    """An admin action that asks for a reason, then calls `service(**{keyword:
    obj}, by=user, reason=reason)` for each selected row."""

    @admin.action(description=gettext_lazy("Hapus data pribadi (anonimkan)"))
    def erase(modeladmin, request, queryset):
        reason = request.POST.get("reason", "")
        if "apply" in request.POST and reason.strip():
            for obj in queryset:
                service(**{keyword: obj}, by=request.user, reason=reason)
            modeladmin.message_user(
                request,
                _("%(n)d orang dianonimkan.") % {"n": len(queryset)},
                messages.SUCCESS,
            )
            return None
        context = {
            **modeladmin.admin_site.each_context(request),
            "title": _("Hapus data pribadi"),
            "queryset": queryset,
            "opts": modeladmin.model._meta,
            "action": request.POST.get("action", "erase"),
            "missing_reason": "apply" in request.POST,
        }
        return TemplateResponse(request, "admin/erase_confirm.html", context)

    erase.__name__ = "erase"
    return erase
