"""Registry search at national scale: 130,000 cooperatives and 39,000 pesantren whose
names share their words, as real registries' do (`manage.py generate_scale_data`).

Side by side in one run, interleaved, for each query:
- the portal's search (`Cooperative.objects.search()`, closest first) as the registry
  list runs it: the page of 25 and its count;
- its anchor: what a stock admin search over the two names does (icontains on the
  cooperative's and the pesantren's name, ORed), the page of 25 and its count.
Also whether each misspelt query (one and two wrong letters in one, two and four
words) brings its cooperative into the top 10.

Usage (PostgreSQL only; makes a throwaway database beside DATABASE_URL's, drops it):
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal \
        .venv/bin/python benchmarks/search_scale.py [--tier M]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from summary_scale import drop_database, throwaway_database  # noqa: E402

QUERIES = [
    # (what a person types, the cooperative they mean)
    ("mambaul ikhlas", "Mambaul Ikhlas"),
    ("mambaul iklas", "Mambaul Ikhlas"),
    ("mambaol iklas", "Mambaul Ikhlas"),
    ("raudlatul janah", "Raudlatul Jannah"),
    ("hidayatul mubtadin", "Hidayatul Mubtadiin"),
    ("kopontren nurul hudha", "Nurul Huda"),
    ("koperasi pondok pesantren miftahul ulum", "Miftahul Ulum"),
    ("koperasi pondok pesantren miftahol olum", "Miftahul Ulum"),
    ("tholibin", "Tholibin"),
]


def build(tier):
    """The registry of `manage.py generate_scale_data` (tier M: 130,000 cooperatives
    over 39,000 pesantren whose names share their words) and an admin."""
    from django.core.management import call_command

    from portal.models import User

    call_command("generate_scale_data", tier=tier)
    return User.objects.create(username="bench-admin", role="admin", is_superuser=True)


def portal_search(user, text):
    from kopontren.models import Cooperative

    found = (
        Cooperative.objects.visible_to(user)
        .search(text)
        .order_by("-search_rank", "name", "pk")
    )
    return found.count(), [c.name for c in found[:25]]


def anchor_icontains(user, text):
    """What a stock admin search over the two names does: icontains on each, ORed."""
    from django.db.models import Q

    from kopontren.models import Cooperative

    found = Cooperative.objects.filter(
        Q(name__icontains=text) | Q(pesantren__name__icontains=text)
    ).order_by("name", "pk")
    return found.count(), [c.name for c in found[:25]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tier", choices=["S", "M"], default="M")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database (to EXPLAIN queries)"
    )
    args = parser.parse_args()
    url, admin_url, name = throwaway_database(os.environ.get("DATABASE_URL", ""))
    os.environ.update(
        DATABASE_URL=url,
        DJANGO_SETTINGS_MODULE="portal.settings",
        DJANGO_SECRET_KEY=os.environ.get("DJANGO_SECRET_KEY", "benchmark-only-key"),
    )
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        user = build(args.tier)
        print(
            f"data: tier {args.tier} built in "
            f"{time.perf_counter() - started:.0f} s; load {os.getloadavg()[0]:.1f}"
        )
        print(
            f"{'query':<44}{'portal ms':>10}{'icontains ms':>13}{'ratio':>7}"
            f"{'top 10':>8}"
        )
        ratios = []
        for text, target in QUERIES:
            times = {"portal": [], "anchor": []}
            for _round in range(args.repeat):  # interleaved, same cache state
                for label, func in (
                    ("portal", portal_search),
                    ("anchor", anchor_icontains),
                ):
                    begin = time.perf_counter()
                    _count, names = func(user, text)
                    times[label].append(time.perf_counter() - begin)
                    if label == "portal":
                        found = any(target in n for n in names[:10])
            portal = statistics.median(times["portal"]) * 1000
            anchor = statistics.median(times["anchor"]) * 1000
            ratios.append(anchor / portal)
            print(
                f"{text:<44}{portal:>10.1f}{anchor:>13.1f}{anchor / portal:>6.1f}x"
                f"{'yes' if found else 'NO':>8}"
            )
        print(f"median speed-up over icontains: {statistics.median(ratios):.1f}x")
    finally:
        from django.db import connections

        connections.close_all()
        if args.keep:
            print(f"kept database {name}")
        else:
            drop_database(admin_url, name)


if __name__ == "__main__":
    main()
