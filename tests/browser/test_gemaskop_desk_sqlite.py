"""The outbox on SQLite, the README's try-out database: the portal runs in its own
process (migrate, gunicorn) on a fresh SQLite file, as `make run` serves it, and the
desk loses nothing offline and reports the duplicate with the friendly message."""

import json
import os
import socket
import subprocess
import sys
import threading

import pytest
from django.conf import settings

from tests import factories as base
from tests.browser.test_gemaskop_desk import PESANTREN, enter_five_offline_and_reload

MANAGE = [sys.executable, str(settings.BASE_DIR / "manage.py")]
GUNICORN = str(settings.BASE_DIR / ".venv" / "bin" / "gunicorn")

# Run inside the SQLite portal (`manage.py shell -c`): the regions, the registry, a
# staff member of Jember (a demo address: no second factor with the demo waiver), an
# event with its session and one person already present.
SET_UP = f"""
import json
from django.urls import reverse
from gemaskop import services
from portal import regions
from portal.mfa import DEMO_EMAIL_DOMAIN
from portal.models import Region, User
from tests import factories as base
from tests.gemaskop import factories
regions.load_level(Region, regions.PROVINSI)
regions.load_level(Region, regions.KABUPATEN)
for name in {PESANTREN!r}:
    base.pesantren(name=name)
staf = User(username="staf-sqlite", role=User.Role.STAF, region_id="35.09",
            email="staf-sqlite@" + DEMO_EMAIL_DOMAIN)
staf.set_password(base.PASSWORD)
staf.save()
event = factories.event(name="Sosialisasi GEMASKOP SQLite")
session = factories.session(event_obj=event, title="Sosialisasi")
factories.attend(session_obj=session, name="Santri Sudah Hadir")
print(json.dumps({{
    "desk": reverse("gemaskop:desk", args=[event.pk, session.pk]),
    "send": reverse("gemaskop:attendance_add", args=[event.pk, session.pk]),
    "session": session.pk,
}}))
"""
NAMES = """
import json
from gemaskop.models import Attendance
rows = Attendance.objects.filter(session_id={session})
print(json.dumps(list(rows.values_list("participant__name", flat=True))))
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SqlitePortal:
    """The portal on its own SQLite file, served by gunicorn in a subprocess."""

    def __init__(self, folder):
        self.env = {
            key: value for key, value in os.environ.items() if key != "DATABASE_URL"
        }
        self.env |= {
            "SQLITE_PATH": str(folder / "portal.sqlite3"),
            "MEDIA_ROOT": str(folder / "media"),
            "PORTAL_DEMO_MFA_WAIVER": "1",
        }
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.log = []

    def manage(self, *args):
        done = subprocess.run(
            [*MANAGE, *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def shell(self, code):
        return json.loads(self.manage("shell", "-c", code).strip().splitlines()[-1])

    def start(self):
        self.server = subprocess.Popen(
            [GUNICORN, "portal.wsgi", "--bind", f"127.0.0.1:{self.port}"]
            + ["--workers", "2", "--no-control-socket"],
            env=self.env,
            cwd=settings.BASE_DIR,
            stderr=subprocess.PIPE,
            text=True,
        )
        listening = threading.Event()

        def read_log():
            for line in self.server.stderr:
                self.log.append(line)
                if "Booting worker" in line:
                    listening.set()
            listening.set()  # gunicorn stopped: the wait below ends at once

        threading.Thread(target=read_log, daemon=True).start()
        # Waits for gunicorn's own line, not a guessed delay.
        assert listening.wait(timeout=120), "gunicorn did not start"
        assert self.server.poll() is None, "".join(self.log)

    def stop(self):
        if self.server is not None:
            self.server.terminate()
            self.server.wait(timeout=30)


@pytest.fixture
def sqlite_portal(tmp_path):
    portal = SqlitePortal(tmp_path)
    portal.manage("migrate", "--noinput", "--verbosity", "0")
    portal.manage("createcachetable")
    created = portal.shell(SET_UP)
    portal.start()
    yield portal, created
    portal.stop()


def test_on_sqlite_entries_typed_offline_are_saved_once_and_the_duplicate_reported(
    browser, sqlite_portal
):
    portal, created = sqlite_portal
    context = browser.new_context(locale="id-ID", base_url=portal.url)
    page = context.new_page()
    try:
        page.goto("/akun/login/")
        form = page.locator("form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=login]").fill("staf-sqlite")
        form.locator("input[name=password]").fill(base.PASSWORD)
        with page.expect_navigation():
            form.locator("input[name=password]").press("Enter")

        def saved():
            return len(portal.shell(NAMES.format(session=created["session"])))

        typed = enter_five_offline_and_reload(
            page, created["desk"], created["send"], saved=saved
        )
    finally:
        context.close()
    names = portal.shell(NAMES.format(session=created["session"]))
    assert sorted(names) == sorted(typed)
    assert not any("Traceback" in line for line in portal.log), "".join(portal.log)
