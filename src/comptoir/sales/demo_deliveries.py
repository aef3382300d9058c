"""Demo data of deliveries: the carriers Vercors Équipements ships with and the delivery notes
of the demo orders — delivered, in transit, partial with a backorder, an incident, one
prepared for tomorrow, one delivered with a shortfall the customer signed for.

Called by sales/demo.py after the quotes and orders (`load_deliveries(ctx)`). When the demo
has fewer confirmed orders than the scenarios need, it takes a few orders of its own.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Max
from django.utils import timezone

from comptoir.parties.models import Interaction, Organisation, Party
from comptoir.sales.choices import DeliveryConformity, DeliveryStatus, OrderStatus
from comptoir.sales.models import Carrier, Delivery, DeliveryLine, Order
from comptoir.sales.services import deliveries as services

CARRIERS = [
    ("Geodis", "https://www.geodis.com/fr/suivi-envoi?numero={tracking}"),
    ("DB Schenker", "https://www.dbschenker.com/app/tracking-public/?refNumber={tracking}"),
    (
        "Chronopost",
        "https://www.chronopost.fr/tracking-no-cms/suivi-page?listeNumerosLT={tracking}",
    ),
    ("La Poste Colissimo", "https://www.laposte.fr/outils/suivre-vos-envois?code={tracking}"),
    ("Camion Vercors Équipements", ""),
]

# Orders the demo takes when the orders' demo left too few to deliver.
OWN_ORDERS = [
    [
        ("Compresseur à vis 7,5 kW", 1, "unit", "6890.00"),
        ("Sécheur frigorifique 1 000 l/min", 1, "unit", "1840.00"),
        ("Filtre coalescent 1 µm", 4, "unit", "68.00"),
    ],
    [
        ("Kit de maintenance 4 000 h", 6, "unit", "245.00"),
        ("Huile compresseur 5 l", 12, "unit", "39.00"),
    ],
    [
        ("Chariot porte-outils 7 tiroirs", 10, "unit", "489.00"),
        ("Servante d'atelier inox", 4, "unit", "712.00"),
    ],
    [
        ("Enrouleur de flexible 15 m", 8, "unit", "159.00"),
        ("Raccord rapide DN 7,2", 50, "unit", "6.40"),
    ],
    [("Pompe doseuse PD-40", 3, "unit", "1290.00"), ("Tuyau inox 3 m", 6, "unit", "84.00")],
    [("Nettoyeur haute pression 200 bar", 2, "unit", "2350.00")],
]

# A scanned signed note is a PDF; this tiny one is enough for the demo's proof of delivery.
SIGNED_NOTE = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _carriers(adv) -> dict[str, Carrier]:
    found = {}
    for name, url in CARRIERS:
        carrier = Carrier.objects.filter(name=name).first()
        found[name] = carrier or services.carrier_create(name=name, tracking_url=url, by=adv)
    return found


def _own_orders(ctx, count: int) -> list[Order]:
    from comptoir.sales.services.orders import order_confirm, order_create

    adv = ctx.users["adv"]
    customers = list(Organisation.objects.filter(is_client=True).order_by("id")[: count * 3])
    orders = []
    for index, lines in enumerate(OWN_ORDERS[:count]):
        if not customers:
            break
        customer = customers[(index * 3) % len(customers)]
        order = order_create(
            by=adv,
            customer=customer,
            customer_reference=f"BC-{4310 + index}",
            delivery_address=f"{customer.name}\nZone artisanale des Iles\n38120 Le Fontanil",
            lines=[
                {
                    "label": label,
                    "quantity": Decimal(quantity),
                    "unit": unit,
                    "unit_price": Decimal(price),
                }
                for label, quantity, unit, price in lines
            ],
        )
        orders.append(order_confirm(by=adv, order=order))
    return orders


def _half(order: Order) -> dict[int, Decimal]:
    """About half of each line (at least one unit of the first)."""
    found = {}
    for line in order.lines.filter(kind="item", quantity__gt=0).order_by("position", "id"):
        found[line.pk] = (line.quantity / 2).to_integral_value() or Decimal(1)
    return found


def _backdate(delivery: Delivery, *, prepared: int, shipped: int | None, done: int | None):
    """Spread the demo's notes over the last weeks (the services date them now)."""
    now = timezone.now()
    fields = {"created_at": now - datetime.timedelta(days=prepared, hours=3)}
    if shipped is not None:
        fields["shipped_at"] = now - datetime.timedelta(days=shipped, hours=1)
    if done is not None and delivery.delivered_at:
        fields["delivered_at"] = now - datetime.timedelta(days=done)
    if done is not None and delivery.incident_at:
        fields["incident_at"] = now - datetime.timedelta(days=done)
    Delivery.objects.filter(pk=delivery.pk).update(**fields)
    for interaction in Interaction.objects.filter(
        source_app="sales.delivery", source_id=str(delivery.pk)
    ):
        at = fields.get("shipped_at") if "expédié" in interaction.subject else None
        at = at or fields.get("delivered_at") or fields.get("incident_at")
        if at:
            Interaction.objects.filter(pk=interaction.pk).update(occurred_at=at)
    # The customer's last contact is the latest entry of the timeline, moved or not.
    latest = Interaction.objects.filter(party_id=delivery.customer_id).aggregate(
        at=Max("occurred_at")
    )["at"]
    Party.objects.filter(pk=delivery.customer_id).update(last_interaction_at=latest)


