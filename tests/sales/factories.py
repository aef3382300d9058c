"""Quotes, orders and their lines for tests of sales."""

from decimal import Decimal

from comptoir.core.taxes import tax_rates_install_presets
from comptoir.sales import services
from tests.parties.factories import EmailFactory, OrganisationFactory


def customer_with_email(**fields):
    customer = OrganisationFactory(is_client=True, **fields)
    EmailFactory(party=customer, address=f"achats{customer.pk}@example.fr")
    return customer


def item(label="Armoire inox 2 portes", quantity="2", unit_price="850.00", **fields) -> dict:
    return {
        "kind": "item",
        "label": label,
        "quantity": Decimal(quantity),
        "unit": fields.pop("unit", "u"),
        "unit_price": Decimal(unit_price),
        **fields,
    }


def quote_for(by, customer=None, lines=None, **fields):
    """A draft quote made through the service, with two item lines by default."""
    tax_rates_install_presets(country="FR")
    customer = customer or customer_with_email()
    lines = lines if lines is not None else [item(), item("Pose et mise en service", "1", "320")]
    return services.quote_create(by=by, customer=customer, lines=lines, **fields)
