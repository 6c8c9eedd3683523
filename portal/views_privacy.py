"""The public privacy notice and, for admin, the access-request export."""

from django import forms
from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from portal import access, audit, subject_access


@require_safe
def privacy(request):
    """Kebijakan privasi: what is kept, why, how long, the controller and DPO."""
    context = {
        "controller": settings.PRIVACY_CONTROLLER,
        "dpo_name": settings.DPO_NAME,
        "dpo_email": settings.DPO_EMAIL,
        "participant_years": settings.PARTICIPANT_RETENTION_YEARS,
        "audit_days": settings.AUDIT_RETENTION_DAYS,
    }
    return render(request, "portal/privacy.html", context)


class AccessRequestForm(forms.Form):
    name = forms.CharField(label=_("Nama lengkap"), max_length=150, required=False)
    phone = forms.CharField(label=_("Nomor HP"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(field) for field in ("name", "phone", "email")):
            raise forms.ValidationError(_("Isi nama, nomor HP atau e-mail orangnya."))
        return cleaned


@access.requires("can_answer_data_requests", methods=("GET", "HEAD", "POST"))
def access_request(request):
    """A file of everything the portal holds about one person (sent by POST, so
    the name never lands in a log or the audit entry's filters)."""
    form = AccessRequestForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return render(request, "portal/access_request.html", {"form": form})
    data = subject_access.person_data(**form.cleaned_data)
    audit.record_export(
        request=request,
        row_count=sum(len(rows) for rows in data.values()),
        personal_columns=sorted(
            {key for rows in data.values() for r in rows for key in r}
        ),
    )
    response = HttpResponse(
        subject_access.person_data_json(data), content_type="application/json"
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = (
        f'attachment; filename="data-pribadi-{stamp}.json"'
    )
    response["Cache-Control"] = "no-store, private"
    return response
