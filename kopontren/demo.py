"""Fictional demo data for the registry: every name here is made up ("Demo")."""

import datetime
import random
from decimal import Decimal

from kopontren.models import (
    Cooperative,
    LegalEvent,
    Officer,
    Pesantren,
    SecondaryMembership,
    YearlyFigures,
    last_book_year,
)
from kopontren.services import cooperative_refresh_legal_status
from portal.models import Region

NAMES = [
    "Nurul Falah",
    "Darul Ulum",
    "Miftahul Huda",
    "Al-Hikmah",
    "Baitul Amin",
    "Nurul Jadid",
    "Bustanul Ulum",
    "Raudlatul Muttaqin",
    "Al-Ikhlas",
    "Darussalam",
    "Mambaul Ulum",
    "Hidayatul Mubtadiin",
    "Nurul Iman",
    "Al-Amanah",
    "Sabilul Huda",
    "Riyadlus Sholihin",
    "Al-Barokah",
    "Darul Muttaqin",
    "Nurul Qur'an",
    "Al-Falah",
    "Roudlotul Jannah",
    "Baitul Hikmah",
    "Al-Muhajirin",
    "Tarbiyatul Athfal",
    "Al-Kautsar",
    "Darun Najah",
    "Minhajut Thullab",
    "Al-Hidayah",
    "Nurul Hikmah",
    "Sumber Ilmu",
    "Al-Ma'arif",
    "Ash-Shiddiqi",
    "Bahrul Ulum",
    "Al-Wafa",
    "Mathlabul Ulum",
    "Al-Fattah",
    "Syamsul Arifin",
    "Al-Azhar",
    "Annur",
    "Al-Anwar",
]
KALSEL_NAMES = [
    "Al-Mursyidul Amin",
    "Darul Hijrah",
    "Rakha Amuntai",
    "Ibnul Amin",
    "Al-Falah Putera",
    "Darul Ilmi",
    "Nurul Muhibbin",
    "Al-Istiqamah",
    "Hidayatullah",
    "Al-Madaniyah",
    "Darul Fikri",
    "Manba'ul Ulum",
    "Al-Irsyad",
    "Nurul Hidayah",
    "Raudhatul Jannah",
    "Al-Kamal",
    "Darul Azhar",
    "Al-Mubarak",
    "Nurul Ihsan",
    "Ar-Raudhah",
    "Al-Hasaniyah",
    "Darul Ma'arif",
    "Al-Ittihad",
    "Nurussalam",
    "Al-Khairiyah",
    "Miftahul Jannah",
    "Al-Muttaqin",
    "Darul Aman",
    "Al-Furqan",
    "Sirajul Huda",
]
KALSEL_KABUPATEN = [
    "63.01",
    "63.03",
    "63.04",
    "63.05",
    "63.06",
    "63.08",
    "63.09",
    "63.10",
    "63.71",
    "63.72",
]
FIRST = [
    "Ahmad",
    "Siti",
    "Muhammad",
    "Nur",
    "Abdul",
    "Fatimah",
    "Hasan",
    "Aisyah",
    "Zainal",
    "Khadijah",
    "Rahmat",
    "Lailatul",
]
LAST = ["Fauzi", "Rohmah", "Hidayat", "Aini", "Syukur", "Maulida", "Basri", "Hasanah"]


def _kecamatan(kabupaten_code, rng):
    options = list(
        Region.objects.filter(parent_id=kabupaten_code).values_list("code", flat=True)
    )
    return rng.choice(options) if options else None


def _person(rng):
    return f"{rng.choice(FIRST)} {rng.choice(LAST)} (Demo)"


def _pesantren(name, kabupaten_code, rng, nspp):
    kecamatan = _kecamatan(kabupaten_code, rng)
    desa = None
    if kecamatan:
        villages = list(
            Region.objects.filter(parent_id=kecamatan).values_list("code", flat=True)
        )
        desa = rng.choice(villages) if villages else None
    pesantren, _ = Pesantren.objects.get_or_create(
        name=f"Pondok Pesantren {name} (Demo)",
        kabupaten_id=kabupaten_code,
        defaults={
            "nspp": nspp,
            "kind": rng.choice(Pesantren.Kind.values),
            "pengasuh": f"KH. {_person(rng)}",
            "founded_year": rng.randint(1920, 2015),
            "address": f"Jl. Pesantren No. {rng.randint(1, 200)}",
            "kecamatan_id": kecamatan,
            "desa_id": desa,
            "santri_putra": rng.randint(20, 900),
            "santri_putri": rng.randint(20, 900),
        },
    )
    return pesantren


