from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from allauth.mfa import signals as mfa_signals
        from django.contrib.auth.signals import user_logged_in

        from portal import audit, checks, schedule, session_expiry  # noqa: F401

        # Every log-in (allauth's, the admin's, a test's force_login) starts the
        # session's clocks, so no later request has to write them.
        user_logged_in.connect(session_expiry.start, dispatch_uid="portal-session")
        # A second factor added, removed or its recovery codes reset is a change of
        # access: allauth's signals are the only place that sees all three.
        for change, signal in (
            ("added", mfa_signals.authenticator_added),
            ("removed", mfa_signals.authenticator_removed),
            ("reset", mfa_signals.authenticator_reset),
        ):
            signal.connect(
                audit.mfa_receiver(change),
                weak=False,
                dispatch_uid=f"portal-audit-mfa-{change}",
            )
