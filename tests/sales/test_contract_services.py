"""Contracts: drafts, the mandatory clauses checklist, signature, notice, termination,
price revision, and refusals that leave nothing half-saved."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Attachment, AuditEntry
from comptoir.parties.models import Interaction
from comptoir.sales.choices import REQUIRED_CLAUSES
from comptoir.sales.exceptions import (
    ContractClausesMissing,
    ContractNotDraft,
    ContractTransitionRefused,
    MergeFieldUnknown,
)
from comptoir.sales.models import Contract, ContractScheduleLine
from comptoir.sales.services import contracts as services
from tests.parties.factories import OrganisationFactory
from tests.sales.factories import ContractFactory, template_with_clauses, with_required_clauses

pytestmark = pytest.mark.django_db
JAN_1 = datetime.date(2026, 1, 1)


def make_draft(users, **fields):
    template = template_with_clauses("maintenance")
    customer = OrganisationFactory(name="Boulangerie Roux")
    return services.contract_create(
        by=users["adv"],
        customer=customer,
        template=template,
        start_date=fields.pop("start_date", JAN_1),
        price=fields.pop("price", Decimal("1200.00")),
        billing_frequency=fields.pop("billing_frequency", "quarterly"),
        index_name="Syntec",
        index_base_value=Decimal("280.1"),
        **fields,
    )


def test_a_draft_from_a_template_copies_its_kind_and_clauses(users):
    contract = make_draft(users)
    assert contract.kind == "maintenance" and contract.status == "draft"
    assert contract.end_date == datetime.date(2026, 12, 31)
    assert contract.notice_deadline == datetime.date(2026, 9, 30)
    assert contract.clauses.count() == len(REQUIRED_CLAUSES["maintenance"])
    assert contract.number == "" and contract.display_number.endswith(f" {contract.pk}")
    assert contract.owner == users["adv"]


def test_end_before_start_is_refused_and_nothing_saved(users):
    with pytest.raises(ValidationError) as error:
        make_draft(users, end_date=datetime.date(2025, 12, 1))
    assert "end_date" in error.value.message_dict
    assert not Contract.objects.exists()


def test_a_notice_period_longer_than_the_term_is_refused(users):
    with pytest.raises(ValidationError) as error:
        make_draft(users, term_months=6, notice_months=7)
    assert "notice_months" in error.value.message_dict


def test_signing_is_refused_with_the_list_of_missing_clauses(users):
    contract = make_draft(users)
    contract.clauses.filter(clause_type__in=["liability", "personal_data"]).delete()
    with pytest.raises(ContractClausesMissing) as error:
        services.contract_sign(by=users["adv"], contract=contract)
    assert error.value.missing == ["liability", "personal_data"]
    assert "Responsabilité" in error.value.message
    contract.refresh_from_db()
    assert contract.status == "draft" and contract.number == ""
    assert not ContractScheduleLine.objects.exists()


def test_signing_numbers_schedules_attaches_the_pdf_and_logs_the_timeline(
    users, django_capture_on_commit_callbacks
):
    contract = make_draft(users)
    with django_capture_on_commit_callbacks(execute=True):
        services.contract_sign(
            by=users["adv"], contract=contract, signed_on=JAN_1, signatory="Mme Roux"
        )
    contract.refresh_from_db()
    assert contract.status == "active"
    assert contract.number == "CT-2026-00001"
    assert contract.base_price == Decimal("1200.00")
    schedule = list(contract.schedule.values_list("due_date", "amount"))
    assert schedule == [
        (datetime.date(2026, 1, 1), Decimal("300.00")),
        (datetime.date(2026, 4, 1), Decimal("300.00")),
        (datetime.date(2026, 7, 1), Decimal("300.00")),
        (datetime.date(2026, 10, 1), Decimal("300.00")),
    ]
    attachment = Attachment.objects.get(pk=contract.signed_document_id)
    assert attachment.name == "CT-2026-00001.pdf" and attachment.mime_type == "application/pdf"
    assert Interaction.objects.filter(
        party=contract.customer, source_app="sales.contract", subject__contains="CT-2026-00001"
    ).exists()
    assert AuditEntry.objects.filter(object_id=str(contract.pk), action="update").exists()


def test_numbers_are_gapless_in_signature_order(users):
    first, second = make_draft(users), make_draft(users)
    services.contract_sign(by=users["adv"], contract=second, signed_on=JAN_1)
    services.contract_sign(by=users["adv"], contract=first, signed_on=JAN_1)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (second.number, first.number) == ("CT-2026-00001", "CT-2026-00002")


def test_a_signed_contract_cannot_be_edited(users):
    contract = make_draft(users)
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    with pytest.raises(ContractNotDraft):
        services.contract_update(by=users["adv"], contract=contract, title="Autre chose")
    with pytest.raises(ContractNotDraft):
        services.contract_clause_add(
            by=users["adv"], contract=contract, clause_type="other", body="Ajout"
        )
    with pytest.raises(ContractTransitionRefused):
        services.contract_sign(by=users["adv"], contract=contract)
    contract.refresh_from_db()
    assert (
        contract.title != "Autre chose"
        and contract.clauses.filter(clause_type="other").count() == 0
    )


def test_only_contract_keepers_write(users):
    customer = OrganisationFactory()
    for role in ("direction", "comptable", "outsider"):
        with pytest.raises(NotAllowed):
            services.contract_create(
                by=users[role], customer=customer, kind="maintenance", start_date=JAN_1
            )
    contract = services.contract_create(
        by=users["charge_clientele"], customer=customer, kind="maintenance", start_date=JAN_1
    )
    assert contract.pk


def test_unknown_merge_field_is_refused_when_saving_a_template(users):
    with pytest.raises(MergeFieldUnknown) as error:
        services.contract_template_create(
            by=users["adv"],
            name="Essai",
            kind="maintenance",
            body="Bonjour {{ client.nom }}, {{ client.owner.password }} {% if x %}",
        )
    assert error.value.fields == ["client.owner.password", "{% … %}"]
    template = services.contract_template_create(
        by=users["adv"], name="Essai", kind="maintenance", body="Bonjour {{client.nom}}"
    )
    with pytest.raises(MergeFieldUnknown):
        services.contract_template_clause_add(
            by=users["adv"], template=template, clause_type="object", body="{{ contrat.secret }}"
        )


def test_notice_in_time_stops_renewal_late_notice_waits_a_term(users):
    contract = with_required_clauses(ContractFactory())
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    services.contract_give_notice(
        by=users["adv"], contract=contract, given_on=datetime.date(2026, 9, 30)
    )
    assert contract.notice_stops_renewal

    late = with_required_clauses(ContractFactory())
    services.contract_sign(by=users["adv"], contract=late, signed_on=JAN_1)
    services.contract_give_notice(
        by=users["adv"], contract=late, given_on=datetime.date(2026, 10, 1)
    )
    assert not late.notice_stops_renewal
    # Signed, then notice: both on the timeline.
    assert (
        Interaction.objects.filter(source_app="sales.contract", source_id=str(late.pk)).count() == 2
    )


def test_termination_cancels_the_later_instalments(users):
    contract = with_required_clauses(ContractFactory())
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    with pytest.raises(ValidationError):
        services.contract_terminate(by=users["adv"], contract=contract, reason="  ")
    services.contract_terminate(
        by=users["adv"], contract=contract, on=datetime.date(2026, 5, 15), reason="Site fermé"
    )
    contract.refresh_from_db()
    assert contract.status == "terminated"
    statuses = list(contract.schedule.values_list("due_date", "status"))
    assert statuses == [
        (datetime.date(2026, 1, 1), "pending"),
        (datetime.date(2026, 4, 1), "pending"),
        (datetime.date(2026, 7, 1), "cancelled"),
        (datetime.date(2026, 10, 1), "cancelled"),
    ]
    with pytest.raises(ContractTransitionRefused):
        services.contract_terminate(by=users["adv"], contract=contract, reason="encore")


def test_indexation_revises_the_price_and_the_pending_instalments(users):
    contract = with_required_clauses(
        ContractFactory(
            index_name="Syntec", index_base_value=Decimal("100"), index_fixed_part=Decimal("0.15")
        )
    )
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    revision = services.contract_index(
        by=users["adv"],
        contract=contract,
        index_value=Decimal("104"),
        effective_on=datetime.date(2026, 6, 1),
    )
    # 1200 × (0.15 + 0.85 × 1.04) = 1240.80
    assert revision.new_price == Decimal("1240.80") and revision.old_price == Decimal("1200.00")
    amounts = list(contract.schedule.values_list("amount", flat=True))
    assert amounts == [Decimal("300.00"), Decimal("300.00"), Decimal("310.20"), Decimal("310.20")]
    # A second revision starts again from P0, not from the revised price.
    services.contract_index(
        by=users["adv"],
        contract=contract,
        index_value=Decimal("100"),
        effective_on=datetime.date(2026, 9, 1),
    )
    contract.refresh_from_db()
    assert contract.price == Decimal("1200.00")


def test_schedule_due_lists_pending_instalments_for_the_invoicing(users):
    contract = with_required_clauses(ContractFactory())
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    ContractFactory()  # a draft: no schedule
    from comptoir.sales.queries.contracts import schedule_due

    due = list(schedule_due(on_or_before=datetime.date(2026, 4, 1)))
    assert [line.due_date for line in due] == [JAN_1, datetime.date(2026, 4, 1)]
    services.schedule_line_mark_invoiced(
        by=users["adv"], line=due[0], invoice_reference="FA-2026-00012"
    )
    assert [line.due_date for line in schedule_due(on_or_before=datetime.date(2026, 4, 1))] == [
        datetime.date(2026, 4, 1)
    ]
    with pytest.raises(NotAllowed):
        schedule_due(on_or_before=JAN_1, user=users["outsider"])


def test_the_pdf_is_attached_once(users, django_capture_on_commit_callbacks):
    contract = make_draft(users)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    contract.refresh_from_db()
    assert contract.signed_document_id is None  # not before the signature commits
    for callback in callbacks:
        callback()
    assert services.contract_signed_pdf_attach(contract_id=contract.pk, by=users["adv"]) is None
    assert Attachment.objects.filter(object_id=str(contract.pk)).count() == 1


def test_an_xpf_contract_has_whole_amounts(users):
    customer = OrganisationFactory(name="Nouméa Froid")
    with pytest.raises(ValidationError) as error:
        services.contract_create(
            by=users["adv"],
            customer=customer,
            kind="maintenance",
            start_date=JAN_1,
            price=Decimal("120000.50"),
            currency="XPF",
        )
    assert "price" in error.value.message_dict
    contract = with_required_clauses(
        services.contract_create(
            by=users["adv"],
            customer=customer,
            kind="maintenance",
            start_date=JAN_1,
            price=Decimal("120000"),
            currency="XPF",
            billing_frequency="quarterly",
        )
    )
    services.contract_sign(by=users["adv"], contract=contract, signed_on=JAN_1)
    amounts = list(contract.schedule.values_list("amount", "currency"))
    assert amounts == [(Decimal("30000.00"), "XPF")] * 4
