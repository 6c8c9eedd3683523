from django.conf import settings

from portal.access import Scope


def portal(request):
    """Office name, the request's scope, and the flags the navigation needs."""
    scope = getattr(request, "scope", None)
    if scope is None:
        scope = Scope.of(getattr(request, "user", None))
    user = getattr(request, "user", None)
    return {
        "OFFICE_NAME": settings.OFFICE_NAME,
        "scope": scope,
        "nav": {
            "registry": scope.can_read_registry,
            "manage": scope.can_manage,
            "admin_site": bool(user and user.is_authenticated and user.is_staff),
        },
    }
