import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env):
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_like_environment():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SECRET_KEY="x" * 20 + "production-like-secret-key-" + "y" * 30,
        DJANGO_ALLOWED_HOSTS="kopontren.jemberkab.go.id",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://kopontren.jemberkab.go.id",
        DATABASE_URL="postgres://portal@db.internal:5432/portal",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_fails_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_a_bad_boolean_setting_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="kadang")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def test_the_demo_mfa_waiver_refuses_to_start_without_the_demo():
    result = run_manage(
        "check", DJANGO_DEBUG="1", PORTAL_DEMO_MFA_WAIVER="1", PORTAL_SEED_DEMO="0"
    )
    assert result.returncode != 0
    assert "PORTAL_DEMO_MFA_WAIVER is for the demo only" in result.stderr


def test_a_bad_mfa_key_fails_loudly():
    result = run_manage("check", DJANGO_DEBUG="1", PORTAL_MFA_KEYS="bukan-kunci")
    assert result.returncode != 0
    assert "PORTAL_MFA_KEYS must be Fernet keys" in result.stderr
