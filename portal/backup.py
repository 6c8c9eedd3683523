"""Backup and restore of the portal: the database (pg_dump's custom format), the
uploaded files (a tar of MEDIA_ROOT) and a manifest with the rows of every table
and the checksums of both files. A restore goes into a fresh database and compares
the counts; scripts/backup and scripts/restore call the commands of the same name."""

import datetime
import glob
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from psycopg import sql

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def pg_tool(name):
    """pg_dump or pg_restore: the newest server's own, else the one on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    path = found[-1] if found else shutil.which(name)
    if path is None:
        raise BackupError(f"{name} not found: install postgresql-client")
    return path


def conninfo(database=None):
    """libpq keywords of the default database (or another on the same server)."""
    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("postgresql"):
        raise BackupError("backup and restore need PostgreSQL (DATABASE_URL)")
    parts = {
        "dbname": database or db["NAME"],
        "user": db.get("USER") or "",
        "password": db.get("PASSWORD") or "",
        "host": db.get("HOST") or "",
        "port": str(db.get("PORT") or ""),
    }
    return {key: value for key, value in parts.items() if value}


def libpq_env(info):
    env = dict(os.environ)
    names = {"dbname": "PGDATABASE", "user": "PGUSER", "password": "PGPASSWORD"}
    names |= {"host": "PGHOST", "port": "PGPORT"}
    env.update({names[key]: value for key, value in info.items()})
    return env


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(cursor):
    """Rows of every table in the public schema, by name."""
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    )
    counts = {}
    for (table,) in cursor.fetchall():
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def backup(*, directory):
    """Write the dump, the media archive and the manifest into `directory`; the
    counts are taken in the very snapshot pg_dump reads."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=False)
    info = conninfo()
    with psycopg.connect(**info) as conn:
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
        with conn.cursor() as cursor:
            counts = table_counts(cursor)
        subprocess.run(
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges"]
            + [f"--snapshot={snapshot}", f"--file={directory / DUMP}"],
            env=libpq_env(info),
            check=True,
        )
        conn.rollback()
    files = media_files(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        for path in files:
            archive.add(path, arcname=str(path.relative_to(settings.MEDIA_ROOT)))
    manifest = {
        "created_at": datetime.datetime.now(datetime.UTC).isoformat(),
        "database": info["dbname"],
        "tables": counts,
        "media_files": len(files),
        "sha256": {DUMP: sha256(directory / DUMP), MEDIA: sha256(directory / MEDIA)},
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def read_manifest(directory):
    """The manifest, after checking both files against its checksums."""
    directory = Path(directory)
    manifest = json.loads((directory / MANIFEST).read_text())
    for name, expected in manifest["sha256"].items():
        if sha256(directory / name) != expected:
            raise BackupError(f"{name}: checksum differs from the manifest")
    return manifest


def create_database_if_missing(info):
    maintenance = info | {"dbname": "postgres"}
    with psycopg.connect(**maintenance, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [info["dbname"]]
        ).fetchone()
        if not exists:
            conn.execute(
                sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                    sql.Identifier(info["dbname"])
                )
            )


def restore(*, directory):
    """Restore a backup into the (fresh) default database and MEDIA_ROOT; the
    differences between the manifest's counts and the restored ones (empty when
    the restore is whole)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    info = conninfo()
    create_database_if_missing(info)
    if connection.introspection.table_names():
        raise BackupError(f"database {info['dbname']} is not empty: restore refused")
    media_root = Path(settings.MEDIA_ROOT)
    if media_files(media_root):
        raise BackupError(f"{media_root} is not empty: restore refused")
    subprocess.run(
        [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error"]
        + [f"--dbname={info['dbname']}", str(directory / DUMP)],
        env=libpq_env(info),
        check=True,
    )
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(directory / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    with connection.cursor() as cursor:
        counts = table_counts(cursor.cursor)
    differences = {
        table: (expected, counts.get(table))
        for table, expected in manifest["tables"].items()
        if counts.get(table) != expected
    }
    restored_files = len(media_files(media_root))
    if restored_files != manifest["media_files"]:
        differences["media files"] = (manifest["media_files"], restored_files)
    return manifest, counts, differences
