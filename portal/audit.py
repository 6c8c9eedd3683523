"""The audit log's writers: every export and every change of a user's access goes
through one of these, so an entry always has the same shape."""

import datetime

from django.conf import settings
from django.utils import timezone

from portal.models import AuditEntry

# Query parameters that choose the file, not the rows.
FORMAT_PARAMETERS = ("format", "ekspor")


def _filters(request):
    params = request.GET.copy()
    for name in FORMAT_PARAMETERS:
        params.pop(name, None)
    return params.urlencode()


def record_export(*, request, row_count, personal_columns=(), masked=False):
    """One export by the request's user: the page, its filters, how many rows, and
    which columns hold personal data (and whether they were masked)."""
    user = request.user
    return AuditEntry.objects.create(
        actor=user if user.is_authenticated else None,
        actor_name=user.get_username(),
        action=AuditEntry.Action.EXPORT,
        page=request.path[:255],
        filters=_filters(request),
        row_count=row_count,
        personal_columns=[str(column) for column in personal_columns],
        detail={"masked": bool(masked and personal_columns)},
    )


def record_view(*, request, row_count, personal_columns):
    """One page showing several people's personal data unmasked (an officer list with
    phones, speakers' NPWP and bank accounts)."""
    user = request.user
    return AuditEntry.objects.create(
        actor=user if user.is_authenticated else None,
        actor_name=user.get_username(),
        action=AuditEntry.Action.VIEW,
        page=request.path[:255],
        filters=_filters(request),
        row_count=row_count,
        personal_columns=[str(column) for column in personal_columns],
    )


def record_import(*, request, file_name, row_count, kind=""):
    """One import by the request's user: the page, the file's name, rows written."""
    user = request.user
    return AuditEntry.objects.create(
        actor=user if user.is_authenticated else None,
        actor_name=user.get_username(),
        action=AuditEntry.Action.IMPORT,
        page=request.path[:255],
        row_count=row_count,
        detail={"file": str(file_name)[:255], "kind": str(kind)},
    )


def record_mfa(*, user, change, kind):
    """An authenticator added, removed or reset on the user's own account."""
    return AuditEntry.objects.create(
        actor=user,
        actor_name=user.get_username(),
        action=AuditEntry.Action.MFA,
        page=f"user:{user.pk}",
        detail={"change": change, "authenticator": kind},
    )


def mfa_receiver(change):
    """A receiver of one of allauth's authenticator signals."""

    def receive(sender, *, user, authenticator, **kwargs):
        record_mfa(user=user, change=change, kind=authenticator.type)

    return receive


def access_of(user):
    """The fields of an account that decide what it reaches."""
    return {
        "role": user.role,
        "region": user.region_id,
        "is_superuser": user.is_superuser,
        "is_active": user.is_active,
    }


def record_user_access(*, actor, user, before, after):
    """A change of a user's role, region, superuser or active flag (`before` is
    None for a new account); nothing is written when nothing changed."""
    if before == after:
        return None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=AuditEntry.Action.USER_ACCESS,
        page=f"user:{user.pk}",
        detail={"user": user.get_username(), "before": before, "after": after},
    )


def record_erasure(*, actor, obj, reason):
    """An erasure: which kind of record and its id, by whom and why; never the
    erased data itself."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        action=AuditEntry.Action.ERASURE,
        page=f"{obj._meta.label_lower}:{obj.pk}",
        detail={"reason": reason.strip()},
    )


def record_mfa_reset(*, actor, user, removed, sessions_ended):
    """An admin removed a user's authenticators (a lost phone): whose, which kinds
    (never a secret) and how many of their sessions ended."""
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.get_username(),
        action=AuditEntry.Action.MFA_RESET,
        page=f"user:{user.pk}",
        detail={
            "user": user.get_username(),
            "removed": removed,
            "sessions_ended": sessions_ended,
        },
    )


def prune(*, now=None):
    """Delete entries older than the retention period; the number deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _per_model = AuditEntry.objects.older_than(cutoff).delete()
    return deleted
