"""The global search finds pages and is usable from the keyboard alone."""

import re

from playwright.sync_api import expect


def test_search_suggestion_reached_with_the_keyboard(e2e_users, log_in):
    page = log_in("administrateur")
    search = page.locator("#global-search")

    search.click()
    search.press_sequentially("util")
    suggestion = page.locator('#search-results a[href="/parametres/utilisateurs/"]')
    expect(suggestion).to_be_visible()

    search.press("ArrowDown")
    expect(page.locator("#search-results a").first).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/parametres/utilisateurs/$"))
    expect(page.locator("[data-status]")).to_have_count(0)


def test_slash_puts_the_cursor_in_the_search(e2e_users, log_in):
    page = log_in("prestataire")
    search = page.locator("#global-search")
    expect(search).not_to_be_focused()

    page.keyboard.press("/")

    expect(search).to_be_focused()
    expect(search).to_have_value("")
