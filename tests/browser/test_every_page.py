"""Every page of the portal, as every persona of the access world, fits a 360 px
and a 375 px screen and has no serious axe violation at 360 px and at 1280 px.

The page list is not written here: it is every URL name the resolver knows (the
Django admin's aside), filled as the access matrix fills it (`variants`), kept
where the matrix's table (EXPECTED) gives the persona a 200 for GET, and where the
answer is an HTML document (PDF, CSV and XLSX downloads are not pages, nor are the
fragments a page fetches into itself). A new URL is covered as soon as it has its
row in the matrix.

One page load per (persona, URL): the viewport is resized on the loaded page for
the other widths. "nonaktif" is not walked on its own: its account was
deactivated after it logged in, so the authentication backend drops its session
user and every page renders for it exactly as for "anonim" (the matrix's rows for
the two are identical, which the test checks).
"""

import pytest
from django.conf import settings
from django.test import Client

from tests.portal import access_world
from tests.portal.access_world import PERSONAS
from tests.portal.test_access_matrix import (
    OK,
    expected_for,
    path_of,
    url_names,
    variants,
)

PHONES = (360, 375)
LAPTOP = 1280
WALKED = [persona for persona in PERSONAS if persona != "nonaktif"]

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"
# Only the violations: axe skips gathering what passes.
AXE_RUN = "() => axe.run({resultTypes: ['violations']})"


def reached(world, persona):
    """(name, label, path) of every portal page the table gives `persona` a 200."""
    for name in url_names():
        if name.startswith("admin:"):
            continue
        table = expected_for(name)
        assert table is not None, f"{name} has no row in the access matrix"
        for label, kwargs in variants(world, name):
            if table[label][0][persona] == OK:
                yield name, label, path_of(name, kwargs)


def test_nonaktif_reaches_the_same_pages_as_anonim():
    for name in url_names():
        table = expected_for(name)
        for get_row, _post_row in (table or {}).values():
            assert get_row["nonaktif"] == get_row["anonim"], name


def is_page(response):
    """An HTML document: not a download, and not a fragment a page fetches into
    itself (the desk's list and choices; the page that holds them is walked)."""
    html = response.headers.get("Content-Type", "").startswith("text/html")
    return html and b"<html" in response.content.lower()


def serious(page):
    result = page.evaluate(AXE_RUN)
    return [
        f"{violation['id']} ({len(violation['nodes'])}×: "
        f"{violation['nodes'][0]['target']})"
        for violation in result["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("persona", WALKED)
def test_every_page_fits_a_phone_and_passes_axe(
    browser, live_server, axe_source, persona
):
    world = access_world.build()
    user = world.people[persona]
    client = Client()
    context = browser.new_context(locale="id-ID", base_url=live_server.url)
    if user is not None:
        # The browser shares the test client's session: one log-in, no form.
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies(
            [
                {
                    "name": cookie.key,
                    "value": cookie.value,
                    "url": live_server.url,
                }
            ]
        )
    page = context.new_page()
    problems, checked = [], 0
    for name, label, path in reached(world, persona):
        answer = client.get(path)
        if answer.status_code != OK:
            problems.append(f"{name}[{label}] {path}: {answer.status_code}")
            continue
        if not is_page(answer):
            continue
        where = f"{name}[{label}] {path}"
        page.set_viewport_size({"width": PHONES[0], "height": 800})
        response = page.goto(live_server.url + path)
        if response.status != OK:
            problems.append(f"{where}: {response.status} in the browser")
            continue
        checked += 1
        # Evaluated through the DevTools protocol: an inline <script> tag would be
        # refused by the page's Content-Security-Policy (and recorded as a violation).
        page.evaluate(axe_source + "\n;undefined")
        for width in PHONES:
            page.set_viewport_size({"width": width, "height": 800})
            overflow = page.evaluate(OVERFLOW)
            if overflow > 0:
                problems.append(f"{where} at {width} px: {overflow} px too wide")
            if width == PHONES[0]:
                problems += [f"{where} at {width} px: {v}" for v in serious(page)]
        page.set_viewport_size({"width": LAPTOP, "height": 800})
        problems += [f"{where} at {LAPTOP} px: {v}" for v in serious(page)]
    context.close()
    print(f"{persona}: {checked} pages checked")
    assert checked > 0
    assert problems == [], f"{persona}:\n" + "\n".join(problems)
