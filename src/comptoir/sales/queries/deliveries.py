"""Reads of deliveries: the notes list with its filters, one note with its check, the
backorders (what customers still wait for), carriers."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_date

from comptoir.core.paging import PAGE_SIZE, Page, keyset_page
from comptoir.core.queries import require
from comptoir.sales.choices import DeliveryStatus, LineKind, OrderStatus
from comptoir.sales.models import Carrier, Delivery, DeliveryLine, Order, OrderLine

__all__ = [
    "BACKORDER_FILTERS",
    "DELIVERY_FILTERS",
    "BackorderLine",
    "backorder_lines",
    "backorder_list",
    "carrier_get",
    "carrier_list",
    "delivery_get",
    "delivery_search_hits",
    "delivery_list",
    "delivery_page",
    "order_deliveries",
]

DELIVERY_FILTERS = ("status", "carrier", "customer", "date_from", "date_to", "q")
BACKORDER_FILTERS = ("customer", "q")


def _date(value) -> datetime.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:  # well-formed but impossible, such as 2026-02-31
        return None


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, timezone.get_current_timezone())


def delivery_list(*, user, filters: dict | None = None):
    """The notes this user may see, newest first, filtered as the list's bar says.

    Values are strings as typed in the URL; one that does not parse is ignored. Dates filter
    on the day the note was prepared (inclusive bounds).
    """
    require(user, "sales.view_delivery")
    filters = filters or {}
    found = Delivery.objects.select_related("order", "customer", "carrier")
    if filters.get("status") in DeliveryStatus.values:
        found = found.filter(status=filters["status"])
    carrier = str(filters.get("carrier") or "")
    if carrier.isdigit():
        found = found.filter(carrier_id=int(carrier))
    customer = str(filters.get("customer") or "")
    if customer.isdigit():
        found = found.filter(customer_id=int(customer))
    if day := _date(filters.get("date_from")):
        found = found.filter(created_at__gte=_day_start(day))
    if day := _date(filters.get("date_to")):
        found = found.filter(created_at__lt=_day_start(day + datetime.timedelta(days=1)))
    if text := str(filters.get("q") or "").strip():
        # A note's or an order's number, or a tracking number, as typed from a document.
        found = found.filter(id__in=list(_search_ids(text)))
    return found.order_by("-created_at", "-id")


def _search_ids(text: str):
    """The notes whose number, order's number or tracking number is `text`, looked up apart
    from the list: numbers are upper-case, so each term is an equality on its own index
    (the order's first, since an OR across a join would read every note), and without the
    list's ORDER BY a planner takes those indexes rather than walk the date order."""
    upper = text.upper()
    orders = list(Order.objects.filter(number=upper).values_list("id", flat=True)[:100])
    return (
        Delivery.objects.filter(
            # "not empty" repeats the unique index's condition, so that SQLite may use it.
            (Q(number=upper) & ~Q(number=""))
            | Q(order_id__in=orders)
            | Q(tracking_number__in={text, upper})
        )
        .order_by()
        .values_list("id", flat=True)[:500]
    )


def delivery_page(found, *, filters: dict | None = None, after: str = "", size=PAGE_SIZE) -> Page:
    """One keyset page of the notes list (newest first: `filters` choose no sort), with the
    filtered count the ADV assistant reads (decision 74)."""
    return keyset_page(found, key="created_at", descending=True, after=after, size=size, count=True)


def delivery_get(*, user, pk: int) -> Delivery:
    """One note with its lines, for its page, the PDF and the API."""
    require(user, "sales.view_delivery")
    try:
        return (
            Delivery.objects.select_related(
                "order",
                "customer",
                "carrier",
                "prepared_by",
                "shipped_by",
                "delivered_by",
                "incident_by",
            )
            .prefetch_related(
                Prefetch(
                    "lines",
                    queryset=DeliveryLine.objects.select_related("order_line").order_by(
                        "position", "id"
                    ),
                ),
                Prefetch("order__lines", queryset=OrderLine.objects.order_by("position", "id")),
            )
            .get(pk=pk)
        )
    except Delivery.DoesNotExist:
        raise Http404 from None


def order_deliveries(*, user, order: Order):
    """The notes of one order, oldest first, for the order's page."""
    require(user, "sales.view_delivery")
    return Delivery.objects.filter(order=order).select_related("carrier").order_by("created_at")


@dataclass
class BackorderLine:
    order: Order
    line: OrderLine
    ordered: Decimal
    delivered: Decimal

    @property
    def left(self) -> Decimal:
        return self.ordered - self.delivered


# Orders with goods still awaited once some were delivered. Quantities are DecimalFields,
# never summed in SQL (REAL on SQLite): the list pages over these orders by their status's
# index and adds up one page's lines in Python.
BACKORDER_STATUSES = (OrderStatus.PARTLY_DELIVERED,)


def backorder_list(*, user, filters: dict | None = None):
    """The orders that have a backorder, oldest first (who has waited longest)."""
    require(user, "sales.view_delivery")
    filters = filters or {}
    found = Order.objects.filter(status__in=BACKORDER_STATUSES).select_related("customer")
    customer = str(filters.get("customer") or "")
    if customer.isdigit():
        found = found.filter(customer_id=int(customer))
    if text := str(filters.get("q") or "").strip():
        found = found.filter(Q(number__iexact=text) | Q(customer_reference__iexact=text))
    return found.order_by("order_date", "id")


def backorder_lines(orders) -> list[BackorderLine]:
    """The lines still awaited of these orders (a page of backorder_list), in two queries."""
    orders = list(orders)
    lines = OrderLine.objects.filter(order__in=orders, kind=LineKind.ITEM, quantity__gt=0).order_by(
        "order_id", "position", "id"
    )
    delivered: dict[int, Decimal] = {}
    rows = DeliveryLine.objects.filter(
        delivery__order__in=orders, delivery__status=DeliveryStatus.DELIVERED
    ).values_list("order_line_id", "quantity", "received_quantity")
    for line_id, announced, received in rows:
        if line_id is not None:
            delivered[line_id] = delivered.get(line_id, Decimal(0)) + (
                announced if received is None else received
            )
    by_pk = {order.pk: order for order in orders}
    found = []
    for line in lines:
        got = delivered.get(line.pk, Decimal(0))
        if got < line.quantity:
            found.append(BackorderLine(by_pk[line.order_id], line, line.quantity, got))
    return found


def carrier_list(*, user, active_only: bool = False):
    require(user, "sales.view_carrier")
    found = Carrier.objects.order_by("name")
    return found.filter(is_active=True) if active_only else found


def carrier_get(*, user, pk: int) -> Carrier:
    require(user, "sales.view_carrier")
    try:
        return Carrier.objects.get(pk=pk)
    except Carrier.DoesNotExist:
        raise Http404 from None


def delivery_search_hits(*, user, query: str, limit: int) -> list[dict]:
    """Delivery notes by the start of their number (« BL-2026-00042 ») or their exact
    tracking number, for the top bar's search."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    text = query.strip()
    if not user.has_perm("sales.view_delivery") or not any(ch.isdigit() for ch in text):
        return []
    found = (
        Delivery.objects.select_related("customer")
        .filter(Q(number__startswith=text.upper()) | Q(tracking_number=text))
        .order_by("-created_at", "-id")[:limit]
    )
    return [
        {
            "kind": _("Delivery note"),
            "label": delivery.reference,
            "detail": f"{delivery.customer.name} · {delivery.get_status_display()}",
            "url": reverse("sales:delivery", args=[delivery.pk]),
            "icon": "truck",
        }
        for delivery in found
    ]
