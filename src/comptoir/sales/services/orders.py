"""Writes of orders: direct or from an accepted quote, confirmation (number, credit check),
launch into preparation, cancellation, and the hooks deliveries and billing call.
"""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core import money
from comptoir.core.queries import require
from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.choices import InteractionKind
from comptoir.parties.models import Party
from comptoir.sales.choices import CreditOutcome, LineKind, OrderStatus, QuoteStatus
from comptoir.sales.credit import credit_check
from comptoir.sales.exceptions import CreditBlocked, EmptyDocument, SalesError
from comptoir.sales.models import Order, OrderLine, Quote
from comptoir.sales.services.documents import (
    HEADER_FIELDS,
    document_recompute,
    draft_header_update,
    draft_line_add,
    draft_line_remove,
    draft_line_update,
    header_apply,
    lines_create,
    locked,
    status_move,
    timeline_record,
)

__all__ = [
    "ORDER_SEQUENCE",
    "ORDER_TRANSITIONS",
    "order_cancel",
    "order_confirm",
    "order_create",
    "order_create_from_quote",
    "order_delivery_progress",
    "order_from_quote",
    "order_launch",
    "order_line_add",
    "order_line_remove",
    "order_line_update",
    "order_mark_invoiced",
    "order_update",
]

S = OrderStatus
# The allowed steps of an order. The delivered ones are taken by order_delivery_progress
# (called by the deliveries' services), the invoiced one by order_mark_invoiced (billing).
ORDER_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.CONFIRMED, S.CANCELLED}),
    S.CONFIRMED: frozenset({S.IN_PREPARATION, S.PARTLY_DELIVERED, S.DELIVERED, S.CANCELLED}),
    S.IN_PREPARATION: frozenset({S.PARTLY_DELIVERED, S.DELIVERED, S.CANCELLED}),
    S.PARTLY_DELIVERED: frozenset({S.DELIVERED, S.INVOICED}),
    S.DELIVERED: frozenset({S.INVOICED}),
    S.INVOICED: frozenset(),
    S.CANCELLED: frozenset(),
}
ORDER_SEQUENCE = ("sales.order", "Commandes clients", "CO-{year}-{n:05d}")
ORDER_HEADER_FIELDS = HEADER_FIELDS - {"title", "issue_date", "valid_until", "opportunity_id"} | {
    "customer_reference",
    "order_date",
    "delivery_address",
    "requested_delivery_date",
}


@transaction.atomic
def order_create(*, by, customer: Party, lines=(), **fields) -> Order:
    """A draft order taken directly (by phone, by mail…), with its lines if given."""
    require(by, "sales.add_order")
    order = Order(customer=customer, owner=fields.pop("owner", None) or by)
    header_apply(order, fields, allowed=ORDER_HEADER_FIELDS)
    order.save()
    lines_create(order, OrderLine, "order", list(lines))
    document_recompute(order)
    return order


@transaction.atomic
def order_create_from_quote(*, by, quote: Quote, customer_reference: str = "") -> Order:
    """The order of an accepted quote: its customer, terms and lines, as a draft to confirm.
    A quote makes one order (unless that order was cancelled)."""
    require(by, "sales.add_order")
    quote = locked(Quote, quote)
    if quote.status != QuoteStatus.ACCEPTED:
        raise SalesError(
            _("Only an accepted quote becomes an order; %(ref)s is « %(status)s ».")
            % {"ref": quote.reference, "status": quote.get_status_display()}
        )
    existing = quote.orders.exclude(status=S.CANCELLED).first()
    if existing is not None:
        raise SalesError(
            _("Quote %(ref)s is already order %(order)s.")
            % {"ref": quote.reference, "order": existing.reference}
        )
    order = Order.objects.create(
        quote=quote,
        customer=quote.customer,
        owner=quote.owner or by,
        currency=quote.currency,
        exchange_rate=quote.exchange_rate,
        incoterm=quote.incoterm,
        incoterm_place=quote.incoterm_place,
        discount_percent=quote.discount_percent,
        payment_terms=quote.payment_terms,
        notes=quote.notes,
        customer_reference=(customer_reference or "").strip()[:60],
    )
    rows = []
    for line in quote.lines.all():
        row = OrderLine(order=order, quote_line=line)
        for name in (
            "position",
            "kind",
            "label",
            "description",
            "quantity",
            "unit",
            "unit_price",
            "discount_percent",
            "tax_rate_id",
            "tax_percent",
            "net_amount",
            "product_id",
        ):
            setattr(row, name, getattr(line, name))
        rows.append(row)
    OrderLine.objects.bulk_create(rows, batch_size=500)
    document_recompute(order)
    timeline_record(
        party=order.customer,
        by=by,
        kind=InteractionKind.ORDER,
        subject=_("Order taken from quote %(ref)s") % {"ref": quote.reference},
        source_app="sales.order",
        source_id=order.pk,
    )
    return order


@transaction.atomic
def order_from_quote(
    *, by, quote: Quote, customer_reference: str = "", confirm: bool = True, override: bool = False
) -> Order:
    """Turn an accepted quote into an order and, unless `confirm` is false, confirm it: the
    one conversion the quote page and the API both call.

    A credit block does not lose the conversion: the order stays a draft that records the
    block (`credit_outcome`, `credit_message`), for someone with sales.override_credit_block
    to confirm; `override` lifts the block at once when the caller has that right. Any other
    refusal creates nothing."""
    order = order_create_from_quote(by=by, quote=quote, customer_reference=customer_reference)
    if not confirm:
        return order
    try:
        # A savepoint: the refused confirmation is undone, the draft order is kept.
        with transaction.atomic():
            return order_confirm(by=by, order=order, override=override)
    except CreditBlocked as blocked:
        order.credit_outcome = CreditOutcome.BLOCK
        order.credit_message = (blocked.message or "")[:300]
        order.save(update_fields=["credit_outcome", "credit_message", "updated_at"])
        return order


