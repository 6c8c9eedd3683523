"""The scale benchmark suite (issue 16): each figure beside its anchor, in one run.

On a registry made by `manage.py generate_scale_data --tier S|M` in a throwaway
PostgreSQL database, interleaved (portal, anchor, portal, anchor, ...), median of
`--repeat` rounds (at least 3):
- registry search: `Cooperative.objects.search()` vs a stock admin's icontains
  (benchmarks/search_scale.py's queries), and whether each misspelt query finds its
  cooperative in the top 10;
- public directory, catalogue and a product page: requests per second under
  `--connections` concurrent connections (wrk when installed, else a threaded Python
  client) vs a bare WSGI hello under the same gunicorn;
- the admin attendance changelist: first page, a deep page, a search, vs a stock
  ModelAdmin of the same model, columns and filters;
- the summary page per scope vs the naive COUNT per kabupaten.
Writes benchmarks/results/scale-<tier>-<time>.json and .md (the Markdown table with
the machine's load and every ratio) and prints the table.

Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal benchmarks/run --tier S
"""

import argparse
import datetime
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from summary_scale import drop_database, naive_summary, throwaway_database  # noqa: E402

SCOPES = {  # tier: [(label, role, region)]
    "S": [
        ("admin (nasional)", "admin", None),
        ("provinsi (Kalimantan Selatan)", "provinsi", "63"),
        ("staf (Kabupaten Banjar)", "staf", "63.03"),
    ],
    "M": [
        ("admin (nasional)", "admin", None),
        ("provinsi (Jawa Timur)", "provinsi", "35"),
        ("staf (Jember)", "staf", "35.09"),
    ],
}


def median_pair(portal, anchor, repeat):
    """Run the two alternately `repeat` times; their median seconds."""
    times = {"portal": [], "anchor": []}
    for _ in range(repeat):
        for label, func in (("portal", portal), ("anchor", anchor)):
            started = time.perf_counter()
            func()
            times[label].append(time.perf_counter() - started)
    return statistics.median(times["portal"]), statistics.median(times["anchor"])


def row(group, what, portal, anchor, unit, anchor_label, higher_is_better=False):
    ratio = (portal / anchor) if higher_is_better else (anchor / portal)
    return {
        "group": group,
        "what": what,
        "portal": portal,
        "anchor": anchor,
        "anchor_label": anchor_label,
        "unit": unit,
        "ratio": ratio,
    }


def bench_search(repeat):
    from search_scale import QUERIES, anchor_icontains, portal_search

    from portal.models import User

    user = User.objects.get(username="bench-admin")
    rows = []
    for text, target in QUERIES:
        found = any(target in name for name in portal_search(user, text)[1][:10])
        portal, anchor = median_pair(
            lambda text=text: portal_search(user, text),
            lambda text=text: anchor_icontains(user, text),
            repeat,
        )
        rows.append(
            row(
                "search",
                f'"{text}" (top 10: {"ya" if found else "TIDAK"})',
                portal * 1000,
                anchor * 1000,
                "ms",
                "icontains",
            )
        )
    return rows


