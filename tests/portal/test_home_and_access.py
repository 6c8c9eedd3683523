import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import client_for


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_log_in():
    response = client_for(None).get(reverse("portal:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.django_db
def test_log_in_page_is_indonesian():
    response = client_for(None).get(reverse("account_login"))
    assert response.status_code == 200
    assert "Masuk" in response.content.decode()
    assert 'lang="id"' in response.content.decode()


def test_staff_home_shows_their_kabupaten_work(staf, coop_a, coop_kalsel):
    response = client_for(staf).get(reverse("portal:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Pekerjaan di Kabupaten Jember" in body
    assert "Daftar kerja" in body
    # One cooperative in Jember, the Banjarbaru one is not counted.
    assert response.context["counts"]["total"] == 1


def test_provincial_home_counts_only_their_province(
    provinsi_kalsel, coop_a, coop_kalsel
):
    response = client_for(provinsi_kalsel).get(reverse("portal:home"))
    assert response.status_code == 200
    assert "Provinsi Kalimantan Selatan" in response.content.decode()
    assert response.context["counts"]["total"] == 1


def test_officer_home_lists_only_their_cooperative(pengurus_a, coop_a, coop_b):
    response = client_for(pengurus_a).get(reverse("portal:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert coop_a.name in body
    assert coop_b.name not in body


def test_admin_home_counts_everything(admin, coop_a, coop_kalsel):
    response = client_for(admin).get(reverse("portal:home"))
    assert response.status_code == 200
    assert response.context["counts"]["total"] == 2


def test_officer_without_cooperative_is_told_to_contact_staff(db):
    officer = factories.user(username="baru")
    response = client_for(officer).get(reverse("portal:home"))
    assert "belum terhubung" in response.content.decode()


@pytest.mark.parametrize(
    "who", ["admin", "staf", "pengurus_a", "pengurus_b", "provinsi", "anonim"]
)
def test_about_page_credits_region_data_for_every_role(personas, who):
    response = client_for(personas[who]).get(reverse("portal:about"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "idn-area-data" in body
    assert "Open Database License" in body


@pytest.mark.django_db
def test_healthz_answers_when_database_answers():
    response = client_for(None).get(reverse("portal:healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "media": "ok",
    }


@pytest.mark.django_db
def test_unknown_page_is_an_indonesian_404():
    response = client_for(None).get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


@pytest.mark.django_db
def test_admin_log_in_goes_through_allauth():
    response = client_for(None).get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("who", ["staf", "pengurus_a", "provinsi"])
def test_non_admin_roles_cannot_use_the_admin_site(personas, who):
    response = client_for(personas[who]).get("/admin/")
    assert response.status_code in (302, 403)
    assert b"Site administration" not in response.content


def test_admin_can_use_the_admin_site(admin):
    response = client_for(admin).get("/admin/")
    assert response.status_code == 200


def test_language_switch_to_english(staf):
    client = client_for(staf)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("portal:about"))
    assert 'lang="en"' in response.content.decode()
