"""The institution picker's lookup: first letters of any word, kind words folded,
the user's scope, and a query count that does not grow with the registry."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gemaskop import services
from kopontren.models import Pesantren
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def desk(staf):
    event = factories.event(name="Sosialisasi Pemilih")
    session = factories.session(event_obj=event)
    return event, session


def lookup(user, desk, text):
    event, session = desk
    url = reverse("gemaskop:registry_lookup", args=[event.pk, session.pk])
    response = client_for(user).get(url, {"q": text})
    assert response.status_code == 200
    return [item["label"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "typed",
    ["nurul fa", "PP Nurul Fal", "ponpes nurul", "Pondok Pesantren Nurul Falah", "fal"],
)
def test_first_letters_of_any_word_find_the_pesantren(staf, desk, typed):
    base.pesantren(name="Pondok Pesantren Nurul Falah")
    base.pesantren(name="Pondok Pesantren Darussalam")
    assert lookup(staf, desk, typed)[0] == "Pondok Pesantren Nurul Falah"


def test_kind_words_alone_do_not_decide_the_match(staf, desk):
    base.pesantren(name="Pondok Pesantren Al-Hikmah")
    base.cooperative(name="Kopontren Sejahtera")
    assert lookup(staf, desk, "kopontren al-hik") == ["Pondok Pesantren Al-Hikmah"]
    assert lookup(staf, desk, "kopontren sej") == ["Kopontren Sejahtera"]


def test_letters_inside_a_word_do_not_match(staf, desk):
    base.pesantren(name="Pondok Pesantren Darussalam")
    assert lookup(staf, desk, "salam") == []


def test_a_cooperative_is_not_offered_beside_its_own_pesantren(staf, desk):
    pesantren = base.pesantren(name="Pondok Pesantren Bahrul Ulum")
    base.cooperative(name="Kopontren Bahrul Ulum", pesantren_obj=pesantren)
    assert lookup(staf, desk, "bahr") == ["Pondok Pesantren Bahrul Ulum"]


def test_only_the_registry_in_scope_is_offered(staf, desk):
    base.pesantren(name="Pondok Pesantren Nurul Banua", kabupaten="63.72")
    assert lookup(staf, desk, "nurul ban") == []


def test_the_pick_is_linked_and_one_out_of_scope_is_not(staf, desk):
    event, session = desk
    near = base.pesantren(name="Pondok Pesantren Sidogiri")
    far = base.pesantren(name="Pondok Pesantren Sidogiri Banua", kabupaten="63.72")
    url = reverse("gemaskop:attendance_add", args=[event.pk, session.pk])
    client = client_for(staf)
    for name, ref in [("Dekat", f"p:{near.pk}"), ("Jauh", f"p:{far.pk}")]:
        data = {"name": name, "institution": "sidog", "institution_ref": ref}
        client.post(url, {**data, "position": "santri"}, **HTMX)
    people = {p.name: p for p in event.participants.all()}
    assert people["Dekat"].pesantren == near
    assert people["Jauh"].pesantren is None and people["Jauh"].institution == "sidog"


def registry_of(size):
    Pesantren.objects.bulk_create(
        Pesantren(name=f"Pondok Pesantren Nurul Uji {n:04d}", kabupaten_id="35.09")
        for n in range(size)
    )


@pytest.mark.parametrize("size", [40, 4000])
def test_lookup_queries_do_not_grow_with_the_registry(staf, desk, size):
    registry_of(size)
    event, session = desk
    url = reverse("gemaskop:registry_lookup", args=[event.pk, session.pk])
    client = client_for(staf)
    client.get(url, {"q": "nurul"})  # session and user cached as in real use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "nurul uji"})
    assert len(response.json()["results"]) == services.PICKER_LIMIT
    assert len(queries) == LOOKUP_QUERIES


# Session + user, the desk's session with its event, the pesantren, the cooperatives.
LOOKUP_QUERIES = 5


@pytest.mark.parametrize("size", [40, 4000])
def test_check_in_lookup_queries_do_not_grow_with_the_registry(db, size):
    registry_of(size)
    event = factories.event(start_date=timezone.localdate())
    factories.session(event_obj=event, start="00:00", end="23:59")
    url = reverse("gemaskop:checkin_lookup", args=[event.checkin_token])
    client = Client()
    client.get(url, {"q": "nurul"})  # the rate limit's window exists, as in real use
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"q": "nurul uji"})
    assert len(response.json()["results"]) == services.PICKER_LIMIT
    assert len(queries) == CHECKIN_LOOKUP_QUERIES


# The event, its sessions today, the pesantren, the cooperatives, and twelve for the
# rate limit's add and incr in the database cache.
CHECKIN_LOOKUP_QUERIES = 16
