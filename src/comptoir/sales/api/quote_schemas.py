"""What the quotes and orders API reads and writes; examples show in /api/v1/docs."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from comptoir.catalog.choices import Unit
from comptoir.core.schemas import KeysetParams

UNIT_CODES = f"a catalog unit's code ({', '.join(Unit.values)}), empty for none"


class LineIn(Schema):
    kind: str = Field("item", examples=["item"], description="item, section, subtotal or text")
    product_id: int | None = Field(
        None, examples=[12], description="a catalog product: what is left out comes from it"
    )
    label: str | None = Field(None, examples=["Armoire réfrigérée inox 2 portes"])
    description: str = ""
    quantity: Decimal = Field(Decimal(1), examples=["2"])
    unit: Unit | Literal[""] | None = Field(
        None, examples=["unit"], description="a catalog unit's code; default: the product's"
    )
    unit_price: Decimal | None = Field(None, examples=["1850.00"], description="excl. tax")
    discount_percent: Decimal | None = Field(None, examples=["5"])
    tax_rate_id: int | None = Field(None, description="default: the product's, or the country's")


class LinePatch(Schema):
    label: str | None = None
    description: str | None = None
    quantity: Decimal | None = None
    unit: Unit | Literal[""] | None = None
    unit_price: Decimal | None = None
    discount_percent: Decimal | None = None
    tax_rate_id: int | None = None


class LineOut(Schema):
    id: int
    position: int
    kind: str = Field(..., examples=["item"])
    product_id: int | None
    label: str = Field(..., examples=["Armoire réfrigérée inox 2 portes"])
    description: str
    quantity: Decimal = Field(..., examples=["2.000"])
    unit: str = Field(..., examples=["unit"], description=UNIT_CODES)
    unit_price: Decimal = Field(..., examples=["1850.0000"])
    discount_percent: Decimal = Field(..., examples=["5.00"])
    tax_percent: Decimal = Field(..., examples=["20.000"])
    net_amount: Decimal = Field(..., examples=["3515.00"])


class Totals(Schema):
    currency: str = Field(..., examples=["EUR"])
    exchange_rate: Decimal = Field(..., examples=["1"], description="per unit of company currency")
    lines_net: Decimal
    discount_amount: Decimal
    total_net: Decimal = Field(..., examples=["3515.00"])
    total_tax: Decimal = Field(..., examples=["703.00"])
    total: Decimal = Field(..., examples=["4218.00"])


class QuoteIn(Schema):
    customer_id: int = Field(..., examples=[42])
    title: str = Field("", examples=["Équipement de la cuisine centrale"])
    valid_until: date | None = Field(None, description="default: in 30 days")
    currency: str = Field("", examples=["EUR"], description="default: the company's")
    exchange_rate: Decimal | None = Field(None, description="default: the rate of the day")
    incoterm: str = Field("", examples=["DAP"], description="an Incoterms 2020 rule")
    incoterm_place: str = Field("", examples=["Lyon"])
    discount_percent: Decimal = Field(Decimal(0), examples=["3"])
    payment_terms: str = Field("", examples=["30 jours fin de mois"])
    notes: str = ""
    lines: list[LineIn] = Field(default_factory=list)


class QuoteSummary(Totals):
    id: int
    number: str = Field(..., examples=["DE-2026-00042"])
    version: int = Field(..., examples=[1])
    reference: str = Field(..., examples=["DE-2026-00042-v2"])
    status: str = Field(..., examples=["sent"])
    customer_id: int
    customer: str = Field(..., examples=["Brasserie du Parc"])
    owner: str | None = Field(..., examples=["adv"])
    title: str
    issue_date: date
    valid_until: date


class QuoteDetail(QuoteSummary):
    incoterm: str
    incoterm_place: str
    discount_percent: Decimal
    payment_terms: str
    notes: str
    sent_at: datetime | None
    sent_to: str
    answered_at: datetime | None
    answered_by_name: str
    answered_by_email: str
    refusal_reason: str
    previous_id: int | None
    lines: list[LineOut]


class QuotePage(Schema):
    items: list[QuoteSummary]
    next_cursor: str | None = Field(..., description="pass as ?after= for more")


class QuoteFilters(KeysetParams):
    status: str = Field("", examples=["sent"])
    customer: str = Field("", examples=["42"], description="a party id")
    owner: str = Field("", examples=["me"], description="a user id, or me")
    date_from: str = Field("", examples=["2026-01-01"])
    date_to: str = Field("", examples=["2026-12-31"])
    amount_min: str = Field("", examples=["1000"], description="total excl. tax")
    amount_max: str = Field("", examples=["50000"])
    q: str = Field("", examples=["DE-2026"], description="start of the number")
    sort: str = Field("-date", examples=["-amount"], description="-date, date, -amount, amount")


class SendIn(Schema):
    to: str = Field("", examples=["achats@brasserie-du-parc.fr"], description="default: main")
    message: str = ""


class AnswerIn(Schema):
    name: str = Field("", examples=["Claire Martin"])
    email: str = Field("", examples=["claire.martin@brasserie-du-parc.fr"])
    reason: str = Field("", description="for a refusal")


class ToOrderIn(Schema):
    customer_reference: str = Field("", examples=["BC-2026-118"])
    confirm: bool = Field(True, description="confirm the order at once (credit check)")
    override: bool = Field(
        False, description="confirm despite a credit block (sales.override_credit_block)"
    )


class OrderIn(Schema):
    customer_id: int = Field(..., examples=[42])
    customer_reference: str = Field("", examples=["BC-2026-118"])
    order_date: date | None = None
    requested_delivery_date: date | None = None
    delivery_address: str = ""
    currency: str = Field("", examples=["EUR"])
    exchange_rate: Decimal | None = None
    incoterm: str = Field("", examples=["EXW"])
    incoterm_place: str = ""
    discount_percent: Decimal = Decimal(0)
    payment_terms: str = ""
    notes: str = ""
    lines: list[LineIn] = Field(default_factory=list)


class OrderSummary(Totals):
    id: int
    number: str = Field(..., examples=["CO-2026-00042"])
    reference: str
    status: str = Field(..., examples=["confirmed"])
    customer_id: int
    customer: str
    customer_reference: str = Field(..., examples=["BC-2026-118"])
    owner: str | None
    order_date: date
    quote_id: int | None


class OrderDetail(OrderSummary):
    incoterm: str
    incoterm_place: str
    discount_percent: Decimal
    delivery_address: str
    requested_delivery_date: date | None
    confirmed_at: datetime | None
    launched_at: datetime | None
    launched_by: str | None
    cancelled_at: datetime | None
    cancel_reason: str
    credit_outcome: str
    credit_message: str
    lines: list[LineOut]


class OrderPage(Schema):
    items: list[OrderSummary]
    next_cursor: str | None = Field(..., description="pass as ?after= for more")


class ConfirmIn(Schema):
    override: bool = Field(False, description="confirm despite a credit block (permission)")


class CancelIn(Schema):
    reason: str = Field("", examples=["Projet abandonné par le client"])
