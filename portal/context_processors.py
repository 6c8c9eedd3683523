from django.conf import settings

from portal import permissions


def portal(request):
    """Office name and the role flags the navigation needs."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "OFFICE_NAME": settings.OFFICE_NAME,
        "nav": {
            "registry": authenticated
            and (user.is_admin_role or user.is_staf or user.is_provinsi),
            "manage": authenticated and permissions.can_manage_registry(user),
            "admin_site": authenticated and user.is_staff,
        },
    }
