from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from comptoir.core.money import compute_totals, line_net, minor_units, quantize

D = Decimal
amounts = st.decimals(
    min_value=D("-1000000"), max_value=D("1000000"), places=2, allow_nan=False, allow_infinity=False
)
any_amounts = st.decimals(
    min_value=D("-1000000"), max_value=D("1000000"), allow_nan=False, allow_infinity=False
)
rates = st.sampled_from([D("0"), D("2.1"), D("5.5"), D("10"), D("20"), D("3"), D("6"), D("22")])


def test_minor_units_per_currency():
    assert [minor_units(c) for c in ("EUR", "MAD", "USD", "GBP", "CHF")] == [2] * 5
    assert [minor_units(c) for c in ("XPF", "XOF", "XAF")] == [0] * 3
    with pytest.raises(ValueError, match="XYZ"):
        minor_units("XYZ")


def test_rounding_is_half_up():
    assert quantize(D("0.005"), "EUR") == D("0.01")
    assert quantize(D("0.015"), "EUR") == D("0.02")  # banker's rounding would give 0.02 too
    assert quantize(D("0.025"), "EUR") == D("0.03")  # …but 0.02 here
    assert quantize(D("-0.005"), "EUR") == D("-0.01")
    assert quantize(D("0.0049"), "EUR") == D("0.00")


def test_xpf_has_no_decimals():
    assert quantize(D("1234.5"), "XPF") == D("1235")
    assert str(quantize(D("1234.49"), "XPF")) == "1234"
    assert str(line_net(quantity=D("3"), unit_price=D("333.5"), currency="XPF")) == "1001"


def test_float_is_refused():
    with pytest.raises(TypeError, match="float"):
        quantize(0.1, "EUR")
    with pytest.raises(TypeError):
        line_net(quantity=1, unit_price=0.1, currency="EUR")
    with pytest.raises(TypeError):
        compute_totals([(D("10.00"), 20.0)], "EUR")


def test_line_net_applies_discount_then_rounds():
    assert line_net(quantity=D("3"), unit_price=D("19.99"), currency="EUR") == D("59.97")
    assert line_net(
        quantity=D("3"), unit_price=D("19.99"), discount_percent=D("10"), currency="EUR"
    ) == D("53.97")  # 53.973
    assert line_net(quantity=D("0.5"), unit_price=D("0.01"), currency="EUR") == D(
        "0.01"
    )  # 0.005 half up
    with pytest.raises(ValueError):
        line_net(quantity=1, unit_price=D("10"), discount_percent=D("120"), currency="EUR")


def test_totals_group_by_rate():
    totals = compute_totals(
        [(D("100.00"), D("20")), (D("50.00"), D("5.5")), (D("10.00"), D("20.000"))], "EUR"
    )
    assert totals.net_by_rate == {D("20"): D("110.00"), D("5.5"): D("50.00")}
    assert totals.tax_by_rate == {D("20"): D("22.00"), D("5.5"): D("2.75")}
    assert (totals.total_net, totals.total_tax, totals.total) == (
        D("160.00"),
        D("24.75"),
        D("184.75"),
    )


def test_tax_per_rate_differs_from_summing_rounded_line_taxes():
    lines = [(D("0.03"), D("20"))] * 3
    per_line = sum(quantize(net * rate / 100, "EUR") for net, rate in lines)
    totals = compute_totals(lines, "EUR")
    assert per_line == D("0.03")  # 3 × round(0.006)
    assert totals.total_tax == D("0.02")  # round(0.09 × 20 %) = round(0.018): EN 16931
    assert totals.total == D("0.11")


def test_half_a_franc_rounds_up():
    assert quantize(D("0.5"), "XPF") == D("1")
    assert quantize(D("2.5"), "XPF") == D("3")  # banker's rounding would give 2
    assert quantize(D("-2.5"), "XPF") == D("-3")  # a credit note mirrors its invoice


def test_three_lines_of_five_cents_at_ten_percent():
    lines = [(D("0.05"), D("10"))] * 3
    assert sum(quantize(net * rate / 100, "EUR") for net, rate in lines) == D("0.03")
    assert compute_totals(lines, "EUR").tax_by_rate == {D("10"): D("0.02")}  # round(0.015)


def test_unrounded_line_nets_and_strings_are_refused():
    with pytest.raises(ValueError, match="more decimals"):
        compute_totals([(D("10.005"), D("20"))], "EUR")
    with pytest.raises(ValueError, match="more decimals"):
        compute_totals([(D("10.5"), D("16"))], "XPF")
    with pytest.raises(TypeError):
        quantize("10.00", "EUR")
    with pytest.raises(ValueError, match="Unknown currency"):
        quantize(D("1"), "ZZZ")


def test_no_lines_gives_zero_totals():
    totals = compute_totals([], "XPF")
    assert totals.total == 0 and totals.net_by_rate == {}


@given(any_amounts)
def test_quantize_is_idempotent(amount):
    once = quantize(amount, "EUR")
    assert quantize(once, "EUR") == once
    assert abs(once - amount) <= D("0.005")
    assert once.as_tuple().exponent == -2


@given(st.lists(st.tuples(amounts, rates), max_size=30))
def test_totals_are_net_plus_tax_with_tax_per_rate(lines):
    totals = compute_totals(lines, "EUR")
    assert totals.total == totals.total_net + totals.total_tax
    assert totals.total_net == sum((net for net, _rate in lines), D(0))
    for rate, net in totals.net_by_rate.items():
        assert net == sum((n for n, r in lines if r == rate), D(0))
        assert totals.tax_by_rate[rate] == quantize(net * rate / 100, "EUR")
    assert totals.total_tax == sum(totals.tax_by_rate.values(), D(0))


@given(st.lists(st.tuples(st.integers(-(10**9), 10**9), rates), max_size=20))
def test_xpf_totals_are_whole_francs(lines):
    totals = compute_totals(lines, "XPF")
    for value in (totals.total_net, totals.total_tax, totals.total):
        assert value == value.to_integral_value()
