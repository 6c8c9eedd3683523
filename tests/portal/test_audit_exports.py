"""Every export, every PDF with people's names, every page that shows several people's
personal data unmasked, and every admin export leaves exactly one audit entry with the
number of rows the file (or page) holds. The URL names come from the resolver: a new
export, download, PDF or CSV without a case here fails the test."""

import csv
import io
import json
import re

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from portal.models import AuditEntry, Job
from tests import factories
from tests.gemaskop import factories as gemaskop_factories
from tests.portal import access_world
from tests.portal.test_access_matrix import url_names

pytestmark = pytest.mark.django_db

EXPORT_WORDS = re.compile(r"export|download|pdf|csv|unduh|ekspor")

# URL names that match EXPORT_WORDS but are not an export of people's data.
NOT_EXPORTS = {
    # One stored document of a cooperative (its akta, say), not rows of people.
    "kopontren:document_download",
    # The user's own recovery codes.
    "mfa_download_recovery_codes",
    # The page that lists the registry's exports (each is kopontren:io_export_download).
    "kopontren:io_export",
}
# Admin export pages: GET shows the form, the POST is the export.
ADMIN_EXPORT = re.compile(r"^admin:\w+_export$")


def csv_rows(response):
    """The data rows of a CSV: after its header, and after the preamble (the lines
    before the first empty one) when it has one."""
    content = b"".join(response.streaming_content) if response.streaming else None
    text = (content or response.content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if [] in rows or [""] in rows:
        rows = rows[next(i for i, row in enumerate(rows) if not any(row)) + 1 :]
    return [row for row in rows if any(row)][1:]


def json_rows(response):
    return sum(len(rows) for rows in json.loads(response.content).values())


def finished_job(w):
    """The admin's finished certificates job for three people, its file kept."""
    job = Job.objects.create(
        owner=w.people["admin"],
        title="Sertifikat",
        task_path="gemaskop.tasks.certificates_render",
        params={"event": w.jember.event.pk, "personal_columns": ["Nama"]},
        status=Job.Status.DONE,
        total=3,
        done=3,
        finished_at=timezone.now(),
        result_name="sertifikat.pdf",
    )
    job.result_file.save("sertifikat.pdf", ContentFile(factories.pdf_bytes()))
    return job


def cases(w):
    """(URL name, method, URL, data, rows the entry must count, how to count
    them from the response or None when counted from the database)."""
    j = w.jember
    present = j.session.attendances.present().count()
    certificates = j.event.certificates.for_present().count()
    officers_with_phone = j.coop.officers.exclude(phone="").count()
    speakers_with_ids = sum(
        bool(s.npwp or s.bank_account) for s in j.event.speakers.all()
    )
    ev, ses = j.event.pk, j.session.pk
    return [
        (
            "portal:summary_export",
            "get",
            reverse("portal:summary_export", args=["status", "csv"]),
            {},
            csv_rows,
        ),
        (
            "kopontren:io_export_download",
            "get",
            reverse("kopontren:io_export_download", args=["pengurus"]),
            {"format": "csv"},
            csv_rows,
        ),
        (
            "opop:export",
            "get",
            reverse("opop:export", args=["produk"]),
            {"format": "csv"},
            csv_rows,
        ),
        (
            "gemaskop:daftar_hadir",
            "get",
            reverse("gemaskop:daftar_hadir", args=[ev, ses]),
            {},
            present,
        ),
        (
            "gemaskop:certificates_pdf",
            "get",
            reverse("gemaskop:certificates_pdf", args=[ev]),
            {},
            certificates,
        ),
        (
            "gemaskop:badges_pdf",
            "get",
            reverse("gemaskop:badges_pdf", args=[ev]),
            {},
            j.event.invitations.count(),
        ),
        (
            "portal:job_download",
            "get",
            reverse("portal:job_download", args=[finished_job(w).pk]),
            {},
            3,
        ),
        (
            "gemaskop:certificate_pdf",
            "get",
            reverse("gemaskop:certificate_pdf", args=[ev, j.certificate.pk]),
            {},
            1,
        ),
        # Exports behind a query parameter of a page.
        (
            "kopontren:cooperative_list",
            "get",
            reverse("kopontren:cooperative_list"),
            {"ekspor": "csv"},
            csv_rows,
        ),
        (
            "gemaskop:event_report",
            "get",
            reverse("gemaskop:event_report", args=[ev]),
            {"ekspor": "csv"},
            csv_rows,
        ),
        (
            "gemaskop:report",
            "get",
            reverse("gemaskop:report"),
            {"ekspor": "csv"},
            csv_rows,
        ),
        (
            "portal:access_request",
            "post",
            reverse("portal:access_request"),
            {"name": j.participant.name},
            json_rows,
        ),
        # Pages that show several people's personal data unmasked.
        (
            "kopontren:cooperative_detail",
            "get",
            reverse("kopontren:cooperative_detail", args=[j.coop.pk]),
            {},
            officers_with_phone,
        ),
        (
            "gemaskop:event_detail",
            "get",
            reverse("gemaskop:event_detail", args=[ev]),
            {},
            speakers_with_ids,
        ),
    ]


def admin_export(client, name):
    """POST the admin's export form with every field ticked, as CSV."""
    url = reverse(name)
    page = client.get(url).content.decode()
    fields = set(re.findall(r'name="(\w+resource_\w+)"', page))
    formats = re.findall(r'<option value="(\d+)"[^>]*>csv</option>', page)
    data = {"resource": "0", "format": formats[0], **dict.fromkeys(fields, "on")}
    return client.post(url, data)


def test_every_export_and_bulk_view_leaves_one_entry_with_its_row_count():
    world = access_world.build()
    # Someone for the follow-up list: from a pesantren without a cooperative.
    gemaskop_factories.attend(
        session_obj=world.jember.session,
        name="Santri Tanpa Koperasi",
        pesantren=factories.pesantren(name="Pesantren Tanpa Koperasi"),
        phone="081200000001",
        entered_by=world.people["staf"],
    )
    client = Client()
    client.force_login(world.people["admin"])
    checked, off = set(), []
    for name, method, url, data, expected in cases(world):
        AuditEntry.objects.all().delete()
        response = getattr(client, method)(url, data)
        assert response.status_code == 200, (name, response.status_code)
        rows = expected(response) if callable(expected) else expected
        count = len(rows) if isinstance(rows, list) else rows
        entries = list(AuditEntry.objects.values_list("action", "row_count"))
        if count < 1 or len(entries) != 1 or entries[0][1] != count:
            off.append(f"{name}: {count} rows, entries {entries}")
        checked.add(name)
    for name in [n for n in url_names() if ADMIN_EXPORT.match(n)]:
        AuditEntry.objects.all().delete()
        response = admin_export(client, name)
        assert response.status_code == 200, (name, response.status_code)
        count = len(csv_rows(response))
        entries = list(AuditEntry.objects.values_list("action", "row_count"))
        if len(entries) != 1 or entries[0] != (AuditEntry.Action.EXPORT, count):
            off.append(f"{name}: {count} rows, entries {entries}")
        checked.add(name)

    unchecked = [
        name
        for name in url_names()
        if EXPORT_WORDS.search(name) and name not in checked | NOT_EXPORTS
    ]
    assert not off, "\n".join(off)
    assert not unchecked, f"exports with no audit case here: {unchecked}"
