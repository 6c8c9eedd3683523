"""Summaries for provincial officials and district staff.

Each summary is a handful of aggregate queries over the user's scoped querysets, grouped
by kabupaten/kota: never a query per region or per row, so it holds at national scale.
Every number carries the registry-list query that shows exactly the records behind it.
"""

import datetime
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import ExtractYear, Left
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from kopontren.filters import CooperativeFilterForm
from kopontren.models import Cooperative, Pesantren, YearlyFigures, last_book_year
from portal.access import Scope
from portal.models import Region

STATUS = Cooperative.LegalStatus


@dataclass
class Cell:
    value: int
    url: str = ""


@dataclass
class Row:
    code: str
    name: str
    cells: dict = field(default_factory=dict)


@dataclass
class Table:
    columns: list
    rows: list
    totals: Row


LEGAL_COLUMNS = [
    ("pesantren", _("Pesantren")),
    # Every cooperative of the region, whatever its kelompok: the denominator.
    ("semua", _("Semua koperasi")),
    ("total", _("Koperasi pesantren")),
    ("bh", _("Berbadan hukum")),
    ("proses", _("Dalam proses")),
    ("belum", _("Belum berbadan hukum")),
    ("bubar", _("Dibubarkan")),
    ("nik", _("Punya NIK Koperasi")),
    ("rat", _("RAT tahun buku")),
    ("aktif", _("Aktif")),
    ("tidak_aktif", _("Tidak aktif")),
]


class SummaryFilters:
    """The summary's filters, as registry-list query parameters (year, region, kind)."""

    def __init__(self, user, params):
        self.scope = Scope.of(user)
        self.year = _year(params.get("tahun"))
        self.base = {
            key: params[key]
            for key in ("provinsi", "kabupaten", "kelompok", "jenis")
            if params.get(key)
        }
        self.form = CooperativeFilterForm(self.base or None, user=self.scope)
        self.valid = not self.base or self.form.is_valid()

    @property
    def book_year(self):
        return self.year if self.year else last_book_year()

    @property
    def as_of(self):
        return datetime.date(self.year, 12, 31) if self.year else None

    @property
    def kind(self):
        """The kelompok counted: kopontren unless another (valid) one is chosen."""
        chosen = self.base.get("kelompok")
        if chosen in Cooperative.Kelompok.values:
            return chosen
        return Cooperative.Kelompok.KOPONTREN

    def kind_q(self):
        """The cooperatives counted among all those of the region: the kelompok,
        and the jenis when one is chosen."""
        condition = Q(kelompok=self.kind)
        if self.valid and self.base.get("jenis"):
            condition &= Q(jenis=self.base["jenis"])
        return condition

    def cooperatives(self):
        """The user's cooperatives of the chosen kelompok (kopontren by default),
        filtered exactly as the registry list would."""
        scoped = Cooperative.objects.visible_to(self.scope)
        filtered = self.form.apply(scoped) if self.valid and self.base else scoped
        return filtered.filter(kelompok=self.kind)

    def all_cooperatives(self):
        """Every cooperative of the region in scope, whatever its kelompok or jenis."""
        scoped = Cooperative.objects.visible_to(self.scope)
        region = self.region()
        return scoped.in_region(region) if region is not None else scoped

    def pesantren(self):
        pesantren = Pesantren.objects.visible_to(self.scope)
        region = self.region()
        return pesantren.in_region(region) if region is not None else pesantren

    def region(self):
        if not self.valid:
            return None
        data = self.form.cleaned_data if self.base else {}
        return data.get("kabupaten") or data.get("provinsi")

    @property
    def by_province(self):
        """Rows per province when the scope spans provinces (admin, no region filter);
        per kabupaten/kota otherwise."""
        return self.scope.is_admin and self.region() is None

    @property
    def group_label(self):
        return _("Provinsi") if self.by_province else _("Kabupaten/kota")

    @property
    def group_param(self):
        return "provinsi" if self.by_province else "kabupaten"

    def group(self, queryset):
        """Group rows by province (first two digits of the code) or by kabupaten."""
        if self.by_province:
            return queryset.annotate(group=Left("kabupaten_id", 2))
        return queryset.annotate(group=F("kabupaten_id"))

    def list_url(self, **params):
        query = {**self.base, "kelompok": self.kind, **params}
        return self._list_base + "?" + urlencode(query)

    def all_url(self, **params):
        """The registry list of every cooperative of the region (no kelompok, jenis)."""
        region = {k: v for k, v in self.base.items() if k in ("provinsi", "kabupaten")}
        return self._list_base + "?" + urlencode({**region, **params})

    @cached_property
    def _list_base(self):
        return reverse("kopontren:cooperative_list")

    def describe(self):
        """The filters in words, for exports and the printed page."""
        parts = []
        region = self.region()
        if region is not None:
            parts.append(str(region))
        elif self.scope.region is not None:
            parts.append(str(self.scope.region))
        else:
            parts.append(str(_("Semua wilayah")))
        if self.year:
            parts.append(str(_("status pada akhir tahun %(y)s") % {"y": self.year}))
        for key, choices in (
            ("kelompok", Cooperative.Kelompok),
            ("jenis", Cooperative.Jenis),
        ):
            if self.base.get(key):
                parts.append(str(choices(self.base[key]).label))
        return ", ".join(parts)


