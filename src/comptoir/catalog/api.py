"""The catalog in the API: products, price lists and their breaks, and the price for a
customer. Mounted by comptoir.api.urls; the queries and services check permissions."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from comptoir.catalog import queries, services
from comptoir.catalog.models import PriceListItem, Product, ProductFamily
from comptoir.catalog.schemas import (
    FamilyOut,
    PriceListDetail,
    PriceListIn,
    PriceListItemIn,
    PriceListItemOut,
    PriceListOut,
    PriceOut,
    PriceQuery,
    ProductFilters,
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPatch,
)
from comptoir.core.models import TaxRate
from comptoir.core.schemas import Error
from comptoir.parties import queries as party_queries

router = Router(tags=["catalog"])
ERRORS = {401: Error, 403: Error}


def _product(product: Product, *, margin: bool) -> dict:
    body = {
        "id": product.pk,
        "reference": product.reference,
        "label": product.label,
        "description": product.description,
        "kind": product.kind,
        "unit": product.unit,
        "unece_unit": product.unece_unit,
        "family_id": product.family_id,
        "family": product.family.name if product.family else None,
        "sale_price": product.sale_price,
        "tax_rate_id": product.tax_rate_id,
        "tax_rate": product.tax_rate.rate,
        "active": product.active,
        "url": reverse("catalog:product", args=[product.pk]),
    }
    if margin:
        body.update(
            purchase_cost=product.purchase_cost,
            margin=product.margin,
            margin_rate=product.margin_rate,
        )
    return body


def _references(fields: dict) -> dict:
    """family_id and tax_rate_id as the records the services take; unknown ids are field
    errors, not 404s (the product is what was asked for)."""
    errors = {}
    if "family_id" in fields:
        family_id = fields.pop("family_id")
        fields["family"] = ProductFamily.objects.filter(pk=family_id).first() if family_id else None
        if family_id and fields["family"] is None:
            errors["family_id"] = [_("No family has this id.")]
    if "tax_rate_id" in fields:
        tax_rate_id = fields.pop("tax_rate_id")
        fields["tax_rate"] = TaxRate.objects.filter(pk=tax_rate_id).first()
        if fields["tax_rate"] is None:
            errors["tax_rate_id"] = [_("No tax rate has this id.")]
    if errors:
        raise ValidationError(errors)
    return fields


@router.get(
    "/products", response={200: ProductPage, **ERRORS}, summary="List products", exclude_unset=True
)
def products_list(request, filters: Query[ProductFilters]):
    """Products and services, filtered like the catalog page; `limit` and `offset` page them."""
    values = filters.dict()
    text_filters = {
        "q": values["q"],
        "family": str(values["family"] or ""),
        "kind": values["kind"] or "",
        "active": "" if values["active"] is None else "1" if values["active"] else "0",
        "sort": values["sort"],
    }
    found = queries.product_list(user=request.auth, filters=text_filters)
    margin = queries.can_see_margin(request.auth)
    page = found[values["offset"] : values["offset"] + values["limit"]]
    return {"count": found.count(), "items": [_product(p, margin=margin) for p in page]}


@router.get(
    "/products/{int:product_id}",
    response={200: ProductOut, 404: Error, **ERRORS},
    summary="A product",
    exclude_unset=True,
)
def products_get(request, product_id: int):
    product = queries.product_get(user=request.auth, pk=product_id)
    return _product(product, margin=queries.can_see_margin(request.auth))


@router.post(
    "/products",
    response={201: ProductOut, 422: Error, **ERRORS},
    summary="Create a product",
    exclude_unset=True,
)
def products_create(request, payload: ProductIn):
    """A duplicate reference (whatever its case), a negative price or cost: 422 with the
    field and the reason. `purchase_cost` needs the right to see margins."""
    fields = _references(payload.dict())
    if fields.get("purchase_cost") is None:
        fields.pop("purchase_cost", None)
    product = services.product_create(by=request.auth, **fields)
    return Status(201, _product(product, margin=queries.can_see_margin(request.auth)))


@router.patch(
    "/products/{int:product_id}",
    response={200: ProductOut, 404: Error, 422: Error, **ERRORS},
    summary="Change a product",
    exclude_unset=True,
)
def products_update(request, product_id: int, payload: ProductPatch):
    """Only the fields sent change; `{"active": false}` takes a product out of the catalog
    (a product named on documents is deactivated, never deleted)."""
    product = queries.product_get(user=request.auth, pk=product_id)
    fields = _references(payload.dict(exclude_unset=True))
    product = services.product_update(product=product, by=request.auth, **fields)
    return _product(product, margin=queries.can_see_margin(request.auth))


@router.get(
    "/product-families", response={200: list[FamilyOut], **ERRORS}, summary="Product families"
)
def families_list(request):
    """Every family, each parent before its children (`family_id` of the products)."""
    return [
        {"id": f.pk, "name": f.name, "parent_id": f.parent_id, "product_count": f.product_count}
        for f in queries.family_list(user=request.auth)
    ]


def _price_list(price_list, *, item_count: int) -> dict:
    return {
        "id": price_list.pk,
        "name": price_list.name,
        "kind": price_list.kind,
        "currency": price_list.currency,
        "valid_from": price_list.valid_from,
        "valid_to": price_list.valid_to,
        "active": price_list.active,
        "item_count": item_count,
    }


def _item(item: PriceListItem) -> dict:
    return {
        "id": item.pk,
        "product_id": item.product_id,
        "reference": item.product.reference,
        "min_quantity": item.min_quantity,
        "unit_price": item.unit_price,
    }


@router.get(
    "/price-lists", response={200: list[PriceListOut], **ERRORS}, summary="List price lists"
)
def price_lists_list(request, kind: str = "", active: bool | None = None):
    filters = {"kind": kind, "active": "" if active is None else "1" if active else "0"}
    found = queries.price_list_list(user=request.auth, filters=filters)
    return [_price_list(p, item_count=p.item_count) for p in found]


@router.get(
    "/price-lists/{int:price_list_id}",
    response={200: PriceListDetail, 404: Error, **ERRORS},
    summary="A price list with its prices and quantity breaks",
)
def price_lists_get(request, price_list_id: int):
    price_list = queries.price_list_get(user=request.auth, pk=price_list_id)
    items = price_list.items.all()
    return {**_price_list(price_list, item_count=len(items)), "items": [_item(i) for i in items]}


@router.post(
    "/price-lists",
    response={201: PriceListOut, 422: Error, **ERRORS},
    summary="Create a price list",
)
def price_lists_create(request, payload: PriceListIn):
    price_list = services.price_list_save(by=request.auth, **payload.dict())
    return Status(201, _price_list(price_list, item_count=0))


@router.post(
    "/price-lists/{int:price_list_id}/items",
    response={201: PriceListItemOut, 404: Error, 422: Error, **ERRORS},
    summary="Add a price or a quantity break to a list",
)
def price_list_items_add(request, price_list_id: int, payload: PriceListItemIn):
    """A negative threshold or price, or the same product and threshold twice: 422."""
    price_list = queries.price_list_get(user=request.auth, pk=price_list_id)
    product = queries.product_get(user=request.auth, pk=payload.product_id)
    item = services.price_list_item_save(
        price_list=price_list,
        product=product,
        min_quantity=payload.min_quantity,
        unit_price=payload.unit_price,
        by=request.auth,
    )
    return Status(201, _item(item))


@router.delete(
    "/price-lists/{int:price_list_id}/items/{int:item_id}",
    response={204: None, 404: Error, **ERRORS},
    summary="Remove a price from a list",
)
def price_list_items_delete(request, price_list_id: int, item_id: int):
    price_list = queries.price_list_get(user=request.auth, pk=price_list_id)
    item = get_object_or_404(PriceListItem, pk=item_id, price_list=price_list)
    with transaction.atomic():
        services.price_list_item_delete(item=item, by=request.auth)
    return Status(204, None)


@router.get(
    "/prices", response={200: PriceOut, 404: Error, **ERRORS}, summary="The price for a customer"
)
def prices_get(request, params: Query[PriceQuery]):
    """The rule quotes and orders use: the key-account list, else the category's, else the
    general list, else the sale price; the largest quantity break reached; the customer's
    discount (product, then family, then general) on top."""
    quantity = params.quantity
    found_product = queries.product_get(user=request.auth, pk=params.product)
    party = (
        party_queries.party_get(user=request.auth, pk=params.customer) if params.customer else None
    )
    price = queries.price_simulate(
        user=request.auth,
        customer=party,
        product=found_product,
        quantity=quantity,
        on_date=params.on_date,
    )
    return {
        "product_id": found_product.pk,
        "customer_id": party.pk if party else None,
        "quantity": quantity,
        "unit_price": price.unit_price,
        "discount_percent": price.discount_percent,
        "net_unit_price": price.net_unit_price.quantize(Decimal("0.0001")),
        "line_net": price.line_net(quantity),
        "currency": price.currency,
        "tax_rate": price.tax_rate.rate,
        "source_kind": price.source_kind,
        "discount_source": price.discount_source,
        "price_list_id": price.price_list.pk if price.price_list else None,
        "min_quantity": price.min_quantity,
        "source": price.source,
    }
