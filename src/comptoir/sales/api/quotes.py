"""Quotes in the API: list (filters, cursor), detail, creation with lines, lines added,
changed and removed, sending, the customer's answer, revision, order, PDF."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from comptoir.catalog.models import Product
from comptoir.core.models import TaxRate
from comptoir.core.schemas import Error
from comptoir.parties.queries import customer_get
from comptoir.sales import queries
from comptoir.sales.api.lists import list_response
from comptoir.sales.api.quote_schemas import (
    AnswerIn,
    LineIn,
    LineOut,
    LinePatch,
    OrderDetail,
    QuoteDetail,
    QuoteFilters,
    QuoteIn,
    QuotePage,
    SendIn,
    ToOrderIn,
)
from comptoir.sales.models import QuoteLine
from comptoir.sales.quote_pdf import quote_pdf, quote_pdf_filename
from comptoir.sales.services import orders as order_services
from comptoir.sales.services import quotes as services

router = Router(tags=["quotes"])
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}


def totals(document) -> dict:
    return {
        name: getattr(document, name)
        for name in (
            "currency",
            "exchange_rate",
            "lines_net",
            "discount_amount",
            "total_net",
            "total_tax",
            "total",
        )
    }


def quote_summary(quote) -> dict:
    return {
        **totals(quote),
        "id": quote.pk,
        "number": quote.number,
        "version": quote.version,
        "reference": quote.reference,
        "status": quote.status,
        "customer_id": quote.customer_id,
        "customer": quote.customer.name,
        "owner": quote.owner.username if quote.owner else None,
        "title": quote.title,
        "issue_date": quote.issue_date,
        "valid_until": quote.valid_until,
    }


def quote_detail(quote) -> dict:
    body = quote_summary(quote)
    for name in (
        "incoterm",
        "incoterm_place",
        "discount_percent",
        "payment_terms",
        "notes",
        "sent_at",
        "sent_to",
        "answered_at",
        "answered_by_name",
        "answered_by_email",
        "refusal_reason",
        "previous_id",
    ):
        body[name] = getattr(quote, name)
    body["lines"] = queries.document_lines(quote)
    return body


def line_fields(payload, *, partial: bool = False) -> dict:
    """The service's fields from a line of the API (ids turned into records)."""
    data = payload.dict(exclude_unset=partial)
    fields = {k: v for k, v in data.items() if k not in ("product_id", "tax_rate_id")}
    if data.get("product_id") is not None:
        fields["product"] = get_object_or_404(Product, pk=data["product_id"], active=True)
    if data.get("tax_rate_id") is not None:
        fields["tax_rate"] = get_object_or_404(TaxRate, pk=data["tax_rate_id"])
    if partial:
        fields = {k: v for k, v in fields.items() if v is not None}
    else:
        for name in ("label", "unit", "description"):
            if fields.get(name) is None:
                fields[name] = ""
    return fields


def _quote(request, quote_id: int):
    return queries.quote_get(user=request.auth, pk=quote_id)


@router.get("/quotes", response={200: QuotePage, **ERRORS}, summary="List quotes")
def quotes_list(request, filters: Query[QuoteFilters]):
    """Newest first (or oldest, or by amount), filtered; keyset pages: pass `next_cursor`
    back as `after`."""
    return list_response(
        request, filters, read=queries.quote_list, page=queries.quote_page, summary=quote_summary
    )


@router.get("/quotes/{int:quote_id}", response={200: QuoteDetail, **ERRORS}, summary="A quote")
def quotes_get(request, quote_id: int):
    return quote_detail(_quote(request, quote_id))


@router.post("/quotes", response={201: QuoteDetail, **ERRORS}, summary="Create a quote")
def quotes_create(request, payload: QuoteIn):
    """A draft quote with its lines; a line with `product_id` takes the catalog's price for
    this customer unless `unit_price` is given. Nothing is saved if a line is refused."""
    data = payload.dict()
    lines = [line_fields(line) for line in payload.lines]
    data.pop("lines")
    customer = customer_get(user=request.auth, pk=data.pop("customer_id"))
    fields = {k: v for k, v in data.items() if v not in (None, "") or k == "title"}
    quote = services.quote_create(by=request.auth, customer=customer, lines=lines, **fields)
    return Status(201, quote_detail(queries.quote_get(user=request.auth, pk=quote.pk)))


