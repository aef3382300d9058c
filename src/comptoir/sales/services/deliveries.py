"""Writes of deliveries: carriers, and delivery notes through their steps.

prepared ─ship→ shipped ─deliver→ delivered
                  └─incident→ incident ─deliver→ delivered   (the parcel turned up after all)

Only a prepared note changes or is dropped; it is numbered (BL-2026-00042) when shipped, so a
dropped note leaves no gap. Preparing more than is left to deliver of a line is refused unless
a reason for delivering more is given (kept on the note, named by the conformity check).
Recording the delivery stores what the customer signed for, checks it against the order and
moves the order to partly delivered or delivered.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.core.attachments import attachment_add
from comptoir.core.audit import acting_as
from comptoir.core.queries import require
from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.choices import InteractionKind
from comptoir.parties.services import record_interaction
from comptoir.sales import delivery_conformity
from comptoir.sales.choices import DeliveryConformity, DeliveryStatus, LineKind, OrderStatus
from comptoir.sales.exceptions import (
    DeliveryNotEditable,
    DeliveryTransitionRefused,
    EmptyDelivery,
    IncidentReasonMissing,
    InvalidDeliveryLine,
    OrderNotDeliverable,
    OverDelivery,
)
from comptoir.sales.models import Carrier, Delivery, DeliveryLine, Order, OrderLine
from comptoir.sales.services.orders import order_delivery_progress

__all__ = [
    "DELIVERABLE_ORDER_STATUSES",
    "DELIVERY_SEQUENCE",
    "DELIVERY_TRANSITIONS",
    "Unannounced",
    "carrier_create",
    "carrier_update",
    "check_order_deliverable",
    "conformity_of",
    "delivery_attach_proof",
    "delivery_delete",
    "delivery_deliver",
    "delivery_prepare",
    "delivery_report_incident",
    "delivery_ship",
    "delivery_update",
    "order_line_quantities",
]

S = DeliveryStatus
# The one map of allowed steps; each step has its service below.
DELIVERY_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PREPARED: frozenset({S.SHIPPED}),
    S.SHIPPED: frozenset({S.DELIVERED, S.INCIDENT}),
    S.INCIDENT: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset(),
}
DELIVERABLE_ORDER_STATUSES = frozenset(
    {OrderStatus.CONFIRMED, OrderStatus.IN_PREPARATION, OrderStatus.PARTLY_DELIVERED}
)
DELIVERY_SEQUENCE = ("delivery_note", "Bons de livraison", "BL-{year}-{n:05d}")
ZERO = Decimal(0)


# --- Carriers -------------------------------------------------------------------------------


def _carrier_save(carrier: Carrier, *, by) -> Carrier:
    carrier.name = carrier.name.strip()
    carrier.tracking_url = carrier.tracking_url.strip()
    carrier.full_clean()
    with transaction.atomic(), acting_as(by):
        carrier.save()
    return carrier


def carrier_create(*, name: str, tracking_url: str = "", is_active: bool = True, by) -> Carrier:
    require(by, "sales.add_carrier")
    return _carrier_save(Carrier(name=name, tracking_url=tracking_url, is_active=is_active), by=by)


def carrier_update(
    *, carrier: Carrier, name: str, tracking_url: str = "", is_active: bool = True, by
) -> Carrier:
    require(by, "sales.change_carrier")
    carrier.name, carrier.tracking_url, carrier.is_active = name, tracking_url, is_active
    return _carrier_save(carrier, by=by)


# --- Quantities of an order -----------------------------------------------------------------


@dataclass
class LineQuantities:
    """Of one order line: ordered, on notes not yet delivered or delivered (`committed`),
    and signed for on delivered notes (`delivered`)."""

    ordered: Decimal
    committed: Decimal = ZERO
    delivered: Decimal = ZERO

    @property
    def to_prepare(self) -> Decimal:
        """What a new note proposes: neither on another note nor delivered."""
        return max(self.ordered - self.committed, ZERO)

    @property
    def backorder(self) -> Decimal:
        """What the customer still waits for (the reliquat)."""
        return max(self.ordered - self.delivered, ZERO)


def _item_lines(order: Order) -> list[OrderLine]:
    return [line for line in order.lines.all() if line.kind == LineKind.ITEM and line.quantity > 0]


def order_line_quantities(order: Order, *, exclude: Delivery | None = None) -> dict:
    """{order line id: LineQuantities} of the order's item lines, from every note but
    `exclude`. A note with an incident counts for nothing: its goods are to be sent again."""
    found = {line.pk: LineQuantities(ordered=line.quantity) for line in _item_lines(order)}
    rows = DeliveryLine.objects.filter(delivery__order=order, order_line__isnull=False)
    if exclude is not None and exclude.pk:
        rows = rows.exclude(delivery_id=exclude.pk)
    for line_id, announced, received, status in rows.values_list(
        "order_line_id", "quantity", "received_quantity", "delivery__status"
    ):
        quantities = found.get(line_id)
        if quantities is None or status == S.INCIDENT:
            continue
        if status == S.DELIVERED:
            got = announced if received is None else received
            quantities.committed += got
            quantities.delivered += got
        else:
            quantities.committed += announced
    return found


# --- Preparing and editing ------------------------------------------------------------------


def _decimal(value, *, label: str) -> Decimal:
    try:
        quantity = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidDeliveryLine(
            _("%(label)s: “%(value)s” is not a quantity.") % {"label": label, "value": value}
        ) from None
    if not quantity.is_finite() or quantity < 0:
        raise InvalidDeliveryLine(_("%(label)s: a quantity cannot be negative.") % {"label": label})
    if quantity != quantity.quantize(Decimal("0.001")):
        raise InvalidDeliveryLine(
            _("%(label)s: a quantity has at most three decimals.") % {"label": label}
        )
    return quantity


def _number(value: Decimal) -> str:
    normal = value.normalize()
    return formats.number_format(normal, decimal_pos=max(0, -normal.as_tuple().exponent))


def check_order_deliverable(order: Order) -> None:
    """Refuse a note for an order that is not (or no longer) confirmed."""
    if order.status not in DELIVERABLE_ORDER_STATUSES:
        raise OrderNotDeliverable(
            _("Order %(order)s is %(status)s: only a confirmed order can be delivered.")
            % {"order": order.reference, "status": order.get_status_display().lower()}
        )


def _planned_lines(
    order: Order, quantities: Mapping | None, *, delivery: Delivery | None, reason: str
) -> list[tuple[OrderLine, Decimal]]:
    """The (order line, quantity) pairs of the note, checked against what is left."""
    left = order_line_quantities(order, exclude=delivery)
    lines = {line.pk: line for line in _item_lines(order)}
    if quantities is None:  # the proposal: whatever is left of each line
        return [(lines[pk], q.to_prepare) for pk, q in left.items() if q.to_prepare > 0]
    planned = []
    for key, value in quantities.items():
        try:
            line = lines[int(key)]
        except (KeyError, TypeError, ValueError):
            raise InvalidDeliveryLine(
                _("Line %(line)s is not an item of order %(order)s.")
                % {"line": key, "order": order.reference}
            ) from None
        quantity = _decimal(value, label=line.label)
        if quantity == 0:
            continue
        available = left[line.pk].to_prepare
        if quantity > available and not reason:
            raise OverDelivery(
                _(
                    "%(label)s: %(quantity)s is more than the %(left)s left to deliver "
                    "(%(ordered)s ordered). Lower the quantity, or give the reason for "
                    "delivering more."
                )
                % {
                    "label": line.label,
                    "quantity": _number(quantity),
                    "left": _number(available),
                    "ordered": _number(line.quantity),
                }
            )
        planned.append((line, quantity))
    return sorted(planned, key=lambda pair: (pair[0].position, pair[0].pk))


def _write_lines(delivery: Delivery, planned: list[tuple[OrderLine, Decimal]]) -> None:
    delivery.lines.all().delete()
    DeliveryLine.objects.bulk_create(
        DeliveryLine(
            delivery=delivery,
            order_line=line,
            position=index,
            reference=_reference_of(line),
            label=line.label or line.description[:300],
            unit=line.unit,
            quantity=quantity,
        )
        for index, (line, quantity) in enumerate(planned, start=1)
    )


def _reference_of(line: OrderLine) -> str:
    # The catalog brings products to order lines; a free-text line has no reference.
    product = getattr(line, "product", None)
    return (getattr(product, "reference", "") or "")[:60] if product is not None else ""


def _locked_order(order: Order) -> Order:
    # Two notes prepared at once for the same order would both see the same quantities left:
    # the order row is locked until the transaction ends, so the second waits and sees the
    # first note.
    Order.objects.select_for_update().filter(pk=order.pk).values_list("pk").get()
    order.refresh_from_db()
    return order


def delivery_prepare(
    *,
    order: Order,
    by,
    quantities: Mapping | None = None,
    carrier: Carrier | None = None,
    tracking_number: str = "",
    delivery_address: str | None = None,
    planned_date: datetime.date | None = None,
    notes: str = "",
    over_delivery_reason: str = "",
) -> Delivery:
    """A prepared note for `order`: the given {order line id: quantity}, or what is left of
    every line when `quantities` is None."""
    require(by, "sales.add_delivery")
    reason = (over_delivery_reason or "").strip()
    with transaction.atomic(), acting_as(by):
        order = _locked_order(order)
        check_order_deliverable(order)
        planned = _planned_lines(order, quantities, delivery=None, reason=reason)
        if not planned:
            raise EmptyDelivery(
                _("Nothing to deliver: every line of order %(order)s is on a note already.")
                % {"order": order.reference}
            )
        delivery = Delivery.objects.create(
            order=order,
            customer_id=order.customer_id,
            carrier=carrier,
            tracking_number=(tracking_number or "").strip(),
            delivery_address=(
                order.delivery_address if delivery_address is None else delivery_address
            ).strip(),
            planned_date=planned_date,
            notes=notes or "",
            over_delivery_reason=reason,
            prepared_by=by,
        )
        _write_lines(delivery, planned)
    return delivery


def _require_editable(delivery: Delivery) -> None:
    if not delivery.is_editable:
        raise DeliveryNotEditable(
            _("Delivery note %(note)s is %(status)s: only a prepared note can change.")
            % {"note": delivery.reference, "status": delivery.get_status_display().lower()}
        )


def _locked(delivery: Delivery) -> Delivery:
    """The caller's note, locked and read again: a step taken meanwhile is seen."""
    Delivery.objects.select_for_update().filter(pk=delivery.pk).values_list("pk").get()
    delivery.refresh_from_db()
    return delivery


