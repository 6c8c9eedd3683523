"""Erasure of a person reaches every copy: after it, no text column of any table
holds the person's name or phone; certificates stay, numbered, anonymised."""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from gemaskop import services as gemaskop_services
from gemaskop.models import Certificate
from kopontren.models import ChangeRequest
from portal.models import AuditEntry
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

pytestmark = pytest.mark.django_db

NAME = "Zulaikha Rahasia Wibowo"
PHONE = "081299887766"
TEXT_TYPES = ("character varying", "text", "json", "jsonb", "character")


def tables_holding(text):
    """(table, column) of every text column, in every table, that contains text."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_schema, table_name) "
            "WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' "
            "AND c.data_type = ANY(%s)",
            [list(TEXT_TYPES)],
        )
        columns = cursor.fetchall()
        found = []
        for table, column in columns:
            cursor.execute(
                f'SELECT count(*) FROM "{table}" WHERE "{column}"::text ILIKE %s',
                [f"%{text}%"],
            )
            if cursor.fetchone()[0]:
                found.append((table, column))
    return found


def logged_by_admin(admin, obj):
    LogEntry.objects.log_actions(
        user_id=admin.pk,
        queryset=[obj],
        action_flag=CHANGE,
        change_message=f"Ubah nomor HP {PHONE} milik {NAME}",
    )


def erase(admin, changelist, pk, reason="Permintaan orang yang bersangkutan"):
    return client_for(admin).post(
        reverse(changelist),
        {"action": "erase", "_selected_action": [pk], "reason": reason, "apply": "1"},
    )


def test_erasing_a_participant_leaves_no_copy_and_keeps_the_certificate(admin, coop_a):
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    gemaskop_factories.attend(
        session_obj=session, name=NAME, cooperative=coop_a, phone=PHONE
    )
    participant = event.participants.get()
    participant.position_detail = "Bendahara"
    participant.save()
    gemaskop_services.certificates_issue(event=event)
    number = Certificate.objects.get().number
    logged_by_admin(admin, participant)
    assert ("gemaskop_historicalparticipant", "name") in tables_holding(NAME)

    response = erase(admin, "admin:gemaskop_participant_changelist", participant.pk)

    assert response.status_code == 302
    assert tables_holding(NAME) == []
    assert tables_holding(PHONE) == []
    certificate = Certificate.objects.get()
    assert certificate.number == number
    assert certificate.recipient_name == f"Dianonimkan #{participant.pk}"
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASURE)
    assert entry.page == f"gemaskop.participant:{participant.pk}"
    assert entry.actor == admin


def test_erasing_an_officer_reaches_history_admin_log_and_proposals(
    admin, pengurus_a, coop_a
):
    officer = factories.officer(cooperative_obj=coop_a, name=NAME, phone=PHONE)
    officer.position = "sekretaris"
    officer.save()
    ChangeRequest.objects.create(
        cooperative=coop_a,
        target=ChangeRequest.Target.OFFICER,
        target_id=officer.pk,
        payload={"name": NAME, "phone": PHONE, "position": "ketua"},
        submitted_by=pengurus_a,
    )
    logged_by_admin(admin, officer)

    erase(admin, "admin:kopontren_officer_changelist", officer.pk)

    assert tables_holding(NAME) == []
    assert tables_holding(PHONE) == []
    assert ChangeRequest.objects.get().payload == {"position": "ketua"}


def test_erasing_a_speaker_removes_npwp_and_bank_account(admin):
    event = gemaskop_factories.event()
    speaker = gemaskop_factories.speaker(
        event_obj=event, name=NAME, npwp="12.345.678.9-012.000", bank_account=PHONE
    )
    gemaskop_services.certificates_issue(event=event)

    erase(admin, "admin:gemaskop_speaker_changelist", speaker.pk)

    assert tables_holding(NAME) == []
    assert tables_holding(PHONE) == []
    assert tables_holding("12.345.678.9-012.000") == []
    assert Certificate.objects.get().recipient_name == f"Dianonimkan #{speaker.pk}"


def test_an_erasure_needs_a_reason(admin, coop_a):
    officer = factories.officer(cooperative_obj=coop_a, name=NAME, phone=PHONE)

    response = erase(admin, "admin:kopontren_officer_changelist", officer.pk, "")

    assert response.status_code == 200
    assert "Alasan penghapusan data pribadi wajib diisi" in response.content.decode()
    officer.refresh_from_db()
    assert officer.name == NAME
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ERASURE).exists()


def test_retention_anonymises_only_participants_of_old_events(settings, coop_a):
    settings.PARTICIPANT_RETENTION_YEARS = 5
    old = gemaskop_factories.event(
        name="Sosialisasi Lama",
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2019, 3, 1),
        budget_year=2019,
    )
    recent = gemaskop_factories.event(name="Sosialisasi Baru")
    for event in (old, recent):
        session = gemaskop_factories.session(event_obj=event, date=event.start_date)
        gemaskop_factories.attend(
            session_obj=session, name=NAME, cooperative=coop_a, phone=PHONE
        )

    call_command("anonymise_participants")

    assert old.participants.get().name.startswith("Dianonimkan #")
    assert recent.participants.get().name == NAME
    assert ("gemaskop_historicalparticipant", "name") in tables_holding(NAME)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ERASURE)
    assert entry.actor is None
    assert entry.detail == {"reason": "Masa simpan data peserta berakhir"}