@router.post(
    "/quotes/{int:quote_id}/lines", response={201: LineOut, **ERRORS}, summary="Add a line"
)
def quote_lines_add(request, quote_id: int, payload: LineIn):
    quote = _quote(request, quote_id)
    return Status(
        201, services.quote_line_add(by=request.auth, quote=quote, **line_fields(payload))
    )


@router.patch(
    "/quotes/{int:quote_id}/lines/{int:line_id}",
    response={200: LineOut, **ERRORS},
    summary="Change a line",
)
def quote_lines_update(request, quote_id: int, line_id: int, payload: LinePatch):
    quote = _quote(request, quote_id)
    line = get_object_or_404(QuoteLine, pk=line_id, quote=quote)
    fields = line_fields(payload, partial=True)
    fields.setdefault("kind", line.kind)
    return services.quote_line_update(by=request.auth, line=line, **fields)


@router.delete(
    "/quotes/{int:quote_id}/lines/{int:line_id}",
    response={204: None, **ERRORS},
    summary="Remove a line",
)
def quote_lines_remove(request, quote_id: int, line_id: int):
    quote = _quote(request, quote_id)
    services.quote_line_remove(
        by=request.auth, line=get_object_or_404(QuoteLine, pk=line_id, quote=quote)
    )
    return Status(204, None)


@router.post("/quotes/{int:quote_id}/send", response={200: QuoteDetail, **ERRORS}, summary="Send")
def quotes_send(request, quote_id: int, payload: SendIn):
    """Numbers a draft, e-mails the PDF with the customer's signed link, logs the timeline."""
    quote = services.quote_send(by=request.auth, quote=_quote(request, quote_id), **payload.dict())
    return quote_detail(queries.quote_get(user=request.auth, pk=quote.pk))


@router.post(
    "/quotes/{int:quote_id}/accept",
    response={200: QuoteDetail, **ERRORS},
    summary="Record the customer's acceptance",
)
def quotes_accept(request, quote_id: int, payload: AnswerIn):
    """When the customer said yes another way than through the link (phone, paper)."""
    quote = services.quote_accept(
        by=request.auth,
        quote=_quote(request, quote_id),
        name=payload.name,
        email=payload.email,
        ip=request.META.get("REMOTE_ADDR"),
    )
    return quote_detail(queries.quote_get(user=request.auth, pk=quote.pk))


@router.post(
    "/quotes/{int:quote_id}/refuse",
    response={200: QuoteDetail, **ERRORS},
    summary="Record the customer's refusal",
)
def quotes_refuse(request, quote_id: int, payload: AnswerIn):
    quote = services.quote_refuse(
        by=request.auth,
        quote=_quote(request, quote_id),
        name=payload.name,
        email=payload.email,
        reason=payload.reason,
    )
    return quote_detail(queries.quote_get(user=request.auth, pk=quote.pk))


@router.post(
    "/quotes/{int:quote_id}/revise",
    response={201: QuoteDetail, **ERRORS},
    summary="Make the next version",
)
def quotes_revise(request, quote_id: int):
    """A draft copy with the same number and the next version; this one is superseded."""
    revision = services.quote_revise(by=request.auth, quote=_quote(request, quote_id))
    return Status(201, quote_detail(queries.quote_get(user=request.auth, pk=revision.pk)))


@router.post(
    "/quotes/{int:quote_id}/order",
    response={201: OrderDetail, **ERRORS},
    summary="Turn an accepted quote into an order",
)
def quotes_to_order(request, quote_id: int, payload: ToOrderIn):
    """The order of the accepted quote, confirmed at once unless `confirm` is false, as the
    quote page does it: a credit block answers 201 with the order left a draft
    (`credit_outcome` « block » and its message) unless `override` by someone with
    sales.override_credit_block; any other refusal creates nothing."""
    from comptoir.sales.api.orders import order_detail

    order = order_services.order_from_quote(
        by=request.auth,
        quote=_quote(request, quote_id),
        customer_reference=payload.customer_reference,
        confirm=payload.confirm,
        override=payload.override,
    )
    return Status(201, order_detail(queries.order_get(user=request.auth, pk=order.pk)))


@router.get(
    "/quotes/{int:quote_id}/pdf",
    response={200: None, **ERRORS},
    summary="The quote as PDF",
    openapi_extra={"responses": {200: {"content": {"application/pdf": {}}}}},
)
def quotes_pdf(request, quote_id: int):
    quote = _quote(request, quote_id)
    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{quote_pdf_filename(quote)}"'
    return response
