"""Server time of the desk's institution picker (gemaskop:registry_lookup) with 39,000
pesantren in the registry (76 per kabupaten over all 514), beside its anchor: the same
lookups with 40 pesantren. Also the queries per lookup (which must be equal).

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/portal \
        .venv/bin/python benchmarks/gemaskop_picker.py [--rounds 20]

It creates a fresh database next to the configured one (<name>_bench_picker), migrates
it, measures through Django's test client (the whole request), prints the figures and
drops the database.
"""

import argparse
import os
import random
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

FIRST = "Nurul Miftahul Mambaul Darul Baitul Bahrul Raudlatul Zainul Sabilul Hidayatul"
SECOND = "Falah Huda Ulum Hikmah Jadid Iman Salam Hasan Qur'an Muttaqin Anwar Ihsan"
TYPED = ["nurul fa", "mamb ul", "al-hik", "darul", "bait hik", "raud", "zain has", "hu"]


def names(count, rng):
    first, second = FIRST.split(), SECOND.split()
    for number in range(count):
        prefix = rng.choice(["Pondok Pesantren", "PP", "Ponpes", "Pesantren"])
        yield f"{prefix} {rng.choice(first)} {rng.choice(second)} {number}"


def build(size, rng):
    from gemaskop.models import Event, EventSession
    from kopontren.models import Pesantren
    from portal.models import Region, User

    kabupatens = list(Region.objects.kabupatens().values_list("code", flat=True))
    near = ["35.09"] * size if size < len(kabupatens) else None
    Pesantren.objects.bulk_create(
        (
            Pesantren(
                name=name,
                kabupaten_id=(near or kabupatens)[n % len(near or kabupatens)],
            )
            for n, name in enumerate(names(size, rng))
        ),
        batch_size=2000,
    )
    admin = User.objects.create(username=f"bench-admin-{size}", role="admin")
    event = Event.objects.create(
        name=f"Sosialisasi Tolok Ukur {size}",
        budget_year=2025,
        start_date="2025-10-06",
        end_date="2025-10-06",
        venue="Aula Diskopum",
        kabupaten_id="35.09",
    )
    session = EventSession.objects.create(
        event=event, date="2025-10-06", start_time="08:00", end_time="12:00", title="S"
    )
    return admin, reverse("gemaskop:registry_lookup", args=[event.pk, session.pk])


def measure(size, rounds, explain=False):
    from kopontren.models import Pesantren

    Pesantren.objects.all().delete()
    admin, url = build(size, random.Random(size))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE kopontren_pesantren")
    client = Client()
    client.force_login(admin)
    client.get(url, {"q": "warm"}, secure=True)
    timings = []
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url, {"q": TYPED[0]}, secure=True)
    queries = len(captured)  # read now: each request resets the query log
    assert first.status_code == 200
    if explain:
        for query in captured.captured_queries[-2:]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN ANALYZE " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
    for _round in range(rounds):
        for typed in TYPED:
            start = time.perf_counter()
            response = client.get(url, {"q": typed}, secure=True)
            timings.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200
    return timings, queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--explain", action="store_true", help="print query plans")
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
    connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_picker"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = {
            size: measure(size, args.rounds, args.explain) for size in (40, 39000)
        }
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    print(
        "GEMASKOP desk picker: GET gemaskop:registry_lookup as admin (whole registry "
        f"in scope), {len(TYPED)} typed texts x {args.rounds} rounds"
    )
    print(f"{'pesantren':<22}{'median ms':>11}{'p95 ms':>9}{'queries':>9}")
    for size, (timings, queries) in results.items():
        p95 = statistics.quantiles(timings, n=20, method="inclusive")[18]
        label = f"{size:,}" + (" (anchor)" if size == 40 else "")
        print(f"{label:<22}{statistics.median(timings):>11.2f}{p95:>9.2f}{queries:>9}")


if __name__ == "__main__":
    main()
