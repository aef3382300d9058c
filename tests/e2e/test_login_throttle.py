"""Repeated wrong passwords lock the account for a while, even against the right one."""

import re

from playwright.sync_api import expect

from tests.conftest import PASSWORD


def submit_login(page, username: str, password: str):
    page.goto("/compte/connexion/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    with page.expect_navigation() as navigation:
        page.locator("form button[type=submit]").click()
    return navigation.value


def test_five_wrong_passwords_lock_out_the_right_one(e2e_users, page):
    for _attempt in range(5):
        submit_login(page, "comptable", "not-the-password")
        expect(page.locator("#main-menu")).to_have_count(0)

    response = submit_login(page, "comptable", PASSWORD)

    expect(page.locator("#locked-out")).to_be_visible()
    assert response.status < 500
    assert "Traceback" not in page.content()
    expect(page.locator("#main-menu")).to_have_count(0)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next=/$"))
