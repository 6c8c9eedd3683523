"""`manage.py media_to_bucket`: copy the uploads under MEDIA_ROOT into the storage
the settings name (the S3 bucket), checking every file's checksum read back."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError


def sha256(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = (
        "Copy every file under MEDIA_ROOT (or --source) into the configured storage "
        "(PORTAL_S3_BUCKET) under the same name, then read each back and compare "
        "SHA-256 checksums. Files already there with the same checksum are skipped; "
        "safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", default=str(settings.MEDIA_ROOT))

    def handle(self, *args, source, **options):
        if isinstance(default_storage, FileSystemStorage):
            raise CommandError(
                "The storage is the local disk: set PORTAL_S3_BUCKET (see README)."
            )
        root = Path(source)
        if not root.is_dir():
            raise CommandError(f"{root} is not a folder.")
        copied = skipped = 0
        mismatched = []
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            name = path.relative_to(root).as_posix()
            with path.open("rb") as handle:
                local = sha256(handle)
            if default_storage.exists(name):
                with default_storage.open(name, "rb") as remote:
                    if sha256(remote) == local:
                        skipped += 1
                        continue
                default_storage.delete(name)
            with path.open("rb") as handle:
                stored = default_storage.save(name, File(handle, name=name))
            with default_storage.open(stored, "rb") as remote:
                if stored != name or sha256(remote) != local:
                    mismatched.append(name)
                    continue
            copied += 1
        self.stdout.write(
            f"{copied} files copied, {skipped} already there, "
            f"{len(mismatched)} not matching"
        )
        if mismatched:
            raise CommandError("Checksums differ for: " + ", ".join(mismatched))
