"""Generate a registry the size of a province (tier S) or of Indonesia (tier M).

Rows go in with PostgreSQL's COPY, ids chosen here (after the largest in each table),
so tier M (130,000 cooperatives, a million attendance rows) builds in a few minutes.
The same seed gives the same names and the same numbers on any database.
"""

import argparse
import datetime
import itertools
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone

from portal.models import Region

TIERS = {
    "S": {
        "province": "63",  # Kalimantan Selatan: 3,057 cooperatives in 2024
        "pesantren": 1_200,
        "cooperatives": 3_057,
        "events": 500,
        "attendance": 50_000,
        "products": 10_000,
    },
    "M": {
        "province": None,
        "pesantren": 39_000,
        "cooperatives": 130_000,
        "events": 10_000,
        "attendance": 1_000_000,
        "products": 200_000,
    },
}

# The words real pesantren names are made of; benchmarks/search_scale.py searches them.
FIRST = (
    "Nurul Mambaul Miftahul Darul Raudlatul Bahrul Sabilul Baitul Hidayatul Riyadlul "
    "Ihyaul Nahdlatul Tarbiyatul Sirojul Manbaul Zainul Fathul Roudhotul Khoirul "
    "Syamsul Badrul Nidhomul Falahul Irsyadul Asy-Syarifah"
).split()
SECOND = (
    "Huda Ulum Falah Hikmah Jannah Ikhlas Muttaqin Anwar Hasan Ma'arif Mubtadiin "
    "Tholibin Qur'an Salam Islah Amin Hidayah Ibad Abror Mustofa Wathon Jadid Karim "
    "Sholihin Athfal Ulama Faizin Mutaallimin Ridlo Ittihad"
).split()
THIRD = (
    "Al-Islamiyah As-Salafiyah Al-Amin Putri Al-Hasaniyah Assalam Al-Anwar "
    "Al-Ma'had Al-Fattah Asy-Syafi'iyah"
).split()
COOPERATIVE_PREFIX = [
    "Koperasi Pondok Pesantren",
    "Koperasi Pondok Pesantren",
    "Kopontren",
    "Koperasi Syariah",
    "Koperasi Serba Usaha",
    "Koperasi Jasa Keuangan Syariah",
    "Koperasi Konsumen",
]
GIVEN = (
    "Ahmad Muhammad Abdul Ali Hasan Husain Umar Yusuf Ibrahim Ismail Zainal Fauzi "
    "Rahmat Hidayat Syaiful Imam Agus Budi Nur Rizki Faisal Arif Luthfi Hamdan Mahfud"
).split()
GIVEN_WOMEN = (
    "Siti Nur Aminah Fatimah Khadijah Aisyah Zainab Maryam Laila Dewi Rina Umi "
    "Latifah Hanifah Nurul Ulfa Rohmah Nadia Salsabila Azizah"
).split()
FAMILY = (
    "Hasyim Asy'ari Wahid Mahfudz Fauzan Hakim Anshori Syafi'i Rohman Maulana "
    "Firdaus Hidayatullah Ridwan Zuhri Basori Munir Kholil Syukri Baidowi Junaidi "
    "Mustofa Qomaruddin Suhaimi Rifa'i Fanani"
).split()
PRODUCTS = [
    ("Keripik Pisang", "makanan"),
    ("Kerupuk Ikan", "makanan"),
    ("Dodol Kandangan", "makanan"),
    ("Abon Ikan Haruan", "makanan"),
    ("Sambal Pecel", "makanan"),
    ("Roti Santri", "makanan"),
    ("Gula Aren", "makanan"),
    ("Madu Hutan", "makanan"),
    ("Kopi Robusta", "minuman"),
    ("Teh Herbal", "minuman"),
    ("Air Minum Kemasan", "minuman"),
    ("Jahe Merah Instan", "minuman"),
    ("Sarung Tenun", "fashion"),
    ("Kain Sasirangan", "fashion"),
    ("Peci Rajut", "fashion"),
    ("Mukena Bordir", "fashion"),
    ("Anyaman Purun", "kerajinan"),
    ("Kaligrafi Kayu", "kerajinan"),
    ("Tasbih Kayu Ulin", "kerajinan"),
    ("Beras Organik", "pertanian"),
    ("Telur Ayam Kampung", "pertanian"),
    ("Pupuk Kompos", "pertanian"),
    ("Jasa Percetakan", "jasa"),
    ("Jasa Laundry", "jasa"),
    ("Sabun Herbal", "lainnya"),
]
VARIANTS = [
    "",
    " Kemasan 250 g",
    " Kemasan 500 g",
    " Kemasan 1 kg",
    " Original",
    " Pedas",
    " Premium",
    " Ekonomis",
    " Paket Oleh-oleh",
    " Ukuran Besar",
]
EVENT_KINDS = ["sosialisasi", "sosialisasi", "sosialisasi", "bimtek", "raker_opop"]
POSITIONS = ["santri", "santri", "pengurus", "pengurus", "pengasuh", "ketua_koperasi"]


