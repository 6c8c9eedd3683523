from django.conf import settings
from django.core.management.base import BaseCommand

from gemaskop import services


class Command(BaseCommand):
    help = (
        "Anonymise the participants of events that ended more than "
        "PORTAL_PARTICIPANT_RETENTION_YEARS ago (run daily from a timer)."
    )

    def handle(self, *args, **options):
        count = services.participants_anonymise_expired()
        self.stdout.write(
            f"{count} participants of events older than "
            f"{settings.PARTICIPANT_RETENTION_YEARS} years anonymised."
        )
