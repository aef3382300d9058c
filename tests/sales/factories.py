"""Contract templates and contracts for the tests of contracts."""

import datetime
from decimal import Decimal

import factory

from comptoir.sales.choices import REQUIRED_CLAUSES, ClauseType
from comptoir.sales.models import (
    Contract,
    ContractClause,
    ContractTemplate,
    ContractTemplateClause,
)
from tests.parties.factories import OrganisationFactory


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
