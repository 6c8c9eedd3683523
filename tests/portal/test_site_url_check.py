"""The start-up warning when QR, certificate and e-mail links (SITE_URL) would point
elsewhere than the address `make run` serves (BIND)."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from portal.checks import site_url_matches_bind, site_url_problem


@pytest.mark.parametrize(
    ("site_url", "bind"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8000"),
        ("http://localhost:8000", "127.0.0.1:8000"),
        ("http://192.168.1.4:8001", "0.0.0.0:8001"),
        ("http://[fd00::4]:8000", "[::]:8000"),
        ("http://portal.kantor.lan:8000", "10.0.0.5:8000"),
        ("http://127.0.0.1:8000", "127.0.0.1"),
        ("https://portal.example.go.id", "unix:/run/portal.sock"),
        ("http://127.0.0.1:8000", ""),
    ],
)
def test_links_that_reach_the_server_give_no_warning(site_url, bind):
    assert site_url_problem(site_url, bind) == ""


@pytest.mark.parametrize(
    ("site_url", "bind", "words"),
    [
        ("http://127.0.0.1:8000", "127.0.0.1:8001", "port 8000"),
        ("http://127.0.0.1:8000", "0.0.0.0:8000", "loopback"),
        ("http://localhost:8000", "[::]:8000", "loopback"),
        ("http://10.0.0.9:8000", "10.0.0.5:8000", "host 10.0.0.9"),
        ("http://portal.kantor.lan", "0.0.0.0:8000", "port 80"),
    ],
)
def test_links_that_miss_the_server_are_named(site_url, bind, words):
    assert words in site_url_problem(site_url, bind)


def test_the_check_warns_at_start_up(settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.BIND = "0.0.0.0:8001"
    [warning] = site_url_matches_bind(None)
    assert warning.id == "portal.W001" and "port 8000" in warning.msg
    out = io.StringIO()
    try:
        call_command("check", stdout=out, stderr=out)
    except SystemCheckError:  # only errors raise; a warning is printed
        pytest.fail("a wrong SITE_URL is a warning, not an error")
    assert "portal.W001" in out.getvalue()


def test_behind_a_proxy_the_public_address_is_not_compared(settings):
    settings.SITE_URL = "https://portal.example.go.id"
    settings.BIND = "127.0.0.1:8000"
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert site_url_matches_bind(None) == []
