"""Totals of quotes and orders (sales/totals.py): tax per rate on the sum of line nets,
amounts in the currency's minor unit (XPF and XOF without decimals), overall discount."""

from dataclasses import dataclass
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.core import money
from comptoir.sales.totals import document_totals, line_net


@dataclass
class L:
    quantity: Decimal = Decimal(1)
    unit_price: Decimal = Decimal(0)
    discount_percent: Decimal = Decimal(0)
    tax_percent: Decimal = Decimal(20)
    kind: str = "item"


quantities = st.decimals(min_value=0, max_value=10_000, places=3)
prices = st.decimals(min_value=0, max_value=100_000, places=4)
discounts = st.decimals(min_value=0, max_value=100, places=2)
rates = st.sampled_from(
    [
        Decimal("20"),
        Decimal("10"),
        Decimal("5.5"),
        Decimal("2.1"),
        Decimal("0"),
        Decimal("11"),
        Decimal("22"),
    ]
)
items = st.builds(
    L, quantity=quantities, unit_price=prices, discount_percent=discounts, tax_percent=rates
)
currencies = st.sampled_from(["EUR", "XPF", "XOF", "MAD"])


def test_a_worked_example_with_two_rates():
    lines = [
        L(Decimal(3), Decimal("19.99"), Decimal(0), Decimal(20)),
        L(Decimal(1), Decimal("100"), Decimal(10), Decimal("5.5")),
    ]
    totals = document_totals(lines, currency="EUR")
    assert totals.line_nets == [Decimal("59.97"), Decimal("90.00")]
    assert totals.net_by_rate == {Decimal("5.5"): Decimal("90.00"), Decimal(20): Decimal("59.97")}
    assert totals.tax_by_rate == {Decimal("5.5"): Decimal("4.95"), Decimal(20): Decimal("11.99")}
    assert totals.total == Decimal("166.91")


def test_tax_is_per_rate_on_the_sum_not_the_sum_of_line_taxes():
    # 3 lines of 0.05 at 20 %: 0.01 each rounded, but 0.15 × 20 % = 0.03 on the sum.
    lines = [L(Decimal(1), Decimal("0.05"))] * 3
    totals = document_totals(lines, currency="EUR")
    assert totals.total_tax == Decimal("0.03")


def test_xpf_has_no_decimals():
    lines = [L(Decimal("1.5"), Decimal("999"), Decimal(0), Decimal(11))]
    totals = document_totals(lines, currency="XPF")
    assert totals.total_net == Decimal(1499)  # 1498.5 rounded half up
    assert totals.total_tax == Decimal(165)  # 164.89
    assert totals.total == Decimal(1664)


def test_sections_and_subtotals():
    lines = [
        L(kind="section"),
        L(Decimal(2), Decimal(10)),
        L(Decimal(1), Decimal(5)),
        L(kind="subtotal"),
        L(kind="section"),
        L(Decimal(1), Decimal(7)),
        L(kind="subtotal"),
        L(kind="text"),
    ]
    totals = document_totals(lines, currency="EUR")
    assert totals.subtotals == {3: Decimal(25), 6: Decimal(7)}
    assert totals.total_net == Decimal(32)
    assert totals.line_nets[0] is None


def test_overall_discount_is_split_per_rate():
    lines = [
        L(Decimal(1), Decimal("100"), tax_percent=Decimal(20)),
        L(Decimal(1), Decimal("50"), tax_percent=Decimal(10)),
    ]
    totals = document_totals(lines, currency="EUR", discount_percent=Decimal(10))
    assert totals.discount == Decimal("15.00")
    assert totals.net_by_rate == {Decimal(10): Decimal("45.00"), Decimal(20): Decimal("90.00")}
    assert totals.total_tax == Decimal("22.50")
    assert totals.total == Decimal("157.50")


def test_a_discount_over_100_percent_is_refused():
    with pytest.raises(ValueError):
        document_totals([L(Decimal(1), Decimal(1))], currency="EUR", discount_percent=Decimal(101))


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(items, max_size=30), currency=currencies, discount=discounts)
def test_totals_add_up_in_the_currency(lines, currency, discount):
    totals = document_totals(lines, currency=currency, discount_percent=discount)
    exponent = Decimal(1).scaleb(-money.minor_units(currency))
    for amount in (totals.total_net, totals.total_tax, totals.total, totals.discount):
        assert amount == amount.quantize(exponent)
    # The total is its parts; the net is the lines less the discount.
    assert totals.total == totals.total_net + totals.total_tax
    assert totals.total_net == totals.lines_net - totals.discount
    assert totals.lines_net == sum((n for n in totals.line_nets if n is not None), Decimal(0))
    # Tax of each rate is that rate on that rate's base, rounded once.
    for rate, base in totals.net_by_rate.items():
        assert totals.tax_by_rate[rate] == money.quantize(base * rate / 100, currency)
    assert totals.total_tax == sum(totals.tax_by_rate.values(), Decimal(0))
    assert totals.total_net >= 0 and totals.total_tax >= 0


@settings(max_examples=100, deadline=None)
@given(lines=st.lists(items, min_size=1, max_size=20), currency=currencies, data=st.data())
def test_the_order_of_lines_does_not_change_the_totals(lines, currency, data):
    shuffled = data.draw(st.permutations(lines))
    a = document_totals(lines, currency=currency)
    b = document_totals(shuffled, currency=currency)
    assert (a.total_net, a.total_tax, a.total) == (b.total_net, b.total_tax, b.total)


@settings(max_examples=100, deadline=None)
@given(line=items, currency=currencies)
def test_a_line_net_is_rounded_once(line, currency):
    net = line_net(
        quantity=line.quantity,
        unit_price=line.unit_price,
        discount_percent=line.discount_percent,
        currency=currency,
    )
    exact = line.quantity * line.unit_price * (100 - line.discount_percent) / 100
    assert abs(net - exact) <= Decimal(1).scaleb(-money.minor_units(currency)) / 2
