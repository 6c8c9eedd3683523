"""Which named constraint a database refused a write with, on PostgreSQL and SQLite.

Services decide duplicates by the constraint's name, never by the wording of the
error: PostgreSQL names the constraint in the error's diagnostics, SQLite names only
the table and columns ("UNIQUE constraint failed: app_model.a_id, app_model.b") or,
for a CHECK, the constraint ("CHECK constraint failed: name").
"""

import re

SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: (?P<detail>.+)$")
SQLITE_INDEX = re.compile(r"index '(?P<name>[^']+)'")
SQLITE_CHECK = re.compile(r"CHECK constraint failed: (?P<name>\w+)")


def _columns(model, constraint):
    fields = getattr(constraint, "fields", ()) or ()
    return {model._meta.get_field(name).column for name in fields}


def _sqlite_constraint(model, message):
    check = SQLITE_CHECK.search(message)
    if check:
        return check["name"]
    unique = SQLITE_UNIQUE.search(message)
    if not unique:
        return None
    detail = unique["detail"].strip()
    index = SQLITE_INDEX.fullmatch(detail)
    if index:
        return index["name"]
    table = model._meta.db_table
    columns = set()
    for item in detail.split(","):
        owner, _dot, column = item.strip().rpartition(".")
        if owner != table:
            return None
        columns.add(column)
    for constraint in model._meta.constraints:
        if _columns(model, constraint) == columns:
            return constraint.name
    return None


def violated_constraint(error, model):
    """The name of `model`'s constraint that `error` (an IntegrityError) reports, or
    None when it is another one or cannot be told."""
    names = {constraint.name for constraint in model._meta.constraints}
    diag = getattr(error.__cause__, "diag", None)
    name = getattr(diag, "constraint_name", None)
    if name is None:
        name = _sqlite_constraint(model, str(error.__cause__ or error))
    return name if name in names else None
