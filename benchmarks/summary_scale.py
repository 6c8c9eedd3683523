"""Summaries at national scale: 130,000 cooperatives, 39,000 pesantren, 514 kabupaten,
200,000 GEMASKOP attendance rows and the OPOP members, products and permits.

Side by side in one run:
- the portal's summary page (a handful of grouped aggregate queries), as admin
  (national), a provincial official (Jawa Timur) and district staff (Jember);
- its anchor: the same numbers computed the naive way, COUNT queries per kabupaten.

Usage (PostgreSQL only; makes a throwaway database beside DATABASE_URL's, drops it):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal \
        .venv/bin/python benchmarks/summary_scale.py [--cooperatives 130000]
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

import psycopg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def throwaway_database(url):
    parsed = urlparse(url)
    if parsed.scheme not in ("postgres", "postgresql"):
        sys.exit("DATABASE_URL must point at PostgreSQL.")
    name = f"portal_bench_{os.getpid()}"
    admin_url = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parsed._replace(path=f"/{name}")), admin_url, name


def drop_database(admin_url, name):
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def build_programmes(attendance_count, rng, kabupatens):
    """GEMASKOP attendance (100 people per event) and OPOP members, products, permits:
    the data the funnel reads."""
    from gemaskop.models import Attendance, Event, EventSession, Participant
    from kopontren.models import Cooperative, Pesantren
    from opop.models import Membership, Permit, Product

    by_kabupaten = {}
    for pk, kabupaten in Pesantren.objects.values_list("pk", "kabupaten_id"):
        by_kabupaten.setdefault(kabupaten, []).append(pk)
    event_count = max(1, attendance_count // 100)
    events = Event.objects.bulk_create(
        [
            Event(
                name=f"Sosialisasi GEMASKOP Uji {i}",
                kind=Event.Kind.SOSIALISASI,
                budget_year=2020 + i % 6,
                start_date=datetime.date(2020 + i % 6, 10, 6),
                end_date=datetime.date(2020 + i % 6, 10, 6),
                venue="Aula",
                kabupaten_id=kabupatens[i % len(kabupatens)],
            )
            for i in range(event_count)
        ],
        batch_size=5000,
    )
    sessions = EventSession.objects.bulk_create(
        [
            EventSession(
                event=event,
                date=event.start_date,
                start_time="08:00",
                end_time="12:00",
                title="Sesi 1",
            )
            for event in events
        ]
    )
    participants = []
    for event in events:
        local = by_kabupaten.get(event.kabupaten_id) or [None]
        for n in range(100):
            pesantren = rng.choice(local)
            participants.append(
                Participant(
                    event=event,
                    name=f"Peserta {n}",
                    name_key=f"peserta {n}",
                    pesantren_id=pesantren,
                    affiliation_key=f"p:{pesantren}" if pesantren else "t:lain",
                )
            )
    participants = Participant.objects.bulk_create(participants, batch_size=5000)
    session_of = {session.event_id: session for session in sessions}
    Attendance.objects.bulk_create(
        [
            Attendance(session=session_of[p.event_id], participant=p)
            for p in participants
        ],
        batch_size=5000,
    )
    members = list(
        Cooperative.objects.filter(legal_status="bh").values_list("pk", "kabupaten_id")
    )[::10]
    Membership.objects.bulk_create(
        [
            Membership(
                cooperative_id=pk,
                programme_id=kabupaten[:2],
                joined_on=datetime.date(2024, 10, 2),
            )
            for pk, kabupaten in members
        ],
        batch_size=5000,
    )
    products = Product.objects.bulk_create(
        [
            Product(
                cooperative_id=pk,
                name="Produk unggulan",
                category="makanan",
                is_flagship=True,
                curation_status="dikurasi" if i % 3 == 0 else "terdaftar",
            )
            for i, (pk, _kabupaten) in enumerate(members)
        ],
        batch_size=5000,
    )
    Permit.objects.bulk_create(
        [
            Permit(
                product=product,
                kind="halal",
                number=f"ID{i:012d}",
                issued_on=datetime.date(2024, 1, 1),
            )
            for i, product in enumerate(products)
            if i % 2 == 0
        ],
        batch_size=5000,
    )
    print(
        f"data: {event_count:,} events, {len(participants):,} attendance rows, "
        f"{len(members):,} OPOP members"
    )


def build(cooperative_count, attendance_count, rng):
    from kopontren.models import ActivityChange, Cooperative, Pesantren, YearlyFigures
    from portal.models import Region, User

    kabupatens = list(Region.objects.kabupatens().values_list("code", flat=True))
    pesantren_count = max(1, cooperative_count * 3 // 10)
    Pesantren.objects.bulk_create(
        [
            Pesantren(
                name=f"Pesantren Uji {i}", kabupaten_id=kabupatens[i % len(kabupatens)]
            )
            for i in range(pesantren_count)
        ],
        batch_size=5000,
    )
    pesantren = list(Pesantren.objects.values_list("pk", "kabupaten_id"))
    statuses = Cooperative.LegalStatus
    cooperatives = []
    for i in range(cooperative_count):
        pk, kabupaten = pesantren[i % len(pesantren)]
        roll = rng.random()
        akta = ahu = dissolved = None
        status, since = statuses.BELUM, None
        if roll > 0.3:
            akta = datetime.date(rng.randint(2005, 2024), rng.randint(1, 12), 1)
            status, since = statuses.PROSES, akta
        if roll > 0.5:
            ahu = akta + datetime.timedelta(days=rng.randint(30, 900))
            status, since = statuses.BERBADAN_HUKUM, ahu
        if roll > 0.97:
            dissolved = ahu + datetime.timedelta(days=400)
            status, since = statuses.BUBAR, dissolved
        # One in ten became tidak aktif, on a date kept as an activity change.
        inactive_on = datetime.date(2015 + i % 10, 7, 1) if roll >= 0.9 else None
        cooperatives.append(
            Cooperative(
                name=f"Koperasi Uji {i}",
                pesantren_id=pk,
                kabupaten_id=kabupaten,
                nik_koperasi=f"{i:013d}" if roll > 0.6 else "",
                nik_date=ahu + datetime.timedelta(days=60) if roll > 0.6 else None,
                is_active=roll < 0.9,
                active_since=inactive_on,
                legal_status=status,
                legal_status_since=since,
                akta_date=akta,
                ahu_date=ahu,
                dissolved_date=dissolved,
            )
        )
    Cooperative.objects.bulk_create(cooperatives, batch_size=5000)
    ActivityChange.objects.bulk_create(
        [
            ActivityChange(cooperative_id=pk, date=since, is_active=False)
            for pk, since in Cooperative.objects.filter(
                active_since__isnull=False
            ).values_list("pk", "active_since")
        ],
        batch_size=5000,
    )
    figures = [
        YearlyFigures(
            cooperative_id=pk,
            book_year=2024,
            rat_date=datetime.date(2025, 3, 1) if pk % 3 else None,
        )
        for pk in Cooperative.objects.values_list("pk", flat=True)
        if pk % 5 < 2
    ]
    YearlyFigures.objects.bulk_create(figures, batch_size=5000)
    build_programmes(attendance_count, rng, kabupatens)
    users = {
        "admin (nasional)": User.objects.create(
            username="bench-admin", role="admin", is_superuser=True
        ),
        "provinsi (Jawa Timur)": User.objects.create(
            username="bench-jatim", role="provinsi", region_id="35"
        ),
        "staf (Jember)": User.objects.create(
            username="bench-staf", role="staf", region_id="35.09"
        ),
    }
    return users


def naive_summary(user):
    """The anchor: the same table, counted kabupaten by kabupaten."""
    from django.db.models import Exists, OuterRef

    from kopontren.models import Cooperative, Pesantren, YearlyFigures
    from portal.models import Region

    cooperatives = Cooperative.objects.visible_to(user)
    codes = cooperatives.order_by().values_list("kabupaten_id", flat=True).distinct()
    rows = []
    for code in codes:
        region = Region.objects.get(code=code)
        mine = cooperatives.filter(kabupaten=region)
        held = YearlyFigures.objects.filter(
            cooperative=OuterRef("pk"), book_year=2024, rat_date__isnull=False
        )
        rows.append(
            (
                region.name,
                Pesantren.objects.filter(kabupaten=region).count(),
                mine.count(),
                mine.filter(legal_status="bh").count(),
                mine.filter(legal_status="proses").count(),
                mine.filter(legal_status="belum").count(),
                mine.filter(legal_status="bubar").count(),
                mine.exclude(nik_koperasi="").count(),
                mine.filter(Exists(held)).count(),
                mine.filter(is_active=True).count(),
            )
        )
    return rows


def profile(func, label):
    """Time each query of one page load (for finding the slow one)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        func()
    for query in sorted(captured, key=lambda q: -float(q["time"]))[:4]:
        print(f"  {label}: {float(query['time']):.3f} s  {query['sql'][:150]}")


