"""The legal path cannot contradict itself: akta <= AHU <= NIB/NIK; PAD after AHU."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from kopontren.models import Cooperative, LegalEvent
from tests import factories
from tests.conftest import client_for

D = datetime.date


def post_step(user, coop, **data):
    url = reverse("kopontren:legal_event_create", args=[coop.pk])
    return client_for(user).post(url, data)


def test_an_ahu_dated_before_its_akta_is_refused_with_a_message(staf, coop_a):
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2025, 1, 10))
    response = post_step(
        staf,
        coop_a,
        kind="ahu",
        date="2024-12-01",
        number="AHU-0000203.AH.01.26.TAHUN 2024",
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Pengesahan AHU (berbadan hukum) bertanggal 01-12-2024" in page
    assert "sebelum Akta pendirian bertanggal 10-01-2025" in page
    assert not coop_a.legal_events.filter(kind="ahu").exists()
    coop_a.refresh_from_db()
    assert coop_a.legal_status == Cooperative.LegalStatus.PROSES


def test_an_akta_dated_after_the_ahu_is_refused_naming_the_ahu(staf, coop_a):
    factories.legal_event(cooperative_obj=coop_a, kind="ahu", date=D(2024, 12, 1))
    response = post_step(staf, coop_a, kind="akta", date="2025-01-10")
    page = response.content.decode()
    assert "sebelum Akta pendirian bertanggal 10-01-2025" in page
    assert not coop_a.legal_events.filter(kind="akta").exists()


@pytest.mark.parametrize("kind", ["nik", "nib", "pad"])
def test_later_steps_may_not_come_before_the_ahu(staf, coop_a, kind):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 6, 1))
    response = post_step(
        staf, coop_a, kind=kind, date="2024-05-31", number="3509100000044"
    )
    assert "sebelum Pengesahan AHU (berbadan hukum) bertanggal 01-06-2024" in (
        response.content.decode()
    )
    assert not coop_a.legal_events.filter(kind=kind).exists()


def test_a_step_in_order_is_saved(staf, coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 6, 1))
    post_step(staf, coop_a, kind="nik", date="2024-06-01", number="3509100000044")
    coop_a.refresh_from_db()
    assert coop_a.nik_koperasi == "3509100000044"


def test_moving_a_step_out_of_order_is_refused(coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 6, 1))
    akta = coop_a.legal_events.get(kind="akta")
    akta.date = D(2024, 7, 1)
    with pytest.raises(ValidationError) as error:
        akta.full_clean()
    assert "01-06-2024" in str(error.value)


def test_a_nik_or_nib_step_needs_its_number(staf, coop_a):
    response = post_step(staf, coop_a, kind="nik", date="2024-06-01", number="")
    assert "Isi nomor NIK Koperasi." in response.content.decode()
    assert not coop_a.legal_events.exists()


def test_nik_not_of_13_digits_is_saved_with_a_warning(staf, coop_a):
    url = reverse("kopontren:legal_event_create", args=[coop_a.pk])
    response = client_for(staf).post(
        url, {"kind": "nik", "date": "2024-06-01", "number": "35091"}, follow=True
    )
    assert "NIK Koperasi biasanya 13 digit angka" in response.content.decode()
    coop_a.refresh_from_db()
    assert coop_a.nik_koperasi == "35091"


def test_new_format_ahu_numbers_in_any_case_give_no_warning():
    event = LegalEvent(kind="ahu", number="AHU-0000203.AH.01.26.Tahun 2019")
    assert event.number_warning == ""


def test_the_database_refuses_a_cached_ahu_before_the_akta(coop_a):
    with pytest.raises(IntegrityError):
        Cooperative.objects.filter(pk=coop_a.pk).update(
            akta_date=D(2025, 1, 10), ahu_date=D(2024, 12, 1)
        )


def test_deleting_a_step_that_would_leave_the_log_out_of_order_is_refused(staf, coop_a):
    first = factories.legal_event(
        cooperative_obj=coop_a, kind="akta", date=D(2023, 1, 1)
    )
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2024, 9, 1))
    factories.legal_event(cooperative_obj=coop_a, kind="ahu", date=D(2024, 3, 1))
    url = reverse("kopontren:record_delete", args=[coop_a.pk, "badan-hukum", first.pk])
    response = client_for(staf).post(url, {"reason": "salah"}, follow=True)
    assert "sebelum Akta pendirian bertanggal 01-09-2024" in response.content.decode()
    assert coop_a.legal_events.filter(pk=first.pk).exists()
