"""Pages of orders: the list and its CSV, direct creation, the order with its lines
(editable while a draft), confirmation with the credit check, launch, cancellation."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.forms.errors import add_service_error, error_text
from comptoir.core.http import render_page
from comptoir.core.queries import require
from comptoir.sales import queries
from comptoir.sales.choices import OrderStatus
from comptoir.sales.exceptions import SalesError
from comptoir.sales.forms.orders import CancelForm, OrderForm
from comptoir.sales.models import Order, OrderLine
from comptoir.sales.services import orders as services
from comptoir.sales.views import documents
from comptoir.sales.views.documents import (
    document_create,
    draft_context,
    list_context,
)


@login_required
def order_list(request):
    found = queries.order_list(user=request.user, filters=request.GET)
    context = list_context(
        request,
        filters_names=queries.ORDER_FILTERS,
        found=found,
        sorts=queries.ORDER_SORTS,
        base_url=reverse("sales:orders"),
    )
    context.update(
        statuses=OrderStatus.choices,
        can_add=request.user.has_perm("sales.add_order"),
    )
    return render_page(request, "sales/order_list.html", context, partial="rows")


@login_required
def order_export(request):
    found = queries.order_list(user=request.user, filters=request.GET)

    def rows():
        yield [
            _("Number"),
            _("Date"),
            _("Customer"),
            _("Customer's purchase order"),
            _("Status"),
            _("Owner"),
            _("Currency"),
            _("Total excl. tax"),
            _("Total incl. tax"),
        ]
        for order in found.iterator(chunk_size=1000):
            yield [
                order.number,
                order.order_date.isoformat(),
                order.customer.name,
                order.customer_reference,
                order.get_status_display(),
                str(order.owner or ""),
                order.currency,
                order.total_net,
                order.total,
            ]

    return spreadsheet_response(rows(), name=dated("commandes"))


@login_required
def order_create(request):
    require(request.user, "sales.add_order")
    return document_create(
        request,
        form_class=OrderForm,
        create=lambda **fields: services.order_create(by=request.user, **fields),
        success=_("Order created: add its lines, then confirm it."),
        detail="sales:order",
        template="sales/order_form.html",
    )


def order_context(request, order: Order, *, line_form=None, line_errors=None) -> dict:
    context = draft_context(
        request,
        order,
        name="order",
        header_form_class=OrderForm,
        line_form=line_form,
        line_errors=line_errors,
    )
    context["cancel_form"] = CancelForm()
    return context


@login_required
def order_detail(request, pk: int):
    order = queries.order_get(user=request.user, pk=pk)
    return render(request, "sales/order_detail.html", order_context(request, order))


@login_required
@require_POST
def order_edit(request, pk: int):
    order = queries.order_get(user=request.user, pk=pk)
    form = OrderForm(request.POST, instance=Order.objects.get(pk=order.pk), user=request.user)
    if form.is_valid():
        try:
            services.order_update(by=request.user, order=order, **form.cleaned_data)
        except (ValidationError, SalesError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Order saved."))
            return redirect("sales:order", pk=order.pk)
    context = order_context(request, order)
    context["header_form"] = form
    return render(request, "sales/order_detail.html", context, status=400)


@login_required
@require_POST
def order_line_add(request, pk: int):
    order = queries.order_get(user=request.user, pk=pk)
    return documents.line_add(
        request,
        order,
        add=lambda **fields: services.order_line_add(by=request.user, order=order, **fields),
        context=order_context,
        url=reverse("sales:order", args=[pk]),
    )


@login_required
@require_POST
def order_line_update(request, pk: int, line_pk: int):
    order = queries.order_get(user=request.user, pk=pk)
    line = get_object_or_404(OrderLine, pk=line_pk, order=order)
    return documents.line_update(
        request,
        order,
        line,
        update=lambda **fields: services.order_line_update(by=request.user, line=line, **fields),
        context=order_context,
        url=reverse("sales:order", args=[pk]),
    )


@login_required
@require_POST
def order_line_remove(request, pk: int, line_pk: int):
    order = queries.order_get(user=request.user, pk=pk)
    line = get_object_or_404(OrderLine, pk=line_pk, order=order)
    return documents.line_remove(
        request,
        order,
        remove=lambda: services.order_line_remove(by=request.user, line=line),
        context=order_context,
        url=reverse("sales:order", args=[pk]),
    )


def _step(request, pk: int, action, success: str):
    order = queries.order_get(user=request.user, pk=pk)
    try:
        order = action(order)
    except (ValidationError, SalesError) as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, success % {"ref": order.reference})
    return redirect("sales:order", pk=pk)


@login_required
@require_POST
def order_confirm(request, pk: int):
    override = request.POST.get("override") == "1"
    return _step(
        request,
        pk,
        lambda order: services.order_confirm(by=request.user, order=order, override=override),
        _("Order %(ref)s confirmed."),
    )


@login_required
@require_POST
def order_launch(request, pk: int):
    return _step(
        request,
        pk,
        lambda order: services.order_launch(by=request.user, order=order),
        _("Order %(ref)s launched into preparation."),
    )


@login_required
@require_POST
def order_cancel(request, pk: int):
    form = CancelForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _step(
        request,
        pk,
        lambda order: services.order_cancel(by=request.user, order=order, reason=reason),
        _("Order %(ref)s cancelled."),
    )
