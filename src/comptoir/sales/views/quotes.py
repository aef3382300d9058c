"""Pages of quotes: the list and its CSV, creation, the quote with its lines editor (htmx
rows: add, change, remove, totals refreshed), PDF, sending, revision, order; and the
customer's public page behind the signed link."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.forms.errors import add_service_error, error_text
from comptoir.core.http import render_page
from comptoir.core.queries import require
from comptoir.sales import queries
from comptoir.sales.choices import OrderStatus, QuoteStatus
from comptoir.sales.exceptions import LinkInvalid, SalesError
from comptoir.sales.forms.orders import ToOrderForm
from comptoir.sales.forms.quotes import AcceptForm, QuoteForm, RefuseForm, SendForm
from comptoir.sales.models import Quote, QuoteLine
from comptoir.sales.quote_links import quote_token_read
from comptoir.sales.quote_pdf import document_context, quote_pdf, quote_pdf_filename
from comptoir.sales.services import orders as order_services
from comptoir.sales.services import quotes as services
from comptoir.sales.services.quotes import customer_email
from comptoir.sales.views import documents
from comptoir.sales.views.documents import (
    document_create,
    draft_context,
    list_context,
)

# --- List ---------------------------------------------------------------------------------


@login_required
def quote_list(request):
    found = queries.quote_list(user=request.user, filters=request.GET)
    context = list_context(
        request,
        filters_names=queries.QUOTE_FILTERS,
        found=found,
        sorts=queries.QUOTE_SORTS,
        base_url=reverse("sales:quotes"),
    )
    context.update(
        statuses=QuoteStatus.choices,
        can_add=request.user.has_perm("sales.add_quote"),
    )
    return render_page(request, "sales/quote_list.html", context, partial="rows")


@login_required
def quote_export(request):
    found = queries.quote_list(user=request.user, filters=request.GET)

    def rows():
        yield [
            _("Number"),
            _("Version"),
            _("Date"),
            _("Valid until"),
            _("Customer"),
            _("Subject"),
            _("Status"),
            _("Owner"),
            _("Currency"),
            _("Total excl. tax"),
            _("Total incl. tax"),
        ]
        for quote in found.iterator(chunk_size=1000):
            yield [
                quote.number,
                quote.version,
                quote.issue_date.isoformat(),
                quote.valid_until.isoformat(),
                quote.customer.name,
                quote.title,
                quote.get_status_display(),
                str(quote.owner or ""),
                quote.currency,
                quote.total_net,
                quote.total,
            ]

    return spreadsheet_response(rows(), name=dated("devis"))


# --- Creation and the quote's page -----------------------------------------------------------


@login_required
def quote_create(request):
    require(request.user, "sales.add_quote")
    return document_create(
        request,
        form_class=QuoteForm,
        create=lambda **fields: services.quote_create(by=request.user, **fields),
        success=_("Quote created: add its lines."),
        detail="sales:quote",
        template="sales/quote_form.html",
    )


def quote_context(request, quote: Quote, *, line_form=None, line_errors=None) -> dict:
    context = draft_context(
        request,
        quote,
        name="quote",
        header_form_class=QuoteForm,
        line_form=line_form,
        line_errors=line_errors,
    )
    context.update(
        can_order=request.user.has_perm("sales.add_order"),
        orders=list(quote.orders.all()),
        versions=_versions(quote),
        to_order_form=ToOrderForm(),
    )
    return context


def _versions(quote: Quote) -> list[Quote]:
    if not quote.number:
        return [quote]
    return list(Quote.objects.filter(number=quote.number).order_by("version"))


@login_required
def quote_detail(request, pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    return render(request, "sales/quote_detail.html", quote_context(request, quote))


@login_required
@require_POST
def quote_edit(request, pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    form = QuoteForm(request.POST, instance=Quote.objects.get(pk=quote.pk), user=request.user)
    if form.is_valid():
        fields = dict(form.cleaned_data)
        try:
            services.quote_update(by=request.user, quote=quote, **fields)
        except (ValidationError, SalesError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Quote saved."))
            return redirect("sales:quote", pk=quote.pk)
    context = quote_context(request, quote)
    context["header_form"] = form
    return render(request, "sales/quote_detail.html", context, status=400)


@login_required
@require_POST
def quote_line_add(request, pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    return documents.line_add(
        request,
        quote,
        add=lambda **fields: services.quote_line_add(by=request.user, quote=quote, **fields),
        context=quote_context,
        url=reverse("sales:quote", args=[pk]),
    )


@login_required
@require_POST
def quote_line_update(request, pk: int, line_pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    line = get_object_or_404(QuoteLine, pk=line_pk, quote=quote)
    return documents.line_update(
        request,
        quote,
        line,
        update=lambda **fields: services.quote_line_update(by=request.user, line=line, **fields),
        context=quote_context,
        url=reverse("sales:quote", args=[pk]),
    )


@login_required
@require_POST
def quote_line_remove(request, pk: int, line_pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    line = get_object_or_404(QuoteLine, pk=line_pk, quote=quote)
    return documents.line_remove(
        request,
        quote,
        remove=lambda: services.quote_line_remove(by=request.user, line=line),
        context=quote_context,
        url=reverse("sales:quote", args=[pk]),
    )


@login_required
def quote_pdf_view(request, pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    return _pdf_response(quote, inline=request.GET.get("download") != "1")


def _pdf_response(quote, *, inline: bool) -> HttpResponse:
    response = HttpResponse(quote_pdf(quote), content_type="application/pdf")
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{quote_pdf_filename(quote)}"'
    return response


@login_required
def quote_send(request, pk: int):
    quote = queries.quote_get(user=request.user, pk=pk)
    require(request.user, "sales.change_quote")
    form = SendForm(
        request.POST or None,
        initial={"to": quote.sent_to or customer_email(quote.customer)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_send(by=request.user, quote=quote, **form.cleaned_data)
        except (ValidationError, SalesError) as error:
            add_service_error(form, error)
        else:
            quote.refresh_from_db()
            messages.success(
                request,
                _("Quote %(ref)s sent to %(to)s.")
                % {"ref": quote.reference, "to": form.cleaned_data["to"]},
            )
            return redirect("sales:quote", pk=quote.pk)
    return render(request, "sales/quote_send.html", {"quote": quote, "form": form})


def _step(request, pk: int, action, success: str, *, target=None):
    quote = queries.quote_get(user=request.user, pk=pk)
    try:
        result = action(quote)
    except (ValidationError, SalesError) as error:
        messages.error(request, error_text(error))
        return redirect("sales:quote", pk=quote.pk)
    messages.success(request, success % {"ref": getattr(result, "reference", "")})
    return redirect(target(result) if target else reverse("sales:quote", args=[quote.pk]))


@login_required
@require_POST
def quote_revise(request, pk: int):
    return _step(
        request,
        pk,
        lambda quote: services.quote_revise(by=request.user, quote=quote),
        _("Version %(ref)s created: change it, then send it."),
        target=lambda revision: reverse("sales:quote", args=[revision.pk]),
    )


@login_required
@require_POST
def quote_accept_internal(request, pk: int):
    """The customer accepted by phone or on paper: recorded by the salesperson."""
    name = request.POST.get("name", "").strip()
    return _step(
        request,
        pk,
        lambda quote: services.quote_accept(
            by=request.user, quote=quote, name=name, ip=request.META.get("REMOTE_ADDR")
        ),
        _("Quote %(ref)s marked accepted."),
    )


@login_required
@require_POST
def quote_refuse_internal(request, pk: int):
    reason = request.POST.get("reason", "")
    return _step(
        request,
        pk,
        lambda quote: services.quote_refuse(by=request.user, quote=quote, reason=reason),
        _("Quote %(ref)s marked refused."),
    )


@login_required
@require_POST
def quote_to_order(request, pk: int):
    """The accepted quote becomes a confirmed order in one action (`order_from_quote`, as in
    the API): a credit block leaves it a draft on its page, to confirm with an override."""
    form = ToOrderForm(request.POST)
    fields = form.cleaned_data if form.is_valid() else {}
    quote = queries.quote_get(user=request.user, pk=pk)
    try:
        order = order_services.order_from_quote(
            by=request.user,
            quote=quote,
            customer_reference=fields.get("customer_reference", ""),
            override=fields.get("override", False),
        )
    except (ValidationError, SalesError) as error:
        messages.error(request, error_text(error))
        return redirect("sales:quote", pk=quote.pk)
    if order.status == OrderStatus.DRAFT:
        messages.warning(request, order.credit_message)
    else:
        messages.success(request, _("Order %(ref)s confirmed.") % {"ref": order.reference})
    return redirect("sales:order", pk=order.pk)


# --- The customer's page, behind the signed link (no login) ----------------------------------

LINK_ATTEMPTS_PER_HOUR = 10


def _public_quote(token: str):
    """The quote of a link and what the page can say about it; LinkInvalid raised."""
    pk, version = quote_token_read(token)
    quote = Quote.objects.select_related("customer", "owner").filter(pk=pk).first()
    if quote is None or quote.version != version:
        raise LinkInvalid(_("This link is not valid: check that it was copied whole."))
    return quote


def _public_state(quote: Quote) -> str:
    if quote.status == QuoteStatus.SUPERSEDED:
        return "superseded"
    if quote.status in (QuoteStatus.ACCEPTED, QuoteStatus.REFUSED):
        return quote.status
    if quote.status == QuoteStatus.EXPIRED or (
        quote.status == QuoteStatus.SENT and quote.valid_until < timezone.localdate()
    ):
        return "expired"
    if quote.status == QuoteStatus.SENT:
        return "open"
    return "unavailable"


def _rate_limited(quote: Quote) -> bool:
    """At most LINK_ATTEMPTS_PER_HOUR answers posted through one link per hour: counted on
    the quote's row (the link names one quote), so every web process sees the same count."""
    now = timezone.now()
    window_start = now - datetime.timedelta(hours=1)
    rows = Quote.objects.filter(pk=quote.pk, link_window_at__gte=window_start)
    if rows.filter(link_attempts__gte=LINK_ATTEMPTS_PER_HOUR).exists():
        return True
    if not rows.update(link_attempts=F("link_attempts") + 1):
        Quote.objects.filter(pk=quote.pk).update(link_attempts=1, link_window_at=now)
    return False