def admin_request(path, params, user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import RequestFactory

    from portal.access import Scope

    request = RequestFactory().get(path, params)
    request.user = user
    request.scope = Scope.of(user)
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def bench_admin(repeat):
    from django.contrib import admin

    from gemaskop.models import Attendance
    from portal.models import User

    user = User.objects.get(username="bench-admin")
    portal_admin = admin.site._registry[Attendance]
    stock_site = admin.AdminSite(name="stock")
    stock_admin = type(
        "StockAttendanceAdmin",
        (admin.ModelAdmin,),
        {
            "list_display": portal_admin.list_display,
            "list_filter": portal_admin.list_filter,
            "search_fields": portal_admin.search_fields or ["participant__name"],
        },
    )(Attendance, stock_site)
    pages = max(1, Attendance.objects.count() // portal_admin.list_per_page)
    deep = max(1, pages * 4 // 10)
    name = Attendance.objects.values_list("participant__name", flat=True).first()
    word = name.split()[-1]
    rows = []
    for what, params in (
        ("first page", {}),
        (f"?p={deep}", {"p": deep}),
        (f"search ?q={word}", {"q": word}),
    ):

        def show(model_admin, params=params):
            request = admin_request("/admin/gemaskop/attendance/", params, user)
            response = model_admin.changelist_view(request)
            response.render()
            assert response.status_code == 200, response.status_code

        portal, anchor = median_pair(
            lambda: show(portal_admin), lambda: show(stock_admin), repeat
        )
        rows.append(
            row(
                "admin attendance",
                what,
                portal * 1000,
                anchor * 1000,
                "ms",
                "stock ModelAdmin",
            )
        )
    first = rows[0]["portal"]
    rows[1]["note"] = f"deep/first {rows[1]['portal'] / first:.2f}"
    return rows


def bench_summaries(repeat, tier):
    from django.conf import settings
    from django.test import Client

    from portal.models import User

    # The office's second factor is the log-in's business, not the summary's.
    settings.PORTAL_MFA_REQUIRED = False
    rows = []
    for label, role, region in SCOPES[tier]:
        user = User.objects.get(username=f"bench-{role}")
        assert user.region_id == region
        client = Client()
        client.force_login(user)

        def page(client=client):
            assert client.get("/ringkasan/").status_code == 200

        portal, anchor = median_pair(
            page, lambda user=user: naive_summary(user), repeat
        )
        rows.append(
            row("summary", label, portal * 1000, anchor * 1000, "ms", "naive COUNTs")
        )
    return rows


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(app, env, workers, log):
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            app,
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--no-control-socket",
            "--chdir",
            str(ROOT),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
            return server, url
        except urllib.error.HTTPError:
            return server, url
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn {app} did not start; see {log.name}")


def wrk(url, connections, seconds):
    """(requests per second, p50 ms, p95 ms, non-2xx) for one url."""
    if shutil.which("wrk"):
        out = subprocess.run(
            [
                "wrk",
                f"-t{min(connections, 2)}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                # wrk's own 2 s would drop the slow pages' requests from the figures.
                "--timeout",
                "60s",
                url,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        latency = dict(re.findall(r"^\s+(50|90|99)%\s+(\S+)", out, re.MULTILINE))
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        return (
            rate,
            to_ms(latency["50"]),
            to_ms(latency["90"]),
            int(bad.group(1)) if bad else 0,
        )
    return python_load(url, connections, seconds)


def to_ms(text):
    number, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def python_load(url, connections, seconds):
    """A small load generator: `connections` threads fetching for `seconds`."""
    latencies, bad = [], [0]
    stop = time.monotonic() + seconds

    def worker():
        while time.monotonic() < stop:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
            except OSError:
                bad[0] += 1
            latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return (
        len(latencies) / seconds,
        latencies[len(latencies) // 2],
        latencies[int(len(latencies) * 0.9)],
        bad[0],
    )


def bench_load(repeat, env, connections, seconds, workdir):
    from opop.models import Product

    product = Product.objects.public().order_by("pk").first()
    pages = [
        ("/direktori/", "/direktori/"),
        ("/opop/katalog/", "/opop/katalog/"),
        ("product page", f"/opop/katalog/{product.pk}/"),
    ]
    workers = str(os.cpu_count() or 2)
    with (
        open(workdir / "gunicorn-portal.log", "w") as portal_log,
        open(workdir / "gunicorn-hello.log", "w") as hello_log,
    ):
        portal, portal_url = serve("portal.wsgi", env, workers, portal_log)
        hello, hello_url = serve(
            "benchmarks.hello_wsgi:application", env, workers, hello_log
        )
        try:
            rows = []
            for what, path in pages:
                urllib.request.urlopen(portal_url + path).read()  # warm the worker
                runs = {"portal": [], "anchor": []}
                for _ in range(repeat):
                    runs["portal"].append(wrk(portal_url + path, connections, seconds))
                    runs["anchor"].append(wrk(hello_url + "/", connections, seconds))
                portal_rate = statistics.median(r[0] for r in runs["portal"])
                hello_rate = statistics.median(r[0] for r in runs["anchor"])
                result = row(
                    "public pages",
                    what,
                    portal_rate,
                    hello_rate,
                    "req/s",
                    "WSGI hello",
                    higher_is_better=True,
                )
                p50 = statistics.median(r[1] for r in runs["portal"])
                p90 = statistics.median(r[2] for r in runs["portal"])
                errors = sum(r[3] for r in runs["portal"])
                result["note"] = f"p50 {p50:.0f} ms, p90 {p90:.0f} ms"
                if errors:
                    result["note"] += f", {errors} non-2xx"
                rows.append(result)
            return rows
        finally:
            for server in (portal, hello):
                server.terminate()
                server.wait(timeout=30)


def markdown(results):
    lines = [
        f"Tier {results['tier']} ({results['counts']}), {results['when']}, "
        f"PostgreSQL {results['postgresql']}, {results['cpus']} CPU, load "
        f"{results['load_before']} before / {results['load_after']} after, "
        f"median of {results['repeat']}, interleaved.",
        "",
        "Ratio: anchor time ÷ portal time (above 1: the portal is faster); for "
        "req/s, portal ÷ anchor.",
        "",
        "| group | what | the portal | anchor, same run | ratio | note |",
        "|---|---|---|---|---|---|",
    ]
    for r in results["rows"]:
        lines.append(
            f"| {r['group']} | {r['what']} | {r['portal']:,.1f} {r['unit']} | "
            f"{r['anchor_label']} {r['anchor']:,.1f} {r['unit']} | "
            f"{r['ratio']:.3g}× | {r.get('note', '')} |"
        )
    return "\n".join(lines) + "\n"


def load():
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["S", "M"], default="S")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--seconds", type=int, default=5, help="per load run")
    parser.add_argument(
        "--only",
        action="append",
        choices=["search", "load", "admin", "summary"],
        help="measure only these groups (repeatable)",
    )
    parser.add_argument("--out", default=str(ROOT / "benchmarks/results"))
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if args.repeat < 3:
        parser.error("--repeat must be at least 3 (a median of three or more)")
    load_before = load()
    url, admin_url, name = throwaway_database(os.environ.get("DATABASE_URL", ""))
    workdir = Path(tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-key"),
        DJANGO_ALLOWED_HOSTS="testserver,127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_HSTS_SECONDS="0",
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
    )
    groups = args.only or ["search", "load", "admin", "summary"]
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from portal.models import User

        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("collectstatic", verbosity=0, interactive=False)
        started = time.perf_counter()
        call_command("generate_scale_data", tier=args.tier)
        built = time.perf_counter() - started
        User.objects.create(username="bench-admin", role="admin", is_superuser=True)
        for _label, role, region in SCOPES[args.tier][1:]:
            User.objects.create(username=f"bench-{role}", role=role, region_id=region)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        from gemaskop.models import Attendance
        from kopontren.models import Cooperative
        from opop.models import Product

        counts = (
            f"{Cooperative.objects.count():,} cooperatives, "
            f"{Attendance.objects.count():,} attendance rows, "
            f"{Product.objects.count():,} products; built in {built:.0f} s"
        )
        rows = []
        if "search" in groups:
            rows += bench_search(args.repeat)
        if "load" in groups:
            connection.close()
            rows += bench_load(
                args.repeat, dict(os.environ), args.connections, args.seconds, workdir
            )
        if "admin" in groups:
            rows += bench_admin(args.repeat)
        if "summary" in groups:
            rows += bench_summaries(args.repeat, args.tier)
        results = {
            "tier": args.tier,
            "when": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "counts": counts,
            "postgresql": version,
            "cpus": os.cpu_count(),
            "load_before": load_before,
            "load_after": load(),
            "repeat": args.repeat,
            "rows": rows,
        }
        out = Path(args.out)
        out.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
        stem = out / f"scale-{args.tier}-{stamp}"
        stem.with_suffix(".json").write_text(json.dumps(results, indent=2) + "\n")
        table = markdown(results)
        stem.with_suffix(".md").write_text(table)
        print(table)
        print(f"written: {stem}.json, {stem}.md")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {name}")
        else:
            drop_database(admin_url, name)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
