"""Every hostile spreadsheet of issue 15 posted through the real import pages
(registry, GEMASKOP attendance, OPOP products, the registry's Django admin), with
the time to the refusal and the process's memory growth, beside the anchor: the
registry's former zip-bomb guard refusing the 1.15 GB bomb. The honest but awkward
files (UTF-16, Windows-1252 with ';', leading-zero IDs) must be read, not refused.

    .venv/bin/python benchmarks/hostile_files.py [--repeat 3]
    DATABASE_URL=postgres://... .venv/bin/python benchmarks/hostile_files.py

It creates a throwaway test database (SQLite in memory by default, or next to the
PostgreSQL one of DATABASE_URL), measures through Django's test client (the whole
request: middleware, view, reader, template; no network) and prints a Markdown
table. Memory: the growth of the process's peak resident set during the request
(/proc/self/clear_refs resets the peak before each one), and tracemalloc's peak of
Python allocations in a second, separate pass.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only-not-secret")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import (  # noqa: E402
    setup_test_environment,
    teardown_test_environment,
)
from django.urls import reverse  # noqa: E402

from tests import hostile_files as hostile  # noqa: E402

MB = 1024 * 1024
REGISTRY_HEADERS = ["Nama Pesantren", "NSPP", "Kode Kab/Kota"]
ATTENDANCE_HEADERS = ["Nama", "Asal Lembaga", "Jabatan", "Jenis Kelamin", "No HP"]
PRODUCT_HEADERS = ["NIK Koperasi", "Nama produk", "Kategori", "Harga (Rp)"]


def old_registry_guard(content):
    """The registry's zip-bomb guard before portal.sheets (kopontren/imports.py on
    main): sum the zip directory's sizes, refuse above 100 MB. The anchor."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    return unpacked > 100 * MB


def honest_files():
    """(name, file name, {page: bytes}) read by every page, not refused."""
    rows = {
        "registry": [REGISTRY_HEADERS, ["Pesantren Ma’arif", "012335090001", "35.09"]],
        "gemaskop": [
            ATTENDANCE_HEADERS,
            ["Siti Ma’rifah", "MTs Al-Mu’min", "Santri", "P", "081234567890"],
        ],
        "opop": [PRODUCT_HEADERS, ["0509101234567", "Kopi Ma’rifat", "Minuman", "1"]],
    }
    rows["admin"] = rows["registry"]
    return [
        (
            "CSV UTF-16 (BOM)",
            "utf16.csv",
            {k: hostile.csv_bytes(v, encoding="utf-16") for k, v in rows.items()},
        ),
        (
            "CSV Windows-1252 ';'",
            "cp1252.csv",
            {
                k: hostile.csv_bytes(v, encoding="cp1252", delimiter=";")
                for k, v in rows.items()
            },
        ),
        (
            "XLSX NSPP 0123…",
            "nol.xlsx",
            {k: hostile.xlsx_bytes(v) for k, v in rows.items()},
        ),
    ]


def build_world():
    from tests import factories
    from tests.gemaskop import factories as gemaskop_factories

    staf = factories.user(username="bench-staf", role="staf", region_code="35.09")
    admin = factories.user(
        username="bench-admin", role="admin", is_staff=True, is_superuser=True
    )
    factories.cooperative(name="Kopontren Uji", nik_koperasi="0509101234567")
    event = gemaskop_factories.event(name="Sosialisasi Tolok Ukur")
    session = gemaskop_factories.session(event_obj=event)
    return staf, admin, event, session


def pages(staf, admin, event, session):
    """page: (client, url, function(file name, bytes) -> POST data, read check)."""
    staff_client, admin_client = Client(), Client()
    staff_client.force_login(staf)
    admin_client.force_login(admin)

    def plain(field, **extra):
        return lambda name, content: {
            field: SimpleUploadedFile(name, content),
            **extra,
        }

    def admin_data(name, content):
        return {
            "resource": "0",
            "format": "0" if name.endswith(".xlsx") else "1",
            "import_file": SimpleUploadedFile(name, content),
        }

    return {
        "registry": (
            staff_client,
            reverse("kopontren:io_import"),
            plain("file", kind="pesantren"),
            lambda r: r.status_code == 302,
        ),
        "gemaskop": (
            staff_client,
            reverse("gemaskop:import", args=[event.pk, session.pk]),
            plain("file"),
            lambda r: "Siti Ma’rifah" in r.content.decode(),
        ),
        "opop": (
            staff_client,
            reverse("opop:import", args=["produk"]),
            plain("file"),
            lambda r: bool(r.context and r.context.get("token")),
        ),
        "admin": (
            admin_client,
            reverse("admin:kopontren_pesantren_import"),
            admin_data,
            lambda r: bool(r.context and r.context.get("confirm_form")),
        ),
    }


