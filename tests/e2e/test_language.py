"""The language chosen in the user menu sticks: across pages, in the profile, after logging in."""

import re

from playwright.sync_api import expect

from comptoir.core.models import User


def choose_language(page, code: str):
    page.locator("#user-menu").click()
    button = page.locator(f'#language-form button[name=language][value="{code}"]')
    expect(button).to_be_visible()
    with page.expect_navigation():
        button.click()


def log_out(page):
    page.locator("#user-menu").click()
    page.locator("#logout").click()
    expect(page).to_have_url(re.compile(r"/compte/connexion/"))


def test_english_is_kept_until_french_is_chosen_again(e2e_users, log_in, context):
    page = log_in("administrateur")
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "fr")

    page.goto("/parametres/entreprise/")
    choose_language(page, "en")
    expect(page).to_have_url(re.compile(r"/parametres/entreprise/$"))
    expect(html).to_have_attribute("lang", "en")

    page.locator('#main-menu [data-menu-entry="core:users"]').click()
    expect(page).to_have_url(re.compile(r"/parametres/utilisateurs/$"))
    expect(html).to_have_attribute("lang", "en")
    assert User.objects.get(username="administrateur").language == "en"

    log_out(page)
    # Without the language cookie, only the profile can bring English back.
    context.clear_cookies()
    log_in("administrateur")
    expect(html).to_have_attribute("lang", "en")

    choose_language(page, "fr")
    expect(html).to_have_attribute("lang", "fr")
    assert User.objects.get(username="administrateur").language == "fr"
