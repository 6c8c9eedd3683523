"""The Django admin within the access seam: a Jember staff account given is_staff
and every permission reads only Jember's rows, exports only Jember's lines, may not
change what the portal would not let it, and sees personal data masked where the
portal masks it."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from portal.models import User
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

NPWP_KALSEL = "09.254.294.3-407.000"
NPWP_JEMBER = "01.111.222.3-444.000"


def with_admin_rights(user, *, change=False):
    user.is_staff = True
    user.save()
    codenames = ("view_", "change_", "delete_") if change else ("view_",)
    for prefix in codenames:
        user.user_permissions.add(
            *Permission.objects.filter(codename__startswith=prefix)
        )
    return User.objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def world(coop_a, coop_kalsel):
    factories.officer(
        cooperative_obj=coop_a, name="Pengurus Jember", phone="081234560001"
    )
    factories.officer(
        cooperative_obj=coop_kalsel, name="Pengurus Banua", phone="081234569999"
    )
    jember_event = gemaskop_factories.event(name="Sosialisasi Jember")
    kalsel_event = gemaskop_factories.event(name="Raker Kalsel", kabupaten="63.72")
    jember = gemaskop_factories.speaker(
        event_obj=jember_event, name="Narasumber Jember", npwp=NPWP_JEMBER
    )
    kalsel = gemaskop_factories.speaker(
        event_obj=kalsel_event,
        name="Narasumber Banua",
        npwp=NPWP_KALSEL,
        bank_account="1234567890",
    )
    return {"jember_speaker": jember, "kalsel_speaker": kalsel}


def page(client, name, *args):
    return client.get(reverse(name, args=args)).content.decode()


def test_jember_staff_sees_no_kalsel_row_in_the_admin(staf, world, coop_kalsel):
    client = client_for(with_admin_rights(staf))
    assert "Kopontren Uji Alif" in page(
        client, "admin:kopontren_cooperative_changelist"
    )
    assert "Kopontren Uji Banua" not in page(
        client, "admin:kopontren_cooperative_changelist"
    )
    assert "Pengurus Banua" not in page(client, "admin:kopontren_officer_changelist")
    assert "Pengurus Jember" in page(client, "admin:kopontren_officer_changelist")
    assert "Narasumber Banua" not in page(client, "admin:gemaskop_speaker_changelist")
    assert "Raker Kalsel" not in page(client, "admin:gemaskop_event_changelist")
    kalsel_coop = client.get(
        reverse("admin:kopontren_cooperative_change", args=[coop_kalsel.pk])
    )
    assert kalsel_coop.status_code == 302  # "does not exist": back to the index
    kalsel_speaker = client.get(
        reverse("admin:gemaskop_speaker_change", args=[world["kalsel_speaker"].pk])
    )
    assert NPWP_KALSEL not in kalsel_speaker.content.decode()


def test_list_filters_and_autocomplete_offer_only_the_scope(staf, world):
    client = client_for(with_admin_rights(staf))
    officers = page(client, "admin:kopontren_officer_changelist")
    assert "Kopontren Uji Banua" not in officers
    found = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "kopontren",
            "model_name": "pesantren",
            "field_name": "kabupaten",
            "term": "Kota",
        },
    ).json()
    names = [result["text"] for result in found["results"]]
    assert names == []  # no Kota in Kabupaten Jember; Banjarbaru is out of scope


def test_jember_staff_exports_no_kalsel_line(staf, world):
    client = client_for(with_admin_rights(staf))
    fields = {f"officerresource_{name}": "on" for name in ("name", "phone")}
    response = client.post(
        reverse("admin:kopontren_officer_export"),
        {"resource": "0", "format": "1", **fields},
    )
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["Pengurus Jember"]
    assert "081234569999" not in text


def test_a_provincial_official_reads_speakers_npwp_masked(provinsi_jatim, world):
    client = client_for(with_admin_rights(provinsi_jatim))
    speaker = world["jember_speaker"]
    text = page(client, "admin:gemaskop_speaker_change", speaker.pk)
    assert "Narasumber Jember" in text
    assert NPWP_JEMBER not in text
    assert "*" * 16 + ".000" in text


def test_the_admin_change_follows_the_portal_predicates(provinsi_jatim, coop_a):
    client = client_for(with_admin_rights(provinsi_jatim, change=True))
    url = reverse("admin:kopontren_cooperative_change", args=[coop_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "Diubah Provinsi"})
    assert response.status_code == 403
    coop_a.refresh_from_db()
    assert coop_a.name == "Kopontren Uji Alif"


def test_jember_staff_changes_its_own_cooperative_but_not_delete_kalsel(
    staf, coop_kalsel
):
    client = client_for(with_admin_rights(staf, change=True))
    delete = client.post(
        reverse("admin:kopontren_cooperative_delete", args=[coop_kalsel.pk]),
        {"post": "yes"},
    )
    assert delete.status_code == 302
    assert type(coop_kalsel).objects.filter(pk=coop_kalsel.pk).exists()


def test_accounts_are_the_admins_alone(staf, pengurus_a):
    client = client_for(with_admin_rights(staf))
    assert "pengurus-a-uji" not in page(client, "admin:portal_user_changelist")
