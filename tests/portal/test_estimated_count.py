"""Lists above a threshold show the planner's estimate ("± n") instead of counting
every row (portal/pagination.py); below it, the exact count."""

import pytest
from django.urls import reverse

from portal import pagination
from tests import factories
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_cooperatives(db):
    return [factories.cooperative(name=f"Kopontren Hitung {n}") for n in range(5)]


def test_a_short_registry_list_shows_the_exact_count(admin, five_cooperatives):
    page = client_for(admin).get(reverse("kopontren:cooperative_list"))

    assert page.context["page"].paginator.count == 5
    assert not page.context["page"].paginator.estimated
    assert "± " not in page.content.decode()


def test_above_the_threshold_the_registry_list_shows_an_estimate(
    admin, five_cooperatives, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)

    page = client_for(admin).get(reverse("kopontren:cooperative_list"))

    paginator = page.context["page"].paginator
    assert paginator.estimated and paginator.count >= 4
    assert f"± {paginator.count}" in page.content.decode()
    assert "Kopontren Hitung 0" in page.content.decode()


def test_the_admin_changelist_shows_the_estimate_too(
    admin, five_cooperatives, monkeypatch
):
    monkeypatch.setattr(pagination, "EXACT_UP_TO", 3)

    page = client_for(admin).get("/admin/kopontren/cooperative/")

    assert page.status_code == 200
    assert page.context["cl"].paginator.estimated
    assert "± " in page.content.decode()


def test_the_estimate_counts_within_the_scope_only(staf, five_cooperatives):
    factories.cooperative(name="Kopontren Banua", kabupaten="63.72")

    page = client_for(staf).get(reverse("kopontren:cooperative_list"))

    assert page.context["page"].paginator.count == 5
