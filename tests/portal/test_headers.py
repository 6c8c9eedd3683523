import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kopontren.models import Document
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_is_never_stored_and_has_a_permissions_policy(staf):
    response = client_for(staf).get(reverse("kopontren:cooperative_list"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_public_page_for_a_visitor_without_a_session_may_be_cached():
    response = client_for(None).get(reverse("portal:about"))

    assert response.status_code == 200
    assert "Cache-Control" not in response
    assert "geolocation=()" in response["Permissions-Policy"]


EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy_of(response):
    directives = (d.strip() for d in response["Content-Security-Policy"].split(";"))
    return dict(d.split(" ", 1) for d in directives if d)


def test_a_public_page_has_the_content_security_policy():
    response = client_for(None).get(reverse("portal:about"))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY


def test_a_staff_page_has_the_content_security_policy(staf):
    response = client_for(staf).get(reverse("kopontren:cooperative_list"))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_file_download_has_the_policy_and_is_never_stored(staf, coop_a):
    document = Document.objects.create(
        cooperative=coop_a,
        kind=Document.Kind.choices[0][0],
        title="Akta",
        file=SimpleUploadedFile("akta.pdf", factories.pdf_bytes()),
    )
    url = reverse(
        "kopontren:document_download", args=[coop_a.pk, "dokumen", document.pk]
    )

    response = client_for(staf).get(url)

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    assert response["Cache-Control"] == "no-store, private"
    assert "camera=()" in response["Permissions-Policy"]


def test_a_daftar_hadir_pdf_is_never_stored(staf):
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    url = reverse("gemaskop:daftar_hadir", args=[event.pk, session.pk])

    response = client_for(staf).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_admin_has_the_same_policy(admin):
    response = client_for(admin).get(reverse("admin:index"))

    assert response.status_code == 200
    assert policy_of(response) == EXPECTED_POLICY
    # The admin's own never_cache header, which also forbids storing.
    assert {"no-store", "private"} <= {
        part.strip() for part in response["Cache-Control"].split(",")
    }
