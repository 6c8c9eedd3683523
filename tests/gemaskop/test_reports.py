"""The event report, the yearly reach and the follow-up list, with their exports."""

import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from gemaskop import reports
from gemaskop.models import Event
from portal.spreadsheets import escape_cell
from tests import factories as base
from tests.conftest import client_for
from tests.gemaskop import factories


def test_summary_counts_by_pesantren_gender_and_kabupaten(jember, coop_a):
    session = jember["session"]
    lonely = base.pesantren(name="Pesantren Tanpa Koperasi")
    factories.attend(
        session_obj=session, name="Putri Satu", pesantren=lonely, gender="P"
    )
    factories.attend(
        session_obj=session, name="Putra Dua", pesantren=lonely, gender="L"
    )
    factories.attend(session_obj=session, name="Tamu", institution="Dekopinda")
    summary = reports.event_summary(jember["event"])
    assert summary["total"] == 4
    by_pesantren = {row["pesantren__name"]: row for row in summary["by_pesantren"]}
    assert by_pesantren["Pesantren Tanpa Koperasi"]["n"] == 2
    assert not by_pesantren["Pesantren Tanpa Koperasi"]["has_cooperative"]
    assert by_pesantren["Pesantren Uji Alif"]["has_cooperative"]
    genders = {row["gender"]: row["n"] for row in summary["by_gender"]}
    assert genders == {"": 2, "L": 1, "P": 1}
    kabupaten = {
        r["pesantren__kabupaten__name"]: r["n"] for r in summary["by_kabupaten"]
    }
    assert kabupaten == {"Kabupaten Jember": 3, None: 1}
    assert [p.name for p in summary["follow_up"]] == ["Putra Dua", "Putri Satu"]


def test_report_page_links_the_follow_up_to_the_registry(jember, staf):
    lonely = base.pesantren(name="Pesantren Belum Berkoperasi")
    factories.attend(
        session_obj=jember["session"], name="Santri Tindak", pesantren=lonely
    )
    url = reverse("gemaskop:event_report", args=[jember["event"].pk])
    html = client_for(staf).get(url).content.decode()
    detail = reverse("kopontren:pesantren_detail", args=[lonely.pk])
    assert f'href="{detail}"' in html and "Santri Tindak" in html


def test_reach_per_year_counts_distinct_pesantren(jember, coop_a, staf):
    second = factories.session(event_obj=jember["event"], start="13:00", end="15:00")
    factories.attend(
        session_obj=second, name="Ahmad Santri Alif", pesantren=coop_a.pesantren
    )
    lonely = base.pesantren(name="Pesantren Sendiri")
    factories.attend(session_obj=second, name="Orang Sendiri", pesantren=lonely)
    old = factories.event(
        name="Lama", start_date=jember["event"].start_date.replace(year=2024)
    )
    factories.attend(
        session_obj=factories.session(event_obj=old), name="X", pesantren=lonely
    )
    reach = reports.reach_per_year(Event.objects.all())
    figures = [
        (row["event__budget_year"], row["pesantren"], row["without_cooperative"])
        for row in reach
    ]
    assert figures == [
        (2025, 2, 1),
        (2024, 1, 1),
    ]
    html = client_for(staf).get(reverse("gemaskop:report")).content.decode()
    assert "Orang Sendiri" in html and "2024" in html


def test_exports_defuse_formulas_and_mask_phones_for_readers(
    kalsel, staf_banjarbaru, provinsi_kalsel
):
    event = kalsel["event"]
    factories.attend(
        session_obj=kalsel["session"],
        name='=HYPERLINK("http://x")',
        institution="@Lembaga",
        phone="081298765432",
    )
    url = reverse("gemaskop:event_report", args=[event.pk])
    staff_csv = client_for(staf_banjarbaru).get(url, {"ekspor": "csv"})
    text = staff_csv.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:4] == ["No.", "Nama", "Jenis Kelamin", "Asal Lembaga"]
    row = next(r for r in rows if "HYPERLINK" in r[1])
    assert row[1].startswith("'=") and row[3] == "'@Lembaga"
    assert row[6] == "081298765432"
    official = client_for(provinsi_kalsel).get(url, {"ekspor": "xlsx"})
    sheet = load_workbook(io.BytesIO(official.content)).active
    values = [[cell.value for cell in r] for r in sheet.iter_rows()]
    row = next(r for r in values if r[1] and "HYPERLINK" in r[1])
    assert row[1].startswith("'=") and row[6] == "0812****5432"
    assert all(cell.data_type != "f" for r in sheet.iter_rows() for cell in r)


