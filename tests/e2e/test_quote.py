"""Issue 4 journey: the ADV assistant builds a quote line by line, sends it by e-mail, the
customer opens the link without an account and accepts it, and the quote becomes a
confirmed order. (The deliveries' journey continues from that order.)"""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from comptoir.core.taxes import tax_rates_install_presets
from comptoir.sales.models import Quote
from tests.sales.factories import customer_with_email


def add_line(page, label, quantity, unit_price):
    page.locator("#new-label").fill(label)
    page.locator("#new-quantity").fill(quantity)
    page.locator("#new-unit-price").fill(unit_price)
    page.locator("#new-unit-price").press("Enter")  # the keyboard is enough
    expect(
        page.locator(f"#document-lines tr[data-kind=item] input[value='{label}']")
    ).to_be_visible()


def test_build_send_accept_and_order_a_quote(e2e_users, log_in, browser, live_server):
    tax_rates_install_presets(country="FR")
    customer = customer_with_email(legal_name="Brasserie du Parc")
    page = log_in("adv")

    # Given a new quote made from the customer's link
    page.goto(f"/ventes/devis/nouveau/?client={customer.pk}")
    expect(page.get_by_role("combobox", name="Client")).to_have_value("Brasserie du Parc")
    page.locator("main input[name=title]").fill("Équipement du bar")
    page.locator("main form button[type=submit]").first.click()
    expect(page.locator("h1")).to_contain_text("Devis Brouillon")

    # When two lines are typed, each ending with Enter
    add_line(page, "Tireuse 4 becs", "2", "1250")
    add_line(page, "Pose et mise en service", "1", "300")
    # Then the totals follow: 2 800 € HT, 3 360 € TTC
    expect(page.locator("[data-total-net]")).to_contain_text("2 800,00")
    expect(page.locator("[data-total]")).to_contain_text("3 360,00")

    # And a changed quantity updates its row's total and the totals
    row = page.locator("#document-lines tr[data-kind=item]").first
    row.locator("input[name$='-quantity']").fill("3")
    row.locator("input[name$='-quantity']").press("Tab")
    expect(page.locator("[data-total-net]")).to_contain_text("4 050,00")

    # When it is sent by e-mail
    page.locator("#quote-send").click()
    expect(page.locator("main input[name=to]")).to_have_value(re.compile("achats"))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Envoyé")
    quote = Quote.objects.get(title="Équipement du bar")
    assert quote.number.startswith("DE-")
    message = mail.outbox[-1]
    assert message.attachments[0][2] == "application/pdf"
    link = re.search(r"https?://\S+/ventes/devis/lien/\S+/", message.body).group(0)

    # Then the customer opens the link, without an account, and accepts
    customer_context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    customer_page = customer_context.new_page()
    customer_page.goto(urlsplit(link).path)
    expect(customer_page.locator("h1")).to_contain_text(quote.number)
    expect(customer_page.locator("[data-total]")).to_contain_text("4 860,00")
    form = customer_page.locator("#quote-accept")
    form.locator("input[name=name]").fill("Paul Morel")
    form.locator("input[name=email]").fill("paul.morel@brasserie-du-parc.fr")
    form.locator("input[name=agree]").check()
    form.locator("button[type=submit]").click()
    expect(customer_page.locator("#quote-state")).to_contain_text("Accepté par Paul Morel")
    customer_context.close()

    # And the quote, accepted, becomes a confirmed order in one action
    page.reload()
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Accepté")
    expect(page.locator("[data-answer]")).to_contain_text("Paul Morel")
    page.locator("#quote-to-order input[name=customer_reference]").fill("BC-2026-118")
    page.locator("#quote-to-order button").click()
    expect(page.locator("h1")).to_contain_text("Commande CO-")
    expect(page.locator("h1 [data-doc-status]")).to_have_text("Confirmée")
    expect(page.locator("main")).to_contain_text("BC-2026-118")
    expect(page.locator("[data-total]")).to_contain_text("4 860,00")
