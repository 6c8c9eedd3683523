from django.db import migrations

# The expressions kopontren/search.py compares, each under a GIN trigram index: names
# in upper case (icontains and word similarity), identifiers as written (prefix,
# suffix and substring LIKE).
INDEXES = [
    ("kopontren_cooperative_upper_name_trgm", "kopontren_cooperative", "UPPER(name)"),
    ("kopontren_pesantren_upper_name_trgm", "kopontren_pesantren", "UPPER(name)"),
    ("kopontren_cooperative_nik_trgm", "kopontren_cooperative", "nik_koperasi"),
    ("kopontren_pesantren_nspp_trgm", "kopontren_pesantren", "nspp"),
    ("kopontren_legalevent_upper_number_trgm", "kopontren_legalevent", "UPPER(number)"),
]
# Superseded: they indexed `name`, which no search compares.
OLD = ["kopontren_cooperative_name_trgm", "kopontren_pesantren_name_trgm"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name in OLD:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table, expression in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (({expression}) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
    for name, table in zip(OLD, ["kopontren_cooperative", "kopontren_pesantren"]):
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (name gin_trgm_ops)"
        )


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0012_rat_as_a_meeting")]

    operations = [migrations.RunPython(create, drop)]
