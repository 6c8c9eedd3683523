import os

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from portal import backup


class Command(BaseCommand):
    help = (
        "Restore a backup into a fresh database (DATABASE_URL) and an empty "
        "MEDIA_ROOT, check the migrations, compare every table's rows with the "
        "manifest and, with --username and PORTAL_RESTORE_PASSWORD, try a log-in."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("directory", help="the folder scripts/backup wrote")
        parser.add_argument("--username", help="an account to try logging in with")

    def handle(self, *args, directory, username=None, **options):
        try:
            manifest, counts, differences = backup.restore(directory=directory)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            call_command("migrate", check_unapplied=True, verbosity=0)
        except SystemExit as exc:
            raise CommandError("migrations missing from the restored database") from exc
        for table, (expected, found) in sorted(differences.items()):
            self.stderr.write(f"{table}: {expected} in the backup, {found} restored")
        if differences:
            raise CommandError("the restored rows differ from the manifest")
        self.stdout.write(
            f"Restored {len(counts)} tables, {sum(counts.values())} rows and "
            f"{manifest['media_files']} media files; counts match the manifest."
        )
        if username:
            user = authenticate(
                username=username, password=os.environ.get("PORTAL_RESTORE_PASSWORD")
            )
            if user is None:
                raise CommandError(f"log-in as {username} failed")
            self.stdout.write(f"Log-in as {username}: ok.")
