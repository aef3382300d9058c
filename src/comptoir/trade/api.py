"""Currencies and exchange rates in the API."""

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from comptoir.core.schemas import Error
from comptoir.trade import queries, services
from comptoir.trade.models import Currency
from comptoir.trade.schemas import CurrencyOut, ExchangeRateIn, ExchangeRateOut

router = Router(tags=["trade"])
ERRORS = {401: Error, 403: Error}


def _rate(rate) -> dict:
    return {
        "id": rate.pk,
        "currency": rate.currency_id,
        "date": rate.date,
        "rate": rate.rate,
        "source": rate.source,
    }


@router.get("/currencies", response={200: list[CurrencyOut], **ERRORS}, summary="Currencies")
def currencies_list(request):
    """Each currency with its decimals and its latest rate (or its legal parity)."""
    return [
        {
            "code": c.code,
            "name": c.name,
            "minor_units": c.minor_units,
            "active": c.active,
            "is_company_currency": c.is_home,
            "fixed_rate": c.fixed_rate,
            "latest_rate": c.latest_rate,
            "latest_date": c.latest_date,
        }
        for c in queries.currency_list(user=request.auth)
    ]


@router.get(
    "/exchange-rates", response={200: list[ExchangeRateOut], **ERRORS}, summary="Exchange rates"
)
def exchange_rates_list(
    request,
    currency: str = Query("", examples=["USD"]),
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0),
):
    """Newest first."""
    found = queries.exchange_rate_list(user=request.auth, filters={"currency": currency})
    return [_rate(r) for r in found[offset : offset + limit]]


@router.post(
    "/exchange-rates",
    response={201: ExchangeRateOut, 404: Error, 422: Error, **ERRORS},
    summary="Record an exchange rate",
)
def exchange_rates_add(request, payload: ExchangeRateIn):
    """The day's rate replaces that day's previous one; the company's currency and pegged
    currencies (XPF, XOF…) take none: 422."""
    currency = get_object_or_404(Currency, code=payload.currency.upper())
    rate = services.exchange_rate_save(
        currency=currency,
        date=payload.date,
        rate=payload.rate,
        source=payload.source,
        by=request.auth,
    )
    return Status(201, _rate(rate))
