"""Several app nodes, proven on one machine: two gunicorn nodes behind HAProxy
(round-robin), sharing PostgreSQL (the test database), Redis, an S3-compatible
bucket (moto's server) and three task workers.

- a log-in on one node holds on the other, and a form's CSRF token from one node is
  accepted by the other;
- wrong passwords spread over both nodes are counted together;
- a document uploaded through one node downloads through the other, and no file
  lands on either node's disk;
- 1,000 tasks are each run exactly once by three workers;
- a node killed under a bounded load loses at most the requests it had in flight,
  and no row is half-written;
- the database connections stay under the ceiling the README computes.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from kopontren.models import ChangeRequest
from tests import factories
from tests.cluster_tasks import tally
from tests.processes import start_and_wait

pytestmark = pytest.mark.django_db(transaction=True)

NODE_WORKERS = 2  # gunicorn workers per node
TASK_WORKERS = 3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, what, timeout=120):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"waited {timeout} s for {what}"
        time.sleep(0.05)


class Cluster:
    def __init__(self, tmp, s3_server, redis_server):
        db = connection.settings_dict
        self.tmp = tmp
        self.storage_prefix = f"nodes-{os.getpid()}"
        self.bucket = s3_server
        self.env = {
            **os.environ,
            "DATABASE_URL": (
                f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@"
                f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": settings.SECRET_KEY,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            "PORTAL_TRUSTED_PROXY_COUNT": "1",
            "REDIS_URL": redis_server.url,
            "PORTAL_S3_BUCKET": "portal-test",
            "PORTAL_S3_ENDPOINT_URL": s3_server.url,
            "PORTAL_S3_ACCESS_KEY": "portal-test",
            "PORTAL_S3_SECRET_KEY": "portal-test-secret",
            "PORTAL_S3_PREFIX": self.storage_prefix,
            "PORTAL_S3_ADDRESSING_STYLE": "path",
            "STATIC_ROOT": str(tmp / "static"),
            "SITE_URL": "http://127.0.0.1",
        }
        for name in ("PORTAL_TASKS_IMMEDIATE", "PORTAL_TEST_STORAGE"):
            self.env.pop(name, None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=settings.BASE_DIR,
            env=self.env,
            check=True,
        )
        self.processes = []
        self.nodes = {}
        for name in ("a", "b"):
            port = free_port()
            media = tmp / f"media-{name}"
            media.mkdir()
            self.nodes[name] = {
                "port": port,
                "media": media,
                "process": self.start_ready(
                    "Listening at",
                    [
                        ".venv/bin/gunicorn",
                        "portal.wsgi",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(NODE_WORKERS),
                        "--no-control-socket",
                        "--graceful-timeout",
                        "5",
                    ],
                    MEDIA_ROOT=str(media),
                ),
            }
        self.proxy_port = free_port()
        self.url = f"http://127.0.0.1:{self.proxy_port}"
        config = tmp / "haproxy.cfg"
        config.write_text(
            "global\n  maxconn 200\n"
            "defaults\n  mode http\n  option forwardfor\n  option redispatch\n"
            "  retries 2\n  timeout connect 2s\n  timeout client 60s\n"
            "  timeout server 60s\n"
            f"frontend web\n  bind 127.0.0.1:{self.proxy_port}\n"
            "  default_backend nodes\n"
            "backend nodes\n  balance roundrobin\n"
            "  http-response set-header X-Node %s\n"
            "  option httpchk GET /healthz\n  timeout check 20s\n"
            + "".join(
                f"  server {name} 127.0.0.1:{node['port']} check inter 1s "
                "fall 3 rise 1\n"
                for name, node in self.nodes.items()
            )
        )
        # In daemon mode haproxy returns once its listeners are bound: ready.
        self.proxy_pid = tmp / "haproxy.pid"
        subprocess.run(
            [
                shutil.which("haproxy"),
                "-D",
                "-p",
                str(self.proxy_pid),
                "-f",
                str(config),
            ],
            check=True,
        )

    def start(self, command, **env):
        process = subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            env={**self.env, **env},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def start_ready(self, ready, command, **env):
        """A node, once gunicorn says it listens (its own words, no clock)."""
        process = start_and_wait(
            command, ready, env={**self.env, **env}, cwd=settings.BASE_DIR
        )
        self.processes.append(process)
        return process

    def worker(self):
        return self.start(
            [
                sys.executable,
                "manage.py",
                "worker",
                "--queue-name",
                "*",
                "--interval",
                "0.2",
                "--housekeeping-interval",
                "0",
            ],
            MEDIA_ROOT=str(self.tmp / "media-worker"),
        )

    def kill(self, name):
        self.nodes[name]["process"].send_signal(signal.SIGKILL)
        self.nodes[name]["process"].wait(timeout=30)

    def stop(self):
        if self.proxy_pid.exists():
            os.kill(int(self.proxy_pid.read_text().split()[0]), signal.SIGTERM)
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()

    def files_on_disk(self):
        return [
            path
            for node in self.nodes.values()
            for path in node["media"].rglob("*")
            if path.is_file()
        ]


@pytest.fixture
def cluster(tmp_path, s3_server, redis_server):
    redis_server.client.flushall()
    call_command("createcachetable", verbosity=0)
    # Connections other tests left open (a live server's thread) are not the
    # cluster's: the ceiling is checked above this.
    baseline = db_connections()
    running = Cluster(tmp_path, s3_server, redis_server)
    running.baseline = baseline
    yield running
    running.stop()


def csrf_of(response):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)[1]


def log_in(session, url, username, password):
    form = session.get(url + reverse("account_login"), timeout=30)
    answer = session.post(
        url + reverse("account_login"),
        data={
            "login": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_of(form),
        },
        headers={"Referer": url + reverse("account_login")},
        allow_redirects=False,
        timeout=30,
    )
    return form, answer


def db_connections():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
        )
        return cursor.fetchone()[0]


def node_user(username):
    """A user whose password the nodes can check: they hash as in production, not
    with the suite's fast test hasher."""
    user = factories.user(username=username)
    user.password = PBKDF2PasswordHasher().encode(factories.PASSWORD, "garam-uji-node")
    user.save(update_fields=["password"])
    return user


