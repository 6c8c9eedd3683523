"""The RAT as a meeting (attendance, RAPB, ODS report) and the late-RAT work lists."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from kopontren.models import (
    Cooperative,
    Document,
    YearlyFigures,
    latest_due_book_year,
)
from tests import factories
from tests.conftest import client_for

D = datetime.date
LIST = reverse("kopontren:cooperative_list")


@pytest.fixture
def bh(coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2020, 1, 1))
    return coop_a


def test_a_cooperative_seven_months_after_the_book_year_without_rat_is_late(bh):
    factories.yearly_figures(cooperative_obj=bh, book_year=2024, rat_date=D(2025, 3, 1))
    # 31 July 2026: book year 2025 closed seven months ago, its RAT was due by June.
    assert list(Cooperative.objects.rat_late(today=D(2026, 7, 31))) == [bh]
    # At five months it is not due yet, and book year 2024's was held in time.
    assert not Cooperative.objects.rat_late(today=D(2026, 5, 31)).exists()


def test_a_rat_held_after_the_deadline_is_late_and_one_in_time_is_not(bh, coop_b):
    factories.berbadan_hukum(cooperative_obj=coop_b, ahu_date=D(2020, 1, 1))
    factories.yearly_figures(cooperative_obj=bh, book_year=2025, rat_date=D(2026, 8, 1))
    factories.yearly_figures(
        cooperative_obj=coop_b, book_year=2025, rat_date=D(2026, 6, 30)
    )
    assert list(Cooperative.objects.rat_late(today=D(2026, 9, 1))) == [bh]


def test_the_deadline_is_a_setting(bh, settings):
    factories.yearly_figures(cooperative_obj=bh, book_year=2024, rat_date=D(2025, 3, 1))
    settings.RAT_DEADLINE_MONTHS = 12
    assert not Cooperative.objects.rat_late(today=D(2026, 7, 31)).exists()
    settings.RAT_DEADLINE_MONTHS = 6
    assert Cooperative.objects.rat_late(today=D(2026, 7, 31)).exists()


def test_only_active_berbadan_hukum_cooperatives_are_listed(bh, coop_b):
    inactive = factories.cooperative(is_active=False)
    factories.berbadan_hukum(cooperative_obj=inactive, ahu_date=D(2020, 1, 1))
    assert list(Cooperative.objects.rat_late(today=D(2026, 7, 31))) == [bh]


def test_the_work_lists_on_the_registry_page(staf, bh):
    last = datetime.date.today().year - 1
    factories.yearly_figures(cooperative_obj=bh, book_year=last - 3)
    client = client_for(staf)
    late = client.get(LIST, {"kerja": "rat-terlambat"}).context["page"]
    two = client.get(LIST, {"kerja": "rat-dua-tahun"}).context["page"]
    assert [c.name for c in late.object_list] == [bh.name]
    assert [c.name for c in two.object_list] == [bh.name]
    year, _deadline = latest_due_book_year()
    factories.yearly_figures(cooperative_obj=bh, book_year=year - 1)
    two = client.get(LIST, {"kerja": "rat-dua-tahun"}).context["page"]
    assert not two.object_list


def test_staff_record_the_meeting_and_the_page_shows_the_quorum(staf, coop_a):
    rapb = Document.objects.create(
        cooperative=coop_a, kind="rapb", title="RAPB 2026", file="uji/rapb.pdf"
    )
    response = client_for(staf).post(
        reverse("kopontren:figures_create", args=[coop_a.pk]),
        {
            "book_year": 2025,
            "rat_date": "2026-03-01",
            "members_male": 30,
            "members_female": 20,
            "managers": 1,
            "staff": 2,
            "modal_sendiri": "0",
            "modal_luar": "0",
            "aset": "0",
            "volume_usaha": "0",
            "shu": "0",
            "members_present": 30,
            "rapb": rapb.pk,
            "reported_to_ods_on": "2026-03-20",
        },
    )
    assert response.status_code == 302
    figures = coop_a.yearly_figures.get()
    assert (figures.members_present, figures.rapb, figures.reported_to_ods_on) == (
        30,
        rapb,
        D(2026, 3, 20),
    )
    page = client_for(staf).get(coop_a.get_absolute_url()).content.decode()
    assert "30 dari 50" in page
    assert "lebih dari separuh hadir" in page


def test_more_present_than_members_is_refused(coop_a):
    with pytest.raises(IntegrityError):
        YearlyFigures.objects.create(
            cooperative=coop_a, book_year=2025, members_male=5, members_present=6
        )


def test_a_report_to_ods_before_the_rat_is_refused(coop_a):
    with pytest.raises(IntegrityError):
        YearlyFigures.objects.create(
            cooperative=coop_a,
            book_year=2025,
            rat_date=D(2026, 3, 1),
            reported_to_ods_on=D(2026, 2, 1),
        )


def test_the_rapb_choice_is_only_this_cooperatives_rapb(staf, coop_a, coop_b):
    other = Document.objects.create(
        cooperative=coop_b, kind="rapb", title="RAPB lain", file="uji/lain.pdf"
    )
    response = client_for(staf).get(
        reverse("kopontren:figures_create", args=[coop_a.pk])
    )
    assert list(response.context["form"].fields["rapb"].queryset) == []
    assert other.title not in response.content.decode()
