from django.conf import settings
from django.utils.functional import SimpleLazyObject

from portal import session_expiry
from portal.access import Scope
from portal.models import Office


def portal(request):
    """The request's scope, the user's own office for the header, and the flags the
    navigation needs. Anonymous visitors see the portal's name (or the office of the
    object shown, which a view passes as `header_office`)."""
    scope = getattr(request, "scope", None)
    if scope is None:
        scope = Scope.of(getattr(request, "user", None))
    user = getattr(request, "user", None)
    idle = None
    if scope.authenticated:
        idle = {
            # The server notes activity once a minute: the page counts from the
            # earliest moment it may have been noted.
            "seconds": max(
                session_expiry.idle_limit(scope) - session_expiry.SEEN_RESOLUTION,
                session_expiry.idle_limit(scope) // 2,
            ),
            "lead": session_expiry.warning_lead(scope),
        }
    return {
        "OFFICE_NAME": settings.OFFICE_NAME,
        "session_idle": idle,
        "scope": scope,
        "user_office": SimpleLazyObject(
            lambda: Office.for_user(user) if scope.authenticated else None
        ),
        "nav": {
            "registry": scope.can_read_registry,
            "manage": scope.can_manage,
            "admin_site": bool(user and user.is_authenticated and user.is_staff),
            "offices": scope.is_admin,
        },
    }
