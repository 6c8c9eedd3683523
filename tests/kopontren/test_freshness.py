"""Freshness: when a cooperative's data was last confirmed, and the work list of
those not confirmed within the configured months."""

import datetime

from django.urls import reverse
from django.utils import timezone

from kopontren.models import ChangeRequest, Cooperative
from tests import factories
from tests.conftest import client_for
from tests.kopontren.test_change_requests import propose_phone

LIST = reverse("kopontren:cooperative_list")


def confirm_url(coop):
    return reverse("kopontren:cooperative_confirm", args=[coop.pk])


def listed(user, **params):
    return [c.name for c in client_for(user).get(LIST, params).context["page"]]


def test_staff_mark_checked_and_the_page_and_history_say_who_and_when(staf, coop_a):
    client = client_for(staf)
    before = client.get(coop_a.get_absolute_url()).content.decode()
    assert "Data belum pernah dikonfirmasi." in before
    assert "perlu diperiksa" in before
    response = client.post(confirm_url(coop_a))
    assert response["Location"] == coop_a.get_absolute_url()
    coop_a.refresh_from_db()
    assert coop_a.confirmed_by == staf
    assert timezone.now() - coop_a.confirmed_at < datetime.timedelta(minutes=5)
    latest = coop_a.history.latest()
    assert latest.history_user == staf
    assert latest.history_change_reason == "Ditandai sudah diperiksa"
    page = client.get(coop_a.get_absolute_url()).content.decode()
    today = timezone.localtime(coop_a.confirmed_at).strftime("%-d")
    assert f"Data terakhir dikonfirmasi {today} " in page
    assert "perlu diperiksa" not in page
    assert "Ditandai sudah diperiksa" in page


def test_an_approved_change_request_confirms_the_data(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    request = ChangeRequest.objects.get()
    client_for(staf).post(
        reverse("kopontren:change_request_approve", args=[request.pk])
    )
    coop_a.refresh_from_db()
    request.refresh_from_db()
    assert coop_a.confirmed_at == request.reviewed_at
    assert coop_a.confirmed_by == staf


def test_officers_and_officials_cannot_mark_checked(pengurus_a, provinsi_jatim, coop_a):
    for user in (pengurus_a, provinsi_jatim):
        assert client_for(user).post(confirm_url(coop_a)).status_code == 403
    coop_a.refresh_from_db()
    assert coop_a.confirmed_at is None


def test_the_work_list_holds_the_unconfirmed_oldest_first(staf, settings):
    now = timezone.now()
    fresh = factories.cooperative(name="Baru Diperiksa")
    stale = factories.cooperative(name="Lama Diperiksa")
    staler = factories.cooperative(name="Lebih Lama")
    never = factories.cooperative(name="Tak Pernah")
    for coop, days in ((fresh, 30), (stale, 400), (staler, 800)):
        Cooperative.objects.filter(pk=coop.pk).update(
            confirmed_at=now - datetime.timedelta(days=days)
        )
    assert listed(staf, kerja="belum-diperiksa") == [
        never.name,
        staler.name,
        stale.name,
    ]
    settings.REGISTRY_CONFIRM_MONTHS = 24
    assert listed(staf, kerja="belum-diperiksa") == [never.name, staler.name]
    page = client_for(staf).get(LIST, {"kerja": "belum-diperiksa"}).content.decode()
    assert "Terakhir dikonfirmasi" in page


def test_a_staff_check_takes_the_cooperative_off_the_work_list(staf, coop_a):
    assert coop_a.name in listed(staf, kerja="belum-diperiksa")
    client_for(staf).post(confirm_url(coop_a))
    assert coop_a.name not in listed(staf, kerja="belum-diperiksa")
