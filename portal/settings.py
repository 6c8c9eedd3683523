"""Settings for Portal Kopontren: one file, everything that differs between machines
comes from the environment (see the README's settings table and `.env.example`)."""

import os
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{name} must be a whole number, not {value!r}"
        ) from exc


def env_list(name, default=""):
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


# --- Core -----------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(`make run` sets a local one for trying the portal out)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Where `make run`'s gunicorn listens: a start-up check warns when SITE_URL points
# elsewhere (portal/checks.py).
BIND = env_str("BIND")
OFFICE_NAME = env_str(
    "PORTAL_OFFICE_NAME", "Dinas Koperasi dan Usaha Mikro Kabupaten Jember"
)
OFFICE_ADDRESS = env_str(
    "PORTAL_OFFICE_ADDRESS", "Jl. Kalimantan No. 82, Jember, Jawa Timur"
)
# The controller of the personal data (UU PDP) and its data protection officer, for
# the public privacy notice (/privasi/).
PRIVACY_CONTROLLER = env_str("PORTAL_PRIVACY_CONTROLLER", OFFICE_NAME)
DPO_NAME = env_str("PORTAL_DPO_NAME")
DPO_EMAIL = env_str("PORTAL_DPO_EMAIL")
# How long the audit log keeps its entries (`manage.py prune_audit` deletes older).
AUDIT_RETENTION_DAYS = env_int("PORTAL_AUDIT_RETENTION_DAYS", 730)
# Participants of events older than this are anonymised by `anonymise_participants`.
PARTICIPANT_RETENTION_YEARS = env_int("PORTAL_PARTICIPANT_RETENTION_YEARS", 5)
# Months after the book year's close by which the RAT is due (late-RAT work list).
RAT_DEADLINE_MONTHS = env_int("PORTAL_RAT_DEADLINE_MONTHS", 6)
# A cooperative's data not confirmed for this many months is on the freshness list.
REGISTRY_CONFIRM_MONTHS = env_int("PORTAL_REGISTRY_CONFIRM_MONTHS", 12)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "import_export",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "portal",
    "kopontren",
    "gemaskop",
    "opop",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.PrivacyHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.unavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.IndonesianFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.access.ScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "portal.session_expiry.SessionExpiryMiddleware",
    "portal.mfa.RequireMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portal.context_processors.portal",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(
                env_str("SQLITE_PATH", str(BASE_DIR / "var" / "portal.sqlite3"))
            ),
            "OPTIONS": {"timeout": 20},
        }
    }
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# How close (pg_trgm word similarity, 0-1) a name must be to a search to count as a
# typo of it: two wrong letters in two words keep about 0.45. The trigram
# index answers "<%" at the session's threshold, so the connection sets it.
SEARCH_CLOSENESS = 0.4
if IS_POSTGRES:
    options = [f"-c pg_trgm.word_similarity_threshold={SEARCH_CLOSENESS}"]
    if env_bool("DATABASE_DISABLE_JIT", True):
        # PostgreSQL's JIT compiler spends seconds compiling the summaries' aggregate
        # queries that then run in tens of milliseconds (measured: 2.4 s of 2.8 s).
        options.append("-c jit=off")
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = " ".join(options)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (shared by every gunicorn worker: rate limits live here) ------------

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "portal_cache",
        }
    }

# --- Background tasks (Django's Tasks API; the queue lives in the database) -----

# `make run` starts one worker (`manage.py worker`) beside gunicorn; the queue is a
# table of the portal's own database, so one Dinas needs no other service.
# PORTAL_TASKS_IMMEDIATE=1 runs each task inside the request that enqueues it.
if env_bool("PORTAL_TASKS_IMMEDIATE", False):
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A task RUNNING longer than this is taken for dead (its worker killed) by the reaper.
PORTAL_TASK_TIMEOUT = env_int("PORTAL_TASK_TIMEOUT_MINUTES", 30) * 60
# How often an e-mail is tried before it is given up (with growing waits between).
PORTAL_MAIL_ATTEMPTS = env_int("PORTAL_MAIL_ATTEMPTS", 5)
# Events with more certificates than this get them as a background job with progress.
PORTAL_JOB_CERTIFICATES_ABOVE = env_int("PORTAL_JOB_CERTIFICATES_ABOVE", 50)
# A job's finished file is kept this long for its owner to download.
PORTAL_JOB_FILE_HOURS = env_int("PORTAL_JOB_FILE_HOURS", 24)

