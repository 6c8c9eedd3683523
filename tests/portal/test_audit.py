import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, User
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

pytestmark = pytest.mark.django_db


def test_one_officer_export_writes_one_audit_row_with_its_count(staf, coop_a, coop_b):
    for number in range(3):
        factories.officer(cooperative_obj=coop_a, name=f"Ketua {number}")
    factories.officer(cooperative_obj=coop_b, name="Bendahara")
    outside = factories.cooperative(kabupaten="63.72")
    factories.officer(cooperative_obj=outside, name="Di luar wilayah")

    response = client_for(staf).get(
        reverse("kopontren:io_export_download", args=["pengurus"]), {"format": "csv"}
    )

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.action == AuditEntry.Action.EXPORT
    assert entry.actor == staf and entry.actor_name == "staf-uji"
    assert entry.page == "/registri/ekspor/pengurus/"
    assert entry.row_count == 4
    assert entry.personal_columns == ["Nama", "Nomor HP"]
    assert entry.detail == {"masked": False}


def test_filtered_list_export_records_its_filters_and_masking(provinsi_jatim, coop_a):
    factories.cooperative(name="Kopontren Lain", kabupaten="35.09")

    client_for(provinsi_jatim).get(
        reverse("kopontren:cooperative_list"), {"q": "Alif", "ekspor": "xlsx"}
    )

    entry = AuditEntry.objects.get()
    assert entry.filters == "q=Alif"
    assert entry.row_count == 1
    assert entry.personal_columns == ["Telepon"]
    assert entry.detail == {"masked": True}


def test_an_empty_import_template_is_not_an_export(staf):
    client_for(staf).get(reverse("kopontren:io_import_template", args=["pengurus"]))

    assert not AuditEntry.objects.exists()


def test_admin_export_is_recorded(admin, coop_a, coop_b):
    client_for(admin).post(
        reverse("admin:kopontren_cooperative_export"),
        {"resource": "0", "format": "1", "cooperativeresource_name": "on"},
    )

    entry = AuditEntry.objects.get()
    assert entry.row_count == 2
    assert entry.page == reverse("admin:kopontren_cooperative_export")
    assert entry.personal_columns == []


def test_participant_export_counts_the_participants(staf, coop_a):
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    for name in ("Ahmad", "Budi", "Citra"):
        gemaskop_factories.attend(session_obj=session, name=name, cooperative=coop_a)

    response = client_for(staf).get(
        reverse("gemaskop:event_report", args=[event.pk]), {"ekspor": "csv"}
    )

    assert response.status_code == 200
    entry = AuditEntry.objects.get()
    assert entry.row_count == 3
    assert entry.personal_columns == ["Nama", "No HP"]


def test_product_and_summary_exports_are_recorded(admin, coop_a):
    client = client_for(admin)

    client.get(reverse("opop:export", args=["produk"]), {"format": "csv"})
    client.get(reverse("portal:summary_export", args=["status", "csv"]))

    product, summary = AuditEntry.objects.order_by("pk")
    assert product.page == reverse("opop:export", args=["produk"])
    assert product.row_count == 0
    assert product.personal_columns == ["WhatsApp"]
    assert summary.page == reverse("portal:summary_export", args=["status", "csv"])
    assert summary.row_count >= 1


def test_changing_a_users_role_in_the_admin_is_recorded(admin, staf):
    url = reverse("admin:portal_user_change", args=[staf.pk])
    client = client_for(admin)
    form = client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in ("password", "groups", "user_permissions")
    }
    data.update(
        {
            "role": User.Role.PROVINSI,
            "region": "35",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "08:00:00",
            "last_login_0": "",
            "last_login_1": "",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.get(action=AuditEntry.Action.USER_ACCESS)
    assert entry.actor == admin
    assert entry.detail["user"] == "staf-uji"
    assert entry.detail["before"]["role"] == "staf"
    assert entry.detail["before"]["region"] == "35.09"
    assert entry.detail["after"]["role"] == "provinsi"
    assert entry.detail["after"]["region"] == "35"


def test_inviting_an_officer_records_the_new_accounts_access(staf, coop_a):
    client_for(staf).post(
        reverse("kopontren:invite_officer", args=[coop_a.pk]),
        {"username": "ketua-baru", "email": "ketua@example.org", "first_name": "Ketua"},
    )

    entry = AuditEntry.objects.get(action=AuditEntry.Action.USER_ACCESS)
    assert entry.actor == staf
    assert entry.detail["before"] is None
    assert entry.detail["after"]["role"] == "pengurus"


def test_the_audit_log_is_read_only_in_the_admin(admin, staf):
    client_for(staf).get(
        reverse("kopontren:io_export_download", args=["koperasi"]), {"format": "csv"}
    )
    entry = AuditEntry.objects.get()
    client = client_for(admin)

    listing = client.get(reverse("admin:portal_auditentry_changelist"))
    added = client.post(reverse("admin:portal_auditentry_add"), {})
    deleted = client.post(
        reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert listing.status_code == 200
    assert "staf-uji" in listing.content.decode()
    assert added.status_code == 403
    assert deleted.status_code == 403
    assert AuditEntry.objects.count() == 1


def test_prune_deletes_only_entries_older_than_the_retention(settings, staf):
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    for age in (31, 29):
        AuditEntry.objects.create(
            actor_name="staf-uji",
            action=AuditEntry.Action.EXPORT,
            row_count=1,
            at=now - datetime.timedelta(days=age),
        )

    call_command("prune_audit")

    remaining = AuditEntry.objects.get()
    assert remaining.at == now - datetime.timedelta(days=29)
