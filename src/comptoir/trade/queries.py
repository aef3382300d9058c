"""Reads of international trade: exchange rates and conversions."""

import datetime
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from comptoir.core import money
from comptoir.core.models import Company
from comptoir.core.queries import require
from comptoir.trade.exceptions import NoExchangeRate
from comptoir.trade.models import Currency, ExchangeRate

__all__ = [
    "FIXED_PARITIES",
    "company_currency",
    "convert",
    "currency_list",
    "exchange_rate_list",
    "fixed_rate",
    "rate_on",
]

# Parities fixed by law, not by a market: the CFP franc (1 000 XPF = 8,38 €, arrêté of
# 1998 after the euro's introduction) and the CFA francs (1 € = 655,957 XOF or XAF).
# Each is (units of the second currency for one unit of the first).
FIXED_PARITIES: dict[tuple[str, str], Decimal] = {
    ("EUR", "XPF"): Decimal(1000) / Decimal("8.38"),
    ("EUR", "XOF"): Decimal("655.957"),
    ("EUR", "XAF"): Decimal("655.957"),
}
RATE_PLACES = Decimal("1e-10")


def company_currency() -> str:
    company = Company.current()
    return company.currency if company else "EUR"


def _code(currency) -> str:
    return currency.code if isinstance(currency, Currency) else str(currency).upper()


def fixed_rate(home: str, code: str) -> Decimal | None:
    """Units of `code` for one `home` when the law fixes it, else None."""
    if (home, code) in FIXED_PARITIES:
        return FIXED_PARITIES[home, code].quantize(RATE_PLACES)
    if (code, home) in FIXED_PARITIES:
        return (1 / FIXED_PARITIES[code, home]).quantize(RATE_PLACES)
    # Two currencies pegged to the euro are pegged to each other (XPF for a company in XOF).
    if ("EUR", home) in FIXED_PARITIES and ("EUR", code) in FIXED_PARITIES:
        return (FIXED_PARITIES["EUR", code] / FIXED_PARITIES["EUR", home]).quantize(RATE_PLACES)
    return None


def rate_on(*, currency, day: datetime.date) -> Decimal:
    """Units of `currency` for one unit of the company's currency on `day`: 1 for the
    company's own currency, the legal parity for pegged currencies, else the latest rate
    recorded on or before the day. NoExchangeRate when there is none.
    """
    code, home = _code(currency), company_currency()
    if code == home:
        return Decimal(1)
    fixed = fixed_rate(home, code)
    if fixed is not None:
        return fixed
    rate = (
        ExchangeRate.objects.filter(currency_id=code, date__lte=day)
        .order_by("-date")
        .values_list("rate", flat=True)
        .first()
    )
    if rate is None:
        raise NoExchangeRate(
            _("No exchange rate for %(currency)s on or before %(day)s.")
            % {"currency": code, "day": day.strftime("%d/%m/%Y")}
        )
    return rate


def convert(*, amount: Decimal, from_currency, to_currency, day: datetime.date) -> Decimal:
    """`amount` of one currency in another on a day, rounded to the target's minor unit."""
    source, target = _code(from_currency), _code(to_currency)
    if source == target:
        return money.quantize(amount, target)
    in_home = amount / rate_on(currency=source, day=day)
    return money.quantize(in_home * rate_on(currency=target, day=day), target)


# --- Lists of the pages and the API ---------------------------------------------------------


def currency_list(*, user):
    """The currencies with their latest rate (`latest_rate`, `latest_date`), in one query
    that reads one rate per currency (exchangerate_latest_idx), however long the history."""
    require(user, "trade.view_currency")
    latest = ExchangeRate.objects.filter(currency_id=OuterRef("code")).order_by("-date")
    currencies = list(
        Currency.objects.annotate(
            latest_date=Subquery(latest.values("date")[:1]),
            latest_rate=Subquery(latest.values("rate")[:1]),
        ).order_by("code")
    )
    home = company_currency()
    for currency in currencies:
        currency.is_home = currency.code == home
        currency.fixed_rate = fixed_rate(home, currency.code)
    return currencies


def exchange_rate_list(*, user, filters: dict | None = None):
    require(user, "trade.view_exchangerate")
    filters = filters or {}
    found = ExchangeRate.objects.order_by("-date", "currency_id")
    code = str(filters.get("currency") or "").upper()
    if code:
        found = found.filter(currency_id=code)
    return found