def _cooperative(pesantren, name, rng):
    coop, created = Cooperative.objects.get_or_create(
        name=f"Kopontren {name} (Demo)",
        pesantren=pesantren,
        defaults={
            "kabupaten_id": pesantren.kabupaten_id,
            "kecamatan_id": pesantren.kecamatan_id,
            "desa_id": pesantren.desa_id,
            "address": pesantren.address,
            "jenis": rng.choice(Cooperative.Jenis.values),
            "pola": rng.choice(Cooperative.Pola.values),
            "phone": f"08{rng.randint(1000000000, 9999999999)}",
        },
    )
    return coop, created


def _legal_path(coop, stage, rng, *, ahu_year=None, akta_date=None, nik=""):
    """Write the log up to `stage`: belum, proses, bh, bubar (NIK two months after
    the AHU, when given)."""
    if stage == "belum":
        return
    akta = akta_date or datetime.date(
        rng.randint(2015, 2023), rng.randint(1, 12), rng.randint(1, 28)
    )
    LegalEvent.objects.create(
        cooperative=coop,
        kind=LegalEvent.Kind.AKTA_PENDIRIAN,
        date=akta,
        number=f"{rng.randint(1, 99):02d}",
        notary=f"Notaris {_person(rng)}, S.H., M.Kn.",
    )
    if stage in ("bh", "bubar"):
        year = ahu_year or min(akta.year + 1, 2025)
        ahu = max(
            akta + datetime.timedelta(days=30),
            datetime.date(year, rng.randint(1, 12), rng.randint(1, 28)),
        )
        LegalEvent.objects.create(
            cooperative=coop,
            kind=LegalEvent.Kind.PENGESAHAN_AHU,
            date=ahu,
            number=f"AHU-{rng.randint(1, 9999999):07d}.AH.01.26.TAHUN {ahu.year}",
        )
        if nik:
            LegalEvent.objects.create(
                cooperative=coop,
                kind=LegalEvent.Kind.NIK_KOPERASI,
                date=ahu + datetime.timedelta(days=60),
                number=nik,
            )
    if stage == "bubar":
        LegalEvent.objects.create(
            cooperative=coop,
            kind=LegalEvent.Kind.PEMBUBARAN,
            date=datetime.date(2025, 3, 1),
            note="Dibubarkan melalui RAT (demo)",
        )
    cooperative_refresh_legal_status(cooperative=coop)


def _officers_and_figures(coop, rng, *, with_rat=True):
    for position in ("ketua", "sekretaris", "bendahara", "pengawas"):
        Officer.objects.create(
            cooperative=coop,
            name=_person(rng),
            position=position,
            gender=rng.choice("LP"),
            phone=f"08{rng.randint(1000000000, 9999999999)}",
            term_start=datetime.date(2023, 1, 1),
            term_end=datetime.date(2027, 12, 31),
        )
    years = (
        [last_book_year() - 1, last_book_year()] if with_rat else [last_book_year() - 1]
    )
    for year in years:
        members_m, members_f = rng.randint(20, 300), rng.randint(20, 300)
        YearlyFigures.objects.create(
            cooperative=coop,
            book_year=year,
            rat_date=datetime.date(year + 1, rng.randint(1, 4), rng.randint(1, 28)),
            members_male=members_m,
            members_female=members_f,
            managers=rng.randint(1, 3),
            staff=rng.randint(0, 10),
            modal_sendiri=Decimal(rng.randint(10, 500) * 1_000_000),
            modal_luar=Decimal(rng.randint(0, 200) * 1_000_000),
            aset=Decimal(rng.randint(50, 900) * 1_000_000),
            volume_usaha=Decimal(rng.randint(50, 2000) * 1_000_000),
            shu=Decimal(rng.randint(1, 90) * 1_000_000),
        )


