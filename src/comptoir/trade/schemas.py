"""What the trade API reads and writes."""

import datetime
from decimal import Decimal

from ninja import Field, Schema


class CurrencyOut(Schema):
    code: str = Field(..., examples=["USD"])
    name: str = Field(..., examples=["Dollar américain"])
    minor_units: int = Field(..., examples=[2], description="decimals of an amount")
    active: bool
    is_company_currency: bool
    fixed_rate: Decimal | None = Field(..., examples=[None], description="parity fixed by law")
    latest_rate: Decimal | None = Field(..., examples=["1.0842"])
    latest_date: datetime.date | None = Field(..., examples=["2026-11-30"])


class ExchangeRateOut(Schema):
    id: int
    currency: str = Field(..., examples=["USD"])
    date: datetime.date
    rate: Decimal = Field(..., examples=["1.0842"], description="units for one company unit")
    source: str = Field(..., examples=["ecb"])


class ExchangeRateIn(Schema):
    currency: str = Field(..., examples=["USD"])
    date: datetime.date = Field(..., examples=["2026-11-30"])
    rate: Decimal = Field(..., examples=["1.0842"], gt=0)
    source: str = Field("manual", examples=["ecb"], description="manual, ecb, bank or customs")