def pesantren_names(rng, count):
    """Names as real registries have them: a few hundred word pairs, repeated, some
    told apart by a third word."""
    pairs = list(itertools.product(FIRST, SECOND))
    rng.shuffle(pairs)
    for i in range(count):
        first, second = pairs[i % len(pairs)]
        name = f"Pondok Pesantren {first} {second}"
        if i >= len(pairs):
            name += f" {THIRD[(i // len(pairs) - 1) % len(THIRD)]}"
            if i >= len(pairs) * (len(THIRD) + 1):
                name += f" {i // (len(pairs) * (len(THIRD) + 1)) + 1}"
        yield name


def person_name(rng):
    if rng.random() < 0.4:
        return f"{rng.choice(GIVEN_WOMEN)} {rng.choice(FAMILY)}", "P"
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}", "L"


def legal_fields(rng):
    """Status and the dates that go with it, in the order the constraints ask."""
    roll = rng.random()
    akta = ahu = dissolved = nik_date = None
    status, since = "belum", None
    if roll > 0.3:
        akta = datetime.date(rng.randint(2005, 2024), rng.randint(1, 12), 1)
        status, since = "proses", akta
    if roll > 0.5:
        ahu = akta + datetime.timedelta(days=rng.randint(30, 900))
        status, since = "bh", ahu
        nik_date = ahu + datetime.timedelta(days=60)
    if roll > 0.97:
        dissolved = ahu + datetime.timedelta(days=400)
        status, since = "bubar", dissolved
    return status, since, akta, ahu, dissolved, nik_date


class Command(BaseCommand):
    help = (
        "Buat data uji berskala: tier S (satu provinsi: 3.057 koperasi) atau tier M "
        "(nasional: 130.000 koperasi, 1.000.000 baris kehadiran). Hanya PostgreSQL."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), required=True)
        parser.add_argument("--seed", type=int, default=2024)
        # The suite builds tier S at a fraction of its size.
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, tier, seed, scale, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "generate_scale_data memerlukan PostgreSQL (COPY); basis data ini "
                f"{connection.vendor}. Atur DATABASE_URL ke PostgreSQL."
            )
        if not 0 < scale <= 1:
            raise CommandError("--scale harus di antara 0 dan 1.")
        plan = dict(TIERS[tier])
        for key in ("pesantren", "cooperatives", "events", "attendance", "products"):
            plan[key] = max(1, round(plan[key] * scale))
        kabupatens = Region.objects.kabupatens()
        if plan["province"]:
            kabupatens = kabupatens.filter(parent_id=plan["province"])
        kabupatens = list(kabupatens.order_by("code").values_list("code", "name"))
        if not kabupatens:
            raise CommandError(
                "Tabel wilayah kosong: jalankan `manage.py migrate` terlebih dahulu."
            )
        started = time.perf_counter()
        with transaction.atomic():
            counts = Builder(random.Random(seed), kabupatens, plan).build()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            ", ".join(f"{table}: {count:,}" for table, count in counts.items())
            + f" ({time.perf_counter() - started:.1f} s)"
        )


