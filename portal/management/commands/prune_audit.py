from django.conf import settings
from django.core.management.base import BaseCommand

from portal import audit


class Command(BaseCommand):
    help = "Delete audit entries older than PORTAL_AUDIT_RETENTION_DAYS."

    def handle(self, *args, **options):
        deleted = audit.prune()
        self.stdout.write(
            f"{deleted} audit entries older than "
            f"{settings.AUDIT_RETENTION_DAYS} days deleted."
        )
