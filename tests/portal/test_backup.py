"""The backup drill on the test cluster: back up the test database and media,
restore both into a fresh database and an empty folder, compare, log in."""

import json
import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from psycopg import sql

from portal.models import User
from tests import factories

ROOT = Path(__file__).resolve().parents[2]


def database_url(name):
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{name}"


def run(script, *args, database, media):
    env = os.environ | {"DATABASE_URL": database_url(database), "MEDIA_ROOT": media}
    env["PORTAL_RESTORE_PASSWORD"] = "kata-sandi-cadangan-2026"
    return subprocess.run(
        [str(ROOT / "scripts" / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def restore_database(transactional_db):
    name = connection.settings_dict["NAME"] + "_pemulihan"
    yield name
    db = connection.settings_dict
    info = {"dbname": "postgres", "user": db["USER"], "host": db["HOST"]}
    info |= {"port": db["PORT"], "password": db.get("PASSWORD") or None}
    with psycopg.connect(**info, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(name)
            )
        )


@pytest.fixture
def backed_up(restore_database, tmp_path, coop_a):
    admin = factories.user(username="admin-cadangan", role=User.Role.ADMIN)
    # The scripts run with the portal's own hashers, not the tests' fast one.
    admin.password = PBKDF2PasswordHasher().encode(
        "kata-sandi-cadangan-2026", PBKDF2PasswordHasher().salt()
    )
    admin.save()
    factories.officer(cooperative_obj=coop_a, name="Ketua Cadangan")
    media = tmp_path / "media"
    (media / "dokumen").mkdir(parents=True)
    (media / "dokumen" / "akta.pdf").write_bytes(b"%PDF-1.4 akta")
    folder = tmp_path / "cadangan"
    result = run(
        "backup",
        str(folder),
        database=connection.settings_dict["NAME"],
        media=str(media),
    )
    assert result.returncode == 0, result.stderr
    return folder


def test_a_backup_restores_into_a_fresh_database_with_the_same_counts(
    backed_up, restore_database, tmp_path
):
    manifest = json.loads((backed_up / "manifest.json").read_text())
    restored_media = tmp_path / "media-pulih"

    result = run(
        "restore",
        str(backed_up),
        "--username",
        "admin-cadangan",
        database=restore_database,
        media=str(restored_media),
    )

    assert result.returncode == 0, result.stderr
    assert "counts match the manifest" in result.stdout
    assert "Log-in as admin-cadangan: ok." in result.stdout
    assert manifest["tables"]["kopontren_officer"] == 1
    assert manifest["tables"]["portal_user"] == 1
    assert manifest["media_files"] == 1
    assert (restored_media / "dokumen" / "akta.pdf").read_bytes() == b"%PDF-1.4 akta"
    db = connection.settings_dict
    with psycopg.connect(
        dbname=restore_database, user=db["USER"], host=db["HOST"], port=db["PORT"]
    ) as conn:
        names = conn.execute("SELECT name FROM kopontren_officer").fetchall()
    assert names == [("Ketua Cadangan",)]


def test_a_damaged_backup_is_refused(backed_up, restore_database, tmp_path):
    with open(backed_up / "database.dump", "ab") as dump:
        dump.write(b"rusak")

    result = run(
        "restore", str(backed_up), database=restore_database, media=str(tmp_path / "m")
    )

    assert result.returncode != 0
    assert "checksum differs" in result.stderr


def test_restore_refuses_a_database_that_is_not_empty(backed_up, tmp_path):
    result = run(
        "restore",
        str(backed_up),
        database=connection.settings_dict["NAME"],
        media=str(tmp_path / "m"),
    )

    assert result.returncode != 0
    assert "is not empty" in result.stderr
