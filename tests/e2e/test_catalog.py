"""Issue 4 journey (catalog): the ADV assistant creates a product, adds a quantity break to
the resellers' price list, and the simulator gives a reseller the break's price."""

from decimal import Decimal

from playwright.sync_api import expect

from comptoir.catalog.models import CustomerCategory, CustomerTerms, PriceList, Product
from comptoir.core.taxes import tax_rates_install_presets
from tests.parties.factories import OrganisationFactory


def pick(form, name, typed, option):
    """Choose in a search picker by typing, then the keyboard."""
    picker = form.get_by_role("combobox", name=name)
    picker.fill(typed)
    expect(form.get_by_role("option", name=option)).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    expect(picker).to_have_value(option)


def test_create_a_product_add_a_break_and_see_the_price(e2e_users, log_in):
    tax_rates_install_presets(country="FR")
    resellers = PriceList.objects.create(name="Tarif revendeurs", kind="category")
    category = CustomerCategory.objects.create(name="Revendeurs", price_list=resellers)
    reseller = OrganisationFactory(legal_name="Cuisines Pro Dauphiné", is_client=True)
    CustomerTerms.objects.create(party=reseller, category=category)
    page = log_in("adv")

    # Given a new product typed in the form
    page.goto("/catalogue/produits/nouveau/")
    form = page.locator("main form")
    form.locator("input[name=reference]").fill("CUI-FM06")
    form.locator("input[name=label]").fill("Four mixte 6 niveaux GN 1/1")
    form.locator("select[name=unit]").select_option(label="unité")
    form.locator("input[name=purchase_cost]").fill("4150")
    form.locator("input[name=sale_price]").fill("6890")
    form.locator("select[name=tax_rate]").select_option(label="TVA 20 %")
    form.locator("button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("CUI-FM06")
    expect(page.locator("[data-margin]")).to_contain_text("2 740,00")
    assert Product.objects.get(reference="CUI-FM06").sale_price == Decimal("6890")

    # When the resellers' list gets its price, then a break from 5 units
    page.goto(f"/catalogue/tarifs/{resellers.pk}/")
    for quantity, price in (("1", "5850"), ("5", "5500")):
        form = page.locator("#item-form")
        pick(form, "Produit", "CUI-FM", "CUI-FM06 – Four mixte 6 niveaux GN 1/1")
        form.locator("input[name=min_quantity]").fill(quantity)
        form.locator("input[name=unit_price]").fill(price)
        form.locator("button[type=submit]").click()
        expect(page.locator(".alert-success")).to_contain_text("Le prix a été ajouté")
    expect(page.locator("[data-item]")).to_have_count(2)

    # A negative break is refused with its reason, and nothing is added
    form = page.locator("#item-form")
    pick(form, "Produit", "CUI-FM", "CUI-FM06 – Four mixte 6 niveaux GN 1/1")
    form.locator("input[name=min_quantity]").fill("-2")
    form.locator("input[name=unit_price]").fill("5000")
    form.locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Un palier de quantité ne peut pas être négatif.")
    expect(page.locator("[data-item]")).to_have_count(2)

    # Then the simulator gives the reseller the break's price for 6 units, and says why
    page.goto("/catalogue/simulateur/")
    form = page.locator("#simulator-form")
    pick(form, "Client", "Cuisines", "Cuisines Pro Dauphiné")
    pick(form, "Produit", "CUI-FM06", "CUI-FM06 – Four mixte 6 niveaux GN 1/1")
    form.locator("input[name=quantity]").fill("6")
    form.get_by_role("button", name="Calculer").click()
    expect(page.locator("[data-unit-price]")).to_have_text("5\u202f500,00 EUR")
    expect(page.locator("[data-source]")).to_have_text(
        "Tarif de catégorie « Tarif revendeurs » à partir de 5"
    )
    expect(page.locator("[data-line-net]")).to_have_text("33\u202f000,00 EUR")
