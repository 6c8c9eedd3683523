"""No lost update: the registry forms (cooperative, pesantren, officer, RAT, legal
step) carry the version they were opened at; a second save from the same version is
refused, naming who changed what, the first save is kept and the history shows one
change. The service compares the version under a row lock, so two saves that race
cannot both pass."""

import datetime
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django import forms
from django.db import connection, transaction
from django.urls import reverse

from kopontren.forms import OfficerForm
from kopontren.models import LegalEvent, Officer
from kopontren.services import record_save
from portal.forms import version_hold
from tests import factories
from tests.conftest import client_for


def form_data(response):
    """What the browser would send back for the form as it was rendered."""
    data = {}
    form = response.context["form"]
    for name, field in form.fields.items():
        if isinstance(field, forms.FileField):
            continue
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value is not None and value is not False:
            data[name] = value
    return data


def test_a_second_save_from_the_same_version_is_refused(staf, coop_a):
    other = factories.user(
        username="staf-dua", first_name="Rina", role=staf.role, region_code="35.09"
    )
    url = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    first, second = client_for(staf), client_for(other)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    changes_before = coop_a.history.count()

    saved = first.post(url, {**mine, "name": "Kopontren Alif Baru"})
    assert saved.status_code == 302
    refused = second.post(url, {**theirs, "phone": "089999999999"})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Data ini sudah diubah oleh staf-uji pada" in text
    assert "Kopontren Uji Alif" in text and "Kopontren Alif Baru" in text
    coop_a.refresh_from_db()
    assert coop_a.name == "Kopontren Alif Baru"
    assert coop_a.phone == "081234567890"
    assert coop_a.history.count() == changes_before + 1


def test_a_save_from_the_latest_version_goes_through(staf, coop_a):
    url = reverse("kopontren:cooperative_edit", args=[coop_a.pk])
    client = client_for(staf)
    client.post(url, {**form_data(client.get(url)), "name": "Nama Pertama"})
    client.post(url, {**form_data(client.get(url)), "name": "Nama Kedua"})
    coop_a.refresh_from_db()
    assert coop_a.name == "Nama Kedua"


def test_the_pesantren_form_is_versioned_too(staf, coop_a):
    pesantren = coop_a.pesantren
    url = reverse("kopontren:pesantren_edit", args=[pesantren.pk])
    first, second = client_for(staf), client_for(staf)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    saved = first.post(url, {**mine, "pengasuh": "KH. Pertama"})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**theirs, "pengasuh": "KH. Kedua"})
    assert "Data ini sudah diubah oleh" in refused.content.decode()
    pesantren.refresh_from_db()
    assert pesantren.pengasuh == "KH. Pertama"


def officer_url(coop):
    officer = factories.officer(cooperative_obj=coop, name="Ahmad Fauzi")
    return officer, reverse("kopontren:officer_edit", args=[coop.pk, officer.pk])


def figures_url(coop):
    figures = factories.yearly_figures(cooperative_obj=coop, book_year=2024)
    return figures, reverse("kopontren:figures_edit", args=[coop.pk, figures.pk])


def legal_url(coop):
    event = factories.legal_event(
        cooperative_obj=coop,
        kind=LegalEvent.Kind.AKTA_PENDIRIAN,
        date=datetime.date(2024, 5, 2),
        notary="Notaris Lama, S.H.",
    )
    return event, reverse("kopontren:legal_event_edit", args=[coop.pk, event.pk])


# (record and URL, field, first person's value, second person's change)
RECORDS = {
    "officer": (officer_url, "name", "Ahmad Fauzan", {"phone": "081298765432"}),
    "figures": (figures_url, "members_male", 31, {"members_female": 40}),
    "legal_step": (
        legal_url,
        "notary",
        "Notaris Baru, S.H., M.Kn.",
        {"note": "Catatan kedua"},
    ),
}


@pytest.mark.parametrize("kind", RECORDS)
def test_a_second_save_of_a_record_from_the_same_version_is_refused(kind, staf, coop_a):
    make, field, value, theirs_change = RECORDS[kind]
    record, url = make(coop_a)
    before = getattr(record, field)
    first, second = client_for(staf), client_for(staf)
    mine, theirs = form_data(first.get(url)), form_data(second.get(url))
    changes_before = record.history.count()

    saved = first.post(url, {**mine, field: value})
    assert saved.status_code == 302, saved.context["form"].errors
    refused = second.post(url, {**theirs, **theirs_change})

    assert refused.status_code == 200
    text = refused.content.decode()
    assert "Data ini sudah diubah oleh staf-uji pada" in text
    label = str(type(record)._meta.get_field(field).verbose_name)
    assert f"{label}: “{before}” → “{value}”" in text
    record.refresh_from_db()
    assert getattr(record, field) == value
    ((other_field, other_value),) = theirs_change.items()
    assert getattr(record, other_field) != other_value
    assert record.history.count() == changes_before + 1


def test_the_service_compares_the_version_again_when_it_saves(staf, coop_a):
    """Both forms pass validation before either is saved (two requests at once):
    the service refuses the second."""
    officer = factories.officer(cooperative_obj=coop_a, name="Ahmad Fauzi")
    opened = officer.updated_at.isoformat()
    data = {"position": "ketua", "gender": "L", "version": opened}

    def form(name):
        instance = Officer.objects.get(pk=officer.pk)
        return OfficerForm({**data, "name": name}, instance=instance)

    one, two = form("Nama Satu"), form("Nama Dua")
    assert one.is_valid() and two.is_valid()
    record_save(form=one, cooperative=coop_a)
    with pytest.raises(forms.ValidationError, match="Data ini sudah diubah oleh"):
        record_save(form=two, cooperative=coop_a)
    officer.refresh_from_db()
    assert officer.name == "Nama Satu"


def wait_until(condition, *, timeout=60):
    """Poll `condition` until it holds (a lock wait has no event to wait on)."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not condition():
        assert time.monotonic() < deadline, "condition not reached"
        pause.wait(0.02)


def backends_waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_save_racing_another_waits_for_its_row_lock_and_is_refused(staf, coop_a):
    officer, url = officer_url(coop_a)
    client = client_for(staf)
    opened = form_data(client.get(url))
    holding, release = threading.Event(), threading.Event()

    def first_save():
        try:
            with transaction.atomic():
                version_hold(instance=officer, opened=opened["version"])
                holding.set()
                assert release.wait(60)
                locked = Officer.objects.get(pk=officer.pk)
                locked.name = "Nama Pertama"
                locked.save()
        finally:
            connection.close()

    def second_save():
        try:
            response = client.post(url, {**opened, "name": "Nama Kedua"})
            return response.status_code, response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        first = pool.submit(first_save)
        assert holding.wait(60)
        second = pool.submit(second_save)
        # The second save has passed its form's check and waits on the row lock.
        wait_until(lambda: backends_waiting_on_a_lock() >= 1)
        release.set()
        first.result(timeout=60)
        status, html = second.result(timeout=60)

    assert status == 200
    assert "Data ini sudah diubah oleh" in html and "Nama Pertama" in html
    officer.refresh_from_db()
    assert officer.name == "Nama Pertama"
    assert officer.history.count() == 2
