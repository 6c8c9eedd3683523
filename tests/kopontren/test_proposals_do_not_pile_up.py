"""Officers' proposals: no identical twins in the queue, the waiting ones shown where
the officer looks, queue rows that say what changes, and review that moves on."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kopontren.models import ChangeRequest, Cooperative, last_book_year
from tests import factories
from tests.conftest import client_for

RAT = {
    "rat_date": "2026-03-15",
    "members_male": 40,
    "members_female": 55,
    "managers": 1,
    "staff": 2,
    "modal_sendiri": "61.500.000",
    "modal_luar": "0",
    "aset": "0",
    "volume_usaha": "0",
    "shu": "0",
}


def propose_phone(pengurus, coop, phone="087700001111", **extra):
    data = {
        "nik_koperasi": coop.nik_koperasi,
        "nib": coop.nib,
        "jenis": coop.jenis,
        "pola": coop.pola,
        "address": coop.address,
        "phone": phone,
        "email": coop.email,
    }
    return client_for(pengurus).post(
        reverse("kopontren:cooperative_edit", args=[coop.pk]), data, **extra
    )


def propose_rat(pengurus, coop, year):
    return client_for(pengurus).post(
        reverse("kopontren:figures_create", args=[coop.pk]),
        {"book_year": year, **RAT},
    )


def test_an_identical_proposal_is_refused_with_a_link_to_the_waiting_one(
    pengurus_a, coop_a
):
    propose_phone(pengurus_a, coop_a)
    waiting = ChangeRequest.objects.get()
    again = propose_phone(pengurus_a, coop_a, follow=True)
    text = again.content.decode()
    assert "sudah menunggu tinjauan" in text
    assert reverse("kopontren:change_request_detail", args=[waiting.pk]) in text
    assert ChangeRequest.objects.count() == 1


def test_a_different_proposal_for_the_same_record_is_kept_and_the_first_shown(
    pengurus_a, coop_a
):
    propose_phone(pengurus_a, coop_a)
    form = client_for(pengurus_a).get(
        reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    )
    assert "Telepon: 081234567890 → 087700001111" in form.content.decode()
    propose_phone(pengurus_a, coop_a, phone="081299998888")
    assert ChangeRequest.objects.count() == 2


def test_four_proposals_sent_twice_make_four_in_the_queue(staf, pengurus_a, coop_a):
    for _round in range(2):
        propose_phone(pengurus_a, coop_a)
        propose_rat(pengurus_a, coop_a, 2025)
        client_for(pengurus_a).post(
            reverse("kopontren:officer_create", args=[coop_a.pk]),
            {"name": "Siti Bendahara", "position": "bendahara", "gender": "P"},
        )
        propose_rat(pengurus_a, coop_a, 2024)
    assert ChangeRequest.objects.pending().count() == 4


def test_a_missing_item_with_a_waiting_proposal_says_so_on_both_pages(
    pengurus_a, coop_a
):
    Cooperative.objects.filter(pk=coop_a.pk).update(phone="")
    coop_a.refresh_from_db()
    propose_phone(pengurus_a, coop_a)
    propose_rat(pengurus_a, coop_a, last_book_year())
    client = client_for(pengurus_a)
    for url in (coop_a.get_absolute_url(), reverse("portal:home")):
        text = client.get(url).content.decode()
        assert "Belum ada: Telepon — " in text, url
        assert f"Belum ada: RAT tahun buku {last_book_year()} — " in text, url
        assert text.count("menunggu tinjauan") >= 2, url
        assert "Belum ada: NIB\n" in text or "Belum ada: NIB<" in text, url


def test_queue_rows_say_what_changes(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    propose_rat(pengurus_a, coop_a, 2025)
    text = client_for(staf).get(reverse("kopontren:change_request_queue"))
    text = text.content.decode()
    assert "Telepon: 081234567890 → 087700001111" in text
    assert "RAT 2025: baru" in text


def test_approving_opens_the_next_waiting_request(staf, pengurus_a, coop_a):
    propose_phone(pengurus_a, coop_a)
    propose_rat(pengurus_a, coop_a, 2025)
    first, second = ChangeRequest.objects.order_by("created_at")
    client = client_for(staf)
    response = client.post(reverse("kopontren:change_request_approve", args=[first.pk]))
    assert response["Location"] == reverse(
        "kopontren:change_request_detail", args=[second.pk]
    )
    response = client.post(
        reverse("kopontren:change_request_approve", args=[second.pk])
    )
    assert response["Location"] == reverse("kopontren:change_request_queue")
    coop_a.refresh_from_db()
    assert coop_a.phone == "087700001111"


def test_the_queue_takes_the_same_queries_for_one_row_or_many(staf, pengurus_a, coop_a):
    officer = factories.officer(cooperative_obj=coop_a, name="Ahmad")

    def edit_officer(name):
        client_for(pengurus_a).post(
            reverse("kopontren:officer_edit", args=[coop_a.pk, officer.pk]),
            {"name": name, "position": "ketua", "gender": "L"},
        )

    client = client_for(staf)

    def queue():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("kopontren:change_request_queue"))
        return response.content.decode().count("<tr><td><a href="), len(captured)

    edit_officer("Ahmad Satu")
    rows, one = queue()
    assert rows == 1
    for number in range(3):
        edit_officer(f"Ahmad {number}")
        propose_rat(pengurus_a, coop_a, 2021 + number)
        propose_phone(pengurus_a, coop_a, phone=f"08120000000{number}")
    rows, many = queue()
    assert rows == 10
    assert many == one
