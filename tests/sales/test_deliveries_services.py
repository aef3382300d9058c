"""Delivery notes through their services: proposal of what is left, partial deliveries and
backorders, over-delivery refused (or kept with a reason), the status machine, numbering,
the conformity check, the order's progress and the customer's timeline."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from comptoir.core.attachments import attachments_for
from comptoir.core.exceptions import NotAllowed
from comptoir.parties.models import Interaction
from comptoir.sales import queries, services
from comptoir.sales.exceptions import (
    DeliveryNotEditable,
    DeliveryTransitionRefused,
    EmptyDelivery,
    IncidentReasonMissing,
    InvalidDeliveryLine,
    OrderNotDeliverable,
    OverDelivery,
)
from comptoir.sales.models import Delivery, DeliveryLine, Order
from comptoir.sales.services import Unannounced
from tests.french import french

from .delivery_factories import CarrierFactory, order_with_lines

D = Decimal


@pytest.fixture
def adv(users):
    return users["adv"]


def lines_of(delivery):
    return [(line.label, line.quantity) for line in delivery.lines.order_by("position")]


def by_label(order):
    return {line.label: line.pk for line in order.lines.all()}


def test_a_new_note_proposes_everything_left(adv):
    order = order_with_lines(10, 4)
    delivery = services.delivery_prepare(order=order, by=adv)
    assert delivery.status == "prepared" and delivery.number == ""
    assert lines_of(delivery) == [("Pompe doseuse PD-40", D(10)), ("Tuyau inox 3 m", D(4))]
    assert delivery.customer_id == order.customer_id
    assert delivery.delivery_address == order.delivery_address
    assert delivery.reference == f"BL en préparation n° {delivery.pk}"


def test_partial_delivery_leaves_a_backorder_then_the_rest_completes_the_order(adv):
    # Given an order of 10 pumps and 4 hoses
    order = order_with_lines(10, 4)
    ids = by_label(order)
    # When 6 pumps and 4 hoses go first, and are delivered
    first = services.delivery_prepare(
        order=order, quantities={ids["Pompe doseuse PD-40"]: D(6), ids["Tuyau inox 3 m"]: 4}, by=adv
    )
    services.delivery_ship(delivery=first, by=adv)
    services.delivery_deliver(delivery=first, by=adv)
    # Then the order is partly delivered with 4 pumps on backorder
    order.refresh_from_db()
    assert order.status == "partly_delivered"
    backorders = queries.backorder_lines(queries.backorder_list(user=adv))
    assert [(b.line.label, b.left) for b in backorders] == [("Pompe doseuse PD-40", D(4))]
    # When the next note is made, it proposes the 4 pumps left
    second = services.delivery_prepare(order=order, by=adv)
    assert lines_of(second) == [("Pompe doseuse PD-40", D(4))]
    services.delivery_ship(delivery=second, by=adv)
    services.delivery_deliver(delivery=second, by=adv)
    # Then the order is delivered and nothing is awaited
    order.refresh_from_db()
    assert order.status == "delivered"
    assert queries.backorder_lines(queries.backorder_list(user=adv)) == []


def test_what_is_on_a_prepared_note_is_not_proposed_again(adv):
    order = order_with_lines(10)
    services.delivery_prepare(
        order=order, quantities={by_label(order)["Pompe doseuse PD-40"]: 7}, by=adv
    )
    assert lines_of(services.delivery_prepare(order=order, by=adv)) == [
        ("Pompe doseuse PD-40", D(3))
    ]
    with pytest.raises(EmptyDelivery):
        services.delivery_prepare(order=order, by=adv)


def test_more_than_left_is_refused_and_nothing_is_saved(adv):
    order = order_with_lines(10, 4)
    ids = by_label(order)
    with pytest.raises(OverDelivery) as refused:
        services.delivery_prepare(
            order=order,
            quantities={ids["Tuyau inox 3 m"]: 2, ids["Pompe doseuse PD-40"]: 12},
            by=adv,
        )
    assert refused.value.code == "over_delivery"
    assert "12 est supérieur aux 10 restant à livrer" in refused.value.message
    assert not Delivery.objects.exists() and not DeliveryLine.objects.exists()


def test_more_than_left_is_kept_with_a_reason_and_flagged(adv):
    order = order_with_lines(10)
    pump = by_label(order)["Pompe doseuse PD-40"]
    delivery = services.delivery_prepare(
        order=order,
        quantities={pump: 12},
        over_delivery_reason="Vendues par carton de 12",
        by=adv,
    )
    assert delivery.over_delivery_reason == "Vendues par carton de 12"
    services.delivery_ship(delivery=delivery, by=adv)
    services.delivery_deliver(delivery=delivery, by=adv)
    delivery.refresh_from_db()
    assert delivery.conformity == "discrepancies"
    assert services.conformity_of(delivery).kinds == {"over_order"}
    order.refresh_from_db()
    assert order.status == "delivered"


@pytest.mark.parametrize("value", ["-1", "abc", "1.0001"])
def test_bad_quantities_are_refused(adv, value):
    order = order_with_lines(10)
    with pytest.raises(InvalidDeliveryLine):
        services.delivery_prepare(
            order=order, quantities={by_label(order)["Pompe doseuse PD-40"]: value}, by=adv
        )


def test_a_line_of_another_order_is_refused(adv):
    order, other = order_with_lines(10), order_with_lines(5)
    with pytest.raises(InvalidDeliveryLine):
        services.delivery_prepare(order=order, quantities={other.lines.get().pk: 1}, by=adv)


@pytest.mark.parametrize("status", ["draft", "delivered", "invoiced", "cancelled"])
def test_only_a_confirmed_order_is_delivered(adv, status):
    order = order_with_lines(10, status=status)
    with pytest.raises(OrderNotDeliverable):
        services.delivery_prepare(order=order, by=adv)


def test_shipping_numbers_the_note_and_writes_the_timeline(adv):
    carrier = CarrierFactory(name="Geodis", tracking_url="https://geodis.example/{tracking}")
    order = order_with_lines(10)
    first = services.delivery_prepare(
        order=order, quantities={by_label(order)["Pompe doseuse PD-40"]: 5}, by=adv
    )
    second = services.delivery_prepare(order=order, by=adv)
    services.delivery_ship(delivery=second, carrier=carrier, tracking_number="GE 123/45", by=adv)
    services.delivery_ship(delivery=first, by=adv)
    year = timezone.localdate().year
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.number, first.number) == (f"BL-{year}-00001", f"BL-{year}-00002")
    assert second.status == "shipped" and second.shipped_by == adv and second.shipped_at
    assert second.tracking_link == "https://geodis.example/GE%20123%2F45"
    entry = Interaction.objects.get(source_app="sales.delivery", source_id=str(second.pk))
    assert entry.party_id == order.customer_id
    assert entry.subject == f"Bon de livraison BL-{year}-00001 expédié (commande {order.number})"
    assert entry.user == adv


def test_status_machine(adv):
    order = order_with_lines(10)
    delivery = services.delivery_prepare(order=order, by=adv)
    with pytest.raises(DeliveryTransitionRefused):
        services.delivery_deliver(delivery=delivery, by=adv)
    with pytest.raises(DeliveryTransitionRefused):
        services.delivery_report_incident(delivery=delivery, reason="perdu", by=adv)
    services.delivery_ship(delivery=delivery, by=adv)
    with pytest.raises(DeliveryTransitionRefused):
        services.delivery_ship(delivery=delivery, by=adv)
    with pytest.raises(IncidentReasonMissing):
        services.delivery_report_incident(delivery=delivery, reason="  ", by=adv)
    services.delivery_report_incident(delivery=delivery, reason="Colis endommagé", by=adv)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.incident_reason, delivery.incident_by) == (
        "incident",
        "Colis endommagé",
        adv,
    )
    # The parcel turned up after all.
    services.delivery_deliver(delivery=delivery, by=adv)
    delivery.refresh_from_db()
    assert delivery.status == "delivered"
    with pytest.raises(DeliveryTransitionRefused):
        services.delivery_report_incident(delivery=delivery, reason="x", by=adv)


def test_an_incident_puts_its_goods_back_to_deliver(adv):
    order = order_with_lines(10)
    lost = services.delivery_prepare(order=order, by=adv)
    services.delivery_ship(delivery=lost, by=adv)
    services.delivery_report_incident(delivery=lost, reason="Perdu par le transporteur", by=adv)
    assert lines_of(services.delivery_prepare(order=order, by=adv)) == [
        ("Pompe doseuse PD-40", D(10))
    ]


def test_only_a_prepared_note_changes_or_is_dropped(adv):
    order = order_with_lines(10)
    pump = by_label(order)["Pompe doseuse PD-40"]
    delivery = services.delivery_prepare(order=order, by=adv)
    services.delivery_update(delivery=delivery, quantities={pump: 3}, notes="Quai 2", by=adv)
    assert lines_of(delivery) == [("Pompe doseuse PD-40", D(3))]
    services.delivery_ship(delivery=delivery, by=adv)
    with pytest.raises(DeliveryNotEditable):
        services.delivery_update(delivery=delivery, quantities={pump: 4}, by=adv)
    with pytest.raises(DeliveryNotEditable):
        services.delivery_delete(delivery=delivery, by=adv)
    dropped = services.delivery_prepare(order=order, by=adv)
    services.delivery_delete(delivery=dropped, by=adv)
    assert not Delivery.objects.filter(pk=dropped.pk).exists()


def test_received_quantities_feed_the_conformity_check(adv):
    # Given a note of 10 pumps and 4 hoses, shipped
    order = order_with_lines(10, 4, 2)
    ids = by_label(order)
    delivery = services.delivery_prepare(
        order=order, quantities={ids["Pompe doseuse PD-40"]: 10, ids["Tuyau inox 3 m"]: 4}, by=adv
    )
    services.delivery_ship(delivery=delivery, by=adv)
    note = {line.label: line.pk for line in delivery.lines.all()}
    # When the customer signs for 8 pumps, no hose, a filter not announced and a strange valve
    services.delivery_deliver(
        delivery=delivery,
        received={note["Pompe doseuse PD-40"]: "8", note["Tuyau inox 3 m"]: 0},
        unannounced=[
            Unannounced(quantity=D(1), order_line=ids["Filtre à tamis"]),
            Unannounced(quantity=D(2), label="Vanne papillon DN50", reference="VP-50"),
        ],
        received_by="M. Girard, magasinier",
        by=adv,
    )
    # Then each finding is named, the note is flagged, and the backorder follows the facts
    delivery.refresh_from_db()
    assert delivery.conformity == "discrepancies"
    assert delivery.received_by == "M. Girard, magasinier"
    check = services.conformity_of(delivery)
    assert [(f.kind, f.label) for f in check.findings] == [
        ("wrong_item", "Vanne papillon DN50"),
        ("missing", "Tuyau inox 3 m"),
        ("short", "Pompe doseuse PD-40"),
        ("extra_item", "Filtre à tamis"),
    ]
    order.refresh_from_db()
    assert order.status == "partly_delivered"
    left = {b.line.label: b.left for b in queries.backorder_lines([order])}
    assert left == {"Pompe doseuse PD-40": D(2), "Tuyau inox 3 m": D(4), "Filtre à tamis": D(1)}
    entry = Interaction.objects.filter(source_app="sales.delivery").latest("id")
    assert french("Article manquant : Tuyau inox 3 m — annoncé 4, rien reçu.") in entry.body


def test_a_compliant_delivery(adv):
    order = order_with_lines(3)
    delivery = services.delivery_prepare(order=order, by=adv)
    services.delivery_ship(delivery=delivery, by=adv)
    services.delivery_deliver(delivery=delivery, by=adv)
    delivery.refresh_from_db()
    assert delivery.conformity == "compliant"
    assert delivery.lines.get().received_quantity == D(3)


def test_the_delivery_date_is_checked(adv):
    order = order_with_lines(3)
    delivery = services.delivery_prepare(order=order, by=adv)
    services.delivery_ship(delivery=delivery, by=adv)
    with pytest.raises(ValidationError):
        services.delivery_deliver(
            delivery=delivery, by=adv, delivered_at=timezone.now() + datetime.timedelta(days=2)
        )
    with pytest.raises(ValidationError):
        services.delivery_deliver(
            delivery=delivery, by=adv, delivered_at=timezone.now() - datetime.timedelta(days=2)
        )
    delivery.refresh_from_db()
    assert delivery.status == "shipped"
    assert delivery.lines.get().received_quantity is None


def test_proof_of_delivery_is_attached_once_shipped(adv):
    order = order_with_lines(3)
    delivery = services.delivery_prepare(order=order, by=adv)
    scan = SimpleUploadedFile("bl-signe.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    with pytest.raises(DeliveryTransitionRefused):
        services.delivery_attach_proof(delivery=delivery, file=scan, by=adv)
    services.delivery_ship(delivery=delivery, by=adv)
    services.delivery_attach_proof(delivery=delivery, file=scan, by=adv)
    assert [a.name for a in attachments_for(record=delivery, user=adv)] == ["bl-signe.pdf"]


@pytest.mark.parametrize("role", ["direction", "charge_clientele", "comptable", "outsider"])
def test_only_adv_prepares_and_ships(users, role):
    order = order_with_lines(3)
    with pytest.raises(NotAllowed):
        services.delivery_prepare(order=order, by=users[role])
    delivery = services.delivery_prepare(order=order, by=users["adv"])
    with pytest.raises(NotAllowed):
        services.delivery_ship(delivery=delivery, by=users[role])


def test_carriers(adv, users):
    carrier = services.carrier_create(
        name=" Chronopost ", tracking_url="https://www.chronopost.fr/tracking?l={tracking}", by=adv
    )
    assert carrier.name == "Chronopost"
    with pytest.raises(ValidationError):
        services.carrier_create(name="Sans motif", tracking_url="https://x.example/", by=adv)
    with pytest.raises(ValidationError):
        services.carrier_create(name="Chronopost", by=adv)
    with pytest.raises(NotAllowed):
        services.carrier_create(name="Autre", by=users["direction"])
    assert Order.objects.count() == 0


def test_a_note_of_a_cancelled_order_is_not_shipped(adv):
    order = order_with_lines(3)
    delivery = services.delivery_prepare(order=order, by=adv)
    Order.objects.filter(pk=order.pk).update(status="cancelled")
    with pytest.raises(OrderNotDeliverable):
        services.delivery_ship(delivery=delivery, by=adv)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.number) == ("prepared", "")
