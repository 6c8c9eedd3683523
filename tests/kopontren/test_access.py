"""Every kopontren URL, as every role: who gets the page, who is refused, and that a
refused POST changes nothing."""

import pytest
from django.urls import reverse

from kopontren.models import ChangeRequest, Cooperative, Document, Officer
from tests.conftest import client_for

ROLES = ["admin", "staf", "pengurus_a", "pengurus_b", "provinsi", "anonim"]


def urls_of(coop, records):
    pk = coop.pk
    return {
        "detail": reverse("kopontren:cooperative_detail", args=[pk]),
        "edit": reverse("kopontren:cooperative_edit", args=[pk]),
        "officer_create": reverse("kopontren:officer_create", args=[pk]),
        "officer_edit": reverse(
            "kopontren:officer_edit", args=[pk, records["officer"].pk]
        ),
        "figures_create": reverse("kopontren:figures_create", args=[pk]),
        "figures_edit": reverse(
            "kopontren:figures_edit", args=[pk, records["figures"].pk]
        ),
        "document_create": reverse("kopontren:document_create", args=[pk]),
        "document_replace": reverse(
            "kopontren:document_replace", args=[pk, records["document"].pk]
        ),
        "document_delete": reverse(
            "kopontren:document_delete", args=[pk, records["document"].pk]
        ),
        "legal_create": reverse("kopontren:legal_event_create", args=[pk]),
        "legal_edit": reverse(
            "kopontren:legal_event_edit", args=[pk, records["event"].pk]
        ),
        "invite": reverse("kopontren:invite_officer", args=[pk]),
        "officer_delete": reverse(
            "kopontren:record_delete", args=[pk, "pengurus", records["officer"].pk]
        ),
        "request": reverse(
            "kopontren:change_request_detail", args=[records["request"].pk]
        ),
    }


PAGES = (
    "detail",
    "edit",
    "officer_create",
    "officer_edit",
    "figures_create",
    "figures_edit",
    "document_create",
    "document_replace",
    "document_delete",
    "legal_create",
    "legal_edit",
    "invite",
    "officer_delete",
    "request",
)


def every_page(status):
    return dict.fromkeys(PAGES, status)


# What each role gets on coop_a's pages (in Jember; pengurus_a is its officer).
EXPECTED = {
    "admin": every_page(200),
    "staf": every_page(200),
    # Officers propose changes; the legal log, accounts and replacing or deleting a
    # document are the Dinas's.
    "pengurus_a": {
        **every_page(200),
        "legal_create": 403,
        "legal_edit": 403,
        "invite": 403,
        "officer_delete": 403,
        "document_replace": 403,
        "document_delete": 403,
    },
    "pengurus_b": every_page(404),
    # Kalsel's official cannot see a Jember cooperative at all.
    "provinsi": every_page(404),
}


@pytest.mark.parametrize("who", ROLES)
def test_cooperative_pages_answer_each_role_as_expected(personas, who, coop_a_records):
    coop = Cooperative.objects.get(name="Kopontren Uji Alif")
    client = client_for(personas[who])
    for name, url in urls_of(coop, coop_a_records).items():
        response = client.get(url)
        if who == "anonim":
            assert response.status_code == 302, name
            assert response["Location"].startswith(reverse("account_login")), name
        else:
            assert response.status_code == EXPECTED[who][name], (name, url)


