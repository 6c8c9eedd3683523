"""The registry in Django's admin: pages render with import/export and history, the
admin's import is all-or-nothing with the portal's resources, its export escapes
formulas, and its actions call the portal's services."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from kopontren.models import ChangeRequest, Cooperative, Pesantren
from tests import factories
from tests.conftest import client_for

MODELS = ["pesantren", "cooperative", "officer", "yearlyfigures", "changerequest"]


@pytest.fixture
def records(coop_a, pengurus_a):
    factories.officer(cooperative_obj=coop_a)
    factories.yearly_figures(cooperative_obj=coop_a, book_year=2024)
    factories.legal_event(
        cooperative_obj=coop_a, kind="akta", date=datetime.date(2024, 1, 10)
    )
    request = ChangeRequest.objects.create(
        cooperative=coop_a,
        target=ChangeRequest.Target.PROFILE,
        payload={"phone": "081111111111"},
        submitted_by=pengurus_a,
    )
    return {"coop": coop_a, "request": request}


@pytest.mark.parametrize("model", MODELS)
def test_admin_changelists_render(admin, records, model):
    response = client_for(admin).get(reverse(f"admin:kopontren_{model}_changelist"))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "model", ["pesantren", "cooperative", "officer", "yearlyfigures"]
)
def test_admin_import_export_and_history_pages_render(admin, records, model):
    client = client_for(admin)
    obj = {
        "pesantren": records["coop"].pesantren,
        "cooperative": records["coop"],
        "officer": records["coop"].officers.get(),
        "yearlyfigures": records["coop"].yearly_figures.get(),
    }[model]

    for url in (
        reverse(f"admin:kopontren_{model}_import"),
        reverse(f"admin:kopontren_{model}_export"),
        reverse(f"admin:kopontren_{model}_change", args=[obj.pk]),
        reverse(f"admin:kopontren_{model}_history", args=[obj.pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_cooperative_admin_shows_inlines_and_keeps_legal_status_read_only(
    admin, records
):
    response = client_for(admin).get(
        reverse("admin:kopontren_cooperative_change", args=[records["coop"].pk])
    )

    assert 'name="officers-TOTAL_FORMS"' in response.text
    assert 'name="legal_events-TOTAL_FORMS"' in response.text
    assert 'name="yearly_figures-TOTAL_FORMS"' in response.text
    assert 'name="documents-TOTAL_FORMS"' in response.text
    assert 'name="legal_status"' not in response.text


def test_change_requests_are_read_only_in_the_admin(admin, records):
    client = client_for(admin)
    url = reverse("admin:kopontren_changerequest_change", args=[records["request"].pk])

    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "disetujui"})

    assert response.status_code == 403
    records["request"].refresh_from_db()
    assert records["request"].status == ChangeRequest.Status.PENDING


def test_staff_without_admin_access_cannot_open_the_admin(staf):
    response = client_for(staf).get(reverse("admin:kopontren_cooperative_changelist"))

    assert response.status_code == 302
    assert not response["Location"].startswith(
        reverse("admin:kopontren_cooperative_changelist")
    )


def test_refresh_legal_status_action_uses_the_service(admin, coop_a):
    factories.legal_event(
        cooperative_obj=coop_a,
        kind="akta",
        date=datetime.date(2024, 1, 10),
        refresh=False,
    )
    assert Cooperative.objects.get().legal_status == "belum"

    client_for(admin).post(
        reverse("admin:kopontren_cooperative_changelist"),
        {"action": "refresh_legal_status", "_selected_action": [coop_a.pk]},
    )

    coop_a.refresh_from_db()
    assert (coop_a.legal_status, coop_a.legal_status_since) == (
        "proses",
        datetime.date(2024, 1, 10),
    )


def csv_upload(rows, name="pesantren.csv"):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Nama Pesantren", "NSPP", "Kode Kab/Kota"])
    writer.writerows(rows)
    upload = io.BytesIO(buffer.getvalue().encode("utf-8"))
    upload.name = name
    return upload


def admin_import(client, rows):
    """The admin's two steps: dry run, then confirm if it offered to."""
    response = client.post(
        reverse("admin:kopontren_pesantren_import"),
        {"resource": "0", "format": "1", "import_file": csv_upload(rows)},
    )
    confirm = response.context.get("confirm_form")
    if confirm is None:
        return response
    return client.post(
        reverse("admin:kopontren_pesantren_process_import"),
        {**confirm.initial, "resource": "0"},
    )


def test_admin_import_uses_the_portal_resources(admin):
    response = admin_import(
        client_for(admin), [["Pesantren Admin", "510335090099", "35.09"]]
    )

    assert response.status_code == 302
    assert Pesantren.objects.get().nspp == "510335090099"


def test_admin_import_with_one_bad_row_writes_nothing(admin):
    response = admin_import(
        client_for(admin),
        [
            ["Pesantren Admin", "510335090099", "35.09"],
            ["Pesantren Salah", "510335090098", "99.99"],
        ],
    )

    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert not Pesantren.objects.exists()


def test_admin_export_escapes_formulas(admin, coop_a):
    coop_a.name = "=1+2"
    coop_a.save()
    fields = {f"cooperativeresource_{name}": "on" for name in ("name", "nik_koperasi")}

    response = client_for(admin).post(
        reverse("admin:kopontren_cooperative_export"),
        {"resource": "0", "format": "1", **fields},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Nama Koperasi", "NIK"]
    assert rows[1][0] == "'=1+2"
