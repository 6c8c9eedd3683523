"""The password policy: 12 characters, not common, not built from context words,
no composition rules; Indonesian messages, the rules shown before typing."""

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.management.commands.seed_demo import DEMO_PASSWORD
from portal.models import User
from tests import factories
from tests.conftest import client_for


def refusals(password, user=None):
    try:
        validate_password(password, user)
    except ValidationError as error:
        return error.messages
    return []


@pytest.fixture
def staf_jember(db):
    return factories.user(
        username="staf-jember",
        first_name="Budi",
        last_name="Santoso",
        role=User.Role.STAF,
        region_code="35.09",
    )


@pytest.mark.parametrize("password", ["kopontren", "Jember2026", "password1234"])
def test_weak_passwords_are_refused(staf_jember, password):
    assert refusals(password, staf_jember)


def test_a_short_password_is_refused_in_plain_indonesian(staf_jember):
    assert "paling sedikit 12 karakter" in " ".join(refusals("Jember2026"))


def test_a_common_password_with_digits_added_is_still_common(staf_jember):
    assert refusals("password1234", staf_jember) == [
        "Kata sandi ini terlalu umum dan mudah ditebak."
    ]
    assert refusals("Bismillah-2026!", staf_jember)


@pytest.mark.parametrize(
    "password",
    [
        "demo-portal-2026",  # the portal's name and the year
        "Kopontren-Maju-2026",
        "staf-jember-2026!!",  # the username and the year
        "budi-santoso-1990",  # the person's names and a year
        "kabupaten-jember-35",  # the user's region
        "dinas-koperasi-usaha",  # the office
    ],
)
def test_passwords_built_from_context_words_are_refused(staf_jember, password):
    assert "mudah ditebak" in " ".join(refusals(password, staf_jember))


@pytest.mark.parametrize(
    "password",
    [
        "kebun teh di lereng",  # a passphrase: lower case, spaces, no digits
        "sawah-hijau-pagi-hari",
        "839201748392",  # no composition rule: digits alone are fine if long
    ],
)
def test_a_twelve_character_passphrase_is_accepted(staf_jember, password):
    assert refusals(password, staf_jember) == []


def test_the_demo_password_passes_the_policy():
    assert refusals(DEMO_PASSWORD) == []


def test_the_rules_are_shown_on_the_change_password_page(staf_jember):
    page = client_for(staf_jember).get(reverse("account_change_password"))
    text = page.content.decode()
    assert "Paling sedikit 12 karakter" in text
    assert "Bukan susunan dari nama portal" in text


def test_change_password_refuses_a_context_password_and_keeps_the_old_one(
    staf_jember,
):
    response = client_for(staf_jember).post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "staf-jember-2026!!",
            "password2": "staf-jember-2026!!",
        },
    )
    assert response.status_code == 200
    assert "mudah ditebak" in response.content.decode()
    staf_jember.refresh_from_db()
    assert staf_jember.check_password(factories.PASSWORD)
