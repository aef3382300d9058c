"""Products: the list with its filters and exports, the product's page and form, families,
and the product picker's suggestions."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.catalog import queries, services
from comptoir.catalog.choices import ProductKind
from comptoir.catalog.exceptions import CatalogError
from comptoir.catalog.forms import FamilyForm, ProductForm
from comptoir.catalog.models import ProductFamily
from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.forms.errors import add_service_error
from comptoir.core.http import render_page
from comptoir.core.queries import require

CENT = Decimal("0.01")


def _filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in queries.PRODUCT_FILTERS}


def _query(filters: dict, **extra) -> str:
    return urlencode({k: v for k, v in {**filters, **extra}.items() if v})


@login_required
def product_list(request):
    filters = _filters(request)
    found = queries.product_list(user=request.user, filters=filters)
    page = queries.product_page(found, filters=filters, after=request.GET.get("after", ""))
    sort = filters["sort"] if filters["sort"] in queries.PRODUCT_SORTS else "reference"
    base = reverse("catalog:products")
    context = {
        "page": page,
        "first_url": f"{base}?{_query(filters)}",
        "next_url": f"{base}?{_query(filters, after=page.next_cursor)}" if page.next_cursor else "",
        "filters": filters,
        "filtered": any(v for k, v in filters.items() if k != "sort"),
        "query": _query(filters),
        "sort": sort,
        "sort_urls": {
            key.replace("-", "") + ("_desc" if key.startswith("-") else ""): (
                f"{base}?{_query(filters, sort=key)}"
            )
            for key in ("reference", "label", "sale_price", "-sale_price")
        },
        "families": queries.family_list(user=request.user),
        "kinds": ProductKind.choices,
        "can_see_margin": queries.can_see_margin(request.user),
        "can_add": request.user.has_perm("catalog.add_product"),
        "can_export": request.user.has_perm("catalog.export_product"),
        "list_url": base,
    }
    return render_page(request, "catalog/product_list.html", context, partial="rows")


def _export_rows(request):
    filters = _filters(request)
    margin = queries.can_see_margin(request.user)
    header = [
        _("Reference"),
        _("Label"),
        _("Kind"),
        _("Unit"),
        _("Family"),
        _("Sale price excl. tax"),
        _("Tax rate"),
    ]
    if margin:
        header += [_("Purchase cost"), _("Margin"), _("Margin rate (%)")]
    yield [*header, _("In the catalog")]
    for product in queries.product_list(user=request.user, filters=filters).iterator(2000):
        row = [
            product.reference,
            product.label,
            str(product.get_kind_display()),
            str(product.get_unit_display()),
            product.family.name if product.family else "",
            two_places(product.sale_price),
            str(product.tax_rate),
        ]
        if margin:
            row += [
                two_places(product.purchase_cost),
                two_places(product.margin),
                product.margin_rate,
            ]
        yield [*row, _("yes") if product.active else _("no")]


def two_places(value: Decimal | None) -> Decimal | None:
    """1250.0000 -> 1250.00, 0.1250 -> 0.125: what people typed, not the column's scale."""
    if value is None:
        return None
    return value.quantize(CENT) if value == value.quantize(CENT) else value.normalize()


@login_required
def product_export(request, fmt: str):
    require(request.user, "catalog.export_product")
    return spreadsheet_response(
        _export_rows(request),
        fmt=fmt,
        name=dated("catalogue"),
        sheet_title=_("Catalog"),
    )


@login_required
def product_detail(request, pk):
    product = queries.product_get(user=request.user, pk=pk)
    context = {
        "product": product,
        "can_see_margin": queries.can_see_margin(request.user),
        "can_change": request.user.has_perm("catalog.change_product"),
        "can_delete": request.user.has_perm("catalog.delete_product"),
        "discounts": queries.product_discounts(user=request.user, product=product),
        "items": queries.product_prices(user=request.user, product=product),
    }
    return render(request, "catalog/product_detail.html", context)


@login_required
def product_edit(request, pk=None):
    product = queries.product_get(user=request.user, pk=pk) if pk else None
    require(request.user, "catalog.change_product" if product else "catalog.add_product")
    margin = queries.can_see_margin(request.user)
    form = ProductForm(request.POST or None, instance=product, can_see_margin=margin)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            if product:
                saved = services.product_update(product=product, by=request.user, **fields)
            else:
                saved = services.product_create(by=request.user, **fields)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The product %(product)s has been saved.") % {"product": saved.reference}
            )
            return redirect("catalog:product", pk=saved.pk)
    return render(request, "catalog/product_form.html", {"form": form, "product": product})


@login_required
@require_POST
def product_activate(request, pk):
    product = queries.product_get(user=request.user, pk=pk)
    active = request.POST.get("active") == "1"
    services.product_set_active(product=product, active=active, by=request.user)
    messages.success(
        request,
        _("The product is back in the catalog.")
        if active
        else _("The product is deactivated: it is no longer offered, and stays on its documents."),
    )
    return redirect("catalog:product", pk=product.pk)


@login_required
@require_POST
def product_delete(request, pk):
    product = queries.product_get(user=request.user, pk=pk)
    try:
        services.product_delete(product=product, by=request.user)
    except CatalogError as error:
        messages.error(request, error.message)
        return redirect("catalog:product", pk=product.pk)
    messages.success(request, _("The product has been deleted."))
    return redirect("catalog:products")


@login_required
def product_suggestions(request):
    """Up to ten active products for a picker (an htmx fragment)."""
    text = request.GET.get("q", "").strip()
    options = []
    if text:
        found = queries.product_list(user=request.user, filters={"q": text, "active": "1"})
        for product in found[:10]:
            options.append(
                {"value": product.pk, "label": str(product), "detail": product.get_unit_display()}
            )
    empty = _("No product matches.") if text and not options else ""
    return render(request, "web/widgets/picker_options.html", {"options": options, "empty": empty})


# --- Families -----------------------------------------------------------------------------


@login_required
def family_list(request, pk=None):
    """The families as a tree, with a form to add one (or change the one named by pk)."""
    families = queries.family_list(user=request.user)
    family = get_object_or_404(ProductFamily, pk=pk) if pk else None
    can_edit = request.user.has_perm(
        "catalog.change_productfamily" if family else "catalog.add_productfamily"
    )
    form = FamilyForm(request.POST or None, instance=family) if can_edit else None
    if request.method == "POST":
        require(
            request.user, "catalog.change_productfamily" if family else "catalog.add_productfamily"
        )
        if form.is_valid():
            try:
                services.family_save(by=request.user, family=family, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The family has been saved."))
                return redirect("catalog:families")
    return render(
        request,
        "catalog/families.html",
        {"families": families, "form": form, "family": family},
    )