def quote_public(request, token: str):
    try:
        quote = _public_quote(token)
    except LinkInvalid as error:
        return render(request, "sales/quote_public.html", {"error": error.message}, status=404)
    state = _public_state(quote)
    accept_form = AcceptForm(initial={"email": quote.sent_to})
    refuse_form = RefuseForm()
    status = 200
    if request.method == "POST" and state == "open":
        if _rate_limited(quote):
            return render(
                request,
                "sales/quote_public.html",
                {"error": _("Too many attempts with this link: try again in an hour.")},
                status=429,
            )
        ip = request.META.get("REMOTE_ADDR")
        try:
            if request.POST.get("answer") == "refuse":
                refuse_form = RefuseForm(request.POST)
                if refuse_form.is_valid():
                    services.quote_refuse(
                        quote=quote,
                        name=refuse_form.cleaned_data["name"],
                        reason=refuse_form.cleaned_data["reason"],
                        ip=ip,
                    )
                    return redirect("sales:quote-public", token=token)
            else:
                accept_form = AcceptForm(request.POST)
                if accept_form.is_valid():
                    services.quote_accept(
                        quote=quote,
                        name=accept_form.cleaned_data["name"],
                        email=accept_form.cleaned_data["email"],
                        ip=ip,
                    )
                    return redirect("sales:quote-public", token=token)
        except SalesError as error:
            messages.error(request, error.message)
            return redirect("sales:quote-public", token=token)
        status = 400
    lines = queries.document_lines(quote)
    context = document_context(quote, lines)
    context.update(
        quote=quote,
        token=token,
        state=state,
        accept_form=accept_form,
        refuse_form=refuse_form,
        next_version=Quote.objects.filter(previous=quote).first(),
    )
    return render(request, "sales/quote_public.html", context, status=status)


def quote_public_pdf(request, token: str):
    try:
        quote = _public_quote(token)
    except LinkInvalid:
        return HttpResponse(status=404)
    return _pdf_response(quote, inline=True)


# --- The product picker of the lines editor --------------------------------------------------


@login_required
def product_suggestions(request):
    """Up to ten active products for the lines' search picker (an htmx fragment)."""
    from comptoir.catalog.queries import product_list

    text = request.GET.get("q", "").strip()
    options = []
    if text:
        found = product_list(user=request.user, filters={"q": text, "active": "1"})[:10]
        options = [
            {
                "value": p.pk,
                "label": f"{p.reference} — {p.label}",
                "detail": str(p.sale_price.normalize()),
            }
            for p in found
        ]
    empty = _("No product matches.") if text and not options else ""
    return render(request, "web/widgets/picker_options.html", {"options": options, "empty": empty})