@pytest.mark.parametrize("who", ["pengurus_b", "provinsi", "anonim"])
def test_refused_posts_change_nothing(personas, who, coop_a_records):
    coop = Cooperative.objects.get(name="Kopontren Uji Alif")
    client = client_for(personas[who])
    before = (
        Cooperative.objects.values_list("phone", "name").get(pk=coop.pk),
        Officer.objects.count(),
        ChangeRequest.objects.count(),
        Document.objects.count(),
    )
    urls = urls_of(coop, coop_a_records)
    posts = {
        "edit": {"phone": "089999999999", "name": "Dibajak"},
        "officer_create": {"name": "Penyusup", "position": "ketua", "gender": "L"},
        "officer_edit": {"name": "Penyusup", "position": "ketua", "gender": "L"},
        "legal_create": {"kind": "ahu", "date": "2025-01-01"},
        "document_delete": {"reason": "Dibajak"},
    }
    for name, data in posts.items():
        response = client.post(urls[name], data)
        assert response.status_code in (302, 403, 404), name
        if who != "anonim":
            assert response.status_code in (403, 404), name
    for kind, record in (
        ("pengurus", "officer"),
        ("rat", "figures"),
        ("dokumen", "document"),
    ):
        url = reverse(
            "kopontren:record_delete", args=[coop.pk, kind, coop_a_records[record].pk]
        )
        assert client.post(url).status_code in (302, 403, 404)
    approve = reverse(
        "kopontren:change_request_approve", args=[coop_a_records["request"].pk]
    )
    assert client.post(approve).status_code in (302, 403, 404)
    after = (
        Cooperative.objects.values_list("phone", "name").get(pk=coop.pk),
        Officer.objects.count(),
        ChangeRequest.objects.count(),
        Document.objects.count(),
    )
    assert before == after
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING


def test_officer_cannot_approve_their_own_request(pengurus_a, coop_a_records):
    url = reverse(
        "kopontren:change_request_approve", args=[coop_a_records["request"].pk]
    )
    response = client_for(pengurus_a).post(url)
    assert response.status_code == 403
    assert ChangeRequest.objects.get().status == ChangeRequest.Status.PENDING


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("staf", 200),
        ("provinsi", 200),
        ("pengurus_a", 403),
        ("pengurus_b", 403),
        ("anonim", 302),
    ],
)
def test_registry_lists_are_for_office_roles(personas, who, expected, coop_a):
    client = client_for(personas[who])
    for name in (
        "kopontren:cooperative_list",
        "kopontren:pesantren_list",
        "kopontren:document_expiring",
    ):
        assert client.get(reverse(name)).status_code == expected, name


@pytest.mark.parametrize(
    "who,expected",
    [
        ("admin", 200),
        ("staf", 200),
        ("provinsi", 403),
        ("pengurus_a", 403),
        ("pengurus_b", 403),
        ("anonim", 302),
    ],
)
def test_create_pages_and_queue_are_for_staff_and_admin(personas, who, expected):
    client = client_for(personas[who])
    for name in (
        "kopontren:cooperative_create",
        "kopontren:pesantren_create",
        "kopontren:change_request_queue",
    ):
        assert client.get(reverse(name)).status_code == expected, name


@pytest.mark.parametrize("who", ROLES)
def test_public_directory_opens_for_everyone(personas, who, coop_a):
    client = client_for(personas[who])
    assert client.get(reverse("kopontren:directory")).status_code == 200
    detail = reverse("kopontren:directory_detail", args=[coop_a.pesantren_id])
    assert client.get(detail).status_code == 200


def test_staff_of_another_kabupaten_gets_404(staf_banjarbaru, coop_a_records):
    coop = Cooperative.objects.get(name="Kopontren Uji Alif")
    client = client_for(staf_banjarbaru)
    for name, url in urls_of(coop, coop_a_records).items():
        assert client.get(url).status_code == 404, name
    pesantren = reverse("kopontren:pesantren_detail", args=[coop.pesantren_id])
    assert client.get(pesantren).status_code == 404


def test_provincial_official_reads_their_province_but_changes_nothing(
    provinsi_kalsel, coop_kalsel
):
    client = client_for(provinsi_kalsel)
    detail = client.get(reverse("kopontren:cooperative_detail", args=[coop_kalsel.pk]))
    assert detail.status_code == 200
    assert "Ubah profil" not in detail.content.decode()
    edit = reverse("kopontren:cooperative_edit", args=[coop_kalsel.pk])
    assert client.post(edit, {"name": "Diubah"}).status_code == 403
    coop_kalsel.refresh_from_db()
    assert coop_kalsel.name == "Kopontren Uji Banua"