def _history(ctx, carriers: dict[str, Carrier]) -> int:
    """Notes for the orders the orders' demo already marked delivered, invoiced or partly
    delivered: one delivered note each (half of every line when partly delivered), shipped a
    few days after the order, numbered in date order as the services would have."""
    from comptoir.core.sequences import sequence_ensure, sequence_next

    code, label, fmt = services.DELIVERY_SEQUENCE
    sequence_ensure(code=code, label=label, format=fmt)
    adv = ctx.users["adv"]
    done = [OrderStatus.PARTLY_DELIVERED, OrderStatus.DELIVERED, OrderStatus.INVOICED]
    orders = list(
        Order.objects.filter(status__in=done).prefetch_related("lines").order_by("order_date", "id")
    )
    today = timezone.localdate()
    names = [name for name, _url in CARRIERS]
    tz = timezone.get_current_timezone()
    planned = []
    for index, order in enumerate(orders):
        # Before the recent notes below (numbers follow shipping dates).
        shipped = min(
            order.order_date + datetime.timedelta(days=3 + index % 6),
            today - datetime.timedelta(days=5),
        )
        planned.append((shipped, order, carriers[names[index % len(names)]]))
    planned.sort(key=lambda item: (item[0], item[1].pk))
    for shipped, order, carrier in planned:
        partial = order.status == OrderStatus.PARTLY_DELIVERED
        shipped_at = datetime.datetime.combine(shipped, datetime.time(9, 30), tz)
        delivered_at = min(shipped_at + datetime.timedelta(days=1, hours=2), timezone.now())
        delivery = Delivery.objects.create(
            order=order,
            customer_id=order.customer_id,
            number=sequence_next(code=code, day=shipped),
            status=DeliveryStatus.DELIVERED,
            carrier=carrier,
            tracking_number=f"{carrier.name[:2].upper()}{order.pk:06d}{shipped:%m%d}"
            if carrier.tracking_url
            else "",
            delivery_address=order.delivery_address,
            prepared_by=adv,
            shipped_at=shipped_at,
            shipped_by=adv,
            delivered_at=delivered_at,
            delivered_by=adv,
            received_by="Réception marchandises",
            conformity=DeliveryConformity.COMPLIANT,
        )
        rows = []
        for position, line in enumerate(
            (line for line in order.lines.all() if line.kind == "item" and line.quantity > 0),
            start=1,
        ):
            quantity = (line.quantity / 2).to_integral_value() if partial else line.quantity
            if quantity <= 0:
                continue
            rows.append(
                DeliveryLine(
                    delivery=delivery,
                    order_line=line,
                    position=position,
                    label=line.label,
                    unit=line.unit,
                    quantity=quantity,
                    received_quantity=quantity,
                )
            )
        DeliveryLine.objects.bulk_create(rows)
        Delivery.objects.filter(pk=delivery.pk).update(
            created_at=shipped_at - datetime.timedelta(hours=20)
        )
    return len(planned)