class Builder:
    """Writes each table with one COPY, after the largest id already there."""

    def __init__(self, rng, kabupatens, plan):
        self.rng = rng
        self.kabupatens = kabupatens
        self.plan = plan
        self.now = timezone.now()
        self.counts = {}

    def build(self):
        pesantren = self.pesantren()
        cooperatives = self.cooperatives(pesantren)
        self.events(pesantren, cooperatives)
        self.products(cooperatives)
        return self.counts

    def copy(self, table, columns, rows):
        """COPY rows into table; returns how many went in."""
        count = 0
        with connection.cursor() as cursor:
            sql = f"COPY {table} ({', '.join(columns.split())}) FROM STDIN"
            with cursor.cursor.copy(sql) as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table}), false)"
            )
        self.counts[table] = count
        return count

    def first_id(self, table):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {table}")
            return cursor.fetchone()[0]

    def pesantren(self):
        """[(id, name, kabupaten code)]"""
        rng, now = self.rng, self.now
        start = self.first_id("kopontren_pesantren")
        rows = []
        for i, name in enumerate(pesantren_names(rng, self.plan["pesantren"])):
            code = self.kabupatens[rng.randrange(len(self.kabupatens))][0]
            rows.append((start + i, name, code))
        columns = (
            "id created_at updated_at name nspp kind pengasuh founded_year "
            "address santri_putra santri_putri kabupaten_id"
        )
        kinds = ["salafiyah", "khalafiyah", "kombinasi"]
        self.copy(
            "kopontren_pesantren",
            columns,
            (
                (
                    pk,
                    now,
                    now,
                    name,
                    f"51{pk:010d}",
                    rng.choice(kinds),
                    "KH. " + person_name(rng)[0],
                    rng.randint(1900, 2020),
                    "",
                    rng.randint(20, 1500),
                    rng.randint(20, 1500),
                    code,
                )
                for pk, name, code in rows
            ),
        )
        return rows

    def cooperatives(self, pesantren):
        """[(id, pesantren id, kabupaten code, is member-like)]: every pesantren runs
        one cooperative, the rest go to pesantren at random (a second, a third)."""
        rng, now = self.rng, self.now
        start = self.first_id("kopontren_cooperative")
        columns = (
            "id created_at updated_at name kelompok nik_koperasi nib jenis "
            "bentuk pola is_active address phone email verified legal_status "
            "legal_status_since akta_date ahu_date dissolved_date nik_date "
            "kabupaten_id pesantren_id"
        )
        jenis = ["konsumen", "produsen", "simpan_pinjam", "jasa", "pemasaran"]
        made = []

        def rows():
            for i in range(self.plan["cooperatives"]):
                owner = pesantren[i] if i < len(pesantren) else rng.choice(pesantren)
                pk = start + i
                words = owner[1].removeprefix("Pondok Pesantren ")
                name = f"{rng.choice(COOPERATIVE_PREFIX)} {words}"
                if i >= len(pesantren):
                    name += " " + rng.choice(["Putri", "Sejahtera", "Mandiri", "II"])
                status, since, akta, ahu, dissolved, nik_date = legal_fields(rng)
                active = status != "bubar" and rng.random() < 0.9
                made.append((pk, owner[0], owner[2], status == "bh" and active))
                yield (
                    pk,
                    now,
                    now,
                    name,
                    "kopontren",
                    f"{pk:013d}" if nik_date else "",
                    "",
                    rng.choice(jenis),
                    "primer_kab",
                    "syariah" if rng.random() < 0.6 else "konvensional",
                    active,
                    "",
                    "",
                    "",
                    rng.random() < 0.7,
                    status,
                    since,
                    akta,
                    ahu,
                    dissolved,
                    nik_date,
                    owner[2],
                    owner[0],
                )

        self.copy("kopontren_cooperative", columns, rows())
        return made

    def events(self, pesantren, cooperatives):
        """Events of two sessions each; every participant attends the first session,
        as many as the tier asks attend the second too."""
        rng, now, plan = self.rng, self.now, self.plan
        event_start = self.first_id("gemaskop_event")
        names = dict(self.kabupatens)
        events = []
        for i in range(plan["events"]):
            code = self.kabupatens[i % len(self.kabupatens)][0]
            year = 2020 + i % 6
            day = datetime.date(year, 1, 1) + datetime.timedelta(
                days=rng.randrange(360)
            )
            events.append((event_start + i, code, year, day))
        kind_of = {pk: rng.choice(EVENT_KINDS) for pk, *_ in events}
        self.copy(
            "gemaskop_event",
            (
                "id created_at updated_at name kind budget_year bidang start_date "
                "end_date venue description checkin_token kabupaten_id"
            ),
            (
                (
                    pk,
                    now,
                    now,
                    f"Sosialisasi GEMASKOP {names[code]} {year} "
                    f"Angkatan {n // len(names) + 1}",
                    kind_of[pk],
                    year,
                    "Kelembagaan",
                    day,
                    day,
                    f"Aula {rng.choice(pesantren)[1]}",
                    "",
                    f"{rng.getrandbits(128):032x}",
                    code,
                )
                for n, (pk, code, year, day) in enumerate(events)
            ),
        )
        session_start = self.first_id("gemaskop_eventsession")
        self.copy(
            "gemaskop_eventsession",
            ("id created_at updated_at event_id date start_time end_time title"),
            (
                (
                    session_start + 2 * n + half,
                    now,
                    now,
                    pk,
                    day,
                    "08:00" if half == 0 else "13:00",
                    "12:00" if half == 0 else "16:00",
                    f"Sesi {half + 1}",
                )
                for n, (pk, _code, _year, day) in enumerate(events)
                for half in (0, 1)
            ),
        )
        by_kabupaten = {}
        for pk, pesantren_id, code, _member in cooperatives:
            by_kabupaten.setdefault(code, []).append((pesantren_id, pk))
        attendance = plan["attendance"]
        participant_count = (attendance + 1) // 2
        participant_start = self.first_id("gemaskop_participant")

        def participants():
            seen = set()
            for j in range(participant_count):
                n = j % len(events)
                event_id, code, _year, _day = events[n]
                local = by_kabupaten.get(code) or [(rng.choice(pesantren)[0], None)]
                pesantren_id, cooperative_id = rng.choice(local)
                name, gender = person_name(rng)
                key = name.casefold().replace("'", " ")
                affiliation = f"p:{pesantren_id}"
                while (event_id, key, affiliation) in seen:
                    name += " " + rng.choice(FAMILY)
                    key = name.casefold().replace("'", " ")
                seen.add((event_id, key, affiliation))
                yield (
                    participant_start + j,
                    now,
                    now,
                    "",
                    affiliation,
                    name,
                    key,
                    gender,
                    "",
                    rng.choice(POSITIONS),
                    "",
                    event_id,
                    pesantren_id,
                    cooperative_id if rng.random() < 0.5 else None,
                )

        self.copy(
            "gemaskop_participant",
            (
                "id created_at updated_at institution affiliation_key name name_key "
                "gender phone position position_detail event_id pesantren_id "
                "cooperative_id"
            ),
            participants(),
        )
        attendance_start = self.first_id("gemaskop_attendance")
        twice = attendance - participant_count

        def rows():
            pk = attendance_start
            for j in range(participant_count):
                n = j % len(events)
                for half in (0, 1) if j < twice else (0,):
                    yield (
                        pk,
                        "undangan",
                        now,
                        "",
                        session_start + 2 * n + half,
                        participant_start + j,
                    )
                    pk += 1

        self.copy(
            "gemaskop_attendance",
            ("id source created_at removed_reason session_id participant_id"),
            rows(),
        )

    def products(self, cooperatives):
        """OPOP members (a third of the legal, active cooperatives, at least one) with
        their products, the first of each the flagship, half the food halal."""
        rng, now, plan = self.rng, self.now, self.plan
        eligible = [c for c in cooperatives if c[3]] or cooperatives[:1]
        members = eligible[: max(1, min(len(eligible), plan["products"] // 4))]
        self.copy(
            "opop_membership",
            (
                "created_at updated_at joined_on pillar pact_document "
                "cooperative_id programme_id"
            ),
            (
                (
                    now,
                    now,
                    datetime.date(2019 + pk % 6, 10, 2),
                    rng.choice(["santripreneur", "pesantrenpreneur", "sociopreneur"]),
                    "",
                    pk,
                    code[:2],
                )
                for pk, _pesantren, code, _member in members
            ),
        )
        start = self.first_id("opop_product")
        curations = ["terdaftar", "terdaftar", "dikurasi", "unggulan", "siap_ekspor"]
        halal = []

        def rows():
            for k in range(plan["products"]):
                cooperative_id = members[k % len(members)][0]
                n = k // len(members)
                base, category = PRODUCTS[(cooperative_id + n) % len(PRODUCTS)]
                variant = VARIANTS[n // len(PRODUCTS) % len(VARIANTS)]
                suffix = (
                    f" {n // (len(PRODUCTS) * len(VARIANTS)) + 1}" if n >= 250 else ""
                )
                if category in ("makanan", "minuman") and rng.random() < 0.5:
                    halal.append(start + k)
                yield (
                    start + k,
                    now,
                    now,
                    base + variant + suffix,
                    category,
                    "",
                    rng.randrange(5, 500) * 1000,
                    "pcs",
                    rng.randrange(50, 5000),
                    n == 0,
                    "",
                    "",
                    rng.choice(curations),
                    cooperative_id,
                )

        self.copy(
            "opop_product",
            (
                "id created_at updated_at name category description price unit "
                "monthly_capacity is_flagship whatsapp marketplace_links "
                "curation_status cooperative_id"
            ),
            rows(),
        )
        self.copy(
            "opop_permit",
            (
                "created_at updated_at kind number issued_on valid_until document "
                "verified verified_at product_id"
            ),
            (
                (
                    now,
                    now,
                    "halal",
                    f"ID{pk:012d}",
                    datetime.date(2023, 5, 1),
                    datetime.date(2027 + pk % 3, 5, 1),
                    "",
                    True,
                    now,
                    pk,
                )
                for pk in halal
            ),
        )
