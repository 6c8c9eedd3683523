"""While PostgreSQL is out of reach every page answers the 503 'Layanan sedang
dipulihkan' page, and the portal serves again as soon as it is back, without a
restart. The outage is real: gunicorn reaches the test database through a TCP
relay that the test cuts and restores (the test cluster itself keeps running)."""

import http.client
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.conftest import client_for

ROOT = Path(__file__).resolve().parents[2]


class Relay:
    """Forwards TCP connections from a local port to the database; `cut()` closes
    the port and every relayed connection, `restore()` listens again."""

    def __init__(self, target):
        self.target = target
        self.port = None
        self.listener = None
        self.sockets = []
        self.lock = threading.Lock()

    def restore(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self):
        # shutdown() wakes the thread blocked in accept(); close() alone may not.
        with self.lock:
            self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()
            self.sockets.clear()

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut
            with self.lock:
                if listener is not self.listener or listener.fileno() == -1:
                    client.close()
                    return  # accepted while being cut
                upstream = socket.create_connection(self.target)
                self.sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pump, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pump(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass


def get(port, path, cookie=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie} if cookie else {}
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read().decode()
    conn.close()
    return response.status, response.getheader("Retry-After"), body


@pytest.fixture
def portal_through_relay(transactional_db):
    """gunicorn serving the test database through a relay; (port, relay)."""
    db = connection.settings_dict
    relay = Relay((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    relay.restore()
    url = f"postgres://{db['USER']}@127.0.0.1:{relay.port}/{db['NAME']}"
    # gunicorn takes the socket already listening: requests queue until it is up.
    server_socket = socket.socket()
    server_socket.bind(("127.0.0.1", 0))
    server_socket.listen(64)
    port = server_socket.getsockname()[1]
    env = os.environ | {
        "DATABASE_URL": url,
        "DATABASE_CONN_MAX_AGE": "60",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "STATIC_ROOT": str(settings.STATIC_ROOT),
    }
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi",
            "--bind",
            f"fd://{server_socket.fileno()}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        pass_fds=[server_socket.fileno()],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        yield port, relay
    finally:
        server.terminate()
        server.wait(timeout=30)
        server_socket.close()
        relay.cut()


def test_every_page_answers_503_while_the_database_is_down_and_recovers(
    portal_through_relay,
):
    port, relay = portal_through_relay
    staff = factories.user(username="staf-uji", role="staf", region_code="35.09")
    # The served portal requires MFA of office roles: this one has enrolled.
    factories.totp(user_obj=staff)
    client = Client()
    client.force_login(staff)
    name = settings.SESSION_COOKIE_NAME
    cookie = f"{name}={client.cookies[name].value}"
    pages = [("/", cookie), ("/registri/koperasi/", cookie), ("/direktori/", None)]
    before = [get(port, path, who)[0] for path, who in pages]

    relay.cut()
    during = [get(port, path, who) for path, who in pages]
    health = get(port, "/healthz")

    relay.restore()
    after = [get(port, path, who)[0] for path, who in pages]

    assert before == [200, 200, 200]
    for status, retry_after, body in during:
        assert status == 503
        assert retry_after == "120"
        assert "Layanan sedang dipulihkan" in body
    assert health[0] == 503
    assert '"database": "down"' in health[2]
    assert after == [200, 200, 200]


def test_healthz_names_the_part_that_is_down(db, settings, tmp_path):
    # MEDIA_ROOT under a plain file: no upload can be stored.
    (tmp_path / "berkas").write_text("")
    settings.MEDIA_ROOT = str(tmp_path / "berkas" / "media")

    response = client_for(None).get(reverse("portal:healthz"))

    assert response.status_code == 503
    assert response.json() == {
        "status": "error",
        "database": "ok",
        "cache": "ok",
        "media": "down",
    }
