"""Two desks (and retries) entering the same people at the same moment: the database,
not Python, keeps one row per person per session."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from gemaskop.models import Attendance, Participant
from tests.conftest import client_for
from tests.gemaskop import factories

PEOPLE = 100


@pytest.mark.django_db(transaction=True)
def test_200_concurrent_submissions_of_100_people_leave_exactly_100_rows(staf, coop_a):
    event = factories.event(name="Sosialisasi Serentak")
    session = factories.session(event_obj=event)
    url = reverse("gemaskop:attendance_add", args=[event.pk, session.pk])
    cookie = client_for(staf).cookies[settings.SESSION_COOKIE_NAME].value
    # Both submissions of a pair leave together; the second is written differently,
    # as a second desk would type it.
    barriers = [threading.Barrier(2, timeout=60) for _ in range(PEOPLE)]

    def submit(index):
        person, copy = divmod(index, 2)
        name = f"Peserta Serentak {person:03d}"
        data = {
            "name": name.upper() + "  " if copy else name,
            "institution": coop_a.pesantren.name if copy else coop_a.name,
            "position": "santri",
        }
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = cookie
        try:
            barriers[person].wait()
            response = client.post(url, data, HTTP_HX_REQUEST="true")
            return response.status_code, response.content.decode()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(submit, range(2 * PEOPLE)))

    assert {status for status, _html in results} == {200}
    added = sum("ditambahkan" in html for _status, html in results)
    duplicates = sum("sudah tercatat hadir" in html for _status, html in results)
    assert (added, duplicates) == (PEOPLE, PEOPLE)
    assert Attendance.objects.filter(session=session).count() == PEOPLE
    assert Participant.objects.filter(event=event).count() == PEOPLE
