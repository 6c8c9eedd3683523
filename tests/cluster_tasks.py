"""A task for the two-node drill (tests/portal/test_two_nodes.py): it counts its own
runs in the shared cache, so a task run twice would show."""

from django.core.cache import cache
from django_tasks import task


@task()
def tally(*, number):
    key = f"tally-{number}"
    cache.add(key, 0, timeout=3600)
    return cache.incr(key)
