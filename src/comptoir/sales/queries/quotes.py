"""Reads of quotes: the filtered list, one quote with its lines, the customer's link."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from comptoir.core.paging import PAGE_SIZE, Page, keyset_page
from comptoir.core.queries import require
from comptoir.parties.queries.parties import starts_with
from comptoir.sales.choices import QuoteStatus
from comptoir.sales.models import Quote
from comptoir.sales.queries.orders import _common_filters

__all__ = [
    "QUOTE_FILTERS",
    "QUOTE_SORTS",
    "quote_get",
    "document_lines",
    "quote_list",
    "quote_page",
    "quote_public",
    "quote_search_hits",
]

QUOTE_FILTERS = (
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
QUOTE_SORTS = {
    "-date": ("issue_date", True),
    "date": ("issue_date", False),
    "-amount": ("total_net", True),
    "amount": ("total_net", False),
}


def quote_list(*, user, filters: dict | None = None):
    """The quotes this user may see, filtered and sorted as the list page says."""
    require(user, "sales.view_quote")
    filters = filters or {}
    found = Quote.objects.select_related("customer", "owner")
    if str(filters.get("status") or "") not in ("", *QuoteStatus.values):
        filters = {**filters, "status": ""}
    found = _common_filters(found, filters, user=user, date_field="issue_date")
    if text := str(filters.get("q") or "").strip():
        found = found.filter(starts_with("number", text.upper()) | Q(title__icontains=text))
    field, descending = QUOTE_SORTS.get(filters.get("sort") or "-date", QUOTE_SORTS["-date"])
    return found.order_by(f"-{field}" if descending else field, "-id" if descending else "id")


def quote_page(found, *, filters: dict, after: str = "", size: int = PAGE_SIZE) -> Page:
    """One keyset page of `found` (quote_list with the same filters)."""
    field, descending = QUOTE_SORTS.get(filters.get("sort") or "-date", QUOTE_SORTS["-date"])
    return keyset_page(found, key=field, descending=descending, after=after, size=size)


def quote_get(*, user, pk: int) -> Quote:
    require(user, "sales.view_quote")
    return get_object_or_404(Quote.objects.select_related("customer", "owner", "previous"), pk=pk)


def document_lines(document) -> list:
    """The lines of a quote or an order in order, with their tax rate, in one query."""
    return list(document.lines.select_related("tax_rate").order_by("position", "id"))


def quote_public(*, pk: int, version: int) -> Quote:
    """The quote a signed link names (no user: the signature is the permission)."""
    return get_object_or_404(
        Quote.objects.select_related("customer", "owner"), pk=pk, version=version
    )


def quote_search_hits(*, user, query: str, limit: int) -> list[dict]:
    """Quotes and orders by the start of their number (« DE-2026-00042 », « CO-2026 ») or
    an order by the customer's purchase-order reference, for the top bar's search."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from comptoir.sales.models import Order

    text = query.strip()
    if not any(ch.isdigit() for ch in text):
        return []
    hits = []
    if user.has_perm("sales.view_quote"):
        for quote in (
            Quote.objects.select_related("customer")
            .filter(number__istartswith=text)
            .order_by("-issue_date", "-id")[:limit]
        ):
            hits.append(
                {
                    "kind": _("Quote"),
                    "label": quote.reference,
                    "detail": f"{quote.customer.name} · {quote.get_status_display()}",
                    "url": reverse("sales:quote", args=[quote.pk]),
                    "icon": "file-earmark-text",
                }
            )
    if user.has_perm("sales.view_order"):
        orders = Order.objects.select_related("customer").filter(
            starts_with("number", text.upper()) | starts_with("customer_reference", text)
        )
        for order in orders.order_by("-order_date", "-id")[:limit]:
            hits.append(
                {
                    "kind": _("Order"),
                    "label": order.reference,
                    "detail": f"{order.customer.name} · {order.get_status_display()}",
                    "url": reverse("sales:order", args=[order.pk]),
                    "icon": "cart-check",
                }
            )
    return hits
