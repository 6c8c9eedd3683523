import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from kopontren.models import Cooperative, LegalEvent
from kopontren.services import derive_legal_status
from tests import factories
from tests.conftest import client_for

D = datetime.date


def test_a_cooperative_with_no_steps_is_not_yet_berbadan_hukum(coop_a):
    assert coop_a.legal_status == Cooperative.LegalStatus.BELUM
    assert coop_a.legal_status_since is None


def test_akta_puts_it_in_process_since_the_akta(coop_a):
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2023, 5, 2))
    coop_a.refresh_from_db()
    assert coop_a.legal_status == Cooperative.LegalStatus.PROSES
    assert coop_a.legal_status_since == D(2023, 5, 2)


def test_pengesahan_makes_it_berbadan_hukum_in_the_year_of_the_ahu(coop_a):
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2023, 11, 2))
    factories.legal_event(
        cooperative_obj=coop_a,
        kind="ahu",
        date=D(2024, 2, 20),
        number="AHU-0000203.AH.01.26.TAHUN 2024",
    )
    # Later steps (NIB, NIK, PAD) do not change the status or its date.
    factories.legal_event(cooperative_obj=coop_a, kind="nib", date=D(2024, 6, 1))
    factories.legal_event(cooperative_obj=coop_a, kind="pad", date=D(2025, 6, 1))
    coop_a.refresh_from_db()
    assert coop_a.legal_status == Cooperative.LegalStatus.BERBADAN_HUKUM
    assert coop_a.legal_status_since == D(2024, 2, 20)
    assert coop_a.ahu_date == D(2024, 2, 20)


def test_steps_entered_out_of_order_give_the_same_status(coop_a):
    factories.legal_event(cooperative_obj=coop_a, kind="ahu", date=D(2022, 3, 1))
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2021, 12, 1))
    coop_a.refresh_from_db()
    assert coop_a.legal_status == "bh"
    assert coop_a.legal_status_since == D(2022, 3, 1)


def test_pembubaran_ends_it_but_keeps_the_year_it_became_berbadan_hukum(coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2020, 1, 15))
    factories.legal_event(cooperative_obj=coop_a, kind="bubar", date=D(2025, 3, 1))
    coop_a.refresh_from_db()
    assert coop_a.legal_status == Cooperative.LegalStatus.BUBAR
    assert coop_a.ahu_date == D(2020, 1, 15)


def test_deleting_the_ahu_step_puts_it_back_in_process(staf, coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 4, 1))
    ahu = coop_a.legal_events.get(kind="ahu")
    url = reverse("kopontren:record_delete", args=[coop_a.pk, "badan-hukum", ahu.pk])
    client_for(staf).post(url, {"reason": "salah input"})
    coop_a.refresh_from_db()
    assert coop_a.legal_status == Cooperative.LegalStatus.PROSES
    assert coop_a.ahu_date is None


def test_derivation_is_pure():
    events = [
        LegalEvent(kind="akta", date=D(2019, 1, 1)),
        LegalEvent(kind="ahu", date=D(2019, 8, 1)),
    ]
    assert derive_legal_status(events) == ("bh", D(2019, 8, 1), D(2019, 8, 1))
    assert derive_legal_status([]) == ("belum", None, None)


def test_old_free_form_ahu_numbers_are_accepted_with_a_warning(staf, coop_a):
    url = reverse("kopontren:legal_event_create", args=[coop_a.pk])
    response = client_for(staf).post(
        url,
        {"kind": "ahu", "date": "1998-12-01", "number": "61/BH/KDK.1022/XII/1998"},
        follow=True,
    )
    assert "tidak berformat baru" in response.content.decode()
    coop_a.refresh_from_db()
    assert coop_a.legal_status == "bh"


def test_the_same_ahu_number_cannot_be_recorded_twice(coop_a, coop_b):
    number = "AHU-0000203.AH.01.26.TAHUN 2019"
    factories.legal_event(
        cooperative_obj=coop_a, kind="ahu", date=D(2019, 1, 1), number=number
    )
    with pytest.raises(IntegrityError):
        factories.legal_event(
            cooperative_obj=coop_b, kind="ahu", date=D(2019, 1, 1), number=number
        )


def test_staff_form_refuses_a_duplicate_ahu_number_with_a_message(staf, coop_a, coop_b):
    number = "AHU-0000203.AH.01.26.TAHUN 2019"
    factories.legal_event(
        cooperative_obj=coop_a, kind="ahu", date=D(2019, 1, 1), number=number
    )
    url = reverse("kopontren:legal_event_create", args=[coop_b.pk])
    response = client_for(staf).post(
        url, {"kind": "ahu", "date": "2019-02-01", "number": number}
    )
    assert response.status_code == 200
    assert "sudah" in response.content.decode()
    assert not coop_b.legal_events.exists()


def test_stuck_work_list_finds_those_in_process_for_over_six_months(coop_a, coop_b):
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2020, 1, 1))
    today = datetime.date.today()
    factories.legal_event(
        cooperative_obj=coop_b, kind="akta", date=today - datetime.timedelta(days=30)
    )
    assert list(Cooperative.objects.stuck_in_process()) == [coop_a]
