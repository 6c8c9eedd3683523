"""Pagination that does not count the world: below a threshold the exact count (one
bounded query), above it the planner's estimate, shown as "± 130.000"."""

import json

from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

EXACT_UP_TO = 10_000


class EstimatedCountPaginator(Paginator):
    """A Paginator whose count is exact up to `EXACT_UP_TO` rows and the planner's
    estimate above it (`estimated` is then true)."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        if not hasattr(queryset, "query"):
            return super().count
        # Counting at most EXACT_UP_TO + 1 rows bounds the cost of the exact count.
        bounded = queryset.order_by().values("pk")[: EXACT_UP_TO + 1].count()
        if bounded <= EXACT_UP_TO:
            return bounded
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return queryset.count()
        self.estimated = True
        return max(estimate(queryset, connection), EXACT_UP_TO + 1)


def estimate(queryset, connection):
    """The planner's row estimate for the queryset (EXPLAIN, no execution)."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])
