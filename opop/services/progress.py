"""OPOP progress per kabupaten/kota: the figures officials and dashboards read."""

import datetime

from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone

from kopontren.models import LegalEvent
from opop.models import Exchange, Membership, Permit, Product
from portal.access import Scope
from portal.models import Region


def _scoped(queryset, path, scope):
    return queryset.filter(scope.region_q(path))


def progress_by_kabupaten(user, year=None):
    """OPOP progress per kabupaten/kota in the user's scope, as of the end of `year`
    (or today): members and their legal status, products, certified products and
    agreed exchanges. Five aggregate queries, however many regions. Each row is a dict:
    kabupaten_code, kabupaten_name, members, members_bh, members_proses,
    members_belum, products, flagship_products, certified_products, exchanges_given,
    exchanges_received."""
    scope = Scope.of(user)
    if not scope.can_read_opop_reports:
        return []
    today = timezone.localdate()
    day = min(datetime.date(year, 12, 31), today) if year else today
    bh = Q(cooperative__ahu_date__lte=day)
    akta = Exists(
        LegalEvent.objects.filter(
            cooperative=OuterRef("cooperative"),
            kind=LegalEvent.Kind.AKTA_PENDIRIAN,
            date__lte=day,
        )
    )
    members = (
        _scoped(
            Membership.objects.filter(joined_on__lte=day),
            "cooperative__kabupaten",
            scope,
        )
        .order_by()
        .values(code=F("cooperative__kabupaten"))
        .annotate(
            members=Count("cooperative", distinct=True),
            members_bh=Count("cooperative", filter=bh, distinct=True),
            members_proses=Count("cooperative", filter=~bh & Q(akta), distinct=True),
        )
    )
    valid_permit = Exists(Permit.objects.filter(product=OuterRef("pk")).trusted_on(day))
    products = (
        _scoped(
            Product.objects.of_members().filter(created_at__date__lte=day),
            "cooperative__kabupaten",
            scope,
        )
        .order_by()
        .values(code=F("cooperative__kabupaten"))
        .annotate(
            products=Count("pk"),
            flagship_products=Count("pk", filter=Q(is_flagship=True)),
            certified_products=Count("pk", filter=Q(valid_permit)),
        )
    )
    exchanges = Exchange.objects.agreed().filter(agreed_at__date__lte=day)
    if year:
        exchanges = exchanges.filter(agreed_at__year=year)
    given = (
        _scoped(exchanges, "giver__kabupaten", scope)
        .order_by()
        .values(code=F("giver__kabupaten"))
        .annotate(exchanges_given=Count("pk"))
    )
    received = (
        _scoped(exchanges, "receiver__kabupaten", scope)
        .order_by()
        .values(code=F("receiver__kabupaten"))
        .annotate(exchanges_received=Count("pk"))
    )
    rows = {}
    for part in (members, products, given, received):
        for values in part:
            rows.setdefault(values.pop("code"), {}).update(values)
    names = dict(Region.objects.filter(code__in=rows).values_list("code", "name"))
    result = []
    for code in sorted(rows):
        row = dict.fromkeys(PROGRESS_COLUMNS, 0) | rows[code]
        row["members_belum"] = (
            row["members"] - row["members_bh"] - row["members_proses"]
        )
        result.append(
            {"kabupaten_code": code, "kabupaten_name": names.get(code, code), **row}
        )
    return result


PROGRESS_COLUMNS = (
    "members",
    "members_bh",
    "members_proses",
    "members_belum",
    "products",
    "flagship_products",
    "certified_products",
    "exchanges_given",
    "exchanges_received",
)


def progress_totals(rows):
    """The column sums of `progress_by_kabupaten` rows."""
    return {column: sum(row[column] for row in rows) for column in PROGRESS_COLUMNS}
