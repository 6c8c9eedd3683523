"""Server time of adding one attendee at the GEMASKOP desk to a session that already
has 200 people, beside its anchor (the same add to an empty session), and the number
of queries per add (which must be the same for both).

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/portal \
        .venv/bin/python benchmarks/gemaskop_attendance.py [--adds 50]

It creates a fresh database next to the configured one (<name>_bench_gemaskop),
migrates it, measures through Django's test client (the whole request: middleware,
view, service, template; no network), prints the figures and drops the database.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

BUSY = 200


def build(busy_size):
    """A staff member, a pesantren, an event with an empty and a busy session."""
    from gemaskop import services
    from gemaskop.models import Event, EventSession
    from kopontren.models import Pesantren
    from portal.models import User

    staf = User.objects.create(username="bench-staf", role="staf", region_id="35.09")
    pesantren = Pesantren.objects.create(
        name="Pondok Pesantren Tolok Ukur", kabupaten_id="35.09"
    )
    event = Event.objects.create(
        name="Sosialisasi Tolok Ukur",
        budget_year=2025,
        start_date="2025-10-06",
        end_date="2025-10-06",
        venue="Aula Diskopum",
        kabupaten_id="35.09",
    )
    sessions = {
        size: EventSession.objects.create(
            event=event,
            date="2025-10-06",
            start_time=f"{8 + index * 2:02d}:00",
            end_time=f"{9 + index * 2:02d}:00",
            title=f"Sesi {size}",
        )
        for index, size in enumerate((0, busy_size))
    }
    for number in range(busy_size):
        services.attendance_add(
            session=sessions[busy_size],
            name=f"Peserta Lama {number:03d}",
            affiliation=services.Affiliation(pesantren=pesantren),
        )
    return staf, pesantren, event, sessions


def add_once(client, url, name, institution):
    """One desk add; returns (seconds, the new attendance's pk)."""
    from gemaskop.models import Attendance

    data = {"name": name, "institution": institution, "position": "santri"}
    start = time.perf_counter()
    response = client.post(url, data, HTTP_HX_REQUEST="true", secure=True)
    elapsed = time.perf_counter() - start
    body = response.content.decode()
    if response.status_code != 200 or "ditambahkan" not in body:
        raise SystemExit(f"Unexpected answer {response.status_code}: {body[:300]}")
    return elapsed, Attendance.objects.filter(participant__name=name).get().pk


def measure(adds):
    from gemaskop.models import Attendance

    staf, pesantren, event, sessions = build(BUSY)
    client = Client()
    client.force_login(staf)
    urls = {
        size: reverse("gemaskop:attendance_add", args=[event.pk, session.pk])
        for size, session in sessions.items()
    }
    timings = {size: [] for size in sessions}
    queries = {}
    for round_number in range(adds + 3):
        for size, url in urls.items():
            name = f"Tamu {size} {round_number}"
            if round_number == 0:
                with CaptureQueriesContext(connection) as captured:
                    _elapsed, pk = add_once(client, url, name, pesantren.name)
                queries[size] = len(captured)
            else:
                elapsed, pk = add_once(client, url, name, pesantren.name)
                if round_number >= 3:  # the first rounds warm caches up
                    timings[size].append(elapsed * 1000)
            # Keep each session at its size for the next add.
            Attendance.objects.filter(pk=pk).delete()
    for size, session in sessions.items():
        assert session.attendances.count() == size
    return timings, queries


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--adds", type=int, default=50)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server.")
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    # Its own name, so that it never clobbers the test suite's database.
    connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_gemaskop"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        timings, queries = measure(args.adds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(
        f"GEMASKOP desk: add one attendee (POST gemaskop:attendance_add, "
        f"{args.adds} adds per case, server-side time through the test client)"
    )
    header = ("session already holds", "median ms", "p95 ms", "queries/add")
    print(f"{header[0]:<24}{header[1]:>11}{header[2]:>9}{header[3]:>13}")
    for size, label in ((0, "0 (anchor)"), (BUSY, str(BUSY))):
        values = timings[size]
        print(
            f"{label:<24}{statistics.median(values):>11.2f}{p95(values):>9.2f}"
            f"{queries[size]:>13}"
        )
    ratio = statistics.median(timings[BUSY]) / statistics.median(timings[0])
    print(f"median {BUSY} / median 0: {ratio:.2f}x")
    print(
        "queries per add equal: "
        + ("yes" if queries[0] == queries[BUSY] else "NO — investigate")
    )


if __name__ == "__main__":
    main()
