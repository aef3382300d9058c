"""Issue 3 journey: an account manager creates an organisation with two people, then finds it
from the top bar by its phone number typed with spaces."""

import re

from playwright.sync_api import expect

from comptoir.parties.models import Organisation


def create_person(page, last_name, first_name, email, organisation, job_title):
    page.goto("/clients/personnes/nouvelle/")
    page.locator("main input[name=last_name]").fill(last_name)
    page.locator("main input[name=first_name]").fill(first_name)
    page.locator("main input[name=email]").fill(email)
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text(last_name.upper())
    attach = page.locator('main form[action$="/organisations/"]')
    # The organisation is chosen by typing the start of its name, then the keyboard.
    picker = attach.get_by_role("combobox", name="Organisation")
    picker.fill(organisation[:5])
    expect(attach.get_by_role("option", name=organisation)).to_be_visible()
    picker.press("ArrowDown")
    expect(attach.get_by_role("option", name=organisation)).to_have_attribute(
        "aria-selected", "true"
    )
    picker.press("Enter")
    expect(picker).to_have_value(organisation)
    expect(attach.locator("input[type=hidden][name=organisation]")).not_to_have_value("")
    attach.locator("input[name=job_title]").fill(job_title)
    attach.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text(organisation)


def test_create_an_organisation_with_two_people_and_find_it_by_phone(e2e_users, log_in):
    page = log_in("charge_clientele")

    # Given a new organisation, its switchboard typed the French way
    page.goto("/clients/organisations/nouvelle/")
    page.locator("main input[name=legal_name]").fill("Atelier Lumière")
    page.locator("main input[name=phone]").fill("04 78 95 02 13")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("h1")).to_contain_text("Atelier Lumière")
    organisation = Organisation.objects.get(legal_name="Atelier Lumière")
    assert organisation.phones.get().number == "+33478950213"

    # When two people are attached to it
    create_person(page, "Durand", "Jeanne", "jeanne@lumiere.fr", "Atelier Lumière", "Gérante")
    create_person(page, "Morel", "Paul", "paul@lumiere.fr", "Atelier Lumière", "Acheteur")

    # Then its page lists both
    page.goto(f"/clients/{organisation.pk}/")
    people = page.locator("main")
    expect(people).to_contain_text("DURAND Jeanne")
    expect(people).to_contain_text("MOREL Paul")

    # And the top bar finds it by the phone number typed with spaces
    page.locator("#global-search").fill("04 78 95 02 13")
    suggestion = page.locator("#search-results a", has_text="Atelier Lumière")
    expect(suggestion).to_be_visible()
    suggestion.click()
    expect(page).to_have_url(re.compile(rf"/clients/{organisation.pk}/$"))
