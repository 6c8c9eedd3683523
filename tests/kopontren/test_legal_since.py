"""Since when a cooperative is at each stage of its legal path, from the log, on
its page and in the per-stage work lists (oldest first)."""

import datetime

from django.conf import settings
from django.urls import reverse

from tests import factories
from tests.conftest import client_for

D = datetime.date
LIST = reverse("kopontren:cooperative_list")


def page_of(user, coop):
    return client_for(user).get(coop.get_absolute_url()).content.decode()


def test_the_page_says_since_when_for_every_stage(staf, coop_a):
    assert "Belum berbadan hukum" in page_of(staf, coop_a)
    factories.legal_event(cooperative_obj=coop_a, kind="akta", date=D(2024, 11, 5))
    assert "Dalam proses (akta notaris) sejak 5 November 2024" in page_of(staf, coop_a)
    factories.legal_event(
        cooperative_obj=coop_a, kind="ahu", date=D(2025, 1, 10), number="AHU-1"
    )
    page = page_of(staf, coop_a)
    assert "Berbadan hukum sejak 10 Januari 2025" in page
    assert "Belum punya NIK Koperasi sejak 10 Januari 2025" in page
    assert "Belum punya NIB sejak 10 Januari 2025" in page
    factories.legal_event(
        cooperative_obj=coop_a, kind="nik", date=D(2025, 3, 2), number="3509100000044"
    )
    page = page_of(staf, coop_a)
    assert "Punya NIK Koperasi sejak 2 Maret 2025" in page
    assert "Belum punya NIK Koperasi" not in page
    factories.legal_event(cooperative_obj=coop_a, kind="bubar", date=D(2026, 2, 1))
    assert "Dibubarkan sejak 1 Februari 2026" in page_of(staf, coop_a)


def test_the_english_page_says_since_too(staf, coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2025, 1, 10))
    client = client_for(staf)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get(coop_a.get_absolute_url()).content.decode()
    assert "Legal entity since 10 January 2025" in body


def test_the_no_nik_work_list_shows_since_when_oldest_first(staf):
    names = []
    for ahu in (D(2025, 6, 1), D(2023, 2, 1), D(2024, 4, 1)):
        coop = factories.cooperative()
        factories.berbadan_hukum(cooperative_obj=coop, ahu_date=ahu)
        names.append(coop.name)
    response = client_for(staf).get(LIST, {"kerja": "tanpa-nik"})
    listed = [coop.name for coop in response.context["page"]]
    assert listed == [names[1], names[2], names[0]]
    body = response.content.decode()
    assert "Belum punya NIK sejak" in body
    assert (
        body.index("01-02-2023") < body.index("01-04-2024") < body.index("01-06-2025")
    )


def test_a_stage_list_sorts_by_since_on_request(staf):
    late = factories.cooperative(name="Proses Baru")
    factories.legal_event(cooperative_obj=late, kind="akta", date=D(2025, 5, 1))
    early = factories.cooperative(name="Proses Lama")
    factories.legal_event(cooperative_obj=early, kind="akta", date=D(2023, 5, 1))
    response = client_for(staf).get(LIST, {"status": "proses", "urut": "nama"})
    assert [c.name for c in response.context["page"]] == [late.name, early.name]
    response = client_for(staf).get(LIST, {"status": "proses"})
    assert [c.name for c in response.context["page"]] == [early.name, late.name]
    assert "Dalam proses sejak" in response.content.decode()


def test_the_no_nib_work_list_holds_legal_entities_without_nib(staf, coop_a, coop_b):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 1, 1))
    factories.berbadan_hukum(cooperative_obj=coop_b, ahu_date=D(2024, 1, 1))
    factories.legal_event(
        cooperative_obj=coop_b, kind="nib", date=D(2024, 2, 1), number="9120000000001"
    )
    factories.cooperative(name="Belum Apa-apa")
    response = client_for(staf).get(LIST, {"kerja": "tanpa-nib"})
    assert [c.name for c in response.context["page"]] == [coop_a.name]
