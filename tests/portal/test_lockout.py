"""A lockout that protects without excluding: failures count per address and per
(address, account); the slower per-account limit refuses only the addresses that
failed for the account, never its owner elsewhere."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def attempt(address, username, password, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(
        reverse("account_login"), {"login": username, "password": password}
    )
    logged_in = client.get(reverse("portal:home")).status_code == 200
    return response, logged_in


def test_five_wrong_passwords_from_one_address_leave_the_owner_in_elsewhere(staf):
    for _ in range(5):
        attempt("198.51.100.7", staf.username, "salah-sekali-lagi")
    refused, logged_in = attempt("198.51.100.7", staf.username, factories.PASSWORD)
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()
    assert not logged_in
    _response, logged_in = attempt("203.0.113.20", staf.username, factories.PASSWORD)
    assert logged_in


def test_an_address_failing_for_one_account_does_not_lock_a_colleague(staf, admin):
    for _ in range(5):
        attempt("198.51.100.7", staf.username, "salah-sekali-lagi")
    _response, logged_in = attempt("198.51.100.7", admin.username, factories.PASSWORD)
    assert logged_in


def test_past_the_account_limit_only_the_failing_addresses_are_refused(staf, settings):
    settings.PORTAL_LOGIN_ACCOUNT_LIMIT = 4
    for n in range(4):
        attempt(f"198.51.100.{n + 1}", staf.username, "salah-sekali-lagi")
    refused, logged_in = attempt("198.51.100.2", staf.username, factories.PASSWORD)
    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert not logged_in
    _response, logged_in = attempt("203.0.113.20", staf.username, factories.PASSWORD)
    assert logged_in


def test_behind_the_proxy_the_real_address_counts(staf, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    for _ in range(5):
        attempt(
            "10.0.0.1",
            staf.username,
            "salah-sekali-lagi",
            HTTP_X_FORWARDED_FOR="198.51.100.7",
        )
    _response, logged_in = attempt(
        "10.0.0.1",
        staf.username,
        factories.PASSWORD,
        HTTP_X_FORWARDED_FOR="203.0.113.20",
    )
    assert logged_in
