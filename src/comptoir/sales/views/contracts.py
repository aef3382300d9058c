"""Pages of contracts: the register, a contract with its clauses, items, schedule and
actions, its PDF, and the templates. Thin: parse, call a service or a query, render."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from comptoir.core.attachments import attachment_open
from comptoir.core.exceptions import CoreError
from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.forms.errors import add_service_error
from comptoir.core.http import render_page
from comptoir.core.queries import require
from comptoir.sales import contract_merge
from comptoir.sales.forms.contracts import (
    ClauseForm,
    ContractForm,
    IndexForm,
    LineForm,
    NoticeForm,
    RegisterFilterForm,
    SignForm,
    TemplateClauseForm,
    TemplateForm,
    TerminateForm,
)
from comptoir.sales.models import ContractClause, ContractLine, ContractTemplateClause
from comptoir.sales.queries import contracts as queries
from comptoir.sales.services import contracts as services

SORT_LABELS = {
    "-created_at": gettext_lazy("Newest"),
    "end_date": gettext_lazy("End"),
    "notice_deadline": gettext_lazy("Notice deadline"),
    "number": gettext_lazy("Number"),
    "customer": gettext_lazy("Customer"),
}


def _filters(request) -> dict:
    return {key: request.GET.get(key, "").strip() for key in queries.LIST_FILTERS}


def _error_messages(request, error: Exception) -> None:
    if isinstance(error, ValidationError):
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.error(request, getattr(error, "message", str(error)))


# --- Register -------------------------------------------------------------------------------


@login_required
def contract_list(request):
    filters = _filters(request)
    found = queries.contract_list(user=request.user, filters=filters)
    page = queries.contract_page(found, filters=filters, after=request.GET.get("after", ""))
    today = timezone.localdate()
    rows = [(contract, queries.notice_state(contract, today)) for contract in page.rows]
    kept = {k: v for k, v in filters.items() if v}
    sort = filters["sort"] if filters["sort"] in queries.SORTS else "-created_at"
    base = reverse("sales:contracts")
    context = {
        "page": page,
        "first_url": f"{base}?{urlencode(kept)}",
        "next_url": (
            f"{base}?{urlencode({**kept, 'after': page.next_cursor})}" if page.next_cursor else ""
        ),
        "rows": rows,
        "filters": kept,
        "query": urlencode(kept),
        "filter_form": RegisterFilterForm(request.GET or None),
        "sort": sort,
        "sort_urls": [
            (key, label, "?" + urlencode({**kept, "sort": key}))
            for key, label in SORT_LABELS.items()
        ],
        "can_add": request.user.has_perm("sales.add_contract"),
        "customer_name": rows[0][0].customer.name if filters.get("customer") and rows else "",
    }
    return render_page(request, "sales/contract_list.html", context, partial="rows")


def _export_rows(request):
    columns = [
        (_("Number"), lambda c: c.display_number),
        (_("Customer"), lambda c: c.customer.name),
        (_("Kind"), lambda c: str(c.get_kind_display())),
        (_("Title"), lambda c: c.title),
        (_("Status"), lambda c: str(c.get_status_display())),
        (_("Start"), lambda c: c.start_date.isoformat()),
        (_("End of the current term"), lambda c: c.end_date.isoformat()),
        (_("Tacit renewal"), lambda c: _("yes") if c.tacit_renewal else _("no")),
        (
            _("Notice deadline"),
            lambda c: c.notice_deadline.isoformat() if c.notice_deadline else "",
        ),
        (
            _("Notice given on"),
            lambda c: c.notice_given_on.isoformat() if c.notice_given_on else "",
        ),
        (_("Yearly price excl. tax"), lambda c: c.price),
        (_("Currency"), lambda c: c.currency),
        (_("Billing frequency"), lambda c: str(c.get_billing_frequency_display())),
        (_("Account manager"), lambda c: str(c.owner) if c.owner else ""),
    ]
    yield [str(label) for label, _value in columns]
    for contract in queries.contract_list(user=request.user, filters=_filters(request)).iterator(
        chunk_size=500
    ):
        yield [value(contract) for _label, value in columns]


@login_required
def contract_export(request, fmt: str):
    require(request.user, "sales.view_contract")
    return spreadsheet_response(
        _export_rows(request), fmt=fmt, name=dated("contrats"), sheet_title=_("Contracts")
    )


# --- One contract -----------------------------------------------------------------------------


def _save_form(request, form, save):
    """Run `save` with the form's data; service errors go back on the form. The saved
    contract, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        return save(form)
    except (ValidationError, CoreError) as error:
        add_service_error(form, error)
    return None


@login_required
def contract_create(request):
    require(request.user, "sales.add_contract")
    initial = {"start_date": timezone.localdate(), "owner": request.user.pk}
    if request.GET.get("customer", "").isdigit():
        initial["customer"] = int(request.GET["customer"])
    form = ContractForm(request.POST or None, initial=initial, user=request.user)

    def save(form):
        fields = form.service_fields()
        return services.contract_create(
            by=request.user,
            template=form.cleaned_data.get("template"),
            kind=form.cleaned_data.get("kind") or "",
            **fields,
        )

    contract = _save_form(request, form, save)
    if contract:
        messages.success(request, _("Draft contract created."))
        return redirect("sales:contract-detail", pk=contract.pk)
    return render(request, "sales/contract_form.html", {"form": form, "contract": None})


