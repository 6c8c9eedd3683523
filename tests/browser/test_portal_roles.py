"""Each demo account logs in through the browser and lands on its own home page; the
main pages pass axe-core with no serious or critical violations."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from portal.management.commands.seed_demo import DEMO_PASSWORD

HOMES = {
    "admin": "Ringkasan seluruh wilayah",
    "staf-jember": "Pekerjaan di Kabupaten Jember",
    "pengurus-a": "Koperasi Anda",
    "pengurus-b": "Koperasi Anda",
    "provinsi-kalsel": "Provinsi Kalimantan Selatan",
    "provinsi-jatim": "Provinsi Jawa Timur",
    "staf-kalsel": "Provinsi Kalimantan Selatan",
}


@pytest.fixture
def demo(transactional_db, settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))


def describe(violations):
    return [(v["id"], v["impact"], len(v["nodes"])) for v in violations]


def test_each_demo_account_lands_on_its_own_home_page(demo, page, login, axe):
    for username, heading in HOMES.items():
        login(username, DEMO_PASSWORD)
        assert page.locator("h1").first.inner_text().find(heading) >= 0, username
        assert username != "pengurus-a" or "(Demo)" in page.content()
        assert axe() == [], (username, describe(axe()))
        page.locator(f"form[action='{reverse('account_logout')}'] button").click()
        page.wait_for_url("**" + reverse("account_login"))


def test_anonymous_visitor_is_sent_to_the_log_in_page(page, live_server):
    page.goto(live_server.url + reverse("portal:home"))
    assert reverse("account_login") in page.url
    assert page.locator("h1").inner_text() == "Masuk"


def test_admin_site_log_in_goes_through_allauth(page, live_server):
    page.goto(live_server.url + "/admin/")
    assert reverse("account_login") in page.url


@pytest.mark.parametrize(
    "path",
    [
        reverse("kopontren:cooperative_list"),
        reverse("kopontren:pesantren_list"),
        reverse("kopontren:change_request_queue"),
    ],
)
def test_staff_pages_are_accessible(demo, page, login, axe, path, live_server):
    login("staf-jember", DEMO_PASSWORD)
    page.goto(live_server.url + path)
    assert axe() == [], describe(axe())


def test_public_pages_are_accessible_at_phone_width(demo, page, axe, live_server):
    page.set_viewport_size({"width": 375, "height": 740})
    for path in (
        reverse("account_login"),
        reverse("kopontren:directory"),
        reverse("portal:about"),
    ):
        page.goto(live_server.url + path)
        assert axe() == [], (path, describe(axe()))
        # Nothing wider than the phone: no sideways scrolling of the whole page.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)


def test_every_file_the_browser_loads_comes_from_the_portal(
    demo, page, login, live_server
):
    """No CDN: pages, scripts, styles, fonts and images all come from the portal."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in (
        reverse("account_login"),
        reverse("kopontren:directory"),
        reverse("opop:catalogue"),
    ):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    login("provinsi-kalsel", DEMO_PASSWORD)
    page.goto(live_server.url + reverse("portal:summary"))
    page.wait_for_load_state("networkidle")
    assert requested
    outside = [url for url in requested if not url.startswith(live_server.url)]
    assert outside == []
    assert any(url.endswith(".js") for url in requested)
