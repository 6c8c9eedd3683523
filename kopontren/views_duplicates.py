from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kopontren import duplicates
from kopontren.models import Cooperative, Pesantren
from portal import access

KINDS = {"pesantren": Pesantren, "koperasi": Cooperative}


@access.requires("can_manage", methods=access.READ_ONLY)
def duplicate_list(request):
    """Probable duplicate pairs among the records the user keeps."""
    scope = request.scope
    pairs = [
        (kind, duplicates.probable_pairs(model.objects.editable_by(scope)))
        for kind, model in KINDS.items()
    ]
    return render(request, "kopontren/duplicate_list.html", {"pairs": pairs})


@access.requires(methods=access.CONFIRM)
def duplicate_merge(request, kind, kept, merged):
    """Ask on a page of its own, then merge `merged` into `kept`."""
    if kind not in KINDS or kept == merged:
        raise Http404
    records = (
        KINDS[kind]
        .objects.visible_to(request.scope)
        .select_related("kecamatan", "kabupaten")
    )
    kept_record = get_object_or_404(records, pk=kept)
    merged_record = get_object_or_404(records, pk=merged)
    if not request.scope.can_merge(kept_record, merged_record):
        raise PermissionDenied
    if request.method == "POST":
        try:
            duplicates.record_merge(
                kept=kept_record, merged=merged_record, by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("“%(merged)s” digabung ke “%(kept)s”.")
                % {"merged": merged_record.name, "kept": kept_record.name},
            )
            return redirect(kept_record)
    context = {
        "kind": kind,
        "kept": kept_record,
        "merged": merged_record,
        "plan": duplicates.merge_plan(kept_record, merged_record),
    }
    return render(request, "kopontren/duplicate_merge.html", context)
