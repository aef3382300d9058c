"""A page outside one's role says so inside the usual layout; anonymous visitors must log in."""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.conftest import PASSWORD

USERS_PAGE = "/parametres/utilisateurs/"


def test_role_without_access_sees_the_403_page_in_the_layout(e2e_users, log_in):
    page = log_in("teleconseiller")

    response = page.goto(USERS_PAGE)

    assert response.status == 403
    expect(page.locator('[data-status="403"]')).to_be_visible()
    expect(page.locator("#main-menu")).to_be_visible()
    expect(page.locator('#main-menu [data-menu-entry="core:users"]')).to_have_count(0)
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_anonymous_visitor_is_sent_to_login_and_back(e2e_users, page):
    page.goto(USERS_PAGE)

    url = urlsplit(page.url)
    assert url.path == "/compte/connexion/"
    assert parse_qs(url.query)["next"] == [USERS_PAGE]
    expect(page.locator("#main-menu")).to_have_count(0)

    page.locator("input[name=username]").fill("administrateur")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/parametres/utilisateurs/$"))
    expect(page.locator("#main-menu")).to_be_visible()
    expect(page.locator("[data-status]")).to_have_count(0)
