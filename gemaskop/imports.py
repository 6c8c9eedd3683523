"""Reading an attendance sheet (XLSX or CSV: a typed-up paper sheet, a Google Form
export) into plain rows, and matching each row's institution to the registry."""

from dataclasses import dataclass

from django.contrib.postgres.search import TrigramWordSimilarity
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from gemaskop import services
from gemaskop.models import Attendance, Gender, Position
from gemaskop.services import (
    Affiliation,
    expand_abbreviation,
    name_key,
    of_cooperative,
    tidy,
    validate_person,
)
from kopontren.models import Cooperative
from portal import sheets

MAX_ROWS = 2000
SIMILARITY_THRESHOLD = 0.6
HEADERS = {
    "name": {"nama", "nama lengkap", "nama peserta"},
    "institution": {
        "asal lembaga",
        "lembaga",
        "asal",
        "asal instansi",
        "instansi",
        "asal pesantren",
        "pesantren",
        "nama pesantren",
        "koperasi",
        "asal lembaga pesantren",
    },
    "position": {"jabatan", "posisi", "peran"},
    "gender": {"jenis kelamin", "jk", "l p", "kelamin", "gender"},
    "phone": {
        "no hp",
        "nomor hp",
        "hp",
        "telepon",
        "no telepon",
        "nomor telepon",
        "no wa",
        "nomor wa",
        "whatsapp",
    },
}
COLUMN_LABELS = {
    "name": gettext_lazy("Nama"),
    "institution": gettext_lazy("Asal Lembaga"),
    "position": gettext_lazy("Jabatan"),
    "gender": gettext_lazy("Jenis Kelamin"),
    "phone": gettext_lazy("No HP"),
}
GENDERS = {
    "l": Gender.L,
    "lk": Gender.L,
    "laki laki": Gender.L,
    "laki": Gender.L,
    "pria": Gender.L,
    "p": Gender.P,
    "pr": Gender.P,
    "perempuan": Gender.P,
    "wanita": Gender.P,
}
POSITIONS = {name_key(label): value for value, label in Position.choices} | {
    value.replace("_", " "): value for value in Position.values
}


class SheetError(ValueError):
    """The file as a whole cannot be read (wrong type, no header, too large)."""


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return tidy(value)


def read_sheet(upload):
    """(sheet row number, cells as text) of every non-empty row of an uploaded .xlsx
    or .csv file, read by the portal's guarded reader (portal.sheets)."""
    try:
        sheets.check_upload(upload)
        return [
            (number, [_cell_text(value) for value in values])
            for number, values in sheets.iter_rows(
                upload.read(), upload.name, max_rows=MAX_ROWS
            )
        ]
    except ValidationError as error:
        raise SheetError(" ".join(error.messages)) from error


def _columns(header):
    columns = {}
    for index, title in enumerate(header):
        for field, names in HEADERS.items():
            if name_key(title) in names and field not in columns:
                columns[field] = index
    if "name" not in columns:
        raise SheetError(_("Baris 1: kolom “Nama” tidak ditemukan di baris judul."))
    return columns


def _gender(text):
    if not text:
        return ""
    return GENDERS.get(name_key(text), text)


def _position(text):
    """(choice, detail): a known jabatan, else “lainnya” keeping the written one."""
    if not text:
        return Position.LAINNYA, ""
    value = POSITIONS.get(name_key(text))
    if value:
        return value, ""
    return Position.LAINNYA, text[:100]


def _phone(text):
    digits = text.replace(" ", "").replace("-", "")
    # Spreadsheets drop the leading zero of 0812…: put it back.
    if digits.isdigit() and digits.startswith("8") and 9 <= len(digits) <= 13:
        return "0" + digits
    return digits


def parse_rows(table):
    """Plain dict rows (with their sheet row number and column letters)."""
    return parse_numbered_rows(enumerate(table, start=1))


def parse_numbered_rows(numbered):
    """parse_rows for (sheet row number, cells) pairs, as read_sheet gives them."""
    table = [(number, row) for number, row in numbered if any(row)]
    if not table:
        raise SheetError(_("Berkas kosong."))
    header_number, header = table[0]
    columns = _columns(header)
    if len(table) - 1 > MAX_ROWS:
        raise SheetError(_("Paling banyak %(n)s baris sekali impor.") % {"n": MAX_ROWS})
    letters = {
        field: f"{get_column_letter(index + 1)} ({COLUMN_LABELS[field]})"
        for field, index in columns.items()
    }
    rows = []
    for number, cells in table[1:]:

        def cell(field, cells=cells):
            index = columns.get(field)
            return cells[index] if index is not None and index < len(cells) else ""

        position, detail = _position(cell("position"))
        rows.append(
            {
                "row": number,
                "name": cell("name"),
                "institution": cell("institution"),
                "gender": _gender(cell("gender")),
                "position": position,
                "position_detail": detail,
                "phone": _phone(cell("phone")),
                "columns": letters,
            }
        )
    return rows


