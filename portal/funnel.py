"""The funnel from GEMASKOP to OPOP, per region and year.

Each stage counts pesantren that passed it and every stage before it: reached by a
GEMASKOP socialisation → has a cooperative → berbadan hukum → NIK Koperasi → OPOP
member → a product with a valid permit → a curated product. One grouped aggregate
query; the same conditions select the pesantren behind each number for the drill-down.
"""

from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gemaskop.models import Attendance, Event
from kopontren.models import Cooperative
from opop.models import Membership, Permit, Product
from portal.access import within
from portal.models import Region

STAGES = [
    ("dijangkau", _("Dijangkau GEMASKOP")),
    ("koperasi", _("Punya koperasi")),
    ("bh", _("Berbadan hukum")),
    ("nik", _("Punya NIK Koperasi")),
    ("opop", _("Anggota OPOP")),
    ("izin", _("Produk berizin")),
    ("kurasi", _("Produk terkurasi")),
]
STAGE_KEYS = [key for key, _label in STAGES]
CURATED = [
    Product.Curation.DIKURASI,
    Product.Curation.UNGGULAN,
    Product.Curation.SIAP_EKSPOR,
]


def in_scope(filters, path):
    """The outer query's region, repeated inside a subquery: PostgreSQL then hashes
    only that region's rows instead of the whole country's."""
    region = filters.region() or filters.scope.region_code
    if region is None:
        return Q()
    return within(f"{path}kabupaten", region)


def stage_conditions(filters):
    """Exists() per stage for a pesantren (OuterRef "pk"), honouring the filters."""
    day = filters.as_of or timezone.localdate()
    # A participant from a cooperative also carries its pesantren (a constraint).
    reached = Attendance.objects.present().filter(
        in_scope(filters, "participant__pesantren__"),
        Event.reach_q("session__event__", year=filters.year),
        participant__pesantren=OuterRef("pk"),
    )
    # Each related row is matched to the pesantren through its own path (an OuterRef
    # nested one query deeper would point at that query, not at the pesantren).
    kind = {
        key: filters.base[key] for key in ("kelompok", "jenis") if filters.base.get(key)
    }

    def of_pesantren(queryset, path):
        return queryset.filter(
            in_scope(filters, f"{path}pesantren__"),
            **{f"{path}pesantren": OuterRef("pk")},
            **{f"{path}{key}": value for key, value in kind.items()},
        )

    cooperatives = of_pesantren(Cooperative.objects.all(), "")
    legal = cooperatives.filter(ahu_date__lte=day).exclude(dissolved_date__lte=day)
    return {
        "dijangkau": Exists(reached),
        "koperasi": Exists(cooperatives),
        "bh": Exists(legal),
        "nik": Exists(legal.exclude(nik_koperasi="")),
        "opop": Exists(
            of_pesantren(Membership.objects.filter(joined_on__lte=day), "cooperative__")
        ),
        "izin": Exists(
            of_pesantren(Permit.objects.trusted_on(day), "product__cooperative__")
        ),
        "kurasi": Exists(
            of_pesantren(
                Product.objects.filter(curation_status__in=CURATED), "cooperative__"
            )
        ),
    }


def annotated(filters):
    """The user's pesantren (region-filtered) with `stage_level`: how many stages in a
    row each passed (0 = not reached). The CASE stops at the first stage missed, so each
    Exists runs at most once per pesantren, and most pesantren stop at the first."""
    conditions = stage_conditions(filters)
    whens = [
        When(~conditions[key], then=Value(index))
        for index, key in enumerate(STAGE_KEYS)
    ]
    return filters.pesantren().annotate(
        stage_level=Case(*whens, default=Value(len(STAGE_KEYS)))
    )


def funnel_table(filters):
    """Rows per province/kabupaten with the count at each stage, and totals."""
    grouped = (
        filters.group(annotated(filters).order_by())
        .values("group", "stage_level")
        .annotate(n=Count("pk"))
    )
    counts = {}
    for row in grouped:
        if not row["stage_level"]:
            continue
        levels = counts.setdefault(row["group"], [0] * len(STAGE_KEYS))
        # Passing stage k means passing every stage up to it: cumulative counts.
        for index in range(row["stage_level"]):
            levels[index] += row["n"]
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    rows = [
        {
            "code": code,
            "name": names.get(code, code),
            "cells": [
                (counts[code][index], link(filters, key, code))
                for index, key in enumerate(STAGE_KEYS)
            ],
        }
        for code in sorted(counts)
    ]
    totals = [
        (sum(levels[index] for levels in counts.values()), link(filters, key, None))
        for index, key in enumerate(STAGE_KEYS)
    ]
    return {"stages": STAGES, "rows": rows, "totals": totals}


def link(filters, stage, code):
    params = {**filters.base, "tahap": stage}
    if filters.year:
        params["tahun"] = filters.year
    if code:
        params.pop("provinsi", None)
        params.pop("kabupaten", None)
        params[filters.group_param] = code
    return reverse("portal:funnel_list") + "?" + urlencode(params)


def pesantren_at_stage(filters, stage):
    """The pesantren behind one funnel number."""
    return annotated(filters).filter(stage_level__gt=STAGE_KEYS.index(stage))


def funnel_rows(filters):
    """The funnel as spreadsheet rows (header first, totals last)."""
    table = funnel_table(filters)
    rows = [[str(_("Kode")), str(filters.group_label)]]
    rows[0] += [str(label) for _key, label in STAGES]
    for row in table["rows"]:
        rows.append([row["code"], row["name"]] + [value for value, _u in row["cells"]])
    rows.append(["", str(_("Jumlah"))] + [value for value, _u in table["totals"]])
    return rows
