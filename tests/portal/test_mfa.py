"""Multi-factor log-in: required of every office role, optional for officers; TOTP
secrets encrypted at rest; a code works once; the last authenticator stays."""

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from portal.adapters import MFAAdapter
from portal.models import User
from tests import factories
from tests.conftest import client_for


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.PORTAL_MFA_REQUIRED = True


def log_in(client, user, password=factories.PASSWORD):
    return client.post(
        reverse("account_login"), {"login": user.username, "password": password}
    )


def test_office_user_without_an_authenticator_reaches_only_the_set_up(staf):
    client = client_for(None)
    log_in(client, staf)
    for name in ("portal:home", "kopontren:cooperative_list", "admin:index"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "wajib memakai verifikasi dua langkah" in page.content.decode()


@pytest.mark.parametrize("persona", ["admin", "provinsi_kalsel", "staf_banjarbaru"])
def test_every_office_role_must_enrol(db, request, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("portal:home"))
    assert response["Location"] == reverse("mfa_activate_totp")


def test_an_officer_is_not_forced(pengurus_a):
    assert client_for(pengurus_a).get(reverse("portal:home")).status_code == 200


def test_logging_out_stays_possible_before_enrolment(staf):
    client = client_for(None)
    log_in(client, staf)
    client.post(reverse("account_logout"))
    assert client.get(reverse("portal:home"))["Location"].startswith(
        reverse("account_login")
    )


def test_staff_enrols_and_then_reaches_the_portal_with_an_encrypted_secret(staf):
    client = client_for(None)
    log_in(client, staf)
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(
        reverse("mfa_activate_totp"), {"code": pyotp.TOTP(secret).now()}
    )
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert client.get(reverse("portal:home")).status_code == 200
    stored = Authenticator.objects.get(user=staf, type=Authenticator.Type.TOTP)
    assert secret not in str(stored.data)
    assert MFAAdapter().decrypt(stored.data["secret"]) == secret


def test_log_in_asks_for_the_code_and_a_code_works_once(staf):
    secret = factories.totp(user_obj=staf)
    code = pyotp.TOTP(secret).now()
    first = client_for(None)
    assert log_in(first, staf)["Location"] == reverse("mfa_authenticate")
    assert first.get(reverse("portal:home")).status_code == 302  # not yet in
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get(reverse("portal:home")).status_code == 200

    second = client_for(None)
    log_in(second, staf)
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert "Kode salah atau sudah pernah dipakai." in replay.content.decode()
    assert second.get(reverse("portal:home")).status_code == 302


def test_a_recovery_code_works_once(staf):
    factories.totp(user_obj=staf)
    code = factories.recovery_codes(user_obj=staf)[0]
    first = client_for(None)
    log_in(first, staf)
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get(reverse("portal:home")).status_code == 200
    second = client_for(None)
    log_in(second, staf)
    second.post(reverse("mfa_authenticate"), {"code": code})
    assert second.get(reverse("portal:home")).status_code == 302


def test_office_user_cannot_remove_the_last_authenticator(staf):
    secret = factories.totp(user_obj=staf)
    client = client_for(None)
    log_in(client, staf)
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    response = client.post(reverse("mfa_deactivate_totp"))
    assert "tidak dapat dinonaktifkan" in response.content.decode()
    assert Authenticator.objects.filter(
        user=staf, type=Authenticator.Type.TOTP
    ).exists()


def test_an_officer_may_remove_their_authenticator(pengurus_a):
    secret = factories.totp(user_obj=pengurus_a)
    client = client_for(None)
    log_in(client, pengurus_a)
    client.post(reverse("mfa_authenticate"), {"code": pyotp.TOTP(secret).now()})
    client.post(reverse("account_reauthenticate"), {"password": factories.PASSWORD})
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(
        user=pengurus_a, type=Authenticator.Type.TOTP
    ).exists()


def test_the_demo_waiver_spares_only_the_demo_accounts(db, settings):
    settings.PORTAL_DEMO_MFA_WAIVER = True
    demo = factories.user(
        username="staf-demo",
        role=User.Role.STAF,
        region_code="35.09",
    )
    demo.email = "staf-demo@demo.portal-kopontren.invalid"
    demo.save()
    real = factories.user(
        username="staf-nyata", role=User.Role.STAF, region_code="35.09"
    )
    assert client_for(demo).get(reverse("portal:home")).status_code == 200
    assert client_for(real).get(reverse("portal:home")).status_code == 302
    settings.PORTAL_DEMO_MFA_WAIVER = False
    assert client_for(demo).get(reverse("portal:home")).status_code == 302


def test_an_officer_is_encouraged_to_enrol_until_they_do(pengurus_a):
    client = client_for(pengurus_a)
    assert (
        "Pasang verifikasi dua langkah"
        in client.get(reverse("portal:home")).content.decode()
    )
    factories.totp(user_obj=pengurus_a)
    assert (
        "Pasang verifikasi dua langkah"
        not in client.get(reverse("portal:home")).content.decode()
    )