def test_escape_cell_leaves_ordinary_values_alone():
    assert escape_cell("Ahmad") == "Ahmad" and escape_cell(3) == 3
    assert escape_cell("+62812") == "'+62812" and escape_cell("-1") == "'-1"


def test_reach_report_and_summary_funnel_agree_on_who_was_reached(staf):
    kinds = {"sosialisasi": 3, "bimtek": 2, "raker_opop": 1, "lainnya": 1}
    for kind, count in kinds.items():
        event = factories.event(name=f"Kegiatan {kind}", kind=kind)
        session = factories.session(event_obj=event)
        for number in range(count):
            where = base.pesantren(name=f"Pesantren {kind} {number}")
            factories.attend(
                session_obj=session, name=f"Santri {number}", pesantren=where
            )
    client = client_for(staf)
    report = client.get(reverse("gemaskop:report")).context["reach"]
    summary = client.get(reverse("portal:summary"), {"tahun": 2025}).context["funnel"]
    reached, _url = summary["totals"][0]
    assert [(row["event__budget_year"], row["pesantren"]) for row in report] == [
        (2025, reached)
    ]
    assert reached == kinds["sosialisasi"]


def test_only_reach_events_feed_the_follow_up_list(staf):
    bimtek = factories.event(name="Bimtek Saja", kind="bimtek")
    lonely = base.pesantren(name="Pesantren Bimtek")
    factories.attend(
        session_obj=factories.session(event_obj=bimtek),
        name="Peserta Bimtek",
        pesantren=lonely,
    )
    html = client_for(staf).get(reverse("gemaskop:report")).content.decode()
    assert "Peserta Bimtek" not in html
    assert not Event.objects.get(pk=bimtek.pk).counts_as_reach


def test_free_text_rows_are_linked_to_the_registry_in_one_step(jember, staf):
    falah = base.pesantren(name="Pondok Pesantren Nurul Falah")
    for name in ("Ahmad", "Budi", "Citra"):
        factories.attend(
            session_obj=jember["session"], name=name, institution="nurul fa"
        )
    # Budi was also entered properly: the typed row stays, the two are not merged.
    factories.attend(session_obj=jember["session"], name="budi", pesantren=falah)
    event = jember["event"]
    report = reverse("gemaskop:event_report", args=[event.pk])
    page = client_for(staf).get(report).content.decode()
    assert reverse("gemaskop:participants_link", args=[event.pk]) in page
    response = client_for(staf).post(
        reverse("gemaskop:participants_link", args=[event.pk]),
        {"institution": "nurul fa", "choice": "x", "choice_ref": f"p:{falah.pk}"},
        follow=True,
    )
    html = response.content.decode()
    assert "2 peserta “nurul fa” ditautkan ke registri" in html
    assert "1 tetap seperti diketik" in html
    linked = event.participants.filter(pesantren=falah)
    assert sorted(linked.values_list("name", flat=True)) == ["Ahmad", "Citra", "budi"]
    assert event.participants.get(name="Budi").institution == "nurul fa"


def test_linking_needs_a_registry_record_in_scope(jember, staf):
    far = base.pesantren(name="Pondok Pesantren Banua", kabupaten="63.72")
    factories.attend(session_obj=jember["session"], name="Dodi", institution="banua")
    client_for(staf).post(
        reverse("gemaskop:participants_link", args=[jember["event"].pk]),
        {"institution": "banua", "choice": "banua", "choice_ref": f"p:{far.pk}"},
    )
    assert jember["event"].participants.get(name="Dodi").pesantren is None
