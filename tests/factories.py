"""Plain factory functions with keyword-only defaults: the smallest valid records."""

import datetime
import io
import itertools
from decimal import Decimal

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from pypdf import PdfWriter

from kopontren.models import (
    Cooperative,
    LegalEvent,
    Officer,
    Pesantren,
    SecondaryMembership,
    YearlyFigures,
)
from kopontren.services import cooperative_refresh_legal_status
from portal.models import Office, OfficeUnit, Region, User

_seq = itertools.count(1)
PASSWORD = "kata-sandi-uji-2026"


def region(code):
    """A region from the migrated provinsi/kabupaten data."""
    return Region.objects.get(code=code)


def kecamatan(*, code="35.09.01", name="Kencong", parent="35.09"):
    obj, _ = Region.objects.get_or_create(
        code=code,
        defaults={"name": name, "level": Region.Level.KECAMATAN, "parent_id": parent},
    )
    return obj


def user(*, username=None, role=User.Role.PENGURUS, region_code=None, **extra):
    username = username or f"pengguna-{next(_seq)}"
    extra.setdefault("email", f"{username}@contoh.test")
    obj = User(username=username, role=role, region_id=region_code, **extra)
    obj.set_password(PASSWORD)
    obj.save()
    return obj


def totp(*, user_obj):
    """Enrol the user's authenticator app and recovery codes; the TOTP secret
    (base32) to compute codes with `pyotp.TOTP(secret).now()`."""
    secret = pyotp.random_base32()
    TOTP.activate(user_obj, secret)
    RecoveryCodes.activate(user_obj)
    return secret


def recovery_codes(*, user_obj):
    """The user's unused recovery codes."""
    instance = Authenticator.objects.get(
        user=user_obj, type=Authenticator.Type.RECOVERY_CODES
    )
    return RecoveryCodes(instance).get_unused_codes()


def pesantren(*, name=None, kabupaten="35.09", kecamatan=None, nspp="", **extra):
    return Pesantren.objects.create(
        name=name or f"Pesantren Uji {next(_seq)}",
        kabupaten_id=kabupaten,
        kecamatan=kecamatan,
        nspp=nspp,
        **extra,
    )


def cooperative(
    *,
    name=None,
    pesantren_obj=None,
    kabupaten="35.09",
    nik_koperasi="",
    nib="",
    identifiers_date=None,
    **extra,
):
    """A cooperative; a NIK Koperasi or NIB is recorded as its legal step (today)."""
    pesantren_obj = pesantren_obj or pesantren(kabupaten=kabupaten)
    coop = Cooperative.objects.create(
        name=name or f"Kopontren Uji {next(_seq)}",
        pesantren=pesantren_obj,
        kabupaten_id=pesantren_obj.kabupaten_id,
        kecamatan=pesantren_obj.kecamatan,
        **extra,
    )
    date = identifiers_date or datetime.date.today()
    for kind, number in ((LegalEvent.Kind.NIK_KOPERASI, nik_koperasi), ("nib", nib)):
        if number:
            legal_event(cooperative_obj=coop, kind=kind, date=date, number=number)
    return coop


def region_cooperative(
    *,
    name=None,
    kabupaten="35.09",
    bentuk=Cooperative.Bentuk.PRIMER_KABUPATEN,
    **extra,
):
    """A cooperative of the region that no pesantren runs (kelompok lainnya)."""
    return Cooperative.objects.create(
        name=name or f"Koperasi Uji {next(_seq)}",
        kelompok=Cooperative.Kelompok.LAINNYA,
        bentuk=bentuk,
        kabupaten_id=kabupaten,
        **extra,
    )


def secondary_cooperative(*, name=None, kabupaten="35.09", **extra):
    """A koperasi sekunder of the region (no pesantren)."""
    return region_cooperative(
        name=name or f"Koperasi Sekunder Uji {next(_seq)}",
        kabupaten=kabupaten,
        bentuk=Cooperative.Bentuk.SEKUNDER_KABUPATEN,
        **extra,
    )


def secondary_membership(*, secondary, primary, joined_on=None, left_on=None):
    return SecondaryMembership.objects.create(
        secondary=secondary,
        primary=primary,
        joined_on=joined_on or datetime.date(2024, 1, 1),
        left_on=left_on,
    )


def legal_event(*, cooperative_obj, kind, date, number="", refresh=True, **extra):
    event = LegalEvent.objects.create(
        cooperative=cooperative_obj, kind=kind, date=date, number=number, **extra
    )
    if refresh:
        cooperative_refresh_legal_status(cooperative=cooperative_obj)
    return event


def berbadan_hukum(*, cooperative_obj, ahu_date, akta_date=None):
    """Give a cooperative an akta and a pengesahan AHU."""
    legal_event(
        cooperative_obj=cooperative_obj,
        kind=LegalEvent.Kind.AKTA_PENDIRIAN,
        date=akta_date or ahu_date - datetime.timedelta(days=60),
        refresh=False,
    )
    return legal_event(
        cooperative_obj=cooperative_obj,
        kind=LegalEvent.Kind.PENGESAHAN_AHU,
        date=ahu_date,
        number=f"AHU-{next(_seq):07d}.AH.01.26.TAHUN {ahu_date.year}",
    )


def officer(*, cooperative_obj, name=None, position="ketua", gender="L", **extra):
    return Officer.objects.create(
        cooperative=cooperative_obj,
        name=name or f"Pengurus Uji {next(_seq)}",
        position=position,
        gender=gender,
        **extra,
    )


def yearly_figures(*, cooperative_obj, book_year, rat_date=None, **extra):
    defaults = {
        "members_male": 10,
        "members_female": 12,
        "aset": Decimal("150000000.00"),
        "shu": Decimal("5000000.00"),
    }
    defaults.update(extra)
    return YearlyFigures.objects.create(
        cooperative=cooperative_obj,
        book_year=book_year,
        rat_date=rat_date or datetime.date(book_year + 1, 3, 15),
        **defaults,
    )


def office(*, region_code="35.09", name=None, **extra):
    """An office (Dinas) of a kabupaten/kota or province, with its letterhead."""
    defaults = {
        "short_name": f"Dinas Uji {region_code}",
        "government": f"Pemerintah Uji {region_code}",
        "address": f"Jl. Uji No. {region_code}",
    }
    defaults.update(extra)
    return Office.objects.create(
        region_id=region_code,
        name=name or f"Dinas Koperasi Uji {region_code}",
        **defaults,
    )


def unit(*, office_obj, name="Bidang Kelembagaan", head_name=None, **extra):
    """A unit (bidang) of an office with the head who signs."""
    defaults = {
        "head_title": f"Kepala {name}",
        "head_nip": "198001012006041001",
        "head_rank": "Pembina (IV/a)",
    }
    defaults.update(extra)
    return OfficeUnit.objects.create(
        office=office_obj,
        name=name,
        head_name=head_name or f"Kepala Uji {next(_seq)}",
        **defaults,
    )


def pdf_bytes():
    """A real one-page PDF (uploads are parsed before they are accepted)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