@login_required
def contract_edit(request, pk: int):
    contract = queries.contract_get(user=request.user, pk=pk)
    require(request.user, "sales.change_contract")
    if not contract.is_draft:
        messages.error(
            request,
            _("Contract %(number)s is signed: it can no longer be changed.")
            % {"number": contract.display_number},
        )
        return redirect("sales:contract-detail", pk=contract.pk)
    form = ContractForm(request.POST or None, instance=contract, creating=False, user=request.user)

    def save(form):
        return services.contract_update(by=request.user, contract=contract, **form.service_fields())

    if _save_form(request, form, save):
        messages.success(request, _("Contract saved."))
        return redirect("sales:contract-detail", pk=contract.pk)
    return render(request, "sales/contract_form.html", {"form": form, "contract": contract})


@login_required
def contract_detail(request, pk: int):
    contract = queries.contract_get(user=request.user, pk=pk)
    today = timezone.localdate()
    can_change = request.user.has_perm("sales.change_contract")
    values = contract_merge.values_for(contract)
    checklist = queries.contract_checklist(contract)
    context = {
        "contract": contract,
        "formula": values["contrat.formule"],
        "index_base": values["contrat.indice_base"],
        "rendered": [
            (clause, contract_merge.render_text(clause.body, values))
            for clause in contract.clauses.all()
        ],
        "checklist": checklist,
        "missing": [item for item in checklist if not item["present"]],
        "clauses": list(contract.clauses.all()),
        "lines": list(contract.lines.all()),
        "schedule": list(contract.schedule.all()),
        "indexations": list(contract.indexations.all()),
        "alerts": list(contract.alerts.all()),
        "notice": queries.notice_state(contract, today),
        "can_change": can_change,
        "editable": can_change and contract.is_draft,
        "active": can_change and contract.status == "active",
        "clause_form": ClauseForm(),
        "line_form": LineForm(),
        "sign_form": SignForm(initial={"signed_on": today}),
        "notice_form": NoticeForm(initial={"given_on": today}),
        "terminate_form": TerminateForm(initial={"on": today}),
        "index_form": IndexForm(initial={"effective_on": today}),
        "merge_fields": contract_merge.merge_field_help(),
    }
    return render(request, "sales/contract_detail.html", context)


