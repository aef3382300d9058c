"""Confirmed orders, carriers and delivery notes for the deliveries' tests (factory_boy).

Orders are written directly in the confirmed state: the deliveries start where the orders'
own services end."""

from decimal import Decimal

import factory
from django.utils import timezone

from comptoir.sales.models import Carrier, Order, OrderLine
from tests.parties.factories import OrganisationFactory


class CarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Carrier
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Transporteur {n}")
    tracking_url = "https://suivi.example.fr/colis/{tracking}"


class ConfirmedOrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    customer = factory.SubFactory(OrganisationFactory, is_client=True)
    status = "confirmed"
    number = factory.Sequence(lambda n: f"CO-2026-{n + 1:05d}")
    confirmed_at = factory.LazyFunction(timezone.now)
    delivery_address = "ZA des Iles\n38120 Le Fontanil-Cornillon"


class OrderLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrderLine

    order = factory.SubFactory(ConfirmedOrderFactory)
    position = factory.Sequence(lambda n: n)
    kind = "item"
    label = factory.Sequence(lambda n: f"Article {n}")
    quantity = Decimal(10)
    unit = "unit"
    unit_price = Decimal("100.00")


def order_with_lines(*quantities, **fields) -> Order:
    """A confirmed order with one item line per quantity (labels "Pompe", "Tuyau", …)."""
    order = ConfirmedOrderFactory(**fields)
    labels = ["Pompe doseuse PD-40", "Tuyau inox 3 m", "Filtre à tamis", "Vanne 1/4 tour"]
    for index, quantity in enumerate(quantities):
        OrderLineFactory(
            order=order, position=index + 1, label=labels[index], quantity=Decimal(quantity)
        )
    return order