def test_two_nodes_behind_one_proxy(cluster, coop_a):
    coop_a.officer_accounts.add(node_user("pengurus-node"))
    node_user("korban-node")
    peak = []

    # A log-in on one node holds on the other; the CSRF token crosses.
    session = requests.Session()
    form, answer = log_in(session, cluster.url, "pengurus-node", factories.PASSWORD)
    assert answer.status_code == 302, answer.text[:500]
    assert form.headers["X-Node"] != answer.headers["X-Node"]
    served = set()
    for _ in range(4):
        home = session.get(cluster.url + reverse("portal:home"), allow_redirects=False)
        assert home.status_code == 200
        served.add(home.headers["X-Node"])
    assert served == {"a", "b"}

    # Wrong passwords over both nodes count together (the limit is 5).
    nodes = set()
    for attempt in range(5):
        if attempt % 2:  # one request more moves the round-robin to the other node
            requests.get(cluster.url + "/healthz", timeout=30)
        _form, wrong = log_in(requests.Session(), cluster.url, "korban-node", "salah")
        nodes.add(wrong.headers["X-Node"])
    assert nodes == {"a", "b"}
    _form, refused = log_in(
        requests.Session(), cluster.url, "korban-node", factories.PASSWORD
    )
    assert "Terlalu banyak percobaan" in refused.text

    # A document uploaded through one node comes back through both; none on disk.
    content = factories.pdf_bytes()
    create = cluster.url + reverse("kopontren:document_create", args=[coop_a.pk])
    upload = session.post(
        create,
        data={
            "kind": "lainnya",
            "title": "Akta lewat node",
            "csrfmiddlewaretoken": csrf_of(session.get(create)),
        },
        files={"file": ("akta.pdf", content, "application/pdf")},
        headers={"Referer": create},
        allow_redirects=False,
    )
    assert upload.status_code == 302, upload.text[:500]
    proposal = ChangeRequest.objects.get(
        cooperative=coop_a, payload__title="Akta lewat node"
    )
    download = cluster.url + reverse(
        "kopontren:document_download", args=[coop_a.pk, "usulan", proposal.pk]
    )
    nodes = set()
    for _ in range(4):
        got = requests.get(download, cookies=session.cookies, timeout=30)
        assert got.status_code == 200 and got.content == content
        nodes.add(got.headers["X-Node"])
    assert nodes == {"a", "b"}
    assert cluster.files_on_disk() == []
    assert proposal.file.name in cluster.bucket.keys(cluster.storage_prefix)

    # 1,000 tasks, three workers: each task run once.
    settings_tasks = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with override_tasks(settings_tasks):
        for number in range(1000):
            tally.enqueue(number=number)
    workers = [cluster.worker() for _ in range(TASK_WORKERS)]
    wait_until(
        lambda: not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists(),
        "the workers to run the 1,000 tasks",
        timeout=600,
    )
    peak.append(db_connections())
    results = list(DBTaskResult.objects.values_list("worker_ids", "return_value"))
    assert len(results) == 1000
    assert all(len(ids) == 1 and value == 1 for ids, value in results)
    assert len({ids[0] for ids, _value in results}) == TASK_WORKERS
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=60)

    # Node a killed under a bounded load: at most its in-flight requests are lost.
    outcomes = []
    stop = threading.Event()
    under_way = threading.Event()  # set once 20 requests have been answered

    def load(client_number):
        client = requests.Session()
        client.cookies.update(session.cookies)
        for n in range(40):
            if stop.is_set():
                return
            title = f"Beban {client_number}-{n}"
            try:
                form = client.get(create, timeout=30)
                sent = client.post(
                    create,
                    data={
                        "kind": "lainnya",
                        "title": title,
                        "csrfmiddlewaretoken": csrf_of(form),
                    },
                    files={"file": ("beban.pdf", content, "application/pdf")},
                    headers={"Referer": create},
                    allow_redirects=False,
                    timeout=30,
                )
                outcomes.append((title, sent.status_code))
            except (requests.RequestException, TypeError) as error:
                outcomes.append((title, type(error).__name__))
            if len(outcomes) >= 20:
                under_way.set()

    clients = [threading.Thread(target=load, args=(n,)) for n in range(4)]
    for thread in clients:
        thread.start()
    assert under_way.wait(timeout=600), "the load did not get going"
    peak.append(db_connections())
    cluster.kill("a")
    for thread in clients:
        thread.join(timeout=600)

    rows = ChangeRequest.objects.filter(payload__title__startswith="Beban ")
    saved = {row.payload["title"] for row in rows}
    succeeded = {title for title, status in outcomes if status == 302}
    failed = [(title, status) for title, status in outcomes if status != 302]
    assert len(outcomes) == 160
    # Each request in flight on node a when it died: one per gunicorn worker there,
    # and the proxy retries the rest on node b.
    assert len(failed) <= NODE_WORKERS * 4, failed
    assert succeeded <= saved
    assert saved <= succeeded | {title for title, _status in failed}
    keys = set(cluster.bucket.keys(cluster.storage_prefix))
    for row in rows:
        assert row.file.name in keys, f"{row.payload['title']}: a row without a file"

    # The connection ceiling of the README: one per gunicorn worker, two per task
    # worker (its loop and its housekeeping thread), one for this test.
    ceiling = 2 * NODE_WORKERS + 2 * TASK_WORKERS
    assert max(peak) - cluster.baseline <= ceiling, (cluster.baseline, peak)


class override_tasks:
    """Enqueue into the database queue from this test (the suite's default runs
    tasks at once)."""

    def __init__(self, tasks):
        from django.test import override_settings

        self.override = override_settings(TASKS=tasks)

    def __enter__(self):
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()


def test_the_drill_has_its_tools():
    assert shutil.which("haproxy"), "make test installs haproxy (Debian package)"
    assert Path(sys.executable).with_name("moto_server").exists()
