"""Orders in the API: list (filters, cursor), detail, direct creation, confirmation (credit
check, override), launch into preparation, cancellation."""

from ninja import Query, Router, Status

from comptoir.core.schemas import Error
from comptoir.parties.queries import customer_get
from comptoir.sales import queries
from comptoir.sales.api.lists import list_response
from comptoir.sales.api.quote_schemas import (
    CancelIn,
    ConfirmIn,
    OrderDetail,
    OrderIn,
    OrderPage,
    QuoteFilters,
)
from comptoir.sales.api.quotes import line_fields, totals
from comptoir.sales.services import orders as services

router = Router(tags=["orders"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


def order_summary(order) -> dict:
    return {
        **totals(order),
        "id": order.pk,
        "number": order.number,
        "reference": order.reference,
        "status": order.status,
        "customer_id": order.customer_id,
        "customer": order.customer.name,
        "customer_reference": order.customer_reference,
        "owner": order.owner.username if order.owner else None,
        "order_date": order.order_date,
        "quote_id": order.quote_id,
    }


def order_detail(order) -> dict:
    body = order_summary(order)
    for name in (
        "incoterm",
        "incoterm_place",
        "discount_percent",
        "delivery_address",
        "requested_delivery_date",
        "confirmed_at",
        "launched_at",
        "cancelled_at",
        "cancel_reason",
        "credit_outcome",
        "credit_message",
    ):
        body[name] = getattr(order, name)
    body["launched_by"] = order.launched_by.username if order.launched_by else None
    body["lines"] = list(order.lines.order_by("position", "id"))
    return body


def _order(request, order_id: int):
    return queries.order_get(user=request.auth, pk=order_id)


@router.get("/orders", response={200: OrderPage, **ERRORS}, summary="List orders")
def orders_list(request, filters: Query[QuoteFilters]):
    """Newest first (or oldest, or by amount), filtered by status, customer, owner, dates,
    amount or number/PO; keyset pages: pass `next_cursor` back as `after`."""
    return list_response(
        request, filters, read=queries.order_list, page=queries.order_page, summary=order_summary
    )


@router.get("/orders/{int:order_id}", response={200: OrderDetail, **ERRORS}, summary="An order")
def orders_get(request, order_id: int):
    return order_detail(_order(request, order_id))


@router.post("/orders", response={201: OrderDetail, **ERRORS}, summary="Create an order")
def orders_create(request, payload: OrderIn):
    """A draft order taken directly, with its lines; confirm it to number it."""
    data = payload.dict()
    lines = [line_fields(line) for line in payload.lines]
    data.pop("lines")
    customer = customer_get(user=request.auth, pk=data.pop("customer_id"))
    fields = {k: v for k, v in data.items() if v not in (None, "")}
    order = services.order_create(by=request.auth, customer=customer, lines=lines, **fields)
    return Status(201, order_detail(queries.order_get(user=request.auth, pk=order.pk)))


@router.post(
    "/orders/{int:order_id}/confirm", response={200: OrderDetail, **ERRORS}, summary="Confirm"
)
def orders_confirm(request, order_id: int, payload: ConfirmIn):
    """Runs the credit check: a block answers 400 `credit_blocked` unless `override` by
    someone with the permission sales.override_credit_block."""
    order = services.order_confirm(
        by=request.auth, order=_order(request, order_id), override=payload.override
    )
    return order_detail(queries.order_get(user=request.auth, pk=order.pk))


@router.post(
    "/orders/{int:order_id}/launch",
    response={200: OrderDetail, **ERRORS},
    summary="Launch into preparation",
)
def orders_launch(request, order_id: int):
    order = services.order_launch(by=request.auth, order=_order(request, order_id))
    return order_detail(queries.order_get(user=request.auth, pk=order.pk))


@router.post(
    "/orders/{int:order_id}/cancel", response={200: OrderDetail, **ERRORS}, summary="Cancel"
)
def orders_cancel(request, order_id: int, payload: CancelIn):
    order = services.order_cancel(
        by=request.auth, order=_order(request, order_id), reason=payload.reason
    )
    return order_detail(queries.order_get(user=request.auth, pk=order.pk))
