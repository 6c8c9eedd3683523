from django.db import migrations

INDEXES = [
    ("kopontren_cooperative_name_trgm", "kopontren_cooperative", "name"),
    ("kopontren_pesantren_name_trgm", "kopontren_pesantren", "name"),
]


def create(apps, schema_editor):
    # Typo-tolerant search runs on PostgreSQL only; SQLite (the try-out default) keeps
    # plain substring search.
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin ({column} gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("kopontren", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