def delivery_update(
    *,
    delivery: Delivery,
    by,
    quantities: Mapping | None = None,
    carrier: Carrier | None = None,
    tracking_number: str = "",
    delivery_address: str = "",
    planned_date: datetime.date | None = None,
    notes: str = "",
    over_delivery_reason: str = "",
) -> Delivery:
    """Change a prepared note; `quantities` None keeps its lines."""
    require(by, "sales.change_delivery")
    reason = (over_delivery_reason or "").strip()
    with transaction.atomic(), acting_as(by):
        order = _locked_order(delivery.order)
        delivery = _locked(delivery)
        _require_editable(delivery)
        if quantities is not None:
            planned = _planned_lines(order, quantities, delivery=delivery, reason=reason)
            if not planned:
                raise EmptyDelivery(_("A delivery note needs at least one quantity."))
            _write_lines(delivery, planned)
        delivery.carrier = carrier
        delivery.tracking_number = (tracking_number or "").strip()
        delivery.delivery_address = (delivery_address or "").strip()
        delivery.planned_date = planned_date
        delivery.notes = notes or ""
        delivery.over_delivery_reason = reason
        delivery.save()
    return delivery


def delivery_delete(*, delivery: Delivery, by) -> None:
    """Drop a prepared note (it has no number yet, so no gap is left)."""
    require(by, "sales.delete_delivery")
    with transaction.atomic(), acting_as(by):
        delivery = _locked(delivery)
        _require_editable(delivery)
        delivery.delete()