def measure(func, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            func()
            times.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(times), max(times), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cooperatives", type=int, default=130_000)
    parser.add_argument("--attendance", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--profile", action="store_true", help="print each query's time once"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (to EXPLAIN queries)"
    )
    args = parser.parse_args()
    url, admin_url, name = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-key"),
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_SSL_REDIRECT="0",
        STATIC_ROOT=tempfile.mkdtemp(prefix="portal-bench-static-"),
    )
    try:
        import django

        django.setup()
        from django.conf import settings

        # The benchmark measures the summary, not the log-in's second factor.
        settings.PORTAL_MFA_REQUIRED = False
        from django.core.management import call_command
        from django.test import Client

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        started = time.perf_counter()
        users = build(args.cooperatives, args.attendance, random.Random(130))
        print(
            f"data: {args.cooperatives:,} cooperatives built in "
            f"{time.perf_counter() - started:.0f} s"
        )
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"{'who':<24}{'what':<34}{'median s':>10}{'max s':>9}{'queries':>9}")
        for label, user in users.items():
            client = Client()
            client.force_login(user)

            def page(client=client):
                response = client.get("/ringkasan/", {"tahun": 2024})
                assert response.status_code == 200

            def plain(client=client):
                assert client.get("/ringkasan/").status_code == 200

            def anchor(user=user):
                naive_summary(user)

            if args.profile:
                profile(page, label)
            for what, func, repeat in (
                ("summary page (current status)", plain, args.repeat),
                ("summary page (status end 2024)", page, args.repeat),
                (
                    "anchor: counts per kabupaten",
                    anchor,
                    1 if "nasional" in label else 3,
                ),
            ):
                median, worst, queries = measure(func, repeat)
                print(f"{label:<24}{what:<34}{median:>10.3f}{worst:>9.3f}{queries:>9}")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {name}")
        else:
            drop_database(admin_url, name)
        shutil.rmtree(os.environ["STATIC_ROOT"], ignore_errors=True)


if __name__ == "__main__":
    main()
