"""Pages of deliveries: the notes list and its CSV, backorders, a note's page with its steps
and conformity check, preparing a note from an order, its PDF, the carriers."""

import functools
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.http import require_POST

from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.forms.errors import add_service_error
from comptoir.core.http import render_page
from comptoir.core.models import Company
from comptoir.core.pdf import logo_data_uri, render_pdf
from comptoir.core.queries import require
from comptoir.sales import delivery_conformity
from comptoir.sales.exceptions import SalesError
from comptoir.sales.forms.deliveries import (
    CarrierForm,
    DeliverForm,
    DeliveryFilterForm,
    DeliveryHeaderForm,
    IncidentForm,
    ShipForm,
)
from comptoir.sales.queries import deliveries as queries
from comptoir.sales.queries import orders as order_queries
from comptoir.sales.services import deliveries as services

PAGE_SIZE = 50


def _filters(request, names) -> dict:
    return {key: request.GET.get(key, "").strip() for key in names}


def _query(filters: dict, **extra) -> str:
    return urlencode({k: v for k, v in {**filters, **extra}.items() if v})


def _page(request, found):
    return Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))


# --- Lists ----------------------------------------------------------------------------------


@login_required
def delivery_list(request):
    filters = _filters(request, queries.DELIVERY_FILTERS)
    found = queries.delivery_list(user=request.user, filters=filters)
    page = queries.delivery_page(found, after=request.GET.get("after", ""))
    base = reverse("sales:deliveries")
    context = {
        "page": page,
        "first_url": f"{base}?{_query(filters)}",
        "next_url": f"{base}?{_query(filters, after=page.next_cursor)}" if page.next_cursor else "",
        "filters": {k: v for k, v in filters.items() if v},
        "query": _query(filters),
        "form": DeliveryFilterForm(filters),
        "filtered": any(filters.values()),
        "can_export": request.user.has_perm("sales.view_delivery"),
    }
    return render_page(request, "sales/delivery_list.html", context, partial="rows")


EXPORT_COLUMNS = (
    (gettext_lazy("Number"), lambda d: d.number),
    (gettext_lazy("Status"), lambda d: d.get_status_display()),
    (gettext_lazy("Order"), lambda d: d.order.reference),
    (gettext_lazy("Customer"), lambda d: d.customer.name),
    (gettext_lazy("Carrier"), lambda d: d.carrier.name if d.carrier else ""),
    (gettext_lazy("Tracking number"), lambda d: d.tracking_number),
    (
        pgettext_lazy("delivery note", "Prepared"),
        lambda d: timezone.localtime(d.created_at).strftime("%Y-%m-%d"),
    ),
    (
        pgettext_lazy("delivery note", "Shipped"),
        lambda d: timezone.localtime(d.shipped_at).strftime("%Y-%m-%d") if d.shipped_at else "",
    ),
    (
        pgettext_lazy("delivery note", "Delivered"),
        lambda d: timezone.localtime(d.delivered_at).strftime("%Y-%m-%d") if d.delivered_at else "",
    ),
    (gettext_lazy("Conformity"), lambda d: d.get_conformity_display()),
    (gettext_lazy("Incident"), lambda d: d.incident_reason),
)


@login_required
def delivery_export(request):
    found = queries.delivery_list(
        user=request.user, filters=_filters(request, queries.DELIVERY_FILTERS)
    )
    header = [str(label) for label, _value in EXPORT_COLUMNS]
    rows = (
        [value(delivery) for _label, value in EXPORT_COLUMNS]
        for delivery in found.iterator(chunk_size=1000)
    )
    return spreadsheet_response([header, *rows], name=dated("livraisons"))


@login_required
def backorder_list(request):
    filters = _filters(request, queries.BACKORDER_FILTERS)
    page = _page(request, queries.backorder_list(user=request.user, filters=filters))
    form = DeliveryFilterForm(filters)
    form.fields["q"].widget.attrs["placeholder"] = _("Order or customer's PO number")
    context = {
        "page": page,
        "lines": queries.backorder_lines(page.object_list),
        "filters": {k: v for k, v in filters.items() if v},
        "query": _query(filters),
        "form": form,
        "filtered": any(filters.values()),
        "can_prepare": request.user.has_perm("sales.add_delivery"),
    }
    return render_page(request, "sales/delivery_backorders.html", context, partial="rows")


