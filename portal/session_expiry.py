"""Sessions that end: after a spell of no requests (30 minutes for office roles,
2 hours for officers by default) and, whatever happens, some hours after log-in."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from portal.access import Scope

STARTED = "portal_session_started"
SEEN = "portal_session_seen"
# The last-seen time is written at most this often (seconds): not every request
# needs a session write.
SEEN_RESOLUTION = 60


def start(sender, request, **kwargs):
    """A session begins at log-in (receiver of `user_logged_in`)."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[STARTED] = now
    request.session[SEEN] = now


# The idle warning shows this long before the idle log-out (at most a quarter of
# the idle time).
WARNING_LEAD = 5 * 60


def idle_limit(scope):
    """Seconds without a request after which this user's session ends."""
    if scope.is_office:
        return settings.PORTAL_IDLE_TIMEOUT_OFFICE
    return settings.PORTAL_IDLE_TIMEOUT_OFFICER


def warning_lead(scope):
    """Seconds before the idle log-out at which the page warns."""
    return min(WARNING_LEAD, idle_limit(scope) // 4)


def touch(request):
    """This request counts as activity now (the idle warning's "stay logged in")."""
    request.session[SEEN] = int(time.time())


class SessionExpiryMiddleware:
    """Logs out a session idle too long or older than the absolute lifetime."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                # The request goes on as an anonymous one: a page that needs a
                # log-in sends it to the log-in page and back (`next`).
                logout(request)
                request.scope = Scope.of(request.user)
                messages.info(request, expired)
        return self.get_response(request)

    def _expired(self, request):
        now = int(time.time())
        session = request.session
        started = session.setdefault(STARTED, now)
        seen = session.get(SEEN, now)
        if now - started > settings.PORTAL_SESSION_LIFETIME:
            return _("Sesi Anda sudah berakhir (batas lama sesi). Silakan masuk lagi.")
        if now - seen > idle_limit(request.scope):
            return _(
                "Sesi Anda berakhir karena lama tidak ada kegiatan. Silakan masuk lagi."
            )
        if now - seen >= SEEN_RESOLUTION or SEEN not in session:
            session[SEEN] = now
        return None
