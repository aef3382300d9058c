"""price_for: which price a customer gets, and the discount on top."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comptoir.catalog.queries import price_for, price_margin, price_simulate
from comptoir.trade.models import ExchangeRate
from tests.catalog.factories import (
    CustomerCategoryFactory,
    CustomerDiscountFactory,
    CustomerTermsFactory,
    PriceListFactory,
    PriceListItemFactory,
    ProductFactory,
    ProductFamilyFactory,
)
from tests.french import french
from tests.parties.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def product(company):
    return ProductFactory(sale_price=D("100"))


@pytest.fixture
def customer(company):
    return OrganisationFactory(legal_name="Alpes Froid SAS")


def test_without_any_list_the_sale_price_applies(product, customer):
    price = price_for(customer=customer, product=product, quantity=1)
    assert price.unit_price == D("100")
    assert price.discount_percent == 0
    assert price.source_kind == "product"
    assert price.source == "Prix de vente du produit"
    assert price.currency == "EUR"
    assert price.tax_rate == product.tax_rate


def test_key_account_then_category_then_general(product, customer):
    general = PriceListFactory(name="Tarif 2026", kind="general")
    category_list = PriceListFactory(name="Revendeurs", kind="category")
    key_list = PriceListFactory(name="Alpes Froid", kind="key_account")
    PriceListItemFactory(price_list=general, product=product, unit_price=D("95"))
    PriceListItemFactory(price_list=category_list, product=product, unit_price=D("90"))
    key_item = PriceListItemFactory(price_list=key_list, product=product, unit_price=D("80"))
    category = CustomerCategoryFactory(price_list=category_list)
    terms = CustomerTermsFactory(party=customer, category=category, price_list=key_list)

    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.unit_price, price.source_kind) == (D("80"), "key_account")
    assert price.source == french("Tarif grands comptes « Alpes Froid »")

    key_item.delete()  # the key-account list does not name the product: the category's does
    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.unit_price, price.source_kind) == (D("90"), "category")

    terms.category = None
    terms.save()
    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.unit_price, price.source_kind) == (D("95"), "general")
    assert price.price_list == general

    # Another customer, with no terms at all, gets the general list.
    other = price_for(customer=OrganisationFactory(), product=product, quantity=1)
    assert other.unit_price == D("95")
    assert price_for(customer=None, product=product, quantity=1).unit_price == D("95")


def test_quantity_breaks_take_the_largest_threshold_reached(product, customer):
    general = PriceListFactory(kind="general")
    for threshold, price in (("1", "95"), ("10", "90"), ("50", "85")):
        PriceListItemFactory(
            price_list=general, product=product, min_quantity=D(threshold), unit_price=D(price)
        )
    assert price_for(customer=customer, product=product, quantity=9).unit_price == D("95")
    ten = price_for(customer=customer, product=product, quantity=10)
    assert ten.unit_price == D("90")
    assert ten.min_quantity == D("10")
    assert "à partir de 10" in ten.source
    assert price_for(customer=customer, product=product, quantity=500).unit_price == D("85")
    # Below the first break, the list does not price it: the sale price does.
    assert price_for(customer=customer, product=product, quantity=D("0.5")).unit_price == D("100")


def test_expired_or_inactive_lists_are_passed_over(product, customer):
    day = datetime.date(2026, 6, 15)
    old = PriceListFactory(
        valid_from=datetime.date(2025, 1, 1), valid_to=datetime.date(2025, 12, 31)
    )
    off = PriceListFactory(active=False)
    current = PriceListFactory(valid_from=datetime.date(2026, 1, 1))
    PriceListItemFactory(price_list=old, product=product, unit_price=D("70"))
    PriceListItemFactory(price_list=off, product=product, unit_price=D("60"))
    PriceListItemFactory(price_list=current, product=product, unit_price=D("97"))
    assert price_for(customer=customer, product=product, quantity=1, on_date=day).unit_price == D(
        "97"
    )
    assert price_for(
        customer=customer, product=product, quantity=1, on_date=datetime.date(2025, 6, 1)
    ).unit_price == D("70")


def test_dated_general_list_wins_over_the_open_ended_one(product, customer):
    permanent = PriceListFactory(name="Permanent")
    promo = PriceListFactory(name="Printemps", valid_from=datetime.date(2026, 3, 1))
    PriceListItemFactory(price_list=permanent, product=product, unit_price=D("95"))
    PriceListItemFactory(price_list=promo, product=product, unit_price=D("89"))
    price = price_for(
        customer=customer, product=product, quantity=1, on_date=datetime.date(2026, 4, 1)
    )
    assert price.price_list == promo


def test_discount_product_then_family_then_general(customer, company):
    top = ProductFamilyFactory(name="Pompes")
    sub = ProductFamilyFactory(name="Pompes doseuses", parent=top)
    product = ProductFactory(family=sub)
    terms = CustomerTermsFactory(party=customer, discount_percent=D("3"))

    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.discount_percent, price.discount_source) == (D("3"), "global")
    assert "remise générale du client de 3 %" in price.source

    CustomerDiscountFactory(party=customer, family=top, percent=D("7"))
    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.discount_percent, price.discount_source) == (D("7"), "family")
    assert french("« Pompes »") in price.source

    CustomerDiscountFactory(party=customer, family=sub, percent=D("8"))
    assert price_for(customer=customer, product=product, quantity=1).discount_percent == D("8")

    CustomerDiscountFactory(party=customer, product=product, percent=D("12.5"))
    price = price_for(customer=customer, product=product, quantity=1)
    assert (price.discount_percent, price.discount_source) == (D("12.5"), "product")
    assert price.net_unit_price == D("87.5")
    assert price.line_net(3) == D("262.50")
    # Another customer's discounts are not this one's.
    assert (
        price_for(customer=OrganisationFactory(), product=product, quantity=1).discount_percent == 0
    )
    assert terms.payment_terms_days is None


def test_price_list_currency_is_the_price_currency(product, customer):
    xpf = PriceListFactory(kind="key_account", currency="XPF")
    PriceListItemFactory(price_list=xpf, product=product, unit_price=D("11933"))
    CustomerTermsFactory(party=customer, price_list=xpf)
    price = price_for(customer=customer, product=product, quantity=2)
    assert price.currency == "XPF"
    assert price.line_net(2) == D("23866")


# --- Properties ----------------------------------------------------------------------------

quantities = st.decimals(min_value=D("0"), max_value=D("100000"), places=3)
prices = st.decimals(min_value=D("0"), max_value=D("99999"), places=2)
breaks = st.dictionaries(
    st.decimals(min_value=D("0"), max_value=D("1000"), places=0), prices, min_size=1, max_size=5
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(table=breaks, quantity=quantities)
def test_property_the_break_chosen_is_the_largest_reached(company, table, quantity):
    product = ProductFactory(sale_price=D("123.45"))
    price_list = PriceListFactory()
    for threshold, unit_price in table.items():
        PriceListItemFactory(
            price_list=price_list, product=product, min_quantity=threshold, unit_price=unit_price
        )
    reached = [threshold for threshold in table if threshold <= quantity]
    price = price_for(customer=None, product=product, quantity=quantity)
    if reached:
        assert price.min_quantity == max(reached)
        assert price.unit_price == table[max(reached)]
    else:
        assert (price.unit_price, price.source_kind) == (D("123.45"), "product")


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    table=breaks,
    low=quantities,
    high=quantities,
)
def test_property_more_quantity_never_reaches_a_smaller_break(company, table, low, high):
    low, high = sorted((low, high))
    product = ProductFactory()
    price_list = PriceListFactory()
    for threshold, unit_price in table.items():
        PriceListItemFactory(
            price_list=price_list, product=product, min_quantity=threshold, unit_price=unit_price
        )
    at_low = price_for(customer=None, product=product, quantity=low)
    at_high = price_for(customer=None, product=product, quantity=high)
    if at_low.min_quantity is not None:
        assert at_high.min_quantity >= at_low.min_quantity


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    general=prices,
    key=st.one_of(st.none(), prices),
    category=st.one_of(st.none(), prices),
    product_discount=st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=2)),
    general_discount=st.decimals(min_value=0, max_value=100, places=2),
    quantity=quantities,
)
def test_property_most_specific_list_and_discount_win(
    company, general, key, category, product_discount, general_discount, quantity
):
    product = ProductFactory()
    customer = OrganisationFactory()
    PriceListItemFactory(
        price_list=PriceListFactory(), product=product, min_quantity=0, unit_price=general
    )
    terms = CustomerTermsFactory(party=customer, discount_percent=general_discount)
    if key is not None:
        terms.price_list = PriceListFactory(kind="key_account")
        PriceListItemFactory(
            price_list=terms.price_list, product=product, min_quantity=0, unit_price=key
        )
    if category is not None:
        category_list = PriceListFactory(kind="category")
        PriceListItemFactory(
            price_list=category_list, product=product, min_quantity=0, unit_price=category
        )
        terms.category = CustomerCategoryFactory(price_list=category_list)
    terms.save()
    if product_discount is not None:
        CustomerDiscountFactory(party=customer, product=product, percent=product_discount)

    price = price_for(customer=customer, product=product, quantity=quantity)

    expected = key if key is not None else category if category is not None else general
    assert price.unit_price == expected
    assert price.discount_percent == (
        product_discount if product_discount is not None else general_discount
    )
    assert 0 <= price.net_unit_price <= price.unit_price


def test_price_for_costs_a_few_queries(company, django_assert_max_num_queries):
    """Quotes ask it once per line: its cost does not grow with the catalog or the lists."""
    family = ProductFamilyFactory(parent=ProductFamilyFactory())
    product = ProductFactory(family=family)
    customer = OrganisationFactory()
    key_list = PriceListFactory(kind="key_account")
    for index in range(20):
        PriceListItemFactory(price_list=key_list, min_quantity=index + 1, product=product)
        PriceListItemFactory(price_list=PriceListFactory())
    CustomerTermsFactory(party=customer, price_list=key_list, category=CustomerCategoryFactory())
    CustomerDiscountFactory(party=customer, family=family.parent, percent=D("4"))
    product = type(product).objects.select_related("tax_rate").get(pk=product.pk)
    with django_assert_max_num_queries(6):
        price = price_for(customer=customer, product=product, quantity=7)
    assert (price.min_quantity, price.discount_percent) == (D("7"), D("4"))


@pytest.mark.parametrize(("role", "margin"), [("adv", D("28.00")), ("teleconseiller", None)])
def test_the_margin_after_discount_is_given_only_to_those_who_may_see_margins(
    users, product, customer, role, margin
):
    product.purchase_cost = D("70")
    CustomerTermsFactory(party=customer, discount_percent=D("2"))
    price = price_simulate(user=users[role], customer=customer, product=product, quantity=1)
    assert price_margin(user=users[role], product=product, price=price) == margin


def test_a_product_without_cost_has_no_margin(users, product):
    product.purchase_cost = None
    price = price_simulate(user=users["adv"], customer=None, product=product, quantity=1)
    assert price_margin(user=users["adv"], product=product, price=price) is None


def test_a_margin_on_a_foreign_price_list_is_in_the_company_currency(
    users, company, product, customer
):
    product.purchase_cost = D("70")
    xpf = PriceListFactory(kind="key_account", currency="XPF")
    PriceListItemFactory(price_list=xpf, product=product, unit_price=D("11933"))
    CustomerTermsFactory(party=customer, price_list=xpf)
    price = price_simulate(user=users["adv"], customer=customer, product=product, quantity=1)
    # 11,933 XPF at the euro's fixed parity (119.331742) is 100.00 EUR
    assert price_margin(user=users["adv"], product=product, price=price) == D("30.00")


def test_no_margin_on_a_foreign_price_without_a_rate_for_the_day(users, company, product, customer):
    product.purchase_cost = D("70")
    usd = PriceListFactory(kind="key_account", currency="USD")
    PriceListItemFactory(price_list=usd, product=product, unit_price=D("110"))
    CustomerTermsFactory(party=customer, price_list=usd)
    price = price_simulate(user=users["adv"], customer=customer, product=product, quantity=1)
    assert price_margin(user=users["adv"], product=product, price=price) is None
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date.today(), rate=D("1.1"))
    assert price_margin(user=users["adv"], product=product, price=price) == D("30.00")
