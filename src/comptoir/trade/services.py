"""Writes of international trade: exchange rates typed in or imported."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.core.audit import acting_as
from comptoir.core.queries import require
from comptoir.trade.choices import RateSource
from comptoir.trade.models import Currency, ExchangeRate
from comptoir.trade.queries import company_currency, fixed_rate

__all__ = ["exchange_rate_save"]


@transaction.atomic
def exchange_rate_save(
    *,
    currency: Currency,
    date: datetime.date,
    rate: Decimal,
    by,
    source: str = RateSource.MANUAL,
) -> ExchangeRate:
    """Record the rate of a currency on a day (replacing that day's rate if there is one).

    The company's own currency and currencies fixed to it by law take no rate."""
    require(by, "trade.add_exchangerate")
    home = company_currency()
    if currency.code == home:
        raise ValidationError({"currency": _("The company's own currency has no rate.")})
    if fixed_rate(home, currency.code) is not None:
        raise ValidationError(
            {"currency": _("This currency's parity is fixed by law: it takes no rate.")}
        )
    found = ExchangeRate.objects.filter(currency=currency, date=date).first()
    if found is not None:
        require(by, "trade.change_exchangerate")
    exchange_rate = found or ExchangeRate(currency=currency, date=date)
    exchange_rate.rate = rate
    exchange_rate.source = source
    exchange_rate.full_clean()
    with acting_as(by):
        exchange_rate.save()
    return exchange_rate