# --- Users and log-in -----------------------------------------------------------

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
# At least 12 characters, not common, not built from context words; no composition
# rules (portal/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "portal.passwords.MinimumLengthValidator"},
    {"NAME": "portal.passwords.CommonPasswordValidator"},
    {"NAME": "portal.passwords.ContextWordsValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "account_login"

# Sessions end after a spell without requests (office roles sooner: they read a
# region's personal data) and, at the latest, some hours after log-in
# (portal/session_expiry.py). A password change ends every other session.
PORTAL_IDLE_TIMEOUT_OFFICE = env_int("PORTAL_IDLE_MINUTES_OFFICE", 30) * 60
PORTAL_IDLE_TIMEOUT_OFFICER = env_int("PORTAL_IDLE_MINUTES_OFFICER", 120) * 60
PORTAL_SESSION_LIFETIME = env_int("PORTAL_SESSION_HOURS", 12) * 60 * 60
SESSION_COOKIE_AGE = PORTAL_SESSION_LIFETIME

ACCOUNT_ADAPTER = "portal.adapters.AccountAdapter"
ACCOUNT_FORMS = {"login": "portal.forms.LoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
# The invitation link is a password reset: setting the password logs the person in.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # Per address (an office behind one NAT shares one), and per (address, account):
    # the adapter puts the address in the key.
    "login_failed": "30/5m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
}
# The slower limit per account: past it, only the addresses that failed for the
# account are refused (portal/ratelimit.py), so the owner still logs in elsewhere.
PORTAL_LOGIN_ACCOUNT_LIMIT = 20
PORTAL_LOGIN_ACCOUNT_WINDOW = 60 * 60
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Portal Kopontren] "

# Multi-factor log-in (allauth.mfa): TOTP apps with recovery codes, required of every
# office role (portal/mfa.py). A code is refused a second time: allauth marks it used
# in the shared cache.
MFA_ADAPTER = "portal.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Portal Kopontren"
MFA_TOTP_TOLERANCE = 1  # one step of clock drift either way
# Accounts are made by staff and e-mail addresses are not verified by link here:
# an office user must be able to enrol all the same.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Fernet keys (comma-separated; the first encrypts, all decrypt) for the TOTP secrets
# stored in the database. Unset: one key derived from DJANGO_SECRET_KEY.
MFA_ENCRYPTION_KEYS = env_list("PORTAL_MFA_KEYS")
for _key in MFA_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError as exc:
        raise ImproperlyConfigured(
            "PORTAL_MFA_KEYS must be Fernet keys (Fernet.generate_key())"
        ) from exc
PORTAL_MFA_REQUIRED = (
    True  # only the test suite turns it off, for tests of other things
)
# Spares seed_demo's accounts (and only those) the second factor, for trying the portal
# out; `make run` turns it on when it loads the demo. Never with PORTAL_SEED_DEMO=0.
PORTAL_DEMO_MFA_WAIVER = env_bool("PORTAL_DEMO_MFA_WAIVER", False)
if PORTAL_DEMO_MFA_WAIVER and not env_bool("PORTAL_SEED_DEMO", True):
    raise ImproperlyConfigured(
        "PORTAL_DEMO_MFA_WAIVER is for the demo only: not with PORTAL_SEED_DEMO=0"
    )

# How many reverse proxies in front of the portal append to X-Forwarded-For: the rate
# limits (log-in, check-in, certificate lookups) then key on the real client address.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("PORTAL_TRUSTED_PROXY_COUNT", 0)

# --- E-mail ---------------------------------------------------------------------

EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Portal Kopontren <noreply@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ----------------------------------------------------------

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("TIME_ZONE", "Asia/Jakarta")
USE_TZ = True

# --- Static files and uploads ---------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploads in S3-compatible storage (several app nodes share one bucket) when a bucket
# is named; the local MEDIA_ROOT otherwise. The bucket stays private: every file goes
# through the portal's permission-checked views, streamed from the bucket.
S3_BUCKET = env_str("PORTAL_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("PORTAL_S3_ENDPOINT_URL") or None,
            "region_name": env_str("PORTAL_S3_REGION", "us-east-1"),
            "access_key": env_str("PORTAL_S3_ACCESS_KEY") or None,
            "secret_key": env_str("PORTAL_S3_SECRET_KEY") or None,
            "location": env_str("PORTAL_S3_PREFIX"),
            "addressing_style": env_str("PORTAL_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Every import (registry, GEMASKOP, OPOP, the admin's) reads its file through
# portal/sheets.py, which refuses a file past any of its limits before parsing it.
# The defaults are in portal.sheets.Limits; a setting SHEET_<LIMIT> overrides one,
# e.g. SHEET_MAX_UNPACKED_BYTES = 64 * 1024 * 1024 or SHEET_MAX_SHARED_STRINGS.
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024
# Uploaded documents are served by the portal's own views after a permission check,
# never straight from MEDIA_URL by a web server.

# --- Security -------------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
if env_bool("DJANGO_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): scripts and styles only from the portal's own
# static files, never inline. Images also from data: URIs, because the office's logo
# on the printed letterhead (the summary page) and allauth's TOTP QR code are inlined
# as data URIs. The Django admin's pages keep the same policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
SILENCED_SYSTEM_CHECKS = [
    # HSTS preload is a one-way commitment for a whole domain; each office decides it
    # for its own domain (DJANGO_HSTS_PRELOAD), so the portal does not force it.
    "security.W021",
]

# --- Import / export ------------------------------------------------------------

IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# --- Logging --------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
