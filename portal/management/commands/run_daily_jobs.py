from django.core.management.base import BaseCommand

from portal import jobs, schedule


class Command(BaseCommand):
    help = (
        "Reap dead tasks and run today's daily jobs (each once a day across every "
        "node): for a systemd timer when the worker's own housekeeping is off."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{jobs.tasks_reap()} tasks reaped")
        for name, outcome in schedule.daily_jobs_run().items():
            self.stdout.write(f"{name}: {outcome}")
