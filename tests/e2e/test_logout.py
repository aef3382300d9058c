"""Logging out from the user menu ends the session."""

import re

from playwright.sync_api import expect


def test_log_out_from_the_user_menu(e2e_users, log_in):
    page = log_in("comptable")

    page.locator("#user-menu").click()
    page.locator("#logout").click()

    expect(page).to_have_url(re.compile(r"/compte/connexion/$"))
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator("#main-menu")).to_have_count(0)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next=/$"))
    expect(page.locator("#main-menu")).to_have_count(0)