def _year(value):
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 1945 <= year <= 2100 else None


def legal_status_table(filters):
    """Per kabupaten/kota: pesantren, every cooperative, and those of the kelompok
    counted (kopontren by default) by legal status, NIK, RAT, aktif: one query."""
    # Every cooperative of the region, each count narrowed to the chosen kind, so
    # the denominator costs no second pass over the rows.
    cooperatives = filters.all_cooperatives()
    kind = filters.kind_q()
    status_field, nik, active = "legal_status", ~Q(nik_koperasi=""), Q(is_active=True)
    if filters.as_of:
        # What the dated facts said at the end of the year: legal log, NIK, aktif.
        cooperatives = cooperatives.with_facts_as_of(filters.as_of)
        status_field, nik, active = "status_at", Q(nik_at=True), Q(active_at=True)
    held = YearlyFigures.objects.filter(
        cooperative=OuterRef("pk"), book_year=filters.book_year, rat_date__isnull=False
    )

    def count(condition=None):
        return Count("pk", filter=kind if condition is None else kind & condition)

    grouped = (
        filters.group(cooperatives.alias(rat_held=Exists(held)).order_by())
        .values("group")
        .annotate(
            semua=Count("pk"),
            total=count(),
            bh=count(Q(**{status_field: STATUS.BERBADAN_HUKUM})),
            proses=count(Q(**{status_field: STATUS.PROSES})),
            belum=count(Q(**{status_field: STATUS.BELUM})),
            bubar=count(Q(**{status_field: STATUS.BUBAR})),
            nik=count(nik),
            rat=count(Q(rat_held=True)),
            aktif=count(active),
            tidak_aktif=count(~active),
        )
    )
    counts = {row.pop("group"): row for row in grouped}
    pesantren = dict(
        filters.group(filters.pesantren().order_by())
        .values("group")
        .annotate(n=Count("pk"))
        .values_list("group", "n")
    )
    codes = sorted(set(counts) | set(pesantren))
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    rows = []
    for code in codes:
        values = {"pesantren": pesantren.get(code, 0), **counts.get(code, {})}
        rows.append(Row(code, names.get(code, code), _cells(filters, values, code)))
    total_values = {
        key: sum(row.cells[key].value for row in rows) for key, _label in LEGAL_COLUMNS
    }
    totals = Row("", str(_("Jumlah")), _cells(filters, total_values, None))
    return Table(legal_columns(filters), rows, totals)


def legal_columns(filters):
    """The legal-status table's columns; "total" is named after the kelompok counted."""
    kind = Cooperative.Kelompok(filters.kind).label
    return [(key, kind if key == "total" else label) for key, label in LEGAL_COLUMNS]


