"""A koperasi sekunder and its primary members, with joined and left dates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from kopontren.models import SecondaryMembership
from opop.forms import MembershipForm
from tests import factories
from tests.conftest import client_for
from tests.opop import factories as opop_factories

D = datetime.date


def create_url(secondary):
    return reverse("kopontren:secondary_membership_create", args=[secondary.pk])


def test_staff_add_a_primary_member_and_both_pages_show_it(staf, coop_a):
    secondary = factories.secondary_cooperative(name="Sekunder Jember Raya")
    client = client_for(staf)
    response = client.post(
        create_url(secondary), {"primary": coop_a.pk, "joined_on": "2025-02-01"}
    )
    assert response.status_code == 302
    membership = SecondaryMembership.objects.get()
    assert (membership.primary, membership.joined_on) == (coop_a, D(2025, 2, 1))
    secondary_page = client.get(secondary.get_absolute_url()).content.decode()
    assert coop_a.name in secondary_page and "01-02-2025" in secondary_page
    primary_page = client.get(coop_a.get_absolute_url()).content.decode()
    assert "Anggota dari koperasi sekunder" in primary_page
    assert "Sekunder Jember Raya" in primary_page


def test_leaving_is_recorded_and_never_before_joining(staf, coop_a):
    secondary = factories.secondary_cooperative()
    membership = factories.secondary_membership(
        secondary=secondary, primary=coop_a, joined_on=D(2024, 5, 1)
    )
    url = reverse(
        "kopontren:secondary_membership_edit", args=[secondary.pk, membership.pk]
    )
    client = client_for(staf)
    refused = client.post(url, {"joined_on": "2024-05-01", "left_on": "2024-04-01"})
    assert "Tanggal keluar tidak boleh sebelum tanggal bergabung" in (
        refused.content.decode()
    )
    client.post(url, {"joined_on": "2024-05-01", "left_on": "2025-04-01"})
    membership.refresh_from_db()
    assert membership.left_on == D(2025, 4, 1)


def test_only_a_koperasi_sekunder_has_primary_members(staf, coop_a, coop_b):
    with pytest.raises(ValidationError, match="bukan koperasi sekunder"):
        SecondaryMembership(
            secondary=coop_b, primary=coop_a, joined_on=D(2024, 1, 1)
        ).full_clean()
    assert client_for(staf).get(create_url(coop_b)).status_code == 404


def test_overlapping_memberships_of_one_pair_are_refused(coop_a):
    secondary = factories.secondary_cooperative()
    factories.secondary_membership(
        secondary=secondary,
        primary=coop_a,
        joined_on=D(2020, 1, 1),
        left_on=D(2022, 12, 31),
    )
    overlapping = SecondaryMembership(
        secondary=secondary, primary=coop_a, joined_on=D(2022, 6, 1)
    )
    with pytest.raises(ValidationError, match="Bertumpang"):
        overlapping.full_clean()
    rejoined = SecondaryMembership(
        secondary=secondary, primary=coop_a, joined_on=D(2023, 1, 1)
    )
    rejoined.full_clean()
    rejoined.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        SecondaryMembership.objects.create(
            secondary=secondary, primary=coop_a, joined_on=D(2024, 1, 1)
        )


def test_staff_who_cannot_manage_the_primary_cannot_add_it(staf_banjarbaru):
    secondary = factories.secondary_cooperative(kabupaten="63.72")
    jember = factories.cooperative()
    response = client_for(staf_banjarbaru).post(
        create_url(secondary), {"primary": jember.pk, "joined_on": "2025-01-01"}
    )
    assert response.status_code == 200
    assert not SecondaryMembership.objects.exists()


def test_the_edit_link_shows_only_to_staff_who_manage_both(
    admin, staf_banjarbaru, coop_a
):
    secondary = factories.secondary_cooperative(kabupaten="63.72")
    membership = factories.secondary_membership(secondary=secondary, primary=coop_a)
    url = reverse(
        "kopontren:secondary_membership_edit", args=[secondary.pk, membership.pk]
    )
    page = client_for(staf_banjarbaru).get(secondary.get_absolute_url())
    assert coop_a.name in page.content.decode()
    assert url not in page.content.decode()
    assert client_for(staf_banjarbaru).get(url).status_code == 403
    assert url in client_for(admin).get(secondary.get_absolute_url()).content.decode()


def test_opop_membership_names_the_secondary_it_belongs_to(staf, coop_a):
    secondary = factories.secondary_cooperative(name="Sekunder OPOP Jember")
    membership = opop_factories.membership(cooperative_obj=coop_a, programme="35")
    url = reverse("opop:membership_edit", args=[membership.pk])
    data = {"programme": "35", "joined_on": "2024-10-02", "secondary": secondary.pk}
    refused = client_for(staf).post(url, data)
    assert "tidak tercatat sebagai anggota" in refused.content.decode()
    factories.secondary_membership(secondary=secondary, primary=coop_a)
    assert client_for(staf).post(url, data).status_code == 302
    membership.refresh_from_db()
    assert membership.secondary == secondary
    page = client_for(staf).get(membership.get_absolute_url()).content.decode()
    assert "Sekunder OPOP Jember" in page


def test_the_secondary_choices_are_koperasi_sekunder(staf, coop_a, coop_b):
    secondary = factories.secondary_cooperative()
    choices = set(MembershipForm(user=staf).fields["secondary"].queryset)
    assert choices == {secondary}