def load_deliveries(ctx) -> None:
    if Delivery.objects.exists():
        ctx.note("Livraisons : déjà présentes, laissées telles quelles")
        return
    adv = ctx.users["adv"]
    carriers = _carriers(adv)
    history = _history(ctx, carriers)
    deliverable = [OrderStatus.CONFIRMED, OrderStatus.IN_PREPARATION]
    orders = list(
        Order.objects.filter(status__in=deliverable, lines__kind="item")
        .distinct()
        .order_by("order_date", "id")[:6]
    )
    if len(orders) < 6:
        orders += _own_orders(ctx, 6 - len(orders))
    if len(orders) < 4:
        ctx.note("Livraisons : pas assez de commandes confirmées pour la démonstration")
        return
    made = []

    # 1. Delivered in full by Geodis three weeks ago, compliant, with the signed note.
    first = services.delivery_prepare(order=orders[0], carrier=carriers["Geodis"], by=adv)
    services.delivery_ship(delivery=first, tracking_number="GE7720184431", by=adv)
    services.delivery_deliver(delivery=first, received_by="M. Girard, magasinier", by=adv)
    services.delivery_attach_proof(
        delivery=first, file=ContentFile(SIGNED_NOTE, name="bl-signe-client.pdf"), by=adv
    )
    _backdate(first, prepared=4, shipped=3, done=2)
    made.append(first)

    # 2. Partial: half delivered by DB Schenker, the rest on backorder.
    partial = services.delivery_prepare(
        order=orders[1],
        quantities=_half(orders[1]),
        carrier=carriers["DB Schenker"],
        notes="Livraison partielle : le reste suit dès réception fournisseur.",
        by=adv,
    )
    services.delivery_ship(delivery=partial, tracking_number="SCH-1002938475", by=adv)
    services.delivery_deliver(delivery=partial, received_by="Mme Lefèvre", by=adv)
    _backdate(partial, prepared=4, shipped=3, done=1)
    made.append(partial)

    # 3. In transit with Chronopost.
    transit = services.delivery_prepare(order=orders[2], carrier=carriers["Chronopost"], by=adv)
    services.delivery_ship(delivery=transit, tracking_number="XY493021875FR", by=adv)
    _backdate(transit, prepared=3, shipped=2, done=None)
    made.append(transit)

    # 4. Incident: the parcel arrived damaged and was refused.
    incident = services.delivery_prepare(
        order=orders[3], carrier=carriers["La Poste Colissimo"], by=adv
    )
    services.delivery_ship(delivery=incident, tracking_number="6A18374920571", by=adv)
    services.delivery_report_incident(
        delivery=incident,
        reason="Colis endommagé à l'arrivée (carton enfoncé), refusé par le client. "
        "Réclamation ouverte auprès de La Poste.",
        by=adv,
    )
    _backdate(incident, prepared=3, shipped=2, done=1)
    made.append(incident)

    if len(orders) > 4:
        # 5. Delivered by our own truck, one unit short on the first line: flagged.
        short = services.delivery_prepare(
            order=orders[4], carrier=carriers["Camion Vercors Équipements"], by=adv
        )
        services.delivery_ship(delivery=short, by=adv)
        first_line = short.lines.order_by("position").first()
        received = {first_line.pk: max(first_line.quantity - 1, Decimal(0))}
        services.delivery_deliver(
            delivery=short, received=received, received_by="M. Chabert (chef d'atelier)", by=adv
        )
        _backdate(short, prepared=2, shipped=1, done=0)
        made.append(short)
    if len(orders) > 5:
        # 6. Prepared for tomorrow's round, not shipped yet (no number).
        prepared = services.delivery_prepare(
            order=orders[5],
            carrier=carriers["Camion Vercors Équipements"],
            planned_date=timezone.localdate() + datetime.timedelta(days=1),
            notes="Tournée du matin ; prévenir le client une heure avant.",
            by=adv,
        )
        made.append(prepared)

    statuses = [d.status for d in Delivery.objects.filter(pk__in=[d.pk for d in made])]
    ctx.note(
        f"Livraisons : {len(CARRIERS)} transporteurs, {history} bons livrés des commandes "
        f"passées, {len(made)} bons de livraison récents "
        f"({statuses.count(DeliveryStatus.DELIVERED)} livrés dont un partiel avec reliquat, "
        f"{statuses.count(DeliveryStatus.SHIPPED)} en transit, "
        f"{statuses.count(DeliveryStatus.INCIDENT)} incident)"
    )
