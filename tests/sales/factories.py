"""Quotes, orders, contracts and their lines for the tests of sales."""

import datetime
from decimal import Decimal

import factory

from comptoir.core.taxes import tax_rates_install_presets
from comptoir.sales import services
from comptoir.sales.choices import REQUIRED_CLAUSES, ClauseType
from comptoir.sales.models import (
    Contract,
    ContractClause,
    ContractTemplate,
    ContractTemplateClause,
)
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
        "unit": fields.pop("unit", "unit"),
        "unit_price": Decimal(unit_price),
        **fields,
    }


def quote_for(by, customer=None, lines=None, **fields):
    """A draft quote made through the service, with two item lines by default."""
    tax_rates_install_presets(country="FR")
    customer = customer or customer_with_email()
    lines = lines if lines is not None else [item(), item("Pose et mise en service", "1", "320")]
    return services.quote_create(by=by, customer=customer, lines=lines, **fields)


class ContractTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractTemplate

    name = factory.Sequence(lambda n: f"Contrat de maintenance {n}")
    kind = "maintenance"
    body = "Entre {{ societe.nom }} et {{ client.nom }}, il est convenu ce qui suit."


class ContractTemplateClauseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContractTemplateClause

    template = factory.SubFactory(ContractTemplateFactory)
    clause_type = "object"
    title = factory.LazyAttribute(lambda c: str(ClauseType(c.clause_type).label))
    body = "Le présent contrat a pour objet la maintenance des équipements de {{ client.nom }}."


def template_with_clauses(kind: str = "maintenance", *, leave_out=(), **fields):
    """A template holding every mandatory clause of its kind except `leave_out`."""
    template = ContractTemplateFactory(kind=kind, **fields)
    for position, code in enumerate(REQUIRED_CLAUSES[kind], start=1):
        if code in leave_out:
            continue
        ContractTemplateClauseFactory(
            template=template,
            clause_type=code,
            position=position,
            body=f"Texte de la clause « {ClauseType(code).label} » pour {{{{ client.nom }}}}.",
        )
    return template


class ContractFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contract

    customer = factory.SubFactory(OrganisationFactory)
    kind = "maintenance"
    title = "Maintenance des compresseurs"
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 12, 31)
    term_start = factory.LazyAttribute(lambda c: c.start_date)
    price = Decimal("1200.00")
    billing_frequency = "quarterly"
    notice_months = 3
    renewal_months = 12


def with_required_clauses(contract: Contract, *, leave_out=()) -> Contract:
    for position, code in enumerate(REQUIRED_CLAUSES[contract.kind], start=1):
        if code not in leave_out:
            ContractClause.objects.create(
                contract=contract,
                clause_type=code,
                title=str(ClauseType(code).label),
                body="Texte de la clause.",
                position=position,
            )
    return contract
