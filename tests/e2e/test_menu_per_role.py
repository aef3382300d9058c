"""Each role sees exactly the menu entries its permissions open, and those entries work."""

import pytest
from playwright.sync_api import expect

from comptoir.core.roles import ROLES

# Written by hand from web/navigation.py and core/roles.py: a change to either must be
# reflected here on purpose.
HOME = "web:home"
SETTINGS_READ = {"core:company", "core:bank-accounts", "core:tax-rates"}
PARTIES = {"parties:organisations", "parties:people", "parties:quality"}
CATALOG = {
    "catalog:products",
    "catalog:families",
    "catalog:price-lists",
    "catalog:categories",
    "catalog:simulator",
    "trade:currencies",
    "trade:incoterms",
}
QUOTES_ORDERS = {"sales:quotes", "sales:orders"}
CONTRACTS = "sales:contracts"
DELIVERIES = {"sales:deliveries", "sales:backorders"}
EXPECTED_MENU: dict[str, set[str]] = {
    "direction": {
        HOME,
        *PARTIES,
        *CATALOG,
        *QUOTES_ORDERS,
        CONTRACTS,
        *DELIVERIES,
        *SETTINGS_READ,
        "core:sequences",
        "core:users",
        "core:audit",
    },
    "charge_clientele": {
        HOME,
        *PARTIES,
        *CATALOG,
        *QUOTES_ORDERS,
        CONTRACTS,
        *DELIVERIES,
        "core:company",
    },
    "adv": {
        HOME,
        *PARTIES,
        *CATALOG,
        *QUOTES_ORDERS,
        CONTRACTS,
        *DELIVERIES,
        *SETTINGS_READ,
        "core:sequences",
    },
    "accueil": {HOME, *PARTIES, "core:company"},
    "service_client": {HOME, *PARTIES, *CATALOG, "core:company"},
    "teleconseiller": {HOME, *PARTIES, *CATALOG, "sales:quotes", "core:company"},
    "superviseur": {HOME, *PARTIES, "core:company", "core:users"},
    "acheteur": {HOME, *PARTIES, *CATALOG, *SETTINGS_READ},
    "comptable": {
        HOME,
        *PARTIES,
        *CATALOG,
        *QUOTES_ORDERS,
        *DELIVERIES,
        *SETTINGS_READ,
        "core:sequences",
        "core:audit",
    },
    "prestataire": {HOME},
    "administrateur": {
        HOME,
        *PARTIES,
        *CATALOG,
        *QUOTES_ORDERS,
        *DELIVERIES,
        *SETTINGS_READ,
        "core:sequences",
        "core:users",
        "core:audit",
        "core:tasks",
    },
    "outsider": {HOME},
}


def test_every_role_has_an_expected_menu():
    assert set(EXPECTED_MENU) == {*ROLES, "outsider"}


@pytest.mark.parametrize("role", [*ROLES, "outsider"])
def test_menu_shows_exactly_what_the_role_may_open(role, e2e_users, log_in):
    page = log_in(role)

    entries = page.locator("#main-menu [data-menu-entry]")
    shown = entries.evaluate_all("links => links.map(link => link.dataset.menuEntry)")
    assert set(shown) == EXPECTED_MENU[role]
    assert len(shown) == len(set(shown)), "an entry is listed twice"

    # The last entry in menu order is the most restricted one this role may open: the page
    # must agree with the menu and let the person in.
    others = [entry for entry in shown if entry != HOME]
    if not others:
        return
    link = page.locator(f'#main-menu [data-menu-entry="{others[-1]}"]')
    with page.expect_navigation() as navigation:
        link.click()
    assert navigation.value.status == 200
    expect(page.locator("[data-status]")).to_have_count(0)
    expect(link).to_have_attribute("aria-current", "page")
