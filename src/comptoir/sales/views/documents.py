"""What the pages of quotes and orders share: the list's filters and keyset page, creation,
and the htmx lines editor (add, change, remove a line)."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse

from comptoir.core.forms.errors import add_service_error, error_text
from comptoir.core.http import is_htmx
from comptoir.core.models import User
from comptoir.parties.models import Party
from comptoir.sales import queries
from comptoir.sales.exceptions import SalesError
from comptoir.sales.forms.quotes import LineForm
from comptoir.sales.quote_pdf import document_context

# --- Lists --------------------------------------------------------------------------------


def list_context(request, *, filters_names, found, sorts, base_url: str) -> dict:
    filters = {key: request.GET.get(key, "").strip() for key in filters_names}
    sort = filters["sort"] if filters["sort"] in sorts else "-date"
    field, descending = sorts[sort]
    page = queries.keyset_page(
        found, key=field, descending=descending, after=request.GET.get("after", "")
    )

    def url(**extra):
        kept = {k: v for k, v in {**filters, **extra}.items() if v}
        return f"{base_url}?{urlencode(kept)}"

    customer = None
    if filters["customer"].isdigit():
        customer = Party.objects.filter(pk=int(filters["customer"])).only("name").first()
    return {
        "page": page,
        "filters": filters,
        "filtered": any(v for k, v in filters.items() if k != "sort"),
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "first_url": url(),
        "next_url": url(after=page.next_cursor) if page.next_cursor else "",
        "sort": sort,
        "sort_urls": {key.replace("-", "desc_"): url(sort=key) for key in sorts},
        "owners": User.objects.filter(is_active=True).order_by("last_name", "username"),
        "filter_customer": customer,
        "list_url": base_url,
    }


# --- Creation -----------------------------------------------------------------------------


def draft_context(
    request, document, *, name: str, header_form_class, line_form=None, line_errors=None
) -> dict:
    """What the page of a quote or an order (`name`) shows of its header and lines, editable
    while a draft by someone who may change it."""
    user = request.user
    can_change = user.has_perm(f"sales.change_{name}")
    editable = document.is_editable and can_change
    context = document_context(document, queries.document_lines(document))
    context.update(
        {
            name: document,
            "editable": editable,
            "line_form": line_form or LineForm(initial={"kind": "item", "quantity": 1}),
            "line_errors": line_errors or {},
            "line_add_url": reverse(f"sales:{name}-line-add", args=[document.pk]),
            "line_url_name": f"sales:{name}-line",
            "line_remove_url_name": f"sales:{name}-line-remove",
            "tax_rates": LineForm().fields["tax_rate"].queryset,
            "can_change": can_change,
            "can_override": user.has_perm("sales.override_credit_block"),
            "header_form": header_form_class(instance=document, user=user) if editable else None,
            "page_template": f"sales/{name}_detail.html",
        }
    )
    return context


def document_create(request, *, form_class, create, success: str, detail: str, template: str):
    """The creation form, the customer preset from ?client=; `create(customer=…, **fields)`
    writes the document, whose page `detail` (a URL name) is shown next."""
    initial = {}
    client = request.GET.get("client", "")
    if client.isdigit():
        initial["customer"] = int(client)
    form = form_class(request.POST or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        customer = fields.pop("customer")
        try:
            document = create(customer=customer, **fields)
        except (ValidationError, SalesError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(detail, pk=document.pk)
    return render(request, template, {"form": form})


# --- The lines editor ---------------------------------------------------------------------
# `context(request, document, line_form=…, line_errors=…)` builds the document's page context
# (with its "page_template"); `url` is the document's page.


def lines_response(request, context: dict, redirect_to: str, status=200):
    """The lines block (htmx) or the whole page again."""
    if is_htmx(request):
        return render(request, "sales/partials/_document_lines.html", context, status=status)
    if status != 200:
        return render(request, context["page_template"], context, status=status)
    return redirect(redirect_to)


def line_add(request, document, *, add, context, url: str):
    form = LineForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            add(**form.service_fields())
        except (ValidationError, SalesError) as error:
            add_service_error(form, error)
            status = 400
        else:
            form = None
    else:
        status = 400
    document.refresh_from_db()
    page = context(request, document, line_form=form)
    page["focus_new"] = True
    return lines_response(request, page, url, status)


def line_update(request, document, line, *, update, context, url: str):
    form = LineForm(request.POST, prefix=f"l{line.pk}")
    errors, status = {}, 200
    if form.is_valid():
        try:
            update(**form.service_fields())
        except (ValidationError, SalesError) as error:
            errors[line.pk] = error_text(error)
            status = 400
    else:
        errors[line.pk] = " ".join(e for errs in form.errors.values() for e in errs)
        status = 400
    document.refresh_from_db()
    return lines_response(request, context(request, document, line_errors=errors), url, status)


def line_remove(request, document, *, remove, context, url: str):
    remove()
    document.refresh_from_db()
    return lines_response(request, context(request, document), url)
