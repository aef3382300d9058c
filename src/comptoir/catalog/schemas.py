"""What the catalog API reads and writes; examples show in /api/v1/docs."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema

from comptoir.catalog.choices import PriceListKind, ProductKind, Unit
from comptoir.catalog.queries import PRODUCT_SORTS


class ProductOut(Schema):
    """A product or a service. `purchase_cost`, `margin` and `margin_rate` are only sent to
    those allowed to see margins (catalog.view_margin)."""

    id: int = Field(..., examples=[12])
    reference: str = Field(..., examples=["CUI-FM10"])
    label: str = Field(..., examples=["Four mixte 10 niveaux GN 1/1"])
    description: str = Field(..., examples=[""])
    kind: str = Field(..., examples=["product"], description="product or service")
    unit: str = Field(..., examples=["unit"], description=", ".join(Unit.values))
    unece_unit: str = Field(..., examples=["C62"], description="UN/ECE Rec. 20, for e-invoices")
    family_id: int | None = Field(..., examples=[3])
    family: str | None = Field(..., examples=["Cuisson"])
    sale_price: Decimal = Field(..., examples=["9450.00"], description="excluding tax")
    tax_rate_id: int = Field(..., examples=[1])
    tax_rate: Decimal = Field(..., examples=["20.000"], description="percent")
    active: bool
    purchase_cost: Decimal | None = Field(None, examples=["5980.00"])
    margin: Decimal | None = Field(None, examples=["3470.00"])
    margin_rate: Decimal | None = Field(None, examples=["36.7"], description="% of sale price")
    url: str = Field(..., examples=["/catalogue/produits/12/"])


class FamilyOut(Schema):
    id: int = Field(..., examples=[3])
    name: str = Field(..., examples=["Cuisson"])
    parent_id: int | None = Field(..., examples=[1])
    product_count: int = Field(..., examples=[9])


class ProductPage(Schema):
    count: int = Field(..., examples=[60])
    items: list[ProductOut]


class ProductFilters(Schema):
    q: str = Field("", examples=["four"], description="reference starts with, or label contains")
    family: int | None = Field(None, description="a family id, its sub-families included")
    kind: ProductKind | None = None
    active: bool | None = None
    sort: str = Field("reference", examples=["-sale_price"], description=", ".join(PRODUCT_SORTS))
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0)


class ProductIn(Schema):
    reference: str = Field(..., examples=["CUI-FM10"], max_length=40)
    label: str = Field(..., examples=["Four mixte 10 niveaux GN 1/1"], max_length=200)
    description: str = ""
    kind: ProductKind = ProductKind.PRODUCT
    unit: Unit = Unit.UNIT
    family_id: int | None = Field(None, examples=[3])
    purchase_cost: Decimal | None = Field(
        None, examples=["5980.00"], description="needs catalog.view_margin"
    )
    sale_price: Decimal = Field(..., examples=["9450.00"])
    tax_rate_id: int = Field(..., examples=[1])
    active: bool = True


class ProductPatch(Schema):
    reference: str | None = Field(None, max_length=40)
    label: str | None = Field(None, max_length=200)
    description: str | None = None
    kind: ProductKind | None = None
    unit: Unit | None = None
    family_id: int | None = None
    purchase_cost: Decimal | None = None
    sale_price: Decimal | None = Field(None, examples=["9650.00"])
    tax_rate_id: int | None = None
    active: bool | None = Field(None, examples=[False])


class PriceListItemOut(Schema):
    id: int
    product_id: int = Field(..., examples=[12])
    reference: str = Field(..., examples=["CUI-FM10"])
    min_quantity: Decimal = Field(..., examples=["5.000"])
    unit_price: Decimal = Field(..., examples=["8500.0000"])


class PriceListOut(Schema):
    id: int = Field(..., examples=[2])
    name: str = Field(..., examples=["Tarif revendeurs"])
    kind: str = Field(..., examples=["category"], description=", ".join(PriceListKind.values))
    currency: str = Field(..., examples=["EUR"])
    valid_from: date | None = Field(..., examples=["2026-01-01"])
    valid_to: date | None = Field(..., examples=["2026-12-31"])
    active: bool
    item_count: int = Field(..., examples=[150])


class PriceListDetail(PriceListOut):
    items: list[PriceListItemOut]


class PriceListIn(Schema):
    name: str = Field(..., examples=["Tarif revendeurs 2027"], max_length=100)
    kind: PriceListKind = PriceListKind.GENERAL
    currency: str = Field("EUR", examples=["EUR"])
    valid_from: date | None = Field(None, examples=["2027-01-01"])
    valid_to: date | None = Field(None, examples=["2027-12-31"])
    active: bool = True
    notes: str = ""


class PriceListItemIn(Schema):
    product_id: int = Field(..., examples=[12])
    min_quantity: Decimal = Field(
        Decimal(1), max_digits=12, decimal_places=3, examples=["10"], description="the threshold"
    )
    unit_price: Decimal = Field(..., examples=["8200.00"])


class PriceQuery(Schema):
    product: int = Field(..., examples=[12], description="a product id")
    quantity: Decimal = Field(Decimal(1), ge=0, max_digits=12, decimal_places=3, examples=["6"])
    customer: int | None = Field(None, examples=[42], description="a party id; none: no terms")
    on_date: date | None = Field(None, examples=["2026-12-01"], description="today if none")


class PriceOut(Schema):
    """What `price_for` answers: the unit price, the discount on top, and why."""

    product_id: int = Field(..., examples=[12])
    customer_id: int | None = Field(..., examples=[42])
    quantity: Decimal = Field(..., examples=["6"])
    unit_price: Decimal = Field(..., examples=["8500.0000"], description="before the discount")
    discount_percent: Decimal = Field(..., examples=["2.00"])
    net_unit_price: Decimal = Field(..., examples=["8330.00"])
    line_net: Decimal = Field(..., examples=["49980.00"], description="rounded to the currency")
    currency: str = Field(..., examples=["EUR"])
    tax_rate: Decimal = Field(..., examples=["20.000"])
    source_kind: str = Field(
        ..., examples=["category"], description="key_account, category, general or product"
    )
    discount_source: str = Field(
        ..., examples=["global"], description="product, family, global or empty"
    )
    price_list_id: int | None = Field(..., examples=[2])
    min_quantity: Decimal | None = Field(..., examples=["5.000"])
    source: str = Field(
        ...,
        examples=[
            "Tarif de catégorie « Tarif revendeurs » à partir de 5 ; remise générale du client de 2 %"
        ],
    )
