import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from kopontren.services import officer_account_invite
from portal.models import User
from portal.services import user_invite
from tests import factories
from tests.conftest import client_for


@pytest.mark.django_db
@pytest.mark.parametrize("login", ["budi", "budi@contoh.test"])
def test_user_logs_in_with_username_or_email(login):
    factories.user(username="budi", role=User.Role.PENGURUS)
    client = client_for(None)
    response = client.post(
        reverse("account_login"), {"login": login, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200


@pytest.mark.django_db
def test_wrong_password_gets_an_indonesian_message():
    factories.user(username="budi")
    response = client_for(None).post(
        reverse("account_login"), {"login": "budi", "password": "salah-sekali"}
    )
    assert response.status_code == 200
    assert "tidak benar" in response.content.decode() or "salah" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_repeated_failed_log_ins_are_rate_limited():
    factories.user(username="budi")
    client = client_for(None)
    for _ in range(6):
        client.post(
            reverse("account_login"), {"login": "budi", "password": "salah-sekali"}
        )
    # Even the right password is refused while the limit holds.
    response = client.post(
        reverse("account_login"), {"login": "budi", "password": factories.PASSWORD}
    )
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert client.get(reverse("portal:home")).status_code == 302


@pytest.mark.django_db
def test_open_sign_up_is_closed():
    response = client_for(None).post(
        reverse("account_signup"),
        {
            "username": "orang-asing",
            "email": "asing@contoh.test",
            "password1": "Sangat-Rahasia-2026",
            "password2": "Sangat-Rahasia-2026",
        },
    )
    assert not User.objects.filter(username="orang-asing").exists()
    assert response.status_code == 200


def test_invited_officer_sets_a_password_from_the_e_mail_and_logs_in(
    staf, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invited = user_invite(
            invited_by=staf,
            username="sekretaris-alif",
            email="sekretaris@contoh.test",
            role=User.Role.PENGURUS,
            first_name="Siti",
        )
    assert not invited.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = link.replace("http://127.0.0.1:8000", "")
    client = client_for(None)
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    # The rules are on the page before anything is typed.
    assert "Paling sedikit 12 karakter" in form_page.content.decode()
    form_path = form_page.redirect_chain[-1][0] if form_page.redirect_chain else path
    refused = client.post(
        form_path,
        {"password1": "Kopontren-Maju-2026", "password2": "Kopontren-Maju-2026"},
    )
    assert "mudah ditebak" in refused.content.decode()
    response = client.post(
        form_path,
        {"password1": "toko-buku-maju-bersama", "password2": "toko-buku-maju-bersama"},
    )
    assert response.status_code == 302
    invited.refresh_from_db()
    assert invited.check_password("toko-buku-maju-bersama")


def test_invitation_refuses_a_taken_username(staf):
    with pytest.raises(ValidationError):
        user_invite(
            invited_by=staf,
            username="staf-uji",
            email="lain@contoh.test",
            role=User.Role.PENGURUS,
        )


def test_invitation_is_indonesian_even_when_sent_from_the_english_portal(
    staf, django_capture_on_commit_callbacks
):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        user_invite(
            invited_by=staf,
            username="bendahara-alif",
            email="bendahara@contoh.test",
            role=User.Role.PENGURUS,
        )
    assert "Buat kata sandi Anda" in mail.outbox[0].body


def test_an_invited_officer_is_logged_in_on_their_cooperative_after_the_password(
    staf, coop_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        officer_account_invite(
            cooperative=coop_a,
            invited_by=staf,
            username="sekretaris-alif",
            email="sekretaris@contoh.test",
            first_name="Siti",
        )
    path = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    client = client_for(None)
    form_page = client.get(path.replace("http://127.0.0.1:8000", ""), follow=True)
    text = form_page.content.decode()
    assert "Buat kata sandi" in text and "Paling sedikit 12" in text
    assert "Jangan memakai nama Anda" in text
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "teh-di-lereng-ijen", "password2": "teh-di-lereng-ijen"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == coop_a.get_absolute_url()
    assert response.context["user"].username == "sekretaris-alif"
    assert "Kelengkapan data" in response.content.decode()


def test_a_used_invitation_link_says_so_in_plain_words(
    staf, coop_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        officer_account_invite(
            cooperative=coop_a,
            invited_by=staf,
            username="sekretaris-alif",
            email="sekretaris@contoh.test",
            first_name="Siti",
        )
    path = re.search(r"http://\S+", mail.outbox[0].body).group(0)
    path = path.replace("http://127.0.0.1:8000", "")
    client = client_for(None)
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"password1": "teh-di-lereng-ijen", "password2": "teh-di-lereng-ijen"},
    )
    again = client_for(None).get(path, follow=True).content.decode()
    assert "Tautan tidak berlaku lagi" in again