def row_errors(row):
    """Messages naming the row and column of each problem in one row."""
    try:
        validate_person(
            name=row["name"],
            phone=row["phone"],
            gender=row["gender"],
            position=row["position"],
        )
    except Exception as error:  # noqa: BLE001 - ValidationError with a dict
        messages = getattr(error, "message_dict", {"name": [str(error)]})
        return [
            _("Baris %(row)s, kolom %(column)s: %(message)s")
            % {
                "row": row["row"],
                "column": row["columns"].get(field, field),
                "message": " ".join(texts),
            }
            for field, texts in messages.items()
        ]
    return []


def _exact_matches(texts, queryset):
    """{lowercased name: object} for registry names equal to one of the texts."""
    wanted = {text.lower() for text in texts} | {
        expand_abbreviation(text).lower() for text in texts
    }
    found = {}
    rows = queryset.annotate(lower_name=Lower("name")).filter(lower_name__in=wanted)
    for obj in rows.order_by("pk"):
        found.setdefault(obj.lower_name, obj)
    return found


def _similar(text, queryset):
    if connection.vendor != "postgresql":
        return None, 0
    text = expand_abbreviation(text)
    best = (
        queryset.filter(name__trigram_word_similar=text)
        .annotate(similarity=TrigramWordSimilarity(text, "name"))
        .filter(similarity__gte=SIMILARITY_THRESHOLD)
        .order_by("-similarity", "pk")
        .first()
    )
    return (best, best.similarity) if best else (None, 0)


def match_rows(rows, registry):
    """Attach to each row its registry match: exact name first, then a close one."""
    texts = {row["institution"] for row in rows if row["institution"]}
    pesantren = _exact_matches(texts, registry.pesantren)
    cooperatives = _exact_matches(texts, registry.cooperatives)
    matches = {}
    for text in texts:
        keys = (text.lower(), expand_abbreviation(text).lower())
        found = next((pesantren[k] for k in keys if k in pesantren), None)
        found = found or next(
            (cooperatives[k] for k in keys if k in cooperatives), None
        )
        how, score = "exact", 1
        if found is None:
            found, score = _similar(text, registry.pesantren)
            coop, coop_score = _similar(text, registry.cooperatives)
            if coop_score > score:
                found, score = coop, coop_score
            how = "similar"
        matches[text] = (
            {
                "kind": "k" if isinstance(found, Cooperative) else "p",
                "id": found.pk,
                "label": found.name,
                "how": how,
                "score": round(float(score), 2),
            }
            if found
            else None
        )
    for row in rows:
        row["match"] = matches.get(row["institution"])
    return rows


def unmatched_institutions(rows):
    return sorted(
        {row["institution"] for row in rows if row["institution"]}
        - {row["institution"] for row in rows if row.get("match")}
    )


def affiliations_for_rows(rows, registry):
    """{row number: Affiliation}, loading the matched records again within scope."""
    ids = {"p": set(), "k": set()}
    for row in rows:
        if row.get("match"):
            ids[row["match"]["kind"]].add(row["match"]["id"])
    pesantren = registry.pesantren.in_bulk(ids["p"]) if ids["p"] else {}
    cooperatives = (
        registry.cooperatives.select_related("pesantren").in_bulk(ids["k"])
        if ids["k"]
        else {}
    )
    affiliations = {}
    for row in rows:
        match = row.get("match") or {}
        if match.get("kind") == "p" and match["id"] in pesantren:
            affiliations[row["row"]] = Affiliation(pesantren=pesantren[match["id"]])
        elif match.get("kind") == "k" and match["id"] in cooperatives:
            affiliations[row["row"]] = of_cooperative(cooperatives[match["id"]])
        else:
            affiliations[row["row"]] = Affiliation(institution=row["institution"])
    return affiliations


def duplicate_rows(rows):
    """{row number: first row number} for rows repeating an earlier person."""
    seen, repeats = {}, {}
    for row in rows:
        match = row.get("match")
        where = (
            f"{match['kind']}{match['id']}" if match else name_key(row["institution"])
        )
        key = (name_key(row["name"]), where)
        if key in seen:
            repeats[row["row"]] = seen[key]
        else:
            seen[key] = row["row"]
    return repeats


def preview(upload, registry):
    """Everything the preview page shows: rows, errors, unmatched institutions."""
    rows = match_rows(parse_numbered_rows(read_sheet(upload)), registry)
    return {
        "rows": rows,
        "errors": [error for row in rows for error in row_errors(row)],
        "unmatched": unmatched_institutions(rows),
        "repeats": duplicate_rows(rows),
    }


@dataclass
class ImportResult:
    added: int
    duplicates: int


@transaction.atomic
def attendance_import(*, session, rows, entered_by, registry):
    """Import checked rows into a session, all or nothing. `rows` come from
    gemaskop.imports (validated there); they are validated again here."""
    errors = [error for row in rows for error in row_errors(row)]
    if errors:
        raise ValidationError(errors)
    affiliations = affiliations_for_rows(rows, registry)
    added = duplicates = 0
    for row in rows:
        result = services.attendance_add(
            session=session,
            name=row["name"],
            affiliation=affiliations[row["row"]],
            gender=row["gender"],
            phone=row["phone"],
            position=row["position"],
            position_detail=row["position_detail"],
            source=Attendance.Source.IMPORT,
            entered_by=entered_by,
        )
        added += not result.duplicate
        duplicates += result.duplicate
    return ImportResult(added, duplicates)
