"""An admin resets the two-step verification of someone who lost their phone and
their recovery codes: every authenticator goes, their sessions end, they enrol again
at the next log-in, and the audit log records who reset whose. Nobody else can, and
the admin's list of authenticators never shows a secret."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from portal.models import AuditEntry, User
from portal.services import user_mfa_reset
from tests import factories
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.PORTAL_MFA_REQUIRED = True


def reset_through_the_admin(client, *users):
    return client.post(
        reverse("admin:portal_user_changelist"),
        {"action": "reset_mfa", "_selected_action": [user.pk for user in users]},
        follow=True,
    )


def test_an_admin_resets_a_lost_phone_and_the_audit_log_records_it(admin, staf):
    factories.totp(user_obj=admin)
    secret = factories.totp(user_obj=staf)
    staff_client = client_for(None)
    staff_client.post(
        reverse("account_login"),
        {"login": staf.username, "password": factories.PASSWORD},
    )
    staff_client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    assert staff_client.get(reverse("portal:home")).status_code == 200

    response = reset_through_the_admin(client_for(admin), staf)

    assert "Verifikasi dua langkah 1 pengguna direset" in response.content.decode()
    assert not Authenticator.objects.filter(user=staf).exists()
    assert Authenticator.objects.filter(user=admin).exists()
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MFA_RESET)
    assert (entry.actor, entry.page) == (admin, f"user:{staf.pk}")
    assert entry.detail["user"] == "staf-uji"
    assert entry.detail["removed"] == ["recovery_codes", "totp"]
    assert entry.detail["sessions_ended"] == 1
    # The session on the lost phone has ended.
    assert staff_client.get(reverse("portal:home"))["Location"].startswith(
        reverse("account_login")
    )
    # At the next log-in the owner is made to enrol a new phone.
    again = client_for(User.objects.get(pk=staf.pk))
    assert again.get(reverse("portal:home"))["Location"] == reverse("mfa_activate_totp")


def test_only_an_admin_can_reset(staf, provinsi_kalsel):
    factories.totp(user_obj=staf)
    factories.totp(user_obj=provinsi_kalsel)
    staf.is_staff = True
    staf.save()
    staf.user_permissions.add(*Permission.objects.all())
    staf = User.objects.get(pk=staf.pk)

    reset_through_the_admin(client_for(staf), provinsi_kalsel)

    assert Authenticator.objects.filter(user=provinsi_kalsel).count() == 2
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MFA_RESET).exists()
    with pytest.raises(PermissionDenied):
        user_mfa_reset(actor=staf, user=provinsi_kalsel)
    listing = client_for(staf).get(reverse("admin:mfa_authenticator_changelist"))
    assert listing.status_code == 403


def test_the_admins_list_of_authenticators_shows_no_secret(admin, staf):
    factories.totp(user_obj=admin)
    secret = factories.totp(user_obj=staf)
    totp = Authenticator.objects.get(user=staf, type=Authenticator.Type.TOTP)
    client = client_for(admin)

    page = client.get(reverse("admin:mfa_authenticator_change", args=[totp.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "staf-uji" in text
    assert secret not in text and totp.data["secret"] not in text
    assert client.get(reverse("admin:mfa_authenticator_add")).status_code == 403
