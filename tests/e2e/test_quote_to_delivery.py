"""Issue 4's browser journey to the end: build a quote, send it, accept it through the
customer's link, turn it into an order, deliver it in two parts and see the order delivered."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from comptoir.core.taxes import tax_rates_install_presets
from comptoir.sales.models import Carrier, Delivery, Order
from tests.e2e.test_quote import add_line
from tests.sales.factories import customer_with_email


def ship_and_deliver(page, *, tracking: str, received: dict[str, str] | None = None):
    """On a prepared note's page: ship it with Geodis, then record what was signed for."""
    page.locator("#ship-form select[name=carrier]").select_option(label="Geodis")
    page.locator("#ship-form input[name=tracking_number]").fill(tracking)
    page.locator("[data-action=ship]").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Expédié")
    expect(page.locator("h1")).to_contain_text("BL-")
    expect(page.locator("[data-tracking] a")).to_have_attribute(
        "href", f"https://geodis.example/suivi/{tracking}"
    )
    page.locator("[data-action=deliver]").click()
    for label, quantity in (received or {}).items():
        page.get_by_label(label, exact=True).fill(quantity)
    page.locator("#deliver-form input[name=received_by]").fill("Paul Morel")
    page.locator("#deliver-form button[type=submit]").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Livré")


def test_quote_to_order_delivered_in_two_parts(e2e_users, log_in, browser, live_server):
    tax_rates_install_presets(country="FR")
    Carrier.objects.create(name="Geodis", tracking_url="https://geodis.example/suivi/{tracking}")
    customer = customer_with_email(legal_name="Brasserie du Parc")
    page = log_in("adv")

    # Given a quote of 3 beer taps and their installation, sent by e-mail
    page.goto(f"/ventes/devis/nouveau/?client={customer.pk}")
    page.locator("main input[name=title]").fill("Équipement du bar")
    page.locator("main form button[type=submit]").first.click()
    add_line(page, "Tireuse 4 becs", "3", "1250")
    add_line(page, "Pose et mise en service", "1", "300")
    page.locator("#quote-send").click()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Envoyé")
    link = re.search(r"https?://\S+/ventes/devis/lien/\S+/", mail.outbox[-1].body).group(0)

    # When the customer accepts it through the link, without an account
    customer_context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    customer_page = customer_context.new_page()
    customer_page.goto(urlsplit(link).path)
    form = customer_page.locator("#quote-accept")
    form.locator("input[name=name]").fill("Paul Morel")
    form.locator("input[name=email]").fill("paul.morel@brasserie-du-parc.fr")
    form.locator("input[name=agree]").check()
    form.locator("button[type=submit]").click()
    expect(customer_page.locator("#quote-state")).to_contain_text("Accepté par Paul Morel")
    customer_context.close()

    # And the accepted quote becomes an order
    page.reload()
    page.locator("#quote-to-order input[name=customer_reference]").fill("BC-2026-118")
    page.locator("#quote-to-order button").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Confirmée")
    order_url = page.url

    # When a first note takes 2 of the 3 taps, and not the installation yet
    page.locator("#delivery-prepare").click()
    expect(page.get_by_label("Tireuse 4 becs", exact=True)).to_have_value("3")
    page.get_by_label("Tireuse 4 becs", exact=True).fill("2")
    page.get_by_label("Pose et mise en service", exact=True).fill("0")
    page.locator("#delivery-form button[type=submit]").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Préparé")
    expect(page.locator("#delivery-lines tbody tr")).to_have_count(1)
    ship_and_deliver(page, tracking="GE1001")
    expect(page.locator("[data-conformity-summary]")).to_contain_text("Conforme")

    # Then the order is partly delivered, with 1 tap and the installation on backorder
    page.goto(order_url)
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Livrée en partie")
    expect(page.locator("#order-backorder")).to_contain_text("Tireuse 4 becs")
    page.goto("/ventes/livraisons/reliquats/")
    expect(page.locator("main")).to_contain_text("BC-2026-118")

    # When the second note proposes what is left, and it is delivered
    page.goto(order_url)
    page.locator("#delivery-prepare").click()
    expect(page.get_by_label("Tireuse 4 becs", exact=True)).to_have_value("1")
    expect(page.get_by_label("Pose et mise en service", exact=True)).to_have_value("1")
    page.locator("#delivery-form button[type=submit]").click()
    ship_and_deliver(page, tracking="GE1002")

    # Then the order is delivered, with its two notes, and nothing is left to deliver
    page.goto(order_url)
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Livrée")
    expect(page.locator("[data-order-delivery]")).to_have_count(2)
    expect(page.locator("#delivery-prepare")).to_have_count(0)
    order = Order.objects.get(customer_reference="BC-2026-118")
    assert order.status == "delivered"
    assert sorted(d.number[-5:] for d in Delivery.objects.filter(order=order)) == [
        "00001",
        "00002",
    ]
