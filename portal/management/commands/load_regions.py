from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from portal import regions
from portal.models import Region


class Command(BaseCommand):
    help = (
        "Muat kecamatan dan desa/kelurahan (Kemendagri, idn-area-data 4.0.1). "
        "Aman dijalankan berulang."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--within",
            action="append",
            default=[],
            metavar="KODE",
            help="Hanya di dalam wilayah ini, misalnya 35.09 (boleh diulang).",
        )
        parser.add_argument(
            "--without-desa", action="store_true", help="Muat kecamatan saja."
        )

    @transaction.atomic
    def handle(self, *args, within, without_desa, **options):
        for code in within:
            if not Region.objects.filter(
                code=code[:5] if len(code) > 2 else code
            ).exists():
                raise CommandError(f"Kode wilayah tidak dikenal: {code}")
        levels = [regions.PROVINSI, regions.KABUPATEN, regions.KECAMATAN]
        if not without_desa:
            levels.append(regions.DESA)
        for level in levels:
            count = regions.load_level(Region, level, prefixes=within or None)
            self.stdout.write(f"{Region.Level(level).label}: {count} baris")