@transaction.atomic
def order_update(*, by, order: Order, **fields) -> Order:
    require(by, "sales.change_order")
    return draft_header_update(order, fields, allowed=ORDER_HEADER_FIELDS)


@transaction.atomic
def order_line_add(*, by, order: Order, **fields) -> OrderLine:
    require(by, "sales.change_order")
    return draft_line_add(order, fields)


@transaction.atomic
def order_line_update(*, by, line: OrderLine, **fields) -> OrderLine:
    require(by, "sales.change_order")
    return draft_line_update(line, fields, parent="order")


@transaction.atomic
def order_line_remove(*, by, line: OrderLine) -> Order:
    require(by, "sales.change_order")
    return draft_line_remove(line, parent="order")


def _company_amount(order: Order) -> Decimal:
    from comptoir.core.models import Company

    company = Company.current()
    currency = company.currency if company else "EUR"
    rate = order.exchange_rate or Decimal(1)
    return money.quantize(order.total / rate, currency)


@transaction.atomic
def order_confirm(*, by, order: Order, override: bool = False) -> Order:
    """Confirm a draft: the credit check runs on its total; a warning is kept on the order,
    a block refuses (CreditBlocked) unless `override` by someone with
    sales.override_credit_block. The order takes its number."""
    may_change = by is not None and by.has_perm("sales.change_order")
    if override:
        require(by, "sales.override_credit_block")
    else:
        require(by, "sales.change_order")
    order = locked(Order, order)
    if not order.lines.filter(kind=LineKind.ITEM).exists():
        raise EmptyDocument(_("Add at least one line before confirming the order."))
    status_move(order, S.CONFIRMED, ORDER_TRANSITIONS)
    decision = credit_check(customer=order.customer, amount=_company_amount(order))
    if not decision.blocks and not may_change:
        # The override right lifts a block; it is not a right to confirm any order.
        require(by, "sales.change_order")
    if decision.blocks and not override:
        raise CreditBlocked(
            decision.message
            or _("The credit check blocks this order: someone allowed must confirm it.")
        )
    order.credit_outcome = decision.outcome
    order.credit_message = (decision.message or "")[:300]
    if decision.blocks:
        order.credit_override_by = by
    today = timezone.localdate()
    if not order.number:
        code, label, fmt = ORDER_SEQUENCE
        sequence_ensure(code=code, label=label, format=fmt)
        order.number = sequence_next(code=code, day=today)
    order.confirmed_at = timezone.now()
    order.confirmed_by = by
    order.save()
    subject = _("Order %(ref)s confirmed (%(total)s %(currency)s excl. tax)") % {
        "ref": order.reference,
        "total": order.total_net,
        "currency": order.currency,
    }
    if order.customer_reference:
        subject += " — " + _("PO %(po)s") % {"po": order.customer_reference}
    timeline_record(
        party=order.customer,
        by=by,
        kind=InteractionKind.ORDER,
        subject=subject,
        source_app="sales.order",
        source_id=order.pk,
    )
    return order


@transaction.atomic
def order_launch(*, by, order: Order) -> Order:
    """Launch a confirmed order into production or preparation: who and when are kept."""
    require(by, "sales.change_order")
    order = locked(Order, order)
    status_move(order, S.IN_PREPARATION, ORDER_TRANSITIONS)
    order.launched_at = timezone.now()
    order.launched_by = by
    order.save()
    return order


@transaction.atomic
def order_cancel(*, by, order: Order, reason: str = "") -> Order:
    """Cancel an order not yet delivered; a confirmed one needs a reason."""
    require(by, "sales.change_order")
    order = locked(Order, order)
    reason = (reason or "").strip()
    if order.status != S.DRAFT and not reason:
        raise SalesError(_("Say why a confirmed order is cancelled."))
    status_move(order, S.CANCELLED, ORDER_TRANSITIONS)
    order.cancelled_at = timezone.now()
    order.cancel_reason = reason
    order.save()
    if order.number:
        timeline_record(
            party=order.customer,
            by=by,
            kind=InteractionKind.ORDER,
            subject=_("Order %(ref)s cancelled") % {"ref": order.reference},
            body=reason,
            source_app="sales.order",
            source_id=order.pk,
        )
    return order


@transaction.atomic
def order_delivery_progress(*, order: Order, delivered: dict[int, Decimal]) -> Order:
    """Set the delivered statuses from what has been delivered so far, for the deliveries'
    services to call after each delivery (no person: they have checked their permission).

    `delivered` maps an order line's id to the quantity delivered in all; an order with every
    item line delivered in full becomes delivered, with some delivered partly delivered.
    """
    order = locked(Order, order)
    items = [line for line in order.lines.all() if line.kind == LineKind.ITEM]
    done = [Decimal(delivered.get(line.pk, 0)) for line in items]
    if not any(done):
        return order
    full = all(d >= line.quantity for d, line in zip(done, items, strict=True))
    target = S.DELIVERED if full else S.PARTLY_DELIVERED
    if order.status != target:
        status_move(order, target, ORDER_TRANSITIONS)
        order.save(update_fields=["status", "updated_at"])
    return order


@transaction.atomic
def order_mark_invoiced(*, order: Order) -> Order:
    """For billing: the order is invoiced."""
    order = locked(Order, order)
    status_move(order, S.INVOICED, ORDER_TRANSITIONS)
    order.save(update_fields=["status", "updated_at"])
    return order
