"""The legal-status log is the one source of a cooperative's NIB and NIK Koperasi."""

import datetime
import importlib

from django.apps import apps
from django.urls import reverse

from kopontren.forms import CooperativeForm, OfficerProfileForm
from kopontren.models import Cooperative
from tests import factories
from tests.conftest import client_for
from tests.kopontren.test_import_export import COOP_HEADERS, apply, coop_row, csv_bytes

D = datetime.date
LIST = reverse("kopontren:cooperative_list")


def listed_names(user, **params):
    page = client_for(user).get(LIST, params).context["page"]
    return [coop.name for coop in page.object_list]


def test_recording_a_nik_step_clears_the_no_nik_work_list_and_completeness(
    staf, coop_a
):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 2, 1))
    detail = reverse("kopontren:cooperative_detail", args=[coop_a.pk])
    assert coop_a.name in listed_names(staf, kerja="tanpa-nik")
    assert "Belum ada: NIK Koperasi" in client_for(staf).get(detail).content.decode()

    client_for(staf).post(
        reverse("kopontren:legal_event_create", args=[coop_a.pk]),
        {"kind": "nik", "date": "2024-05-01", "number": "3509100000044"},
    )

    assert coop_a.name not in listed_names(staf, kerja="tanpa-nik")
    assert coop_a.name in listed_names(staf, nik="1")
    page = client_for(staf).get(detail).content.decode()
    assert "Belum ada: NIK Koperasi" not in page
    assert "3509100000044 (01-05-2024)" in page
    coop_a.refresh_from_db()
    assert (coop_a.nik_koperasi, coop_a.nik_date) == ("3509100000044", D(2024, 5, 1))


def test_recording_a_nib_step_fills_the_profile_and_completeness(staf, coop_a):
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 2, 1))
    client_for(staf).post(
        reverse("kopontren:legal_event_create", args=[coop_a.pk]),
        {"kind": "nib", "date": "2024-03-01", "number": "9120000000001"},
    )
    coop = Cooperative.objects.with_completeness().get(pk=coop_a.pk)
    assert coop.nib == "9120000000001"
    assert dict((str(k), v) for k, v in coop.completeness_items())["NIB"] is True


def test_a_later_nik_step_corrects_the_number_and_deleting_it_restores(staf, coop_a):
    factories.legal_event(
        cooperative_obj=coop_a, kind="nik", date=D(2024, 1, 1), number="3509100000001"
    )
    fix = factories.legal_event(
        cooperative_obj=coop_a, kind="nik", date=D(2024, 2, 1), number="3509100000002"
    )
    coop_a.refresh_from_db()
    assert (coop_a.nik_koperasi, coop_a.nik_date) == ("3509100000002", D(2024, 1, 1))
    url = reverse("kopontren:record_delete", args=[coop_a.pk, "badan-hukum", fix.pk])
    client_for(staf).post(url, {"reason": "salah ketik"})
    coop_a.refresh_from_db()
    assert coop_a.nik_koperasi == "3509100000001"


def test_the_profile_forms_do_not_edit_nib_or_nik(staf, pengurus_a, coop_a):
    assert not {"nik_koperasi", "nib"} & set(CooperativeForm(user=staf).fields)
    assert not {"nik_koperasi", "nib"} & set(OfficerProfileForm().fields)
    client_for(staf).post(
        reverse("kopontren:cooperative_edit", args=[coop_a.pk]),
        {
            "name": coop_a.name,
            "pesantren": coop_a.pesantren_id,
            "kelompok": coop_a.kelompok,
            "jenis": coop_a.jenis,
            "bentuk": coop_a.bentuk,
            "pola": coop_a.pola,
            "is_active": "on",
            "kabupaten": coop_a.kabupaten_id,
            "nik_koperasi": "3509100000099",
            "nib": "9120000000099",
        },
    )
    coop_a.refresh_from_db()
    assert (coop_a.nik_koperasi, coop_a.nib) == ("", "")


def test_an_imported_nik_is_recorded_as_a_legal_step(staf):

    factories.pesantren(name="Pesantren Uji Impor", nspp="510335090001")
    apply("koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row()]), "odsjember.csv")
    coop = Cooperative.objects.get(name="Kopontren Uji Impor")
    step = coop.legal_events.get()
    assert (step.kind, step.number) == ("nik", "3509000000001")
    assert "odsjember.csv" in step.note
    assert coop.nik_date == step.date
    # Importing the same sheet again adds no second step.
    apply("koperasi", staf, csv_bytes(COOP_HEADERS, [coop_row()]), "odsjember.csv")
    assert coop.legal_events.count() == 1


def test_the_migration_moves_a_profile_nik_without_a_step_into_the_log(
    coop_a, coop_b, capsys
):
    reconcile = importlib.import_module(
        "kopontren.migrations.0007_reconcile_profile_with_legal_log"
    ).reconcile
    factories.berbadan_hukum(cooperative_obj=coop_a, ahu_date=D(2024, 2, 1))
    Cooperative.objects.filter(pk=coop_a.pk).update(nik_koperasi="3509100000007")
    factories.legal_event(
        cooperative_obj=coop_b, kind="nik", date=D(2024, 1, 1), number="3509100000008"
    )
    Cooperative.objects.filter(pk=coop_b.pk).update(nik_koperasi="3509100000009")

    reconcile(apps, None)

    step = coop_a.legal_events.get(kind="nik")
    assert step.number == "3509100000007" and step.date >= D(2024, 2, 1)
    coop_b.refresh_from_db()
    assert coop_b.nik_koperasi == "3509100000008"
    assert "3509100000009" in capsys.readouterr().out
