"""Multi-factor log-in is required of every office role: until such a user has an
authenticator app, the set-up pages (and log-out) are the only pages they reach."""

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# seed_demo gives its accounts addresses in this domain; PORTAL_DEMO_MFA_WAIVER
# spares those accounts (and no other) the second factor.
DEMO_EMAIL_DOMAIN = "demo.portal-kopontren.invalid"
# What an office user without an authenticator may still open.
OPEN_BEFORE_ENROLMENT = {
    "account_logout",
    "account_reauthenticate",
    "mfa_reauthenticate",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "mfa_generate_recovery_codes",
    "set_language",
    "portal:healthz",
}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]


def is_waived(user):
    """The demo's accounts, where the demo waiver is on; every account where the
    requirement is off (only the test suite turns it off)."""
    if not settings.PORTAL_MFA_REQUIRED:
        return True
    return settings.PORTAL_DEMO_MFA_WAIVER and user.email.lower().endswith(
        "@" + DEMO_EMAIL_DOMAIN
    )


def must_enrol(request):
    """An office user, logged in, without a second factor yet."""
    user = request.user
    return (
        user.is_authenticated
        and request.scope.must_use_mfa
        and not is_waived(user)
        and not is_mfa_enabled(user, types=SECOND_FACTORS)
    )


class RequireMFAMiddleware:
    """Sends an office user without an authenticator to set one up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.resolver_match.view_name in OPEN_BEFORE_ENROLMENT:
            return None
        if not must_enrol(request):
            return None
        messages.warning(
            request,
            _(
                "Akun kantor wajib memakai verifikasi dua langkah. Pasang aplikasi "
                "autentikator di ponsel Anda dan masukkan kodenya untuk melanjutkan."
            ),
        )
        return redirect("mfa_activate_totp")