def _form_errors(request, form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def _run(request, run, success) -> None:
    """Call the service; say what happened, or why it was refused."""
    try:
        run()
    except (CoreError, ValidationError) as error:
        _error_messages(request, error)
    else:
        messages.success(request, success)


def _contract_action(form_class, service, success):
    """The view of a POSTed action on a contract: parse the form, call the service with
    the contract and the form's data, say what happened, back to the contract."""

    @login_required
    @require_POST
    def view(request, pk: int):
        contract = queries.contract_get(user=request.user, pk=pk)
        form = form_class(request.POST)
        if form.is_valid():
            _run(
                request,
                lambda: service(by=request.user, contract=contract, **form.cleaned_data),
                success,
            )
        else:
            _form_errors(request, form)
        return redirect("sales:contract-detail", pk=pk)

    return view


contract_clause_add = _contract_action(
    ClauseForm, services.contract_clause_add, gettext_lazy("Clause added.")
)
contract_line_add = _contract_action(
    LineForm, services.contract_line_add, gettext_lazy("Covered item added.")
)
contract_sign = _contract_action(
    SignForm,
    services.contract_sign,
    gettext_lazy("Contract signed: its number, billing schedule and PDF are ready."),
)
contract_notice = _contract_action(
    NoticeForm, services.contract_give_notice, gettext_lazy("Notice recorded.")
)
contract_terminate = _contract_action(
    TerminateForm, services.contract_terminate, gettext_lazy("Contract terminated.")
)
contract_index = _contract_action(
    IndexForm, services.contract_index, gettext_lazy("Price revised.")
)


@login_required
@require_POST
def contract_clause_delete(request, pk: int, clause_pk: int):
    contract = queries.contract_get(user=request.user, pk=pk)
    clause = get_object_or_404(ContractClause, pk=clause_pk, contract=contract)
    _run(
        request,
        lambda: services.contract_clause_delete(by=request.user, clause=clause),
        _("Clause removed."),
    )
    return redirect("sales:contract-detail", pk=pk)


@login_required
@require_POST
def contract_line_delete(request, pk: int, line_pk: int):
    contract = queries.contract_get(user=request.user, pk=pk)
    line = get_object_or_404(ContractLine, pk=line_pk, contract=contract)
    _run(
        request,
        lambda: services.contract_line_delete(by=request.user, line=line),
        _("Covered item removed."),
    )
    return redirect("sales:contract-detail", pk=pk)


@login_required
def contract_pdf(request, pk: int):
    """The signed PDF as attached at signature; a draft's PDF made now, marked DRAFT."""
    contract = queries.contract_get(user=request.user, pk=pk)
    name = f"{contract.number or 'contrat-brouillon-' + str(contract.pk)}.pdf"
    if contract.signed_document_id:
        handle = attachment_open(attachment=contract.signed_document, user=request.user)
        return FileResponse(handle, content_type="application/pdf", filename=name)
    response = HttpResponse(services.contract_pdf_bytes(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# --- Templates ---------------------------------------------------------------------------------


@login_required
def template_list(request):
    templates = queries.contract_template_list(user=request.user)
    return render(
        request,
        "sales/contract_template_list.html",
        {
            "templates": templates,
            "can_add": request.user.has_perm("sales.add_contracttemplate"),
        },
    )


def _template_fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in services.TEMPLATE_FIELDS}


@login_required
def template_create(request):
    require(request.user, "sales.add_contracttemplate")
    form = TemplateForm(request.POST or None)
    template = _save_form(
        request,
        form,
        lambda f: services.contract_template_create(by=request.user, **_template_fields(f)),
    )
    if template:
        messages.success(request, _("Template created: add its standard clauses."))
        return redirect("sales:contract-template", pk=template.pk)
    return render(
        request,
        "sales/contract_template_form.html",
        {"form": form, "template": None, "merge_fields": contract_merge.merge_field_help()},
    )


@login_required
def template_detail(request, pk: int):
    template = queries.contract_template_get(user=request.user, pk=pk)
    can_change = request.user.has_perm("sales.change_contracttemplate")
    form = TemplateForm(request.POST or None, instance=template)
    clause_form = TemplateClauseForm(prefix="clause")
    if request.method == "POST":
        require(request.user, "sales.change_contracttemplate")
        saved = _save_form(
            request,
            form,
            lambda f: services.contract_template_update(
                by=request.user, template=template, **_template_fields(f)
            ),
        )
        if saved:
            messages.success(request, _("Template saved."))
            return redirect("sales:contract-template", pk=template.pk)
    return render(
        request,
        "sales/contract_template_form.html",
        {
            "form": form,
            "template": template,
            "clauses": list(template.clauses.all()),
            "clause_form": clause_form,
            "can_change": can_change,
            "merge_fields": contract_merge.merge_field_help(),
        },
    )


@login_required
@require_POST
def template_clause_add(request, pk: int):
    template = queries.contract_template_get(user=request.user, pk=pk)
    form = TemplateClauseForm(request.POST, prefix="clause")
    if form.is_valid():
        _run(
            request,
            lambda: services.contract_template_clause_add(
                by=request.user, template=template, **form.cleaned_data
            ),
            _("Clause added."),
        )
    else:
        _form_errors(request, form)
    return redirect("sales:contract-template", pk=pk)


@login_required
@require_POST
def template_clause_delete(request, pk: int, clause_pk: int):
    template = queries.contract_template_get(user=request.user, pk=pk)
    clause = get_object_or_404(ContractTemplateClause, pk=clause_pk, template=template)
    services.contract_template_clause_delete(by=request.user, clause=clause)
    messages.success(request, _("Clause removed."))
    return redirect("sales:contract-template", pk=pk)


urlpatterns = [
    path("contrats/", contract_list, name="contracts"),
    path("contrats/export.csv", contract_export, {"fmt": "csv"}, name="contracts-csv"),
    path("contrats/export.xlsx", contract_export, {"fmt": "xlsx"}, name="contracts-xlsx"),
    path("contrats/nouveau/", contract_create, name="contract-add"),
    path("contrats/<int:pk>/", contract_detail, name="contract-detail"),
    path("contrats/<int:pk>/modifier/", contract_edit, name="contract-edit"),
    path("contrats/<int:pk>/clauses/", contract_clause_add, name="contract-clause-add"),
    path(
        "contrats/<int:pk>/clauses/<int:clause_pk>/supprimer/",
        contract_clause_delete,
        name="contract-clause-delete",
    ),
    path("contrats/<int:pk>/elements/", contract_line_add, name="contract-line-add"),
    path(
        "contrats/<int:pk>/elements/<int:line_pk>/supprimer/",
        contract_line_delete,
        name="contract-line-delete",
    ),
    path("contrats/<int:pk>/signer/", contract_sign, name="contract-sign"),
    path("contrats/<int:pk>/denoncer/", contract_notice, name="contract-notice"),
    path("contrats/<int:pk>/resilier/", contract_terminate, name="contract-terminate"),
    path("contrats/<int:pk>/reviser/", contract_index, name="contract-index"),
    path("contrats/<int:pk>/pdf/", contract_pdf, name="contract-pdf"),
    path("contrats/modeles/", template_list, name="contract-templates"),
    path("contrats/modeles/nouveau/", template_create, name="contract-template-add"),
    path("contrats/modeles/<int:pk>/", template_detail, name="contract-template"),
    path(
        "contrats/modeles/<int:pk>/clauses/",
        template_clause_add,
        name="contract-template-clause-add",
    ),
    path(
        "contrats/modeles/<int:pk>/clauses/<int:clause_pk>/supprimer/",
        template_clause_delete,
        name="contract-template-clause-delete",
    ),
]
