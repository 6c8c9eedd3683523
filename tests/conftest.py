"""Personas, one per role, as in the README: admin, staf of Jember, the officers of
cooperative A and B (both in Jember), provincial officials of Kalsel and Jatim."""

import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client

from portal import regions
from portal.models import Region, User
from tests import factories


@pytest.fixture(scope="session")
def s3_server():
    """The S3-compatible server (moto's server mode on loopback) for this session."""
    from tests.s3 import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def redis_server():
    """Debian's redis-server on a loopback port of its own, for this session."""
    from tests.redis_server import Server

    server = Server()
    yield server
    server.stop()


@pytest.fixture
def uploads(request, settings):
    """Where uploads go in this test: the local MEDIA_ROOT, or with
    PORTAL_TEST_STORAGE=s3 (make test's second pass) a prefix of a bucket."""
    if os.environ.get("PORTAL_TEST_STORAGE") != "s3":
        return None
    server = request.getfixturevalue("s3_server")
    settings.STORAGES = {**settings.STORAGES, "default": server.storage()}
    return server


@pytest.fixture(autouse=True)
def _plain_static_and_media(settings, tmp_path, uploads):
    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    # Real hashing is deliberately slow; the tests make many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Office personas log in without a second factor here; the tests of the log-in
    # itself (tests/portal/test_mfa.py, tests/browser/test_login_mfa.py) require it.
    settings.PORTAL_MFA_REQUIRED = False
    # Tasks (e-mails, jobs) run inside the request that enqueues them; the tests of
    # the worker itself (tests/portal/test_tasks.py) put the database queue back.
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }


@pytest.fixture(scope="session", autouse=True)
def _suite_runs_on_postgresql(django_db_setup, django_db_blocker):
    assert settings.DATABASES["default"]["ENGINE"].endswith("postgresql"), (
        "The suite must run on PostgreSQL: set DATABASE_URL or use `make test`."
    )
    # The rate limits live in the shared database cache, as in production.
    with django_db_blocker.unblock():
        call_command("createcachetable", verbosity=0)
    yield
    # The session-wide live server may still hold a connection from its last request
    # thread; end it so the test database can be dropped cleanly.
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def _regions_present(request, django_db_blocker):
    """Provinces and kabupaten come with `migrate`; a live-server test flushes every
    table afterwards, so put them back for the tests that follow."""
    if not request.node.get_closest_marker("django_db") and not (
        {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    ):
        return
    with django_db_blocker.unblock():
        if not Region.objects.filter(code="35.09").exists():
            regions.load_level(Region, regions.PROVINSI)
            regions.load_level(Region, regions.KABUPATEN)


@pytest.fixture(autouse=True)
def _empty_cache(django_db_blocker):
    # Rate-limit counters must not leak from one test into the next.
    yield
    with django_db_blocker.unblock():
        cache.clear()


@pytest.fixture
def admin(db):
    return factories.user(
        username="admin-uji", role=User.Role.ADMIN, is_staff=True, is_superuser=True
    )


@pytest.fixture
def staf(db):
    return factories.user(username="staf-uji", role=User.Role.STAF, region_code="35.09")


@pytest.fixture
def staf_banjarbaru(db):
    return factories.user(
        username="staf-banjarbaru", role=User.Role.STAF, region_code="63.72"
    )


@pytest.fixture
def provinsi_kalsel(db):
    return factories.user(
        username="provinsi-kalsel-uji", role=User.Role.PROVINSI, region_code="63"
    )


@pytest.fixture
def provinsi_jatim(db):
    return factories.user(
        username="provinsi-jatim-uji", role=User.Role.PROVINSI, region_code="35"
    )


@pytest.fixture
def coop_a(db):
    kec = factories.kecamatan()
    pesantren = factories.pesantren(name="Pesantren Uji Alif", kecamatan=kec)
    return factories.cooperative(
        name="Kopontren Uji Alif", pesantren_obj=pesantren, phone="081234567890"
    )


@pytest.fixture
def coop_b(db):
    pesantren = factories.pesantren(name="Pesantren Uji Ba")
    return factories.cooperative(
        name="Kopontren Uji Ba", pesantren_obj=pesantren, phone="085711112222"
    )


@pytest.fixture
def coop_kalsel(db):
    pesantren = factories.pesantren(name="Pesantren Uji Banua", kabupaten="63.72")
    return factories.cooperative(name="Kopontren Uji Banua", pesantren_obj=pesantren)


@pytest.fixture
def pengurus_a(coop_a):
    user = factories.user(username="pengurus-a-uji", role=User.Role.PENGURUS)
    coop_a.officer_accounts.add(user)
    return user


@pytest.fixture
def pengurus_b(coop_b):
    user = factories.user(username="pengurus-b-uji", role=User.Role.PENGURUS)
    coop_b.officer_accounts.add(user)
    return user


@pytest.fixture
def personas(admin, staf, pengurus_a, pengurus_b, provinsi_kalsel):
    """Every role, keyed by a short name, plus the anonymous visitor (None)."""
    return {
        "admin": admin,
        "staf": staf,
        "pengurus_a": pengurus_a,
        "pengurus_b": pengurus_b,
        "provinsi": provinsi_kalsel,
        "anonim": None,
    }


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_user():
    return client_for
