"""A whole event's certificates as a background job: the staff member lands on the
job's page, watches it move without reloading, and downloads the file."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portal.models import Job
from tests import factories
from tests.portal.test_tasks import (
    DATABASE_QUEUE,
    event_with_certificates,
    worker_process,
)


@pytest.fixture
def queued(settings, transactional_db):
    settings.TASKS = DATABASE_QUEUE
    settings.PORTAL_JOB_CERTIFICATES_ABOVE = 2


def test_the_job_page_follows_the_worker_to_the_download(
    queued, page, login, live_server, axe
):
    factories.user(username="staf-uji", role="staf", region_code="35.09")
    event = event_with_certificates(3)
    page.set_viewport_size({"width": 360, "height": 740})
    login("staf-uji", factories.PASSWORD)

    page.goto(live_server.url + reverse("gemaskop:certificates_pdf", args=[event.pk]))

    expect(page.get_by_role("heading", level=1)).to_contain_text("Sertifikat")
    expect(page.locator("[data-job-field=status_label]")).to_have_text(
        "menunggu giliran"
    )
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
    assert axe() == []

    worker = worker_process("--batch")
    try:
        download_link = page.get_by_role("link", name=re.compile("^Unduh sertifikat"))
        expect(download_link).to_be_visible(timeout=120_000)
    finally:
        worker.wait(timeout=300)
    expect(page.locator("#job-progress")).to_have_attribute("value", "100")
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == (
        "sertifikat-sosialisasi-gemaskop-tanggul.pdf"
    )
    assert Job.objects.get().status == Job.Status.DONE
