"""Jobs that run once a day, whichever node's worker (or timer) gets there first.

Each app registers its daily jobs with `@daily("name")` (imported from its
AppConfig.ready). `daily_jobs_run` runs each one in its own transaction that also
writes its DailyRun row: on PostgreSQL an advisory lock lets only one node in at a
time (the others skip at once), and the unique (name, day) row makes a later node,
or a second run the same day, skip; a job that fails writes nothing and is tried
again at the next run.
"""

import logging
import zlib

from django.db import connection, transaction
from django.utils import timezone

from portal.models import DailyRun

logger = logging.getLogger(__name__)

JOBS = {}
LOCK_SPACE = 0x4B6F70  # "Kop": the advisory-lock namespace of the portal's jobs


def daily(name):
    def register(function):
        JOBS[name] = function
        return function

    return register


def _locked(name):
    if connection.vendor != "postgresql":
        return True  # SQLite takes a lock on the whole database for each write
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)",
            [LOCK_SPACE, zlib.crc32(name.encode()) & 0x7FFFFFFF],
        )
        return cursor.fetchone()[0]


def daily_job_run(name, *, day=None):
    """Run one daily job for `day` unless it ran already: 'ran', 'done before' or
    'busy' (another node holds it right now)."""
    day = day or timezone.localdate()
    with transaction.atomic():
        if not _locked(name):
            return "busy"
        if DailyRun.objects.filter(name=name, day=day).exists():
            return "done before"
        summary = JOBS[name](day=day) or ""
        DailyRun.objects.create(name=name, day=day, summary=str(summary))
    logger.info("Daily job %s for %s: %s", name, day, summary)
    return "ran"


def daily_jobs_run(*, day=None):
    """Every registered daily job, each on its own: one failing stops no other."""
    outcomes = {}
    for name in sorted(JOBS):
        try:
            outcomes[name] = daily_job_run(name, day=day)
        except Exception:
            logger.exception("Daily job %s failed: tried again at the next run", name)
            outcomes[name] = "failed"
    return outcomes


@daily("portal.jobs_prune")
def _prune_jobs(*, day):
    from portal.jobs import jobs_prune

    files, records = jobs_prune()
    return f"{files} berkas hasil dihapus, {records} catatan tugas dihapus"


@daily("portal.audit_prune")
def _prune_audit(*, day):
    from portal import audit

    return f"{audit.prune()} catatan audit lewat masa simpan dihapus"
