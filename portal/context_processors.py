from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import permissions
from portal.models import Office


def portal(request):
    """The user's own office for the header, and the role flags the navigation needs.
    Anonymous visitors see the portal's name (or the office of the object shown,
    which a view passes as `header_office`)."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "OFFICE_NAME": settings.OFFICE_NAME,
        "user_office": SimpleLazyObject(
            lambda: Office.for_user(user) if authenticated else None
        ),
        "nav": {
            "registry": authenticated
            and (user.is_admin_role or user.is_staf or user.is_provinsi),
            "manage": authenticated and permissions.can_manage_registry(user),
            "admin_site": authenticated and user.is_staff,
            "offices": permissions.is_admin(user) if authenticated else False,
        },
    }
