"""Browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

One browser for the whole session; each test gets a fresh French-speaking context and page,
so cookies and sessions never leak from one journey to the next.
"""

import os
from pathlib import Path

import pytest

from comptoir.core.roles import ROLES
from comptoir.core.services import roles_sync
from tests.conftest import PASSWORD, make_user

# Playwright's sync API runs an event loop in the test thread; Django would refuse its ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).parent


def _is_journey(item) -> bool:
    return HERE in Path(str(item.fspath)).parents


def pytest_itemcollected(item):
    # Marked as they are collected, before `-m "not e2e"` chooses what runs.
    if _is_journey(item):
        item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """The browser journeys run last, after pytest-django's own ordering: they are the slow
    ones, so a broken rule shows in the quick tests first."""
    items[:] = [i for i in items if not _is_journey(i)] + [i for i in items if _is_journey(i)]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(
            "browser tests need Debian's Chromium at /usr/bin/chromium (apt install chromium)"
        )
    from playwright.sync_api import expect, sync_playwright

    # The shared CI machine is slow; a failing expectation still fails within seconds.
    expect.set_options(timeout=10_000)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def e2e_users(transactional_db, live_server, company):
    """One user per role (+ "outsider"), created in the database the live server reads."""
    # A transactional test flushes the tables between tests; make sure the role groups exist.
    roles_sync()
    found = {code: make_user(code, code) for code in ROLES}
    found["outsider"] = make_user("outsider")
    return found


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def log_in(page):
    """Sign in through the login form, as a person would, and wait for the home page."""
    from playwright.sync_api import expect

    def sign_in(username: str, password: str = PASSWORD):
        page.goto("/compte/connexion/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form button[type=submit]").click()
        expect(page.locator("#main-menu")).to_be_visible()
        # The menu shows before the page's scripts have run: keys typed then (the search
        # box's first letters) would reach no htmx trigger, and nothing would come of them.
        page.wait_for_load_state("load")
        return page

    return sign_in
