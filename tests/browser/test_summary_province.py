"""Journey 4: the provincial official reads the summary, its charts, a drill-down."""

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def demo(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def test_kalsel_official_sees_25_in_2024_charts_and_drills_down(
    demo, page, login, live_server, axe
):
    login("provinsi-kalsel", "sawah-hijau-pagi-hari")
    page.get_by_role("link", name="Ringkasan").first.click()
    page.wait_for_load_state("networkidle")
    # The charts are drawn on their canvases by Chart.js served by the portal itself.
    drawn = page.evaluate(
        "() => ['chart-status', 'chart-tahun'].map(id => "
        "!!(document.getElementById(id) && document.getElementById(id).chart))"
    )
    assert drawn == [True, True]
    headers = [
        text.strip() for text in page.locator("#tabel-tahun thead th").all_inner_texts()
    ]
    # Regions are rows, years columns; the totals row sums each year.
    total_2024 = page.locator("#tabel-tahun tfoot td").nth(headers.index("2024") - 1)
    assert total_2024.inner_text().strip() == "25"
    assert "Kabupaten Jember" not in page.locator("#tabel-status").inner_text()
    assert axe() == []
    total_2024.locator("a").click()
    page.wait_for_url("**" + reverse("kopontren:cooperative_list") + "**")
    assert page.get_by_text("25 koperasi").count() == 1
    # Read-only: no button or link to change anything on the list.
    assert page.get_by_role("link", name="Tambah koperasi").count() == 0
