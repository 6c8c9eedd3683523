"""Duplicates are decided by the constraint's name, whichever database refuses them:
PostgreSQL names the constraint, SQLite names the table and columns."""

import pytest
from django.db import IntegrityError, transaction
from django.db.utils import ConnectionHandler

from gemaskop.models import Attendance, Participant
from portal.constraints import violated_constraint
from tests.gemaskop import factories

INSERT = (
    "INSERT INTO gemaskop_attendance (session_id, participant_id, source, created_at,"
    " removed_reason, client_id) VALUES (1, %s, 'meja', '2025-10-06', '', %s)"
)


@pytest.fixture
def sqlite():
    """A fresh in-memory SQLite with the attendance table as migrations make it."""
    handler = ConnectionHandler(
        {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
    )
    connection = handler["default"]
    with connection.schema_editor() as editor:
        editor.create_model(Attendance)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys = OFF")
    yield connection
    connection.close()


def sqlite_refusal(connection, *rows):
    with connection.cursor() as cursor:
        for row in rows[:-1]:
            cursor.execute(INSERT, row)
        with pytest.raises(IntegrityError) as refused:
            cursor.execute(INSERT, rows[-1])
    return refused.value


def test_sqlite_same_person_twice_is_the_once_per_session_constraint(db, sqlite):
    error = sqlite_refusal(sqlite, (7, None), (7, None))
    assert "UNIQUE constraint failed" in str(error)
    assert violated_constraint(error, Attendance) == "attendance_once_per_session"


def test_sqlite_same_entry_twice_is_the_client_entry_constraint(db, sqlite):
    entry = "0b9e4c1e6a6f4d0c9d1a2b3c4d5e6f70"
    error = sqlite_refusal(sqlite, (7, entry), (8, entry))
    assert violated_constraint(error, Attendance) == "attendance_unique_client_entry"


def test_postgresql_names_the_constraint(db):
    session = factories.session(event_obj=factories.event())
    added = factories.attend(session_obj=session, name="Ahmad", institution="PP Uji")
    with pytest.raises(IntegrityError) as refused, transaction.atomic():
        Attendance.objects.create(session=session, participant=added.participant)
    error = refused.value
    assert violated_constraint(error, Attendance) == "attendance_once_per_session"


def test_another_models_constraint_is_not_taken_for_ours(db, sqlite):
    error = sqlite_refusal(sqlite, (7, None), (7, None))
    assert violated_constraint(error, Participant) is None
