import pytest
from django.urls import reverse

from tests.conftest import client_for

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
