from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal import checks, session_expiry  # noqa: F401 (registers the checks)

        # Every log-in (allauth's, the admin's, a test's force_login) starts the
        # session's clocks, so no later request has to write them.
        user_logged_in.connect(session_expiry.start, dispatch_uid="portal-session")
