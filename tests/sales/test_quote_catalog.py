"""Quote lines priced by the catalog (price_for), in the document's currency with its rate
from trade; a price below cost refused when the company forbids it."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from comptoir.sales import services
from comptoir.sales.exceptions import InvalidLine, SalesError
from comptoir.trade.models import Currency, ExchangeRate
from tests.catalog.factories import ProductFactory
from tests.sales.factories import customer_with_email, quote_for


@pytest.fixture
def product(tax_rates):
    from comptoir.core.models import TaxRate

    return ProductFactory(
        reference="LV-500",
        label="Lave-vaisselle à capot",
        sale_price=Decimal("4200.00"),
        purchase_cost=Decimal("2900.00"),
        tax_rate=TaxRate.objects.get(code="fr-20"),
    )


def test_a_product_line_takes_its_price_from_the_catalog(users, product):
    quote = quote_for(users["adv"], lines=[])
    line = services.quote_line_add(
        by=users["adv"], quote=quote, kind="item", product=product, quantity=Decimal(2)
    )
    assert (line.label, line.unit_price, line.tax_percent) == (
        "Lave-vaisselle à capot",
        Decimal("4200.0000"),
        Decimal("20.000"),
    )
    assert (line.unit, line.unit_label) == ("unit", "unité")
    quote.refresh_from_db()
    assert quote.total_net == Decimal("8400.00") and quote.total == Decimal("10080.00")


def test_a_typed_price_wins_over_the_catalog(users, product):
    quote = quote_for(users["adv"], lines=[])
    line = services.quote_line_add(
        by=users["adv"],
        quote=quote,
        kind="item",
        product=product,
        quantity=1,
        unit_price=Decimal("3990"),
    )
    assert line.unit_price == Decimal("3990") and line.product == product


def test_a_quote_in_dollars_takes_the_rate_of_the_day_and_converts_the_price(users, product):
    Currency.objects.get_or_create(code="USD", defaults={"name": "Dollar US"})
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date.today(), rate=Decimal("1.1"))
    quote = quote_for(users["adv"], lines=[], currency="USD")
    assert quote.exchange_rate == Decimal("1.1")
    line = services.quote_line_add(
        by=users["adv"], quote=quote, kind="item", product=product, quantity=1
    )
    assert line.unit_price == Decimal("4620.00")


def test_a_currency_without_a_rate_is_refused_with_the_reason(users, tax_rates):
    with pytest.raises(SalesError, match="GBP"):
        quote_for(users["adv"], lines=[], currency="GBP")


def test_below_cost_is_refused_when_forbidden(users, product, settings):
    quote = quote_for(users["adv"], lines=[])
    services.quote_line_add(
        by=users["adv"],
        quote=quote,
        kind="item",
        product=product,
        quantity=1,
        unit_price=Decimal("2000"),
    )
    settings.COMPTOIR_FORBID_BELOW_COST = True
    with pytest.raises(InvalidLine, match="LV-500"):
        services.quote_line_add(
            by=users["adv"],
            quote=quote,
            kind="item",
            product=product,
            quantity=1,
            unit_price=Decimal("2000"),
        )
    assert quote.lines.count() == 1


def test_the_product_picker_and_the_line_form(client_as, users, product):
    client = client_as("adv")
    options = client.get(reverse("sales:product-suggestions"), {"q": "LV-5"})
    assert "Lave-vaisselle" in options.text and f'data-value="{product.pk}"' in options.text
    quote = quote_for(users["adv"], customer=customer_with_email(), lines=[])
    client.post(
        reverse("sales:quote-line-add", args=[quote.pk]),
        {"kind": "item", "product": product.pk, "quantity": "3", "label": "", "unit_price": ""},
        HTTP_HX_REQUEST="true",
    )
    line = quote.lines.get()
    assert line.product == product and line.unit_price == Decimal("4200") and line.quantity == 3


def test_a_quote_in_cfp_francs_has_no_decimals_and_the_legal_parity(users, product, client_as):
    quote = quote_for(users["adv"], lines=[], currency="XPF")
    assert quote.exchange_rate.quantize(Decimal("0.01")) == Decimal("119.33")
    line = services.quote_line_add(
        by=users["adv"],
        quote=quote,
        kind="item",
        label="Pose",
        quantity=3,
        unit_price=Decimal("1999.5"),
    )
    quote.refresh_from_db()
    assert line.net_amount == Decimal(5999)  # 5998.5 rounded half up
    assert quote.total_tax == Decimal(1200) and quote.total == Decimal(7199)
    page = client_as("adv").get(reverse("sales:quote", args=[quote.pk])).text
    assert "7\u202f199\xa0FCFP" in page  # grouped, no decimals
