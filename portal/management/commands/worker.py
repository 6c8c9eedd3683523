"""`manage.py worker`: the task worker `make run` starts beside gunicorn.

django-tasks-db's worker loop, plus housekeeping every few minutes in a thread of
its own: the reaper (tasks whose worker died) and the daily jobs (once a day
across every node, see portal/schedule.py). Several workers may run on several
nodes: each task is claimed by one (SELECT … FOR UPDATE SKIP LOCKED).
"""

import logging
import threading

from django.db import close_old_connections, connection
from django_tasks_db.management.commands.db_worker import (
    Command as DatabaseWorkerCommand,
)

from portal import jobs, schedule

logger = logging.getLogger(__name__)


def housekeeping(stop, interval):
    while not stop.is_set():
        close_old_connections()
        try:
            reaped = jobs.tasks_reap()
            if reaped:
                logger.warning("%d tasks without a worker reaped", reaped)
            schedule.daily_jobs_run()
        except Exception:
            logger.exception("Housekeeping failed: tried again later")
        finally:
            connection.close()
        stop.wait(interval)


class Command(DatabaseWorkerCommand):
    help = "Run the background worker (tasks, the reaper and the daily jobs)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--housekeeping-interval",
            type=float,
            default=300,
            help="Seconds between reaper and daily-job runs; 0 turns them off.",
        )

    def handle(self, *args, housekeeping_interval, **options):
        stop = threading.Event()
        if housekeeping_interval:
            threading.Thread(
                target=housekeeping,
                args=(stop, housekeeping_interval),
                daemon=True,
                name="housekeeping",
            ).start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