# A few of the cooperatives no pesantren runs in Kalimantan Selatan (the province
# counts 3,057 of all kinds): (name, kabupaten, jenis, year of its AHU or None).
KALSEL_OTHERS = [
    ("KSP Banua Sejahtera", "63.72", "simpan_pinjam", 2016),
    ("Koperasi Konsumen Pegawai Banjarbaru", "63.72", "konsumen", 2012),
    ("Koperasi Produsen Karet Martapura", "63.03", "produsen", 2019),
    ("Koperasi Nelayan Kotabaru", "63.02", "produsen", None),
    ("Koperasi Jasa Angkutan Banjarmasin", "63.71", "jasa", 2021),
]


def _region_cooperatives(rng):
    """Kalsel's cooperatives outside pesantren, and the koperasi sekunder OPOP Kalsel
    plans with its first three primary members (DOMAIN.md)."""
    for name, kabupaten, jenis, year in KALSEL_OTHERS:
        coop, created = Cooperative.objects.get_or_create(
            name=f"{name} (Demo)",
            kelompok=Cooperative.Kelompok.LAINNYA,
            defaults={"kabupaten_id": kabupaten, "jenis": jenis},
        )
        if created and year:
            _legal_path(
                coop, "bh", rng, ahu_year=year, akta_date=datetime.date(year - 1, 3, 1)
            )
    secondary, _created = Cooperative.objects.get_or_create(
        name="Koperasi Sekunder Pesantren Kalsel (Demo)",
        kelompok=Cooperative.Kelompok.LAINNYA,
        defaults={
            "kabupaten_id": "63.72",
            "jenis": Cooperative.Jenis.PEMASARAN,
            "bentuk": Cooperative.Bentuk.SEKUNDER_PROVINSI,
        },
    )
    primaries = Cooperative.objects.kopontren().filter(
        kabupaten__code__startswith="63.",
        legal_status=Cooperative.LegalStatus.BERBADAN_HUKUM,
    )
    for primary in primaries.order_by("name")[:3]:
        SecondaryMembership.objects.get_or_create(
            secondary=secondary,
            primary=primary,
            defaults={"joined_on": datetime.date(2025, 6, 1)},
        )


def seed(accounts, stdout=None):
    """Jember: 40 pesantren at every legal stage; Kalsel: 25 berbadan hukum in 2024."""
    rng = random.Random(2026)
    stages = (
        ["bh"] * 16 + ["proses"] * 8 + ["belum"] * 10 + ["bubar"] * 2 + ["none"] * 4
    )
    jember = []
    for index, (name, stage) in enumerate(zip(NAMES, stages, strict=True)):
        pesantren = _pesantren(name, "35.09", rng, nspp=f"5103350{index + 1:05d}")
        if stage == "none":
            continue
        nik = f"35091{index + 1:08d}" if stage == "bh" and index % 3 else ""
        coop, created = _cooperative(pesantren, name, rng)
        jember.append(coop)
        if created:
            # Half of those in process have been waiting at the notary for over a year.
            akta = (
                datetime.date(2024, 5, 2) if stage == "proses" and index % 2 else None
            )
            _legal_path(coop, stage, rng, akta_date=akta, nik=nik)
            _officers_and_figures(coop, rng, with_rat=index % 4 != 0)
    accounts["pengurus_a"].cooperatives.add(jember[0])
    accounts["pengurus_b"].cooperatives.add(jember[1])

    for index, name in enumerate(KALSEL_NAMES):
        kabupaten = KALSEL_KABUPATEN[index % len(KALSEL_KABUPATEN)]
        pesantren = _pesantren(
            name, kabupaten, rng, nspp=f"5106{kabupaten[3:]}{index + 1:06d}"
        )
        # The article's figure: 25 berbadan hukum at the end of 2024, all approved in
        # 2024; three more were still at the notary then (approved in 2025).
        stage, ahu_year = (
            ("bh", 2024)
            if index < 25
            else (("bh", 2025) if index < 28 else ("proses", None))
        )
        nik = f"63{kabupaten[3:]}0{index + 1:08d}" if stage == "bh" else ""
        coop, created = _cooperative(pesantren, name, rng)
        if created:
            _legal_path(
                coop,
                stage,
                rng,
                ahu_year=ahu_year,
                akta_date=datetime.date(ahu_year - 1, 6, 1) if ahu_year else None,
                nik=nik,
            )
            _officers_and_figures(coop, rng)
    _region_cooperatives(rng)
    if stdout:
        stdout.write(
            f"Registri: {Pesantren.objects.count()} pesantren, "
            f"{Cooperative.objects.count()} koperasi."
        )
