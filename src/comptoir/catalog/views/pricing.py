"""Price lists with their inline table of prices and quantity breaks, customer categories,
and the « prix pour ce client » simulator."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.catalog import queries, services
from comptoir.catalog.choices import PriceListKind
from comptoir.catalog.forms import CategoryForm, PriceListForm, PriceListItemForm, SimulatorForm
from comptoir.catalog.models import PriceListItem
from comptoir.catalog.views.products import two_places
from comptoir.core.exports import spreadsheet_response
from comptoir.core.forms.errors import add_service_error
from comptoir.core.http import render_page
from comptoir.core.queries import require


@login_required
def price_list_list(request):
    filters = {key: request.GET.get(key, "") for key in ("kind", "active")}
    return render(
        request,
        "catalog/price_lists.html",
        {
            "price_lists": queries.price_list_list(user=request.user, filters=filters),
            "filters": filters,
            "kinds": PriceListKind.choices,
            "can_add": request.user.has_perm("catalog.add_pricelist"),
        },
    )


@login_required
def price_list_edit(request, pk=None):
    price_list = queries.price_list_get(user=request.user, pk=pk) if pk else None
    require(request.user, "catalog.change_pricelist" if price_list else "catalog.add_pricelist")
    initial = {} if price_list else {"currency": queries.company_currency()}
    form = PriceListForm(request.POST or None, instance=price_list, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.price_list_save(
                by=request.user, price_list=price_list, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The price list has been saved."))
            return redirect("catalog:price-list", pk=saved.pk)
    return render(request, "catalog/price_list_form.html", {"form": form, "price_list": price_list})


@login_required
def price_list_detail(request, pk):
    """The list and its prices; adding a row posts here and answers with the table (htmx)."""
    price_list = queries.price_list_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("catalog.change_pricelist")
    form = PriceListItemForm(request.POST or None) if can_change else None
    status = 200
    if request.method == "POST":
        require(request.user, "catalog.change_pricelist")
        if form.is_valid():
            try:
                services.price_list_item_save(
                    price_list=price_list, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The price has been added."))
                return redirect("catalog:price-list", pk=price_list.pk)
        status = 400
    return render_page(
        request,
        "catalog/price_list_detail.html",
        {
            "price_list": price_list,
            "items": price_list.items.all(),
            "form": form,
            "can_change": can_change,
            "can_see_margin": queries.can_see_margin(request.user),
            "customers": queries.price_list_customers(user=request.user, price_list=price_list),
        },
        partial="items",
        status=status,
    )


@login_required
def price_list_export(request, pk, fmt: str):
    """The list's prices and breaks as a spreadsheet, to send to a customer or a reseller."""
    price_list = queries.price_list_get(user=request.user, pk=pk)
    header = [_("Reference"), _("Label"), _("Unit"), _("From quantity"), _("Unit price")]
    rows = [[*header, _("Currency")]]
    for item in price_list.items.all():
        rows.append(
            [
                item.product.reference,
                item.product.label,
                str(item.product.get_unit_display()),
                item.min_quantity.normalize() if item.min_quantity % 1 else int(item.min_quantity),
                two_places(item.unit_price),
                price_list.currency,
            ]
        )
    return spreadsheet_response(
        rows, fmt=fmt, name=slugify(price_list.name) or "tarif", sheet_title=price_list.name[:31]
    )


@login_required
@require_POST
def price_list_item_delete(request, pk, item_pk):
    price_list = queries.price_list_get(user=request.user, pk=pk)
    item = get_object_or_404(PriceListItem, pk=item_pk, price_list=price_list)
    services.price_list_item_delete(item=item, by=request.user)
    messages.success(request, _("The price has been removed from the list."))
    return redirect("catalog:price-list", pk=price_list.pk)


@login_required
def category_list(request, pk=None):
    categories = queries.category_list(user=request.user)
    category = get_object_or_404(categories, pk=pk) if pk else None
    permission = "catalog.change_customercategory" if category else "catalog.add_customercategory"
    form = (
        CategoryForm(request.POST or None, instance=category)
        if request.user.has_perm(permission)
        else None
    )
    if request.method == "POST":
        require(request.user, permission)
        if form.is_valid():
            try:
                services.customer_category_save(
                    by=request.user, category=category, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The customer category has been saved."))
                return redirect("catalog:categories")
    return render(
        request,
        "catalog/categories.html",
        {"categories": categories.order_by("name"), "form": form, "category": category},
    )


@login_required
def price_simulator(request):
    """Which price a customer gets for a quantity of a product, and why (htmx: the result)."""
    require(request.user, "catalog.view_product")
    form = SimulatorForm(request.GET or None)
    context = {"form": form, "price": None}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        price = queries.price_simulate(
            user=request.user,
            customer=data["customer"],
            product=data["product"],
            quantity=data["quantity"],
            on_date=data["on_date"],
        )
        context.update(
            price=price,
            product=data["product"],
            customer=data["customer"],
            quantity=data["quantity"],
            line_net=price.line_net(data["quantity"]),
            net_margin=queries.price_margin(
                user=request.user, product=data["product"], price=price, on_date=data["on_date"]
            ),
        )
    return render_page(request, "catalog/simulator.html", context, partial="result")
