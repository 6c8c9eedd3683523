"""Merging a probable duplicate pair: the page lists the pairs in the user's scope;
a merge moves everything that points at the removed record to the kept one in one
transaction, leaves no row pointing at the removed one, and is written in the kept
record's history and the audit log."""

import datetime

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gemaskop.models import Participant
from kopontren import duplicates
from kopontren.models import ChangeRequest, Cooperative, Document, Officer, Pesantren
from portal.models import AuditEntry
from tests import factories
from tests.conftest import client_for
from tests.gemaskop import factories as gemaskop_factories
from tests.opop import factories as opop_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def kencong():
    return factories.kecamatan()


@pytest.fixture
def pair(kencong, staf, pengurus_a):
    """Pesantren "Al Anwar" and "PP Al-Anwar" of Kencong, each with a cooperative
    holding officers, a legal step, RAT years, a document, a change request, an
    OPOP membership and product, and people at a GEMASKOP event."""
    kept = factories.pesantren(name="Al Anwar", kecamatan=kencong)
    merged = factories.pesantren(name="PP Al-Anwar", kecamatan=kencong)
    kept_coop = factories.cooperative(name="Kopontren Al Anwar", pesantren_obj=kept)
    merged_coop = factories.cooperative(
        name="Koperasi Pondok Pesantren Al-Anwar", pesantren_obj=merged
    )
    event = gemaskop_factories.event()
    session = gemaskop_factories.session(event_obj=event)
    for coop, year, who in ((kept_coop, 2023, "Ahmad"), (merged_coop, 2024, "Budi")):
        factories.officer(cooperative_obj=coop, name=f"Ketua {who}")
        factories.legal_event(
            cooperative_obj=coop, kind="akta", date=datetime.date(2023, 1, 5)
        )
        factories.yearly_figures(cooperative_obj=coop, book_year=year)
        Document.objects.create(
            cooperative=coop, kind="akta", title=f"Akta {who}", file="uji/a.pdf"
        )
        ChangeRequest.objects.create(
            cooperative=coop,
            target=ChangeRequest.Target.PROFILE,
            payload={"phone": "081111111111"},
            submitted_by=pengurus_a,
        )
        opop_factories.product(cooperative_obj=coop)
        gemaskop_factories.attend(
            session_obj=session, name=f"Santri {who}", cooperative=coop, entered_by=staf
        )
    opop_factories.membership(cooperative_obj=merged_coop)
    merged_coop.officer_accounts.add(pengurus_a)
    gemaskop_factories.attend(
        session_obj=session, name="Santri Cahya", pesantren=merged, entered_by=staf
    )
    return kept, merged, kept_coop, merged_coop


def rows_pointing_at(obj):
    """Every row of every model (history aside) with a foreign key or
    many-to-many link to `obj`, hidden relations (related_name="+") included."""
    model = type(obj)
    found = []
    for relation in model._meta.get_fields(include_hidden=True):
        if not (relation.auto_created and relation.is_relation):
            continue
        if not relation.concrete and relation.related_model is not None:
            other = relation.related_model
            if other._meta.model_name.startswith("historical"):
                continue
            if relation.many_to_many:
                through = relation.through
                column = relation.field.m2m_reverse_field_name()
                found += list(through.objects.filter(**{column: obj.pk}))
            else:
                found += list(
                    other._base_manager.filter(**{relation.field.attname: obj.pk})
                )
    for field in model._meta.local_many_to_many:
        through = field.remote_field.through
        found += list(through.objects.filter(**{field.m2m_field_name(): obj.pk}))
    return found


def test_the_walk_sees_what_points_at_a_record(pair):
    _kept, merged, _kept_coop, merged_coop = pair
    # Officers, legal step, RAT, document, request, product, membership, the
    # attendance's participant and the officer's account link at least.
    assert len(rows_pointing_at(merged_coop)) >= 9
    assert rows_pointing_at(merged)


def test_merging_cooperatives_moves_everything_and_leaves_no_orphan(staf, pair):
    _kept, _merged, kept_coop, merged_coop = pair
    merged_pk = merged_coop.pk

    duplicates.record_merge(kept=kept_coop, merged=merged_coop, by=staf)

    assert not Cooperative.objects.filter(pk=merged_pk).exists()
    ghost = Cooperative(pk=merged_pk)
    assert rows_pointing_at(ghost) == []
    assert set(kept_coop.officers.values_list("name", flat=True)) == {
        "Ketua Ahmad",
        "Ketua Budi",
    }
    assert sorted(kept_coop.yearly_figures.values_list("book_year", flat=True)) == [
        2023,
        2024,
    ]
    assert kept_coop.documents.count() == 2
    assert kept_coop.change_requests.count() == 2
    assert kept_coop.opop_memberships.count() == 1
    assert kept_coop.officer_accounts.count() == 1
    assert Participant.objects.filter(cooperative=kept_coop).count() == 2


def test_the_merge_is_in_the_kept_records_history_and_the_audit_log(staf, pair):
    _kept, _merged, kept_coop, merged_coop = pair
    merged_pk = merged_coop.pk

    duplicates.record_merge(kept=kept_coop, merged=merged_coop, by=staf)

    latest = kept_coop.history.first()
    assert latest.history_user == staf
    assert f"#{merged_pk}" in latest.history_change_reason
    assert "Koperasi Pondok Pesantren Al-Anwar" in latest.history_change_reason
    assert staf.username in latest.history_change_reason
    gone = Cooperative.history.filter(id=merged_pk).first()
    assert gone.history_type == "-"
    assert f"#{kept_coop.pk}" in gone.history_change_reason
    entry = AuditEntry.objects.get(action=AuditEntry.Action.MERGE)
    assert entry.actor == staf
    assert entry.page == f"kopontren.cooperative:{kept_coop.pk}"
    assert entry.detail["merged"] == merged_pk
    page = client_for(staf).get(kept_coop.get_absolute_url()).content.decode()
    assert "Digabung dengan" in page


