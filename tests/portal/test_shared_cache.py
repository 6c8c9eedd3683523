"""With REDIS_URL the shared cache is Redis (Django's own RedisCache): the log-in
limits and the one-use TOTP codes live there, so every app node and worker sees
the same counts; the database cache holds nothing of theirs."""

import os
import subprocess
import sys

import pyotp
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import client_for


@pytest.fixture
def on_redis(settings, redis_server):
    redis_server.client.flushall()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": redis_server.url,
        }
    }
    yield redis_server
    cache.close()


def database_cache_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM portal_cache")
        return cursor.fetchone()[0]


def log_in(client, user):
    client.post(
        reverse("account_login"),
        {"login": user.username, "password": factories.PASSWORD},
    )


def attempt(address, username, password):
    client = Client(REMOTE_ADDR=address)
    response = client.post(
        reverse("account_login"), {"login": username, "password": password}
    )
    return response, client.get(reverse("portal:home")).status_code == 200


def test_the_settings_choose_redis_when_redis_url_is_set(redis_server):
    shown = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from django.core.cache import caches; print(type(caches['default']._cache"
            " if hasattr(caches['default'], '_cache') else caches['default']).__name__,"
            " caches['default'].set('node', 'a') or caches['default'].get('node'))",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "REDIS_URL": redis_server.url, "DJANGO_DEBUG": "1"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert shown[-1] == "a"
    assert redis_server.client.keys("*node*")


def test_failed_log_ins_are_counted_in_redis(on_redis, staf):
    before = database_cache_rows()
    for _ in range(5):
        attempt("198.51.100.7", staf.username, "salah-sekali-lagi")

    refused, logged_in = attempt("198.51.100.7", staf.username, factories.PASSWORD)

    assert "Terlalu banyak percobaan" in refused.content.decode()
    assert not logged_in
    assert on_redis.client.dbsize() > 0
    assert database_cache_rows() == before
    # Another node reading the same Redis refuses the same address: a new client
    # of the cache (as a second gunicorn would open) sees the count.
    cache.close()
    again, logged_in = attempt("198.51.100.7", staf.username, factories.PASSWORD)
    assert "Terlalu banyak percobaan" in again.content.decode()


def test_a_totp_code_is_refused_the_second_time_through_redis(on_redis, settings, staf):
    settings.PORTAL_MFA_REQUIRED = True
    secret = factories.totp(user_obj=staf)
    code = pyotp.TOTP(secret).now()

    first = client_for(None)
    first.post(
        reverse("account_login"),
        {"login": staf.username, "password": factories.PASSWORD},
    )
    first.post(reverse("mfa_authenticate"), {"code": code})
    assert first.get(reverse("portal:home")).status_code == 200
    used = [key for key in on_redis.client.keys("*") if b"totp" in key.lower()]
    assert used, on_redis.client.keys("*")

    second = client_for(None)
    second.post(
        reverse("account_login"),
        {"login": staf.username, "password": factories.PASSWORD},
    )
    replay = second.post(reverse("mfa_authenticate"), {"code": code})
    assert "Kode salah atau sudah pernah dipakai." in replay.content.decode()
