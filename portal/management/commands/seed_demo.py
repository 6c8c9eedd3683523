from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from gemaskop import demo as gemaskop_demo
from kopontren import demo as kopontren_demo
from opop import demo as opop_demo
from portal import demo as portal_demo
from portal.mfa import DEMO_EMAIL_DOMAIN
from portal.models import Region, User

# Passes the password policy (portal/passwords.py), like any other password.
DEMO_PASSWORD = "sawah-hijau-pagi-hari"
DEMO_REGIONS = ["35.09", "63"]


def ensure_account(username, *, role, region_code=None, first_name="", **extra):
    """Create the demo account once; later runs leave its password alone."""
    region = Region.objects.get(code=region_code) if region_code else None
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "role": role,
            "region": region,
            "first_name": first_name,
            "email": f"{username}@{DEMO_EMAIL_DOMAIN}",
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


class Command(BaseCommand):
    help = (
        "Isi portal dengan data demo (fiktif) dan akun demo. Aman dijalankan berulang."
    )

    def handle(self, *args, **options):
        within = []
        for code in DEMO_REGIONS:
            within += ["--within", code]
        call_command("load_regions", *within, stdout=self.stdout)
        with transaction.atomic():
            accounts = {
                "admin": ensure_account(
                    "admin",
                    role=User.Role.ADMIN,
                    first_name="Admin Portal",
                    is_staff=True,
                    is_superuser=True,
                ),
                "staf": ensure_account(
                    "staf-jember",
                    role=User.Role.STAF,
                    region_code="35.09",
                    first_name="Staf Diskopum Jember",
                ),
                "pengurus_a": ensure_account(
                    "pengurus-a", role=User.Role.PENGURUS, first_name="Pengurus A"
                ),
                "pengurus_b": ensure_account(
                    "pengurus-b", role=User.Role.PENGURUS, first_name="Pengurus B"
                ),
                "kalsel": ensure_account(
                    "provinsi-kalsel",
                    role=User.Role.PROVINSI,
                    region_code="63",
                    first_name="Diskop UKM Kalsel",
                ),
                "jatim": ensure_account(
                    "provinsi-jatim",
                    role=User.Role.PROVINSI,
                    region_code="35",
                    first_name="Diskop UKM Jatim",
                ),
                "staf_kalsel": ensure_account(
                    "staf-kalsel",
                    role=User.Role.STAF_PROVINSI,
                    region_code="63",
                    first_name="Staf Diskop UKM Kalsel",
                ),
            }
            portal_demo.seed(stdout=self.stdout)
            kopontren_demo.seed(accounts, stdout=self.stdout)
            gemaskop_demo.seed(accounts, stdout=self.stdout)
            opop_demo.seed(accounts, stdout=self.stdout)
        names = ", ".join(user.username for user in accounts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Data demo siap. Akun demo: {names} (kata sandi {DEMO_PASSWORD}; "
                "tanpa verifikasi dua langkah hanya bila PORTAL_DEMO_MFA_WAIVER=1)."
            )
        )
