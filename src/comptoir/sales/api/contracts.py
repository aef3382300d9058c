"""Contracts in the API: the register, one contract, a draft, its clauses, signature and
notice; the templates; the instalments due for the invoicing. Same services and queries as
the pages; errors in the house shape."""

from functools import partial

from django.urls import reverse
from ninja import Query, Router, Status

from comptoir.core.queries import require
from comptoir.core.schemas import Error
from comptoir.parties.queries import customer_get
from comptoir.sales.api.lists import list_response
from comptoir.sales.exceptions import ContractClausesMissing
from comptoir.sales.queries import contracts as queries
from comptoir.sales.schemas.contracts import (
    ClauseIn,
    ClauseOut,
    ContractDetail,
    ContractFilters,
    ContractIn,
    ContractPage,
    DueFilters,
    NoticeIn,
    ScheduleLineOut,
    SignIn,
    TemplateOut,
)
from comptoir.sales.services import contracts as services

router = Router(tags=["contracts"])
ERRORS = {401: Error, 403: Error}


def _summary(contract) -> dict:
    return {
        "id": contract.pk,
        "number": contract.number,
        "title": contract.title,
        "kind": contract.kind,
        "status": contract.status,
        "customer_id": contract.customer_id,
        "customer_name": contract.customer.name,
        "start_date": contract.start_date,
        "end_date": contract.end_date,
        "tacit_renewal": contract.tacit_renewal,
        "notice_deadline": contract.notice_deadline,
        "notice_given_on": contract.notice_given_on,
        "price": contract.price,
        "currency": contract.currency,
        "billing_frequency": contract.billing_frequency,
        "url": reverse("sales:contract-detail", args=[contract.pk]),
    }


def _detail(user, pk: int) -> dict:
    contract = queries.contract_get(user=user, pk=pk)
    return {
        **_summary(contract),
        "owner": contract.owner.username if contract.owner else None,
        "template_id": contract.template_id,
        "renewal_months": contract.renewal_months,
        "notice_months": contract.notice_months,
        "alert_days": contract.alert_days,
        "index_name": contract.index_name,
        "index_base_value": contract.index_base_value,
        "index_fixed_part": contract.index_fixed_part,
        "signed_on": contract.signed_on,
        "missing_clauses": services.contract_missing_clauses(contract),
        "clauses": list(contract.clauses.all()),
        "lines": list(contract.lines.all()),
        # ScheduleLineOut reads the rows themselves (contract_id included).
        "schedule": list(contract.schedule.all()),
    }


@router.get("/contracts", response={200: ContractPage, **ERRORS}, summary="The contract register")
def contracts_list(request, filters: Query[ContractFilters]):
    """Sorted as asked, with the filtered count; keyset pages: pass `next_cursor` back as
    `after`."""
    return list_response(
        request,
        filters,
        read=queries.contract_list,
        page=partial(queries.contract_page, count=True),
        summary=_summary,
    )


@router.get(
    "/contracts/schedule-due",
    response={200: list[ScheduleLineOut], **ERRORS},
    summary="Instalments waiting to be invoiced",
)
def contracts_schedule_due(request, filters: Query[DueFilters]):
    """Pending instalments of signed contracts due on or before the date, oldest first:
    what the invoicing bills."""
    return list(queries.schedule_due(on_or_before=filters.on_or_before, user=request.auth)[:1000])


@router.get(
    "/contracts/{int:contract_id}",
    response={200: ContractDetail, 404: Error, **ERRORS},
    summary="A contract",
)
def contracts_get(request, contract_id: int):
    return _detail(request.auth, contract_id)


@router.post(
    "/contracts",
    response={201: ContractDetail, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Create a draft contract",
)
def contracts_create(request, payload: ContractIn):
    """From a template (its kind and clauses are copied) or a kind. End before start, or a
    notice period longer than the term: 422 with the field at fault."""
    fields = payload.dict()
    require(request.auth, "sales.add_contract")
    customer = customer_get(user=request.auth, pk=fields.pop("customer_id"))
    template_id = fields.pop("template_id")
    template = (
        queries.contract_template_get(user=request.auth, pk=template_id) if template_id else None
    )
    if fields["index_base_value"] is None:
        fields.pop("index_base_value")
    contract = services.contract_create(
        by=request.auth, customer=customer, template=template, **fields
    )
    return Status(201, _detail(request.auth, contract.pk))


@router.post(
    "/contracts/{int:contract_id}/clauses",
    response={201: ClauseOut, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Add a clause to a draft",
)
def contracts_clause_add(request, contract_id: int, payload: ClauseIn):
    """A signed contract refuses it (400 `contract_not_draft`); an unknown merge field too
    (400 `merge_field_unknown`)."""
    contract = queries.contract_get(user=request.auth, pk=contract_id)
    clause = services.contract_clause_add(by=request.auth, contract=contract, **payload.dict())
    return Status(201, clause)


@router.post(
    "/contracts/{int:contract_id}/sign",
    response={200: ContractDetail, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Sign a draft",
)
def contracts_sign(request, contract_id: int, payload: SignIn):
    """Refused while a mandatory clause is missing: 400 `contract_clauses_missing`, each
    missing clause type in `errors` (field `clauses`)."""
    contract = queries.contract_get(user=request.auth, pk=contract_id)
    try:
        services.contract_sign(by=request.auth, contract=contract, **payload.dict())
    except ContractClausesMissing as error:
        return Status(
            400,
            {
                "code": error.code,
                "message": error.message,
                "errors": [{"field": "clauses", "message": code} for code in error.missing],
            },
        )
    return _detail(request.auth, contract_id)


@router.post(
    "/contracts/{int:contract_id}/notice",
    response={200: ContractDetail, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Give notice",
)
def contracts_notice(request, contract_id: int, payload: NoticeIn):
    """The contract will end at the end of its term instead of renewing (or of the next
    term, for notice given after the deadline)."""
    contract = queries.contract_get(user=request.auth, pk=contract_id)
    services.contract_give_notice(by=request.auth, contract=contract, **payload.dict())
    return _detail(request.auth, contract_id)


@router.get(
    "/contract-templates", response={200: list[TemplateOut], **ERRORS}, summary="Contract templates"
)
def contract_templates_list(request):
    return list(queries.contract_template_list(user=request.auth))


@router.get(
    "/contract-templates/{int:template_id}",
    response={200: TemplateOut, 404: Error, **ERRORS},
    summary="A contract template",
)
def contract_templates_get(request, template_id: int):
    return queries.contract_template_get(user=request.auth, pk=template_id)