@login_required
def backorder_export(request):
    found = queries.backorder_list(
        user=request.user, filters=_filters(request, queries.BACKORDER_FILTERS)
    )
    header = [
        _("Order"),
        _("Customer"),
        _("Customer's purchase order"),
        _("Date"),
        _("Designation"),
        _("Ordered"),
        pgettext("delivery note", "Delivered"),
        _("Left to deliver"),
        _("Unit"),
    ]
    rows = [header]
    paginator = Paginator(found, 500)
    for number in paginator.page_range:
        for item in queries.backorder_lines(paginator.page(number).object_list):
            rows.append(
                [
                    item.order.reference,
                    item.order.customer.name,
                    item.order.customer_reference,
                    item.order.order_date.isoformat(),
                    item.line.label,
                    item.ordered.normalize(),
                    item.delivered.normalize(),
                    item.left.normalize(),
                    item.line.unit_label,
                ]
            )
    return spreadsheet_response(rows, name=dated("reliquats"))


# --- One note -------------------------------------------------------------------------------


def _detail_context(request, delivery, **forms) -> dict:
    check = services.conformity_of(delivery)
    user = request.user
    can_change = user.has_perm("sales.change_delivery")
    steps = services.DELIVERY_TRANSITIONS[delivery.status]
    context = {
        "delivery": delivery,
        "order": delivery.order,
        "check": check,
        "summary": delivery_conformity.summary(check),
        "checked": delivery.status == "delivered",
        "can_change": can_change,
        "can_edit": can_change and delivery.is_editable,
        "can_delete": user.has_perm("sales.delete_delivery") and delivery.is_editable,
        "can_ship": can_change and "shipped" in steps,
        "can_deliver": can_change and "delivered" in steps,
        "can_report": can_change and "incident" in steps,
        "ship_form": forms.get("ship_form")
        or ShipForm(
            initial={"carrier": delivery.carrier, "tracking_number": delivery.tracking_number}
        ),
        "incident_form": forms.get("incident_form") or IncidentForm(),
    }
    return context


