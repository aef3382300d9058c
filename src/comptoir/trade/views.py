"""Currencies and exchange rates (under Settings), and the Incoterms reference page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from comptoir.core.forms.errors import add_service_error
from comptoir.core.queries import require
from comptoir.trade import queries, services
from comptoir.trade.choices import INCOTERM_RULES
from comptoir.trade.forms import ExchangeRateForm


@login_required
def currency_list(request):
    """Each currency with its latest rate; the form adds a rate; the history below, filtered."""
    currencies = queries.currency_list(user=request.user)
    can_add = request.user.has_perm("trade.add_exchangerate")
    form = None
    if can_add:
        form = ExchangeRateForm(request.POST or None, initial={"date": timezone.localdate()})
    if request.method == "POST":
        require(request.user, "trade.add_exchangerate")
        if form.is_valid():
            try:
                services.exchange_rate_save(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The exchange rate has been saved."))
                return redirect("trade:currencies")
    filters = {"currency": request.GET.get("currency", "")}
    rates = queries.exchange_rate_list(user=request.user, filters=filters)
    page = Paginator(rates, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "trade/currencies.html",
        {
            "currencies": currencies,
            "form": form,
            "page": page,
            "filters": filters,
            "home": queries.company_currency(),
        },
    )


@login_required
def incoterms(request):
    require(request.user, "trade.view_currency")
    return render(request, "trade/incoterms.html", {"rules": INCOTERM_RULES.values()})
