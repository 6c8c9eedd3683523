"""`manage.py generate_scale_data`: the benchmark registry, at a fiftieth of tier S."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import F

from gemaskop.models import Attendance, Event, EventSession, Participant
from kopontren.models import Cooperative, Pesantren
from opop.models import Membership, Product

pytestmark = pytest.mark.django_db


def generate(scale=0.02, **options):
    call_command(
        "generate_scale_data", tier="S", scale=scale, stdout=io.StringIO(), **options
    )


def names():
    return (
        list(Pesantren.objects.order_by("pk").values_list("name", flat=True)),
        list(Cooperative.objects.order_by("pk").values_list("name", flat=True)),
        list(Participant.objects.order_by("pk").values_list("name", flat=True)),
        list(Product.objects.order_by("pk").values_list("name", flat=True)),
    )


def test_tier_s_builds_the_counts_it_promises_in_kalimantan_selatan():
    generate()

    assert Pesantren.objects.count() == 24
    assert Cooperative.objects.count() == 61
    assert Event.objects.count() == 10
    assert EventSession.objects.count() == 20
    assert Attendance.objects.count() == 1_000
    assert Product.objects.count() == 200
    kabupatens = set(Cooperative.objects.values_list("kabupaten__parent", flat=True))
    assert kabupatens == {"63"}
    assert Membership.objects.exists()
    assert Pesantren.objects.filter(name__startswith="Pondok Pesantren ").count() == 24


def test_the_rows_keep_the_portal_rules():
    generate()

    for cooperative in Cooperative.objects.all()[:20]:
        cooperative.full_clean()
    # Every attendee belongs to an event of the session they attended.
    assert not Attendance.objects.exclude(
        session__event=F("participant__event")
    ).exists()
    # Every product is an OPOP member's.
    assert not Product.objects.exclude(
        cooperative__in=Membership.objects.values("cooperative")
    ).exists()


def test_the_same_seed_gives_the_same_names_and_another_seed_others():
    with transaction.atomic():
        generate(seed=7)
        first = names()
        transaction.set_rollback(True)
    with transaction.atomic():
        generate(seed=7)
        again = names()
        transaction.set_rollback(True)
    generate(seed=8)

    assert first == again
    assert first[1] != names()[1]


def test_a_new_id_follows_the_generated_rows():
    generate()

    made = Pesantren.objects.create(name="Pondok Pesantren Baru", kabupaten_id="63.01")

    assert made.pk == Pesantren.objects.order_by("-pk").values_list("pk")[1][0] + 1


def test_a_scale_outside_zero_to_one_is_refused():
    with pytest.raises(CommandError, match="--scale"):
        generate(scale=0)
