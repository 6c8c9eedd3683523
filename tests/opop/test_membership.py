"""OPOP membership: staff record it; officers write the yearly plan and progress."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opop.models import Membership, WorkPlan
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories


def test_staff_record_a_membership_with_its_integrity_pact(staf, coop_a):
    response = client_for(staf).post(
        reverse("opop:membership_create"),
        {
            "cooperative": coop_a.pk,
            "programme": "35",
            "joined_on": "2025-01-20",
            "pillar": "santripreneur",
            "pact_signed_on": "2025-01-20",
            "pact_document": SimpleUploadedFile(
                "pakta.pdf", factories.pdf_bytes(), "application/pdf"
            ),
        },
    )
    membership = Membership.objects.get()
    assert response["Location"] == membership.get_absolute_url()
    assert membership.pact_document.name.endswith(".pdf")
    download = client_for(staf).get(
        reverse("opop:membership_file", args=[membership.pk, "pakta"])
    )
    assert download.status_code == 200


def test_a_cooperative_joins_only_its_own_provinces_programme_once(staf, coop_a):
    client = client_for(staf)
    data = {"cooperative": coop_a.pk, "programme": "63", "joined_on": "2025-01-20"}
    response = client.post(reverse("opop:membership_create"), data)
    assert "hanya dapat ikut program OPOP provinsinya" in str(
        response.context["form"].errors
    )
    opop_factories.membership(cooperative_obj=coop_a)
    response = client.post(
        reverse("opop:membership_create"), data | {"programme": "35"}
    )
    assert "sudah menjadi anggota" in str(response.context["form"].errors)
    assert Membership.objects.count() == 1


def test_officers_write_their_yearly_work_plan_and_progress(pengurus_a, members):
    membership = members[0]
    client = client_for(pengurus_a)
    url = reverse("opop:work_plan_create", args=[membership.pk])
    response = client.post(
        url,
        {
            "year": "2025",
            "plan": "Menambah mesin pengemas.",
            "progress": "Mesin terpasang bulan Juni.",
            "progress_file": SimpleUploadedFile(
                "laporan.pdf", factories.pdf_bytes(), "application/pdf"
            ),
        },
    )
    assert response.status_code == 302
    plan = WorkPlan.objects.get()
    assert (plan.year, plan.membership) == (2025, membership)
    again = client.post(url, {"year": "2025", "plan": "Dobel"})
    assert "sudah ada" in str(again.context["form"].errors)
    refused = client.post(
        url,
        {
            "year": "2024",
            "plan_file": SimpleUploadedFile("x.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert "PDF, JPG atau PNG" in str(refused.context["form"].errors)
    assert WorkPlan.objects.count() == 1


def test_officers_cannot_change_the_membership_itself(pengurus_a, members):
    membership = members[0]
    response = client_for(pengurus_a).post(
        reverse("opop:membership_edit", args=[membership.pk]),
        {"programme": "35", "joined_on": "2020-01-01"},
    )
    assert response.status_code == 403
    membership.refresh_from_db()
    assert membership.joined_on == datetime.date(2024, 10, 2)
