"""Sessions end: after 30 idle minutes for office roles, 2 hours for officers, 12
hours after log-in at the latest; a password change ends every other session; the
user sees their sessions and can log out the others."""

from django.test import Client
from django.urls import reverse

from portal.session_expiry import SEEN, STARTED
from tests import factories
from tests.conftest import client_for

MINUTE = 60


def logged_in(user):
    client = Client()
    client.post(
        reverse("account_login"),
        {"login": user.username, "password": factories.PASSWORD},
    )
    assert client.get(reverse("portal:home")).status_code == 200
    return client


def age(client, *, idle=0, since_login=0):
    """Move the session's clock back: as if the last request was `idle` seconds
    ago and the log-in `since_login` seconds ago."""
    session = client.session
    session[SEEN] -= idle
    session[STARTED] -= max(idle, since_login)
    session.save()


def test_an_office_session_idle_past_30_minutes_is_refused(staf):
    client = logged_in(staf)
    age(client, idle=31 * MINUTE)
    response = client.get(reverse("kopontren:cooperative_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    login_page = client.get(response["Location"]).content.decode()
    assert "lama tidak ada kegiatan" in login_page


def test_an_office_session_used_within_30_minutes_goes_on(staf):
    client = logged_in(staf)
    age(client, idle=29 * MINUTE)
    assert client.get(reverse("portal:home")).status_code == 200


def test_an_officer_has_two_hours(pengurus_a):
    client = logged_in(pengurus_a)
    age(client, idle=100 * MINUTE)
    assert client.get(reverse("portal:home")).status_code == 200
    age(client, idle=121 * MINUTE)
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_busy_session_still_ends_12_hours_after_log_in(pengurus_a):
    client = logged_in(pengurus_a)
    age(client, since_login=12 * 60 * MINUTE + MINUTE)
    response = client.get(reverse("portal:home"))
    assert response.status_code == 302
    assert "batas lama sesi" in client.get(response["Location"]).content.decode()


def test_idle_limits_are_settings(staf, settings):
    settings.PORTAL_IDLE_TIMEOUT_OFFICE = 5 * MINUTE
    client = logged_in(staf)
    age(client, idle=6 * MINUTE)
    assert client.get(reverse("portal:home")).status_code == 302


def test_a_password_change_logs_out_every_other_session(pengurus_a):
    here, elsewhere = logged_in(pengurus_a), logged_in(pengurus_a)
    response = here.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "kebun teh di lereng",
            "password2": "kebun teh di lereng",
        },
    )
    assert response.status_code == 302
    assert here.get(reverse("portal:home")).status_code == 200
    assert elsewhere.get(reverse("portal:home")).status_code == 302


def test_the_user_lists_sessions_and_logs_out_the_others(pengurus_a):
    here, elsewhere = logged_in(pengurus_a), logged_in(pengurus_a)
    page = here.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 2
    here.post(reverse("usersessions_list"))
    assert here.get(reverse("portal:home")).status_code == 200
    assert elsewhere.get(reverse("portal:home")).status_code == 302


def test_another_users_sessions_are_not_listed(pengurus_a, pengurus_b):
    logged_in(pengurus_b)
    page = client_for(pengurus_a).get(reverse("usersessions_list"))
    assert all(s.user_id == pengurus_a.pk for s in page.context["sessions"])


def test_stay_logged_in_refreshes_an_idle_session(staf):
    client = logged_in(staf)
    age(client, idle=25 * MINUTE)
    response = client.post(reverse("portal:session_keepalive"))
    assert response.status_code == 204
    age(client, idle=10 * MINUTE)  # 35 minutes after the last page, 10 after
    assert client.get(reverse("kopontren:cooperative_list")).status_code == 200


def test_stay_logged_in_cannot_revive_an_ended_session(staf):
    client = logged_in(staf)
    age(client, idle=31 * MINUTE)
    response = client.post(reverse("portal:session_keepalive"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_pages_tell_the_idle_warning_the_users_timeout(staf, pengurus_a):
    office = client_for(staf).get(reverse("portal:home")).content.decode()
    assert 'id="peringatan-sesi"' in office
    assert 'data-idle-seconds="1740" data-lead-seconds="300"' in office
    officer = client_for(pengurus_a).get(reverse("portal:home")).content.decode()
    assert 'data-idle-seconds="7140" data-lead-seconds="300"' in officer
    public = Client().get(reverse("portal:about")).content.decode()
    assert "peringatan-sesi" not in public