# --- Steps ----------------------------------------------------------------------------------


def _step(delivery: Delivery, target: str) -> None:
    if target not in DELIVERY_TRANSITIONS[delivery.status]:
        raise DeliveryTransitionRefused(
            _("Delivery note %(note)s is %(status)s: it cannot become %(target)s.")
            % {
                "note": delivery.reference,
                "status": delivery.get_status_display().lower(),
                "target": S(target).label.lower(),
            }
        )


def _timeline(delivery: Delivery, *, subject: str, body: str = "", by, at) -> None:
    # The person is named on the customer's timeline when they may write there; otherwise
    # the entry is the system's (this service has checked its own permission).
    author = by if by is not None and by.has_perm("parties.add_interaction") else None
    record_interaction(
        party=delivery.customer,
        kind=InteractionKind.ORDER,
        subject=subject,
        body=body,
        by=author,
        occurred_at=at,
        direction="out",
        source_app="sales.delivery",
        source_id=str(delivery.pk),
    )


def delivery_ship(
    *,
    delivery: Delivery,
    by,
    carrier: Carrier | None = None,
    tracking_number: str | None = None,
) -> Delivery:
    """The goods leave: the note takes its number, and the customer's timeline says so."""
    require(by, "sales.change_delivery")
    with transaction.atomic(), acting_as(by):
        delivery = _locked(delivery)
        _step(delivery, S.SHIPPED)
        if delivery.order.status == OrderStatus.CANCELLED:
            # The order was cancelled after the note was prepared: nothing leaves.
            raise OrderNotDeliverable(
                _("Order %(order)s is cancelled: its notes cannot be shipped.")
                % {"order": delivery.order.reference}
            )
        if not delivery.lines.filter(quantity__gt=0).exists():
            raise EmptyDelivery(_("A delivery note needs at least one quantity."))
        if carrier is not None:
            delivery.carrier = carrier
        if tracking_number is not None:
            delivery.tracking_number = tracking_number.strip()
        now = timezone.now()
        sequence_ensure(
            code=DELIVERY_SEQUENCE[0], label=DELIVERY_SEQUENCE[1], format=DELIVERY_SEQUENCE[2]
        )
        delivery.number = sequence_next(code=DELIVERY_SEQUENCE[0], day=timezone.localdate(now))
        delivery.status = S.SHIPPED
        delivery.shipped_at, delivery.shipped_by = now, by
        delivery.save()
        carrier_text = ""
        if delivery.carrier:
            carrier_text = _("Carrier: %(carrier)s %(tracking)s") % {
                "carrier": delivery.carrier.name,
                "tracking": delivery.tracking_number,
            }
        _timeline(
            delivery,
            subject=_("Delivery note %(note)s shipped (order %(order)s)")
            % {"note": delivery.number, "order": delivery.order.reference},
            body=carrier_text.strip(),
            by=by,
            at=now,
        )
    return delivery