def _cells(filters, values, code):
    region = {filters.group_param: code} if code else {}
    as_of = {"per_tahun": filters.year} if filters.year else {}
    links = {
        "total": {},
        "bh": {"status": STATUS.BERBADAN_HUKUM, **as_of},
        "proses": {"status": STATUS.PROSES, **as_of},
        "belum": {"status": STATUS.BELUM, **as_of},
        "bubar": {"status": STATUS.BUBAR, **as_of},
        "nik": {"nik": "1", **as_of},
        "rat": {"rat": filters.book_year},
        "aktif": {"aktif": "1", **as_of},
        "tidak_aktif": {"aktif": "0", **as_of},
    }
    cells = {}
    for key, _label in LEGAL_COLUMNS:
        value = values.get(key, 0) or 0
        if key == "pesantren":
            query = region or {
                k: v for k, v in filters.base.items() if k in ("provinsi", "kabupaten")
            }
            url = reverse("kopontren:pesantren_list") + "?" + urlencode(query)
        elif key == "semua":
            url = filters.all_url(**region)
        else:
            url = filters.list_url(**region, **links[key])
        cells[key] = Cell(value, url)
    return cells


def berbadan_hukum_by_year(filters):
    """How many became berbadan hukum (first AHU) each year, per kabupaten."""
    grouped = (
        filters.group(
            filters.cooperatives()
            .filter(ahu_date__isnull=False)
            .annotate(year=ExtractYear("ahu_date"))
            .order_by()
        )
        .values("year", "group")
        .annotate(n=Count("pk"))
    )
    counts = {}
    years = set()
    for row in grouped:
        counts.setdefault(row["group"], {})[row["year"]] = row["n"]
        years.add(row["year"])
    years = sorted(years)
    names = dict(Region.objects.filter(code__in=counts).values_list("code", "name"))
    rows = []
    for code in sorted(counts):
        region = {filters.group_param: code}
        rows.append(
            {
                "code": code,
                "name": names.get(code, code),
                "cells": [
                    Cell(
                        counts[code].get(year, 0),
                        filters.list_url(**region, bh_tahun=year),
                    )
                    for year in years
                ],
                "total": Cell(
                    sum(counts[code].values()),
                    filters.list_url(**region, bh_tahun_ada="1"),
                ),
            }
        )
    totals = [
        Cell(
            sum(row["cells"][index].value for row in rows),
            filters.list_url(bh_tahun=year),
        )
        for index, year in enumerate(years)
    ]
    grand_total = Cell(
        sum(cell.value for cell in totals), filters.list_url(bh_tahun_ada="1")
    )
    # Regions are rows and years columns: years are few, regions many (a table that
    # fits a phone and an A4 page).
    return {"years": years, "rows": rows, "totals": totals, "grand_total": grand_total}


def legal_status_rows(filters):
    """The legal-status table as spreadsheet rows (header first, totals last)."""
    table = legal_status_table(filters)
    header = [str(_("Kode")), str(filters.group_label)]
    header += [str(label) for _key, label in table.columns]
    rows = [header]
    for row in [*table.rows, table.totals]:
        rows.append(
            [row.code, row.name] + [row.cells[key].value for key, _l in table.columns]
        )
    return rows


def by_year_rows(filters):
    """Berbadan hukum per region and year as spreadsheet rows (totals last)."""
    data = berbadan_hukum_by_year(filters)
    rows = [
        [str(_("Kode")), str(filters.group_label)]
        + list(data["years"])
        + [str(_("Jumlah"))]
    ]
    for row in data["rows"]:
        rows.append(
            [row["code"], row["name"]]
            + [cell.value for cell in row["cells"]]
            + [row["total"].value]
        )
    rows.append(
        ["", str(_("Jumlah"))]
        + [cell.value for cell in data["totals"]]
        + [data["grand_total"].value]
    )
    return rows


class Median(Aggregate):
    """The median (PostgreSQL's PERCENTILE_CONT), as Rupiah-precision Decimal."""

    function = "PERCENTILE_CONT"
    name = "Median"
    template = (
        "CAST(%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s) "
        "AS NUMERIC(20, 2))"
    )
    output_field = DecimalField(max_digits=20, decimal_places=2)


RAT_FIGURES = [
    ("members_male", _("Anggota laki-laki"), False),
    ("members_female", _("Anggota perempuan"), False),
    ("modal_sendiri", _("Modal sendiri"), True),
    ("modal_luar", _("Modal luar"), True),
    ("aset", _("Aset"), True),
    ("volume_usaha", _("Volume usaha"), True),
    ("shu", _("SHU"), True),
]
CENT = Decimal("0.01")


