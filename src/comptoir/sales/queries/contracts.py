"""Reads of contracts: the register with its filters, one contract, the templates, the
instalments due for the invoicing, and what the PDF prints."""

import datetime

from django.db.models import F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date

from comptoir.core.models import Company
from comptoir.core.paging import PAGE_SIZE, Page, keyset_page
from comptoir.core.pdf import logo_data_uri
from comptoir.core.queries import require
from comptoir.parties.models import Address
from comptoir.sales import contract_merge
from comptoir.sales.choices import (
    REQUIRED_CLAUSES,
    ClauseType,
    ContractKind,
    ContractStatus,
    ScheduleStatus,
)
from comptoir.sales.models import Contract, ContractScheduleLine, ContractTemplate

LIST_FILTERS = ("kind", "status", "customer", "ends_before", "notice_before", "q", "sort")
# sort -> (key, descending, NULLs last); the id follows in the same direction, so that the
# order is total and keyset pages never overlap.
SORTS = {
    "-created_at": ("created_at", True, False),
    "end_date": ("end_date", False, False),
    "notice_deadline": ("notice_deadline", False, True),
    "number": ("number", False, False),
    "customer": ("customer__name_folded", False, False),
}


def _ordering(sort: str) -> tuple:
    key, descending, nulls_last = SORTS[sort]
    if nulls_last:
        return (F(key).asc(nulls_last=True), "id")
    return (f"-{key}", "-id") if descending else (key, "id")


def _date(value) -> datetime.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:
        return None


def contract_list(*, user, filters: dict | None = None):
    """The contract register as filtered: kind, status, customer (id), ends_before,
    notice_before (ISO dates, inclusive; notice_before keeps the contracts in force whose
    deadline is between today and that date, notice not given), q (number, title or
    customer), sort."""
    require(user, "sales.view_contract")
    filters = filters or {}
    found = Contract.objects.select_related("customer", "owner")
    if filters.get("kind") in ContractKind.values:
        found = found.filter(kind=filters["kind"])
    if filters.get("status") in ContractStatus.values:
        found = found.filter(status=filters["status"])
    customer = str(filters.get("customer") or "")
    if customer.isdigit():
        found = found.filter(customer_id=int(customer))
    if ends_before := _date(filters.get("ends_before")):
        found = found.filter(end_date__lte=ends_before)
    if notice_before := _date(filters.get("notice_before")):
        # Still to decide: a deadline already passed can no longer be met this term.
        found = found.filter(
            status=ContractStatus.ACTIVE,
            notice_given_on__isnull=True,
            notice_deadline__gte=timezone.localdate(),
            notice_deadline__lte=notice_before,
        )
    for word in str(filters.get("q") or "").split():
        found = found.filter(
            Q(number__icontains=word) | Q(title__icontains=word) | Q(customer__name__icontains=word)
        )
    return found.order_by(*_ordering(_sort(filters)))


def _sort(filters: dict) -> str:
    return filters.get("sort") if filters.get("sort") in SORTS else "-created_at"


def contract_page(
    found, *, filters: dict, after: str = "", size: int = PAGE_SIZE, count: bool = False
) -> Page:
    """One keyset page of the register (`found` from contract_list with the same filters);
    with `count`, the filtered total too (the API gives it, the page does not show it)."""
    key, descending, nulls_last = SORTS[_sort(filters)]
    return keyset_page(
        found,
        key=key,
        descending=descending,
        nulls_last=nulls_last,
        after=after,
        size=size,
        count=count,
    )


def contract_get(*, user, pk: int) -> Contract:
    """One contract with what its page shows, for a user who may read contracts."""
    require(user, "sales.view_contract")
    addresses = Address.objects.filter(is_default=True)
    contract = get_object_or_404(
        Contract.objects.select_related(
            "customer", "customer__organisation", "owner", "template", "signed_by"
        ).prefetch_related(
            "clauses",
            "lines",
            "schedule",
            "indexations",
            "alerts",
            Prefetch("customer__addresses", queryset=addresses),
        ),
        pk=pk,
    )
    return contract


def contract_checklist(contract: Contract) -> list[dict]:
    """The mandatory clauses of the contract's kind, each present or missing."""
    present = {c.clause_type for c in contract.clauses.all() if c.body.strip()}
    return [
        {"code": code, "label": ClauseType(code).label, "present": code in present}
        for code in REQUIRED_CLAUSES.get(contract.kind, ())
    ]


def contract_template_list(*, user, active_only: bool = False):
    require(user, "sales.view_contracttemplate")
    found = ContractTemplate.objects.prefetch_related("clauses")
    if active_only:
        found = found.filter(is_active=True)
    return found.order_by("kind", "name", "id")


def contract_template_get(*, user, pk: int) -> ContractTemplate:
    return get_object_or_404(contract_template_list(user=user), pk=pk)


def schedule_due(*, on_or_before: datetime.date, user=None):
    """The instalments waiting to be invoiced, due on or before the date, oldest first.

    For the invoicing: `user=None` is the system (the invoicing job), which reads every
    contract; a person needs `sales.view_contract`. Instalments of terminated and expired
    contracts stay due if they were due before the contract ended.
    """
    if user is not None:
        require(user, "sales.view_contract")
    return (
        ContractScheduleLine.objects.filter(
            status=ScheduleStatus.PENDING,
            due_date__lte=on_or_before,
            contract__status__in=[
                ContractStatus.ACTIVE,
                ContractStatus.TERMINATED,
                ContractStatus.EXPIRED,
            ],
        )
        .select_related("contract", "contract__customer")
        .order_by("due_date", "id")
    )


def notice_soon(contract: Contract, today: datetime.date | None = None) -> bool:
    """The register's « give notice before … » badge: within the contract's alert days."""
    today = today or timezone.localdate()
    deadline = contract.notice_deadline
    return bool(
        contract.status == ContractStatus.ACTIVE
        and deadline
        and not contract.notice_given_on
        and today <= deadline <= today + datetime.timedelta(days=contract.alert_days)
    )


def notice_state(contract: Contract, today: datetime.date | None = None) -> str:
    """What the register says of a contract's notice: draft, given, soon (within its alert
    days), later, passed (it will renew), none (no tacit renewal or no longer in force)."""
    today = today or timezone.localdate()
    if contract.status == ContractStatus.DRAFT:
        return "draft"
    if contract.status != ContractStatus.ACTIVE or not contract.notice_deadline:
        return "none"
    if contract.notice_given_on:
        return "given"
    if notice_soon(contract, today):
        return "soon"
    return "passed" if contract.notice_deadline < today else "later"


def contract_print_context(contract: Contract, *, draft_mark: bool | None = None) -> dict:
    """What the PDF prints: branding, parties, opening text and clauses with their merge
    fields filled in, covered items, price and schedule, signature blocks."""
    company = Company.current()
    values = contract_merge.values_for(contract)
    body = contract.template.body if contract.template else ""
    clauses = [
        {
            "title": contract_merge.render_inline(clause.title, values),
            "html": contract_merge.render_text(clause.body, values),
        }
        for clause in contract.clauses.all()
    ]
    return {
        "contract": contract,
        "company": company,
        "logo": logo_data_uri(company),
        "opening": contract_merge.render_text(body, values),
        "clauses": clauses,
        "lines": list(contract.lines.all()),
        "schedule": [s for s in contract.schedule.all() if s.status != ScheduleStatus.CANCELLED],
        "customer_address": values["client.adresse"],
        "index_base": values["contrat.indice_base"],
        "formula": values["contrat.formule"],
        "draft": contract.is_draft if draft_mark is None else draft_mark,
    }
