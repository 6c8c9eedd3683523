"""The registry's cooperative page lists the GEMASKOP events its people attended."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import client_for
from tests.gemaskop import factories as gf


def detail(coop):
    return reverse("kopontren:cooperative_detail", args=[coop.pk])


def test_cooperative_page_lists_events_its_people_attended(
    staf, pengurus_a, coop_a, coop_b
):
    attended = gf.event(name="Sosialisasi GEMASKOP Uji")
    session = gf.session(event_obj=attended)
    gf.attend(session_obj=session, name="Ahmad", cooperative=coop_a)
    gf.attend(session_obj=session, name="Siti", pesantren=coop_a.pesantren)
    other = gf.event(name="Bimtek Lain")
    gf.attend(session_obj=gf.session(event_obj=other), name="Budi", cooperative=coop_b)
    for user in (staf, pengurus_a):
        body = client_for(user).get(detail(coop_a)).content.decode()
        assert "Sosialisasi GEMASKOP Uji" in body
        assert "2 orang" in body
        assert "Bimtek Lain" not in body


def test_events_section_keeps_the_page_query_count_flat(staf, coop_a):
    client = client_for(staf)
    first = gf.event()
    gf.attend(session_obj=gf.session(event_obj=first), name="Satu", cooperative=coop_a)
    with CaptureQueriesContext(connection) as one:
        client.get(detail(coop_a))
    for index in range(6):
        event = gf.event()
        gf.attend(
            session_obj=gf.session(event_obj=event),
            name=f"Orang {index}",
            cooperative=coop_a,
        )
    with CaptureQueriesContext(connection) as many:
        client.get(detail(coop_a))
    assert len(one) == len(many)
