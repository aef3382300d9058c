"""Reads of quotes: the filtered list, one quote with its lines, the customer's link."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from comptoir.core.queries import require
from comptoir.sales.choices import QuoteStatus
from comptoir.sales.models import Quote
from comptoir.sales.queries.orders import _common_filters

__all__ = ["QUOTE_FILTERS", "QUOTE_SORTS", "quote_get", "quote_lines", "quote_list", "quote_public"]

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
        found = found.filter(Q(number__istartswith=text) | Q(title__icontains=text))
    field, descending = QUOTE_SORTS.get(filters.get("sort") or "-date", QUOTE_SORTS["-date"])
    return found.order_by(f"-{field}" if descending else field, "-id" if descending else "id")


def quote_get(*, user, pk: int) -> Quote:
    require(user, "sales.view_quote")
    return get_object_or_404(Quote.objects.select_related("customer", "owner", "previous"), pk=pk)


def quote_lines(quote) -> list:
    """The lines in order, with their tax rate, in one query."""
    return list(quote.lines.select_related("tax_rate").order_by("position", "id"))


def quote_public(*, pk: int, version: int) -> Quote:
    """The quote a signed link names (no user: the signature is the permission)."""
    return get_object_or_404(
        Quote.objects.select_related("customer", "owner"), pk=pk, version=version
    )
