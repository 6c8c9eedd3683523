import json

import pytest
from django.urls import reverse

from portal.models import AuditEntry
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

pytestmark = pytest.mark.django_db

NAME = "Zulaikha Rahasia Wibowo"
PHONE = "081299887766"


def test_the_privacy_notice_names_the_controller_and_the_dpo(settings):
    settings.PRIVACY_CONTROLLER = "Dinas Koperasi Uji"
    settings.DPO_NAME = "Petugas PDP Uji"
    settings.DPO_EMAIL = "pdp@uji.go.id"
    settings.PARTICIPANT_RETENTION_YEARS = 4

    response = client_for(None).get(reverse("portal:privacy"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Dinas Koperasi Uji" in html
    assert "Petugas PDP Uji" in html and "mailto:pdp@uji.go.id" in html
    assert "dianonimkan 4 tahun setelah kegiatan" in html


def test_an_access_request_exports_everything_about_one_person(admin, coop_a):
    factories.officer(cooperative_obj=coop_a, name=NAME, phone=PHONE)
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    gemaskop_factories.attend(
        session_obj=session, name=NAME.upper(), cooperative=coop_a, phone=PHONE
    )
    factories.officer(cooperative_obj=coop_a, name="Orang Lain", phone="0811")

    response = client_for(admin).post(
        reverse("portal:access_request"), {"name": NAME, "phone": "0812-9988-7766"}
    )

    assert response["Content-Disposition"].startswith('attachment; filename="data-')
    data = json.loads(response.content)
    assert [o["Nama"] for o in data["Pengurus koperasi"]] == [NAME]
    assert data["Pengurus koperasi"][0]["Koperasi"] == "Kopontren Uji Alif"
    assert [p["Kegiatan"] for p in data["Peserta kegiatan"]] == [event.name]
    entry = AuditEntry.objects.get()
    assert entry.row_count == 2
    assert entry.filters == ""
    assert NAME not in json.dumps(entry.detail) + entry.page


def test_only_admin_answers_access_requests(staf):
    response = client_for(staf).post(reverse("portal:access_request"), {"name": NAME})

    assert response.status_code == 403
    assert not AuditEntry.objects.exists()
