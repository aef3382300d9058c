"""Reads of orders: the filtered list with keyset pages (200,000 orders stay fast: every
filter has an index ending with the sort), one order with its lines, the CSV export.
Keyset pages come from `core.paging`, for the quotes' list too."""

import datetime
from decimal import Decimal, InvalidOperation

from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date

from comptoir.core.paging import PAGE_SIZE, Page, keyset_page
from comptoir.core.queries import require
from comptoir.parties.queries.parties import starts_with
from comptoir.sales.choices import OrderStatus
from comptoir.sales.models import Order

__all__ = [
    "ORDER_FILTERS",
    "ORDER_SORTS",
    "Page",
    "keyset_page",
    "order_get",
    "order_list",
    "order_page",
    "parse_amount",
    "parse_day",
]

ORDER_FILTERS = (
    "status",
    "customer",
    "owner",
    "date_from",
    "date_to",
    "amount_min",
    "amount_max",
    "q",
    "sort",
)
# sort -> (field, descending); the id breaks ties so that the order is total.
ORDER_SORTS = {
    "-date": ("order_date", True),
    "date": ("order_date", False),
    "-amount": ("total_net", True),
    "amount": ("total_net", False),
}


def parse_day(value) -> datetime.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def parse_amount(value) -> Decimal | None:
    text = str(value or "").strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() else None


def _common_filters(found, filters: dict, *, user, date_field: str):
    status = str(filters.get("status") or "")
    if status:
        found = found.filter(status=status)
    customer = str(filters.get("customer") or "")
    if customer.isdigit():
        found = found.filter(customer_id=int(customer))
    owner = str(filters.get("owner") or "")
    if owner == "me":
        found = found.filter(owner_id=user.pk)
    elif owner.isdigit():
        found = found.filter(owner_id=int(owner))
    if day := parse_day(filters.get("date_from")):
        found = found.filter(**{f"{date_field}__gte": day})
    if day := parse_day(filters.get("date_to")):
        found = found.filter(**{f"{date_field}__lte": day})
    if (amount := parse_amount(filters.get("amount_min"))) is not None:
        found = found.filter(total_net__gte=amount)
    if (amount := parse_amount(filters.get("amount_max"))) is not None:
        found = found.filter(total_net__lt=amount + Decimal("0.01"))
    return found


def order_list(*, user, filters: dict | None = None):
    """The orders this user may see, filtered as the list's filter bar says (strings as
    typed; what does not parse is ignored), sorted as asked (newest first by default)."""
    require(user, "sales.view_order")
    filters = filters or {}
    found = Order.objects.select_related("customer", "owner")
    if str(filters.get("status") or "") not in ("", *OrderStatus.values):
        filters = {**filters, "status": ""}
    found = _common_filters(found, filters, user=user, date_field="order_date")
    if text := str(filters.get("q") or "").strip():
        # A number (stored upper-case) or a purchase-order reference, typed from its start:
        # an index range, not a scan of every order.
        found = found.filter(
            starts_with("number", text.upper()) | starts_with("customer_reference", text)
        )
    field, descending = ORDER_SORTS.get(filters.get("sort") or "-date", ORDER_SORTS["-date"])
    return found.order_by(f"-{field}" if descending else field, "-id" if descending else "id")


def order_page(found, *, filters: dict, after: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of `found` (order_list with the same filters)."""
    field, descending = ORDER_SORTS.get(filters.get("sort") or "-date", ORDER_SORTS["-date"])
    return keyset_page(found, key=field, descending=descending, after=after, size=size)


def order_get(*, user, pk: int) -> Order:
    require(user, "sales.view_order")
    return get_object_or_404(
        Order.objects.select_related("customer", "owner", "quote", "confirmed_by", "launched_by"),
        pk=pk,
    )
