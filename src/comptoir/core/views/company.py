import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core import queries, services
from comptoir.core.exceptions import CoreError
from comptoir.core.forms.company import BankAccountForm, CompanyForm
from comptoir.core.forms.errors import add_service_error


@login_required
def company_detail(request):
    company = queries.company_for(user=request.user)
    return render(
        request,
        "core/company_detail.html",
        {
            "company": company,
            "form": CompanyForm(instance=company) if company else None,
            "bank_accounts": company.bank_accounts.all() if company else [],
            "can_edit": request.user.has_perm("core.change_company"),
        },
    )


@login_required
def company_logo(request):
    # Uploaded files are never served as public media: the logo goes through this view too.
    company = queries.company_for(user=request.user)
    if not company or not company.logo:
        raise Http404
    content_type, _encoding = mimetypes.guess_type(company.logo.name)
    return FileResponse(company.logo.open("rb"), content_type=content_type or "image/png")


@login_required
def company_edit(request):
    company = queries.company_for(user=request.user, permission="core.change_company")
    form = CompanyForm(request.POST or None, request.FILES or None, instance=company)
    if request.method == "POST" and form.is_valid():
        try:
            fields = dict(form.cleaned_data)
            fields["logo"] = fields["logo"] or ""  # False when "clear" is ticked
            services.company_update(by=request.user, **fields)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The company profile has been saved."))
            return redirect("core:company")
    return render(request, "core/company_form.html", {"form": form, "company": company})


@login_required
def bank_account_list(request):
    accounts = queries.bank_accounts_for(user=request.user)
    return render(
        request,
        "core/bank_accounts.html",
        {
            "accounts": accounts,
            "can_add": request.user.has_perm("core.add_bankaccount"),
            "can_change": request.user.has_perm("core.change_bankaccount"),
            "can_delete": request.user.has_perm("core.delete_bankaccount"),
        },
    )


@login_required
def bank_account_edit(request, pk=None):
    account = None
    if pk is not None:
        account = get_object_or_404(queries.bank_accounts_for(user=request.user), pk=pk)
    permission = "core.change_bankaccount" if account else "core.add_bankaccount"
    queries.require(request.user, permission)
    form = BankAccountForm(request.POST or None, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.bank_account_save(by=request.user, account=account, **form.cleaned_data)
        except (ValidationError, CoreError) as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The bank account has been saved."))
            return redirect("core:bank-accounts")
    return render(request, "core/bank_account_form.html", {"form": form, "account": account})


@login_required
@require_POST
def bank_account_delete(request, pk):
    account = get_object_or_404(queries.bank_accounts_for(user=request.user), pk=pk)
    services.bank_account_delete(by=request.user, account=account)
    messages.success(
        request, _("The bank account %(label)s has been deleted.") % {"label": account.label}
    )
    return redirect("core:bank-accounts")