@dataclass(frozen=True)
class Unannounced:
    """Something the customer received that the note did not announce: an item of the
    order (`order_line`), or an item not on the order (`label`, `reference`)."""

    quantity: Decimal
    order_line: int | None = None
    label: str = ""
    reference: str = ""


def _received(delivery: Delivery, received: Mapping | None) -> None:
    lines = {line.pk: line for line in delivery.lines.all()}
    for key, value in (received or {}).items():
        try:
            line = lines[int(key)]
        except (KeyError, TypeError, ValueError):
            raise InvalidDeliveryLine(
                _("Line %(line)s is not on delivery note %(note)s.")
                % {"line": key, "note": delivery.reference}
            ) from None
        line.received_quantity = _decimal(value, label=line.label)
    for line in lines.values():
        if line.received_quantity is None:  # nothing said: received as announced
            line.received_quantity = line.quantity
        line.save(update_fields=["received_quantity"])


def _add_unannounced(delivery: Delivery, extras: Iterable[Unannounced]) -> None:
    order_lines = {line.pk: line for line in delivery.order.lines.all()}
    position = max((line.position for line in delivery.lines.all()), default=0)
    for extra in extras:
        order_line = None
        if extra.order_line is not None:
            order_line = order_lines.get(int(extra.order_line))
            if order_line is None or order_line.kind != LineKind.ITEM:
                raise InvalidDeliveryLine(
                    _("Line %(line)s is not an item of order %(order)s.")
                    % {"line": extra.order_line, "order": delivery.order.reference}
                )
        label = (order_line.label if order_line else extra.label or "").strip()
        if not label:
            raise InvalidDeliveryLine(_("Name the item that was received."))
        quantity = _decimal(extra.quantity, label=label)
        if quantity == 0:
            continue
        position += 1
        DeliveryLine.objects.create(
            delivery=delivery,
            order_line=order_line,
            position=position,
            reference=(_reference_of(order_line) if order_line else extra.reference.strip())[:60],
            label=label[:300],
            unit=order_line.unit if order_line else "",
            quantity=ZERO,
            received_quantity=quantity,
        )