def _figure_aggregates():
    """Count, and per figure its sum and median: one query, or two where the database
    has no median (SQLite try-out: the medians are taken from the values)."""
    aggregates = {"n": Count("pk")}
    for name, _label, _rupiah in RAT_FIGURES:
        aggregates[f"{name}_sum"] = Sum(name)
        if connection.vendor == "postgresql":
            aggregates[f"{name}_median"] = Median(name)
    return aggregates


def _python_medians(figures, key):
    values = {}
    names = [name for name, _label, _rupiah in RAT_FIGURES]
    for group, *row in figures.values_list(key, *names):
        for name, value in zip(names, row, strict=True):
            values.setdefault(group, {}).setdefault(name, []).append(Decimal(value))
    return {
        group: {
            f"{name}_median": statistics.median(numbers).quantize(CENT)
            for name, numbers in by_name.items()
        }
        for group, by_name in values.items()
    }


def rat_figures_table(filters):
    """Per region, for the book year: how many cooperatives held their RAT, and the
    sums and medians of what those RATs reported."""
    figures = YearlyFigures.objects.filter(
        cooperative__in=filters.cooperatives().values("pk"),
        book_year=filters.book_year,
        rat_date__isnull=False,
    ).order_by()
    group = (
        Left("cooperative__kabupaten_id", 2)
        if filters.by_province
        else F("cooperative__kabupaten_id")
    )
    figures = figures.annotate(group=group)
    aggregates = _figure_aggregates()
    region_name = Region.objects.filter(code=OuterRef("group")).values("name")[:1]
    grouped = {
        row.pop("group"): row
        for row in figures.values("group").annotate(
            **aggregates, region_name=Subquery(region_name)
        )
    }
    totals = figures.aggregate(**aggregates)
    if connection.vendor != "postgresql":
        medians = _python_medians(figures, "group")
        for code, row in grouped.items():
            row.update(medians.get(code, {}))
        everything = _python_medians(
            figures.annotate(everything=Value(1)), "everything"
        )
        totals.update(everything.get(1, {}))
    rows = [
        _figures_row(filters, code, grouped[code]["region_name"] or code, grouped[code])
        for code in sorted(grouped)
    ]
    return {
        "figures": RAT_FIGURES,
        "rows": rows,
        "totals": _figures_row(filters, "", str(_("Jumlah")), totals),
        "book_year": filters.book_year,
    }


def _figures_row(filters, code, name, values):
    region = {filters.group_param: code} if code else {}
    return {
        "code": code,
        "name": name,
        "count": Cell(
            values.get("n") or 0, filters.list_url(**region, rat=filters.book_year)
        ),
        "values": [
            (values.get(f"{key}_sum") or 0, values.get(f"{key}_median"), rupiah)
            for key, _label, rupiah in RAT_FIGURES
        ],
    }


def rat_figures_rows(filters):
    """The RAT figures' sums and medians as spreadsheet rows (totals last)."""
    data = rat_figures_table(filters)
    header = [str(_("Kode")), str(filters.group_label), str(_("Koperasi dengan RAT"))]
    for _key, label, _rupiah in RAT_FIGURES:
        header += [
            str(_("%(figure)s (jumlah)") % {"figure": label}),
            str(_("%(figure)s (median)") % {"figure": label}),
        ]
    rows = [[str(_("Tahun buku")), data["book_year"]], header]
    for row in [*data["rows"], data["totals"]]:
        line = [row["code"], row["name"], row["count"].value]
        for total, median, _rupiah in row["values"]:
            line += [total, median if median is not None else ""]
        rows.append(line)
    return rows


def chart_data(table, by_year, funnel_steps=None):
    """The numbers the charts draw (the tables on the page hold the same numbers)."""
    data = {
        "status": {
            "labels": [row.name for row in table.rows],
            "series": [
                {
                    "label": str(label),
                    "key": key,
                    "values": [row.cells[key].value for row in table.rows],
                }
                for key, label in LEGAL_COLUMNS
                if key in ("bh", "proses", "belum")
            ],
        },
        "years": {
            "labels": by_year["years"],
            "values": [cell.value for cell in by_year["totals"]],
            "label": str(_("Menjadi berbadan hukum")),
        },
    }
    if funnel_steps is not None:
        data["funnel"] = {
            "labels": [str(label) for _key, label in funnel_steps["stages"]],
            "values": [value for value, _url in funnel_steps["totals"]],
        }
    return data