@login_required
def delivery_detail(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    return render(request, "sales/delivery_detail.html", _detail_context(request, delivery))


def _reasons(error) -> list[str]:
    """What a refusal says: a domain error has one message, a ValidationError several."""
    return error.messages if isinstance(error, ValidationError) else [error.message]


def _refused(request, error) -> None:
    messages.error(request, " ".join(_reasons(error)))


@login_required
def delivery_prepare(request, order_pk: int):
    require(request.user, "sales.add_delivery")
    order = order_queries.order_get(user=request.user, pk=order_pk)
    try:
        services.check_order_deliverable(order)
    except SalesError as error:
        messages.error(request, error.message)
        return redirect("sales:order", pk=order.pk)
    left = services.order_line_quantities(order)
    lines = [line for line in order.lines.all() if line.pk in left]
    form = DeliveryHeaderForm(
        request.POST or None,
        initial={"delivery_address": order.delivery_address},
        order_lines=[(line, left[line.pk].to_prepare, left[line.pk].to_prepare) for line in lines],
    )
    save = functools.partial(services.delivery_prepare, order=order)
    return _note_form(
        request, form, order=order, delivery=None, save=save, saved=_("Delivery note prepared.")
    )


@login_required
def delivery_edit(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    require(request.user, "sales.change_delivery")
    if not delivery.is_editable:
        messages.error(request, _("Only a prepared note can change."))
        return redirect("sales:delivery", pk=pk)
    order = delivery.order
    left = services.order_line_quantities(order, exclude=delivery)
    on_note = {}
    for line in delivery.lines.all():
        if line.order_line_id:
            on_note[line.order_line_id] = on_note.get(line.order_line_id, 0) + line.quantity
    lines = [line for line in order.lines.all() if line.pk in left]
    form = DeliveryHeaderForm(
        request.POST or None,
        initial={name: getattr(delivery, name) for name in DeliveryHeaderForm.HEADER_FIELDS},
        order_lines=[(line, on_note.get(line.pk, 0), left[line.pk].to_prepare) for line in lines],
    )
    save = functools.partial(services.delivery_update, delivery=delivery)
    return _note_form(
        request, form, order=order, delivery=delivery, save=save, saved=_("Delivery note saved.")
    )


def _note_form(request, form, *, order, delivery, save, saved: str):
    """The prepare and edit pages: the header and quantities, handed to `save` when valid."""
    if request.method == "POST" and form.is_valid():
        try:
            note = save(quantities=form.quantities(), by=request.user, **form.header())
        except SalesError as error:
            add_service_error(form, error)
        else:
            messages.success(request, saved)
            return redirect("sales:delivery", pk=note.pk)
    context = {"form": form, "order": order, "delivery": delivery}
    return render(request, "sales/delivery_form.html", context)


@login_required
@require_POST
def delivery_delete(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    order_pk = delivery.order_id
    try:
        services.delivery_delete(delivery=delivery, by=request.user)
    except SalesError as error:
        _refused(request, error)
        return redirect("sales:delivery", pk=pk)
    messages.success(request, _("Delivery note dropped."))
    return redirect("sales:order", pk=order_pk)


@login_required
@require_POST
def delivery_ship(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    form = ShipForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, delivery, ship_form=form)
        return render(request, "sales/delivery_detail.html", context, status=400)
    try:
        services.delivery_ship(
            delivery=delivery,
            carrier=form.cleaned_data["carrier"],
            tracking_number=form.cleaned_data["tracking_number"],
            by=request.user,
        )
    except SalesError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Delivery note %(note)s shipped.") % {"note": delivery.number})
    return redirect("sales:delivery", pk=pk)


@login_required
def delivery_deliver(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    require(request.user, "sales.change_delivery")
    if "delivered" not in services.DELIVERY_TRANSITIONS[delivery.status]:
        messages.error(request, _("This note cannot be recorded as delivered."))
        return redirect("sales:delivery", pk=pk)
    form = DeliverForm(
        request.POST or None, delivery=delivery, order_lines=list(delivery.order.lines.all())
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.delivery_deliver(
                delivery=delivery,
                received=form.received(),
                unannounced=[services.Unannounced(**extra) for extra in form.unannounced()],
                received_by=form.cleaned_data["received_by"],
                delivered_at=form.delivered_at(),
                by=request.user,
            )
        except (SalesError, ValidationError) as error:
            for reason in _reasons(error):
                form.add_error(None, reason)
        else:
            messages.success(request, _("Delivery recorded."))
            return redirect("sales:delivery", pk=pk)
    return render(request, "sales/delivery_deliver.html", {"form": form, "delivery": delivery})


@login_required
@require_POST
def delivery_incident(request, pk: int):
    delivery = queries.delivery_get(user=request.user, pk=pk)
    form = IncidentForm(request.POST)
    if not form.is_valid():
        context = _detail_context(request, delivery, incident_form=form)
        return render(request, "sales/delivery_detail.html", context, status=400)
    try:
        services.delivery_report_incident(
            delivery=delivery, reason=form.cleaned_data["reason"], by=request.user
        )
    except SalesError as error:
        _refused(request, error)
    else:
        messages.warning(request, _("Incident recorded."))
    return redirect("sales:delivery", pk=pk)


@login_required
def delivery_pdf(request, pk: int):
    """The delivery note to print, hand to the driver and have signed."""
    delivery = queries.delivery_get(user=request.user, pk=pk)
    company = Company.current()
    context = {
        "delivery": delivery,
        "order": delivery.order,
        "company": company,
        "logo": logo_data_uri(company),
    }
    html = render_to_string("sales/delivery_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    name = delivery.number or f"bl-prepare-{delivery.pk}"
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response


# --- Carriers -------------------------------------------------------------------------------


@login_required
def carrier_list(request):
    carriers = queries.carrier_list(user=request.user)
    context = {"carriers": carriers, "can_add": request.user.has_perm("sales.add_carrier")}
    return render(request, "sales/delivery_carriers.html", context)


@login_required
def carrier_form(request, pk: int | None = None):
    carrier = queries.carrier_get(user=request.user, pk=pk) if pk else None
    require(request.user, "sales.change_carrier" if carrier else "sales.add_carrier")
    form = CarrierForm(request.POST or None, instance=carrier)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if carrier is None:
                services.carrier_create(by=request.user, **data)
            else:
                services.carrier_update(carrier=carrier, by=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Carrier saved."))
            return redirect("sales:carriers")
    context = {"form": form, "carrier": carrier, "cancel_url": reverse("sales:carriers")}
    return render(request, "sales/delivery_carrier_form.html", context)