def conformity_of(delivery: Delivery) -> delivery_conformity.Conformity:
    """The check of this note against its order, from the database's current state."""
    quantities = order_line_quantities(delivery.order, exclude=delivery)
    ordered = [
        delivery_conformity.OrderedLine(
            key=line.pk,
            label=line.label,
            quantity=line.quantity,
            delivered_before=quantities[line.pk].delivered,
            reference=_reference_of(line),
        )
        for line in _item_lines(delivery.order)
    ]
    delivered = [
        delivery_conformity.DeliveredLine(
            order_line=line.order_line_id,
            label=line.label,
            shipped=line.quantity,
            received=line.received_quantity,
            reference=line.reference,
        )
        for line in delivery.lines.all()
    ]
    return delivery_conformity.check(ordered, delivered)


def _order_progress(order: Order) -> None:
    """Partly delivered or delivered, from what the delivered notes brought: the orders'
    own step (`order_delivery_progress`) decides, with their transition map."""
    if order.status not in DELIVERABLE_ORDER_STATUSES:
        return
    quantities = order_line_quantities(order)
    order_delivery_progress(
        order=order, delivered={pk: q.delivered for pk, q in quantities.items()}
    )
    order.refresh_from_db(fields=["status"])


def delivery_deliver(
    *,
    delivery: Delivery,
    by,
    received: Mapping | None = None,
    unannounced: Iterable[Unannounced] = (),
    received_by: str = "",
    delivered_at: datetime.datetime | None = None,
) -> Delivery:
    """The customer signed for the goods: {delivery line id: quantity received} (lines not
    named were received as announced), plus what arrived unannounced. Checks the note
    against the order and moves the order on."""
    require(by, "sales.change_delivery")
    now = timezone.now()
    with transaction.atomic(), acting_as(by):
        order = _locked_order(delivery.order)
        delivery = _locked(delivery)
        _step(delivery, S.DELIVERED)
        at = delivered_at or now
        if at > now + datetime.timedelta(minutes=5):
            raise ValidationError({"delivered_at": _("A delivery cannot be in the future.")})
        if delivery.shipped_at and at < delivery.shipped_at:
            raise ValidationError(
                {"delivered_at": _("A delivery cannot be before the goods were shipped.")}
            )
        _received(delivery, received)
        _add_unannounced(delivery, unannounced)
        delivery.order = order
        check = conformity_of(delivery)
        delivery.conformity = (
            DeliveryConformity.COMPLIANT if check.is_conform else DeliveryConformity.DISCREPANCIES
        )
        delivery.status = S.DELIVERED
        delivery.delivered_at, delivery.delivered_by = at, by
        delivery.received_by = (received_by or "").strip()[:120]
        delivery.save()
        _order_progress(order)
        _timeline(
            delivery,
            subject=_("Delivery note %(note)s delivered (order %(order)s)")
            % {"note": delivery.number, "order": order.reference},
            body="\n".join(delivery_conformity.summary(check)),
            by=by,
            at=at,
        )
    return delivery


def delivery_report_incident(*, delivery: Delivery, reason: str, by) -> Delivery:
    """The shipment went wrong (lost, damaged, refused): the reason is required; its goods
    count as not delivered, so they are to be sent again."""
    require(by, "sales.change_delivery")
    reason = (reason or "").strip()
    if not reason:
        raise IncidentReasonMissing(_("Say what happened to the shipment."))
    with transaction.atomic(), acting_as(by):
        delivery = _locked(delivery)
        _step(delivery, S.INCIDENT)
        now = timezone.now()
        delivery.status = S.INCIDENT
        delivery.incident_at, delivery.incident_by = now, by
        delivery.incident_reason = reason
        delivery.save()
        _timeline(
            delivery,
            subject=_("Incident on delivery note %(note)s") % {"note": delivery.number},
            body=reason,
            by=by,
            at=now,
        )
    return delivery


def delivery_attach_proof(*, delivery: Delivery, file, by):
    """Attach the proof of delivery (the signed note's scan, a photo) once shipped."""
    require(by, "sales.change_delivery")
    if delivery.status == S.PREPARED:
        raise DeliveryTransitionRefused(
            _("A proof of delivery is attached once the goods are shipped.")
        )
    return attachment_add(record=delivery, file=file, by=by)