def test_merging_pesantren_moves_their_cooperatives_and_participants(staf, pair):
    kept, merged, _kept_coop, merged_coop = pair
    merged_pk = merged.pk

    duplicates.record_merge(kept=kept, merged=merged, by=staf)

    assert not Pesantren.objects.filter(pk=merged_pk).exists()
    assert rows_pointing_at(Pesantren(pk=merged_pk)) == []
    merged_coop.refresh_from_db()
    assert merged_coop.pesantren == kept
    cahya = Participant.objects.get(name="Santri Cahya")
    assert (cahya.pesantren, cahya.affiliation_key) == (kept, f"p:{kept.pk}")
    assert f"#{merged_pk}" in kept.history.first().history_change_reason


def test_the_same_rat_year_on_both_refuses_the_merge_and_names_the_year(staf, pair):
    _kept, _merged, kept_coop, merged_coop = pair
    factories.yearly_figures(cooperative_obj=merged_coop, book_year=2023)

    with pytest.raises(ValidationError) as refusal:
        duplicates.record_merge(kept=kept_coop, merged=merged_coop, by=staf)

    assert "2023" in refusal.value.messages[0]
    assert Officer.objects.filter(cooperative=merged_coop).count() == 1
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.MERGE).exists()


def test_every_relation_to_the_registry_is_found_without_a_list(pair):
    """A model's new foreign key is moved without changing the merge: every
    concrete relation of every model (history aside) is one of its pointers."""
    for model in (Cooperative, Pesantren):
        found = {(p.model, p.field) for p in duplicates.pointers(model)}
        for other in apps.get_models(include_auto_created=True):
            if other._meta.model_name.startswith("historical"):
                continue
            for field in other._meta.concrete_fields:
                if field.is_relation and field.related_model is model:
                    assert (other, field.attname) in found


# --- the page and its access --------------------------------------------------


def test_the_page_lists_the_pair_for_its_kabupatens_staff(staf, pair):
    kept, merged, kept_coop, merged_coop = pair
    html = client_for(staf).get(reverse("kopontren:duplicate_list")).content.decode()

    for record in (kept, merged, kept_coop, merged_coop):
        assert record.get_absolute_url() in html
    assert reverse("kopontren:duplicate_merge", args=["pesantren", kept.pk, merged.pk])


def test_staff_of_another_kabupaten_do_not_see_the_pair(staf_banjarbaru, pair):
    kept, merged, _kept_coop, _merged_coop = pair
    html = client_for(staf_banjarbaru).get(reverse("kopontren:duplicate_list"))

    assert kept.get_absolute_url() not in html.content.decode()


def test_staff_merge_on_a_page_of_their_own(staf, pair):
    kept, merged, _kept_coop, _merged_coop = pair
    url = reverse("kopontren:duplicate_merge", args=["pesantren", kept.pk, merged.pk])
    client = client_for(staf)

    page = client.get(url).content.decode()
    assert "PP Al-Anwar" in page and "Ya, gabungkan" in page
    assert Pesantren.objects.filter(pk=merged.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert response.headers["Location"] == kept.get_absolute_url()
    assert not Pesantren.objects.filter(pk=merged.pk).exists()


def test_a_refused_merge_says_why_and_keeps_both(staf, pair):
    _kept, _merged, kept_coop, merged_coop = pair
    factories.yearly_figures(cooperative_obj=merged_coop, book_year=2023)
    url = reverse(
        "kopontren:duplicate_merge", args=["koperasi", kept_coop.pk, merged_coop.pk]
    )

    response = client_for(staf).post(url, follow=True)

    assert "2023" in response.content.decode()
    assert Cooperative.objects.filter(pk=merged_coop.pk).exists()


def test_out_of_scope_is_404_and_read_only_roles_403(
    staf_banjarbaru, provinsi_jatim, pengurus_a, pair
):
    kept, merged, _kept_coop, _merged_coop = pair
    url = reverse("kopontren:duplicate_merge", args=["pesantren", kept.pk, merged.pk])

    assert client_for(staf_banjarbaru).post(url).status_code == 404
    assert client_for(provinsi_jatim).post(url).status_code == 403
    assert (
        client_for(pengurus_a).get(reverse("kopontren:duplicate_list")).status_code
        == 403
    )
    assert Pesantren.objects.filter(pk=merged.pk).exists()


def test_the_pairs_page_query_count_does_not_grow_with_the_pairs(staf, kencong):
    def queries_for_pairs(start, n):
        for i in range(start, n):
            factories.pesantren(name=f"Nurul Huda {i}", kecamatan=kencong)
            factories.pesantren(name=f"PP Nurul-Huda {i}", kecamatan=kencong)
        client = client_for(staf)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("kopontren:duplicate_list"))
        assert response.status_code == 200
        return len(queries.captured_queries), response.content.decode()

    one, _html = queries_for_pairs(0, 1)
    many, html = queries_for_pairs(1, 10)

    assert one == many
    assert html.count("Pertahankan PP Nurul-Huda") >= 10
