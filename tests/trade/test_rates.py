"""rate_on and convert: the company's currency, fixed parities, the latest rate known."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comptoir.trade.choices import INCOTERM_RULES, Incoterm
from comptoir.trade.exceptions import NoExchangeRate
from comptoir.trade.models import Currency, ExchangeRate
from comptoir.trade.queries import convert, rate_on

pytestmark = pytest.mark.django_db
D = Decimal
DAY = datetime.date(2026, 11, 30)


def test_currencies_are_installed_with_money_minor_units():
    currencies = {c.code: c.minor_units for c in Currency.objects.all()}
    assert {"EUR", "XPF", "XOF", "MAD", "USD", "GBP", "CHF"} <= set(currencies)
    assert currencies["XPF"] == 0
    assert currencies["EUR"] == 2


def test_company_currency_is_one(company):
    assert rate_on(currency="EUR", day=DAY) == 1


def test_latest_rate_on_or_before_the_day(company):
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2026, 11, 1), rate=D("1.05"))
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2026, 11, 20), rate=D("1.08"))
    ExchangeRate.objects.create(currency_id="USD", date=datetime.date(2026, 12, 5), rate=D("1.10"))
    assert rate_on(currency="USD", day=DAY) == D("1.08")
    assert rate_on(currency="USD", day=datetime.date(2026, 11, 19)) == D("1.05")
    with pytest.raises(NoExchangeRate) as error:
        rate_on(currency="USD", day=datetime.date(2026, 10, 1))
    assert error.value.code == "no_exchange_rate"
    assert "USD" in error.value.message
    with pytest.raises(NoExchangeRate):
        rate_on(currency="GBP", day=DAY)


def test_xpf_is_fixed_to_the_euro(company):
    # 1 000 XPF = 8,38 €, whatever was typed in the table.
    ExchangeRate.objects.create(currency_id="XPF", date=DAY, rate=D("120"))
    assert convert(amount=D("1000"), from_currency="XPF", to_currency="EUR", day=DAY) == D("8.38")
    assert convert(amount=D("8.38"), from_currency="EUR", to_currency="XPF", day=DAY) == D("1000")
    assert convert(amount=D("100"), from_currency="EUR", to_currency="XPF", day=DAY) == D("11933")
    assert rate_on(currency="XOF", day=DAY) == D("655.957")


def test_a_company_in_xpf_sees_the_euro_fixed(company):
    company.currency = "XPF"
    company.save()
    assert rate_on(currency="XPF", day=DAY) == 1
    assert rate_on(currency="EUR", day=DAY) == D("0.0083800000")
    assert convert(amount=D("11933"), from_currency="XPF", to_currency="EUR", day=DAY) == D(
        "100.00"
    )


def test_the_eleven_incoterms_2020():
    assert len(Incoterm.values) == 11
    sea_only = {code for code, rule in INCOTERM_RULES.items() if not rule.any_mode}
    assert sea_only == {"FAS", "FOB", "CFR", "CIF"}
    assert INCOTERM_RULES["DDP"].import_clearance_by_seller
    assert not INCOTERM_RULES["EXW"].export_clearance_by_seller
    assert str(Incoterm.EXW.label) == "EXW – À l'usine"


@settings(max_examples=200, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**11))
def test_property_euros_to_xpf_and_back_keep_every_cent(cents):
    """1 XPF is worth less than a cent, so a euro amount survives the round trip exactly."""
    from unittest import mock

    euros = Decimal(cents) / 100
    with mock.patch("comptoir.trade.queries.company_currency", return_value="EUR"):
        francs = convert(amount=euros, from_currency="EUR", to_currency="XPF", day=DAY)
        assert francs == francs.to_integral_value()  # XPF has no decimals
        assert convert(amount=francs, from_currency="XPF", to_currency="EUR", day=DAY) == euros
