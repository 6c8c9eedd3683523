"""Loading Kemendagri regions from the idn-area-data 4.0.1 CSVs shipped in portal/data.

The data is (c) idn-area-data contributors, under the Open Database License 1.0
(portal/data/LICENSE-ODbL.md); the portal credits it on its "about" page.
"""

import csv
import gzip
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
PROVINSI, KABUPATEN, KECAMATAN, DESA = 1, 2, 3, 4
SOURCES = {
    PROVINSI: ("provinces.csv", None),
    KABUPATEN: ("regencies.csv", "province_code"),
    KECAMATAN: ("districts.csv.gz", "regency_code"),
    DESA: ("villages.csv.gz", "district_code"),
}


def read_rows(level):
    """Yield (code, name, parent_code) for one level."""
    filename, parent_column = SOURCES[level]
    path = DATA_DIR / filename
    opener = gzip.open if filename.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            parent = row[parent_column] if parent_column else None
            yield row["code"], row["name"].strip(), parent


def load_level(region_model, level, prefixes=None, batch_size=5000):
    """Insert or update every region of a level (under `prefixes` when given).

    Idempotent: existing codes get their name and parent updated, nothing is duplicated.
    Returns the number of rows written.
    """
    rows = [
        region_model(code=code, name=name, level=level, parent_id=parent)
        for code, name, parent in read_rows(level)
        if not prefixes
        or any(
            code == p or code.startswith(p + ".") or p.startswith(code + ".")
            for p in prefixes
        )
    ]
    region_model.objects.bulk_create(
        rows,
        batch_size=batch_size,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "level", "parent"],
    )
    return len(rows)
