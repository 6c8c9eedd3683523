from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from portal import backup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump custom format), MEDIA_ROOT (tar) and a "
        "manifest with every table's rows and both files' checksums."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "directory",
            nargs="?",
            help="a new folder for the backup (default var/backups/<date-time>)",
        )

    def handle(self, *args, directory=None, **options):
        if directory is None:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            directory = settings.BASE_DIR / "var" / "backups" / stamp
        try:
            manifest = backup.backup(directory=directory)
        except (backup.BackupError, FileExistsError) as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"Backup in {directory}: {len(manifest['tables'])} tables, {rows} rows, "
            f"{manifest['media_files']} media files."
        )
