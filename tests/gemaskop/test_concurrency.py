"""Two desks (and retries) entering the same people at the same moment: the database,
not Python, keeps one row per person per session. Offices numbering certificates at
the same moment: each series stays without gap or duplicate."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from gemaskop import services
from gemaskop.models import Attendance, Certificate, Participant
from portal.models import NumberCounter
from portal.services import numbers_allocate
from tests import factories as base
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


EVENTS_PER_OFFICE = 6
PEOPLE_PER_EVENT = 4


def sequence_of(number):
    return int(number.split("/")[1])


@pytest.mark.django_db(transaction=True)
def test_two_offices_issuing_at_once_leave_each_series_without_gap_or_duplicate():
    offices = {
        "35.09": base.office(region_code="35.09"),
        "63": base.office(region_code="63"),
    }
    events = []
    for code, office in offices.items():
        for index in range(EVENTS_PER_OFFICE):
            event = factories.event(
                name=f"Serentak {code} {index}",
                kabupaten="35.09" if code == "35.09" else "63.72",
                office=office,
            )
            session = factories.session(event_obj=event)
            for person in range(PEOPLE_PER_EVENT):
                factories.attend(session_obj=session, name=f"Orang {person}")
            events.append(event)
    barrier = threading.Barrier(len(events), timeout=60)

    def issue(event):
        try:
            barrier.wait()
            return [c.number for c in services.certificates_issue(event=event)]
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(events)) as pool:
        issued = [n for numbers in pool.map(issue, events) for n in numbers]

    assert len(issued) == len(events) * PEOPLE_PER_EVENT
    expected = list(range(1, EVENTS_PER_OFFICE * PEOPLE_PER_EVENT + 1))
    for code, office in offices.items():
        numbers = list(
            Certificate.objects.filter(event__office=office).values_list(
                "number", flat=True
            )
        )
        assert all(f"/GEMASKOP/{code}/2025" in n for n in numbers)
        assert sorted(sequence_of(n) for n in numbers) == expected, code
    # Each event's certificates got one unbroken run of numbers.
    for event in events:
        runs = sorted(
            sequence_of(n) for n in event.certificates.values_list("number", flat=True)
        )
        assert runs == list(range(runs[0], runs[0] + PEOPLE_PER_EVENT))


@pytest.mark.django_db(transaction=True)
def test_concurrent_allocations_on_a_new_counter_never_repeat_a_number():
    offices = [base.office(region_code="35.09"), base.office(region_code="63")]
    calls = [offices[index % 2] for index in range(40)]
    barrier = threading.Barrier(len(calls), timeout=60)

    def allocate(office):
        try:
            barrier.wait()
            return office.pk, list(
                numbers_allocate(office=office, series="SURAT", year=2026)
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        results = list(pool.map(allocate, calls))

    for office in offices:
        got = sorted(n for pk, numbers in results if pk == office.pk for n in numbers)
        assert got == list(range(1, 21))
    assert NumberCounter.objects.filter(series="SURAT").count() == 2
