"""`make run` without SITE_URL: links and QR codes point where gunicorn listens."""

import subprocess
from pathlib import Path

import pytest

from portal.checks import site_url_problem

ROOT = Path(__file__).resolve().parents[2]


def site_url_for(bind):
    script = f"source scripts/lib.sh; site_url_for_bind '{bind}'"
    done = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.mark.parametrize(
    ("bind", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("127.0.0.1:8123", "http://127.0.0.1:8123"),
        ("192.168.1.20:9000", "http://192.168.1.20:9000"),
        ("localhost:8001", "http://localhost:8001"),
        ("unix:/run/portal.sock", ""),
    ],
)
def test_site_url_follows_bind(bind, url):
    assert site_url_for(bind) == url


@pytest.mark.parametrize("bind", ["0.0.0.0:8080", "[::]:8080"])
def test_every_interface_gives_an_address_a_phone_can_reach(bind):
    url = site_url_for(bind)
    assert url.startswith("http://") and url.endswith(":8080")
    assert "0.0.0.0" not in url and "[::]" not in url


@pytest.mark.parametrize(
    "bind", ["127.0.0.1:8123", "localhost:8001", "192.168.1.20:9000", "0.0.0.0:8080"]
)
def test_the_site_url_make_run_derives_passes_the_start_up_check(bind):
    assert site_url_problem(site_url_for(bind), bind) == ""


def test_run_sets_site_url_from_bind_only_when_it_is_not_set():
    run = (ROOT / "scripts" / "run").read_text()
    assert "if [[ -z ${SITE_URL:-} ]]; then" in run
    assert 'SITE_URL=$(site_url_for_bind "$bind")' in run