def _status(name):
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    return 0


def rss_growth(function):
    """(result, seconds, bytes the peak RSS rose above the RSS before)."""
    try:
        with open("/proc/self/clear_refs", "w") as clear:
            clear.write("5")  # resets VmHWM to the current RSS
    except OSError:
        pass
    before = _status("VmRSS")
    start = time.perf_counter()
    result = function()
    elapsed = time.perf_counter() - start
    return result, elapsed, max(_status("VmHWM") - before, 0)


def python_peak(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(repeat):
    staf, admin, event, session = build_world()
    targets = pages(staf, admin, event, session)
    cases = [
        (name, filename, {page: build() for page in targets}, words)
        for name, filename, build, words in hostile.REFUSED
    ] + [(name, filename, files, None) for name, filename, files in honest_files()]
    # Warm up every page (imports, templates, caches) with an honest file.
    for page, (client, url, data, _read) in targets.items():
        client.post(url, data(cases[-1][1], cases[-1][2][page]), secure=True)

    bomb = hostile.zip_bomb()
    results = []
    anchor = [rss_growth(lambda: old_registry_guard(bomb)) for _ in range(repeat)]
    assert all(refused for refused, _t, _m in anchor)
    results.append(
        (
            "anchor: the former registry guard",
            "zip bomb 1,15 GB",
            statistics.median(t for _r, t, _m in anchor),
            max(m for _r, _t, m in anchor),
            python_peak(lambda: old_registry_guard(bomb)),
            "refused",
        )
    )
    for name, filename, files, words in cases:
        for page, (client, url, data, read) in targets.items():
            content = files[page]

            def post(client=client, url=url, data=data, content=content, name=filename):
                return client.post(url, data(name, content), secure=True)

            runs = [rss_growth(post) for _ in range(repeat)]
            response = runs[0][0]
            if words is None:
                outcome = "read" if read(response) else "NOT READ"
            else:
                outcome = (
                    "refused" if words in response.content.decode() else "NOT REFUSED"
                )
            results.append(
                (
                    page,
                    name,
                    statistics.median(t for _r, t, _m in runs),
                    max(m for _r, _t, m in runs),
                    python_peak(post),
                    outcome,
                )
            )
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    settings.PORTAL_MFA_REQUIRED = False
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"{old_name}_bench_hostile"
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        results = measure(args.repeat)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    load = os.getloadavg()
    print(
        f"Hostile files through the import pages ({connection.vendor}, "
        f"median of {args.repeat}, load average {load[0]:.1f} on "
        f"{os.cpu_count()} CPUs)\n"
    )
    print(
        "| page | file | time to answer (ms) | peak RSS growth (MB) "
        "| Python peak (MB) | outcome |"
    )
    print("|---|---|---:|---:|---:|---|")
    for page, name, seconds, rss, peak, outcome in results:
        print(
            f"| {page} | {name} | {seconds * 1000:.1f} | {rss / MB:.1f} "
            f"| {peak / MB:.1f} | {outcome} |"
        )
    slowest = max(results[1:], key=lambda row: row[2])
    hungriest = max(results[1:], key=lambda row: max(row[3], row[4]))
    print(
        f"\nslowest: {slowest[0]} / {slowest[1]} {slowest[2] * 1000:.0f} ms "
        f"(target < 1000 ms); most memory: {hungriest[0]} / {hungriest[1]} "
        f"{max(hungriest[3], hungriest[4]) / MB:.1f} MB (target < 50 MB)"
    )
    failed = [row for row in results if row[5].startswith("NOT")]
    if failed:
        raise SystemExit(f"{len(failed)} files not handled as expected: {failed}")


if __name__ == "__main__":
    main()
