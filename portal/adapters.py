import base64
import datetime
import hashlib
import time

import segno
from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal import ratelimit
from portal.access import Scope


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by staff or admin only: there is no open sign-up."""

    def is_open_for_signup(self, request):
        return False

    def get_login_redirect_url(self, request):
        """An officer who has just set a password from the invitation link lands on
        their cooperative (when they have exactly one); others on their home page."""
        match = request.resolver_match
        if match is not None and match.url_name == "account_reset_password_from_key":
            # The scope is the new log-in's, not the anonymous request's.
            scope = Scope.of(request.user)
            if scope.is_officer and len(scope.cooperative_ids) == 1:
                (pk,) = scope.cooperative_ids
                return reverse("kopontren:cooperative_detail", args=[pk])
        return super().get_login_redirect_url(request)

    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth's per-"key" failure limit then counts per (address, account):
        # failures from one address never refuse the account at another.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{ratelimit.client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        super().pre_authenticate(request, **credentials)
        if ratelimit.login_refused(request, _login(credentials)):
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        ratelimit.login_failed(request, _login(credentials))

    def is_reauthentication_required(self, *, app, **kwargs):
        """Setting up a first authenticator within minutes of logging in (and
        reading the recovery codes it brings) asks for no second password: office
        roles are sent there straight after log-in. An authenticator from before
        this log-in is changed or removed only after the password again."""
        request = context.request
        if (
            app == "allauth.mfa"
            and request is not None
            and request.user.is_authenticated
        ):
            records = get_authentication_records(request, request.user)
            logged_in_at = records[0]["at"] if records else 0
            recent = (
                time.time() - logged_in_at < account_settings.REAUTHENTICATION_TIMEOUT
            )
            older = Authenticator.objects.filter(
                user_id=request.user.pk,
                created_at__lt=datetime.datetime.fromtimestamp(
                    logged_in_at, datetime.UTC
                ),
            )
            if recent and not older.exists():
                return False
        return super().is_reauthentication_required(app=app, **kwargs)


def _login(credentials):
    return credentials.get("email", credentials.get("username", ""))


def mfa_fernet():
    """The keys that guard TOTP secrets at rest: the first encrypts, every one
    decrypts (so a key can be rotated). Without PORTAL_MFA_KEYS, one key derived
    from the secret key."""
    keys = settings.MFA_ENCRYPTION_KEYS or [
        base64.urlsafe_b64encode(
            hashlib.sha256(b"portal-mfa:" + settings.SECRET_KEY.encode()).digest()
        ).decode()
    ]
    return MultiFernet([Fernet(key) for key in keys])


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa with TOTP secrets encrypted, the QR code drawn by segno, and no
    way for an office user to remove their last authenticator."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Akun kantor wajib memakai verifikasi dua langkah: aplikasi "
            "autentikator terakhir tidak dapat dinonaktifkan."
        ),
        "incorrect_code": _("Kode salah atau sudah pernah dipakai."),
    }

    def encrypt(self, text):
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return mfa_fernet().decrypt(encrypted_text.encode()).decode()

    def build_totp_svg(self, url):
        return segno.make(url, error="m").svg_inline(scale=4, border=4)

    def can_delete_authenticator(self, authenticator):
        if authenticator.type == Authenticator.Type.RECOVERY_CODES:
            return True
        if not Scope.of(authenticator.user).must_use_mfa:
            return True
        others = Authenticator.objects.filter(
            user_id=authenticator.user_id,
            type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN],
        ).exclude(pk=authenticator.pk)
        return others.exists()
