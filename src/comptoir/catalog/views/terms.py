"""A customer's « Conditions commerciales »: its category, key-account price list, general
discount, payment terms, and its discounts on products and families."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.catalog import queries, services
from comptoir.catalog.forms import DiscountForm, TermsForm
from comptoir.catalog.models import CustomerDiscount
from comptoir.core.forms.errors import add_service_error
from comptoir.core.queries import require
from comptoir.parties import queries as party_queries


@login_required
def customer_terms(request, party_pk):
    party = party_queries.party_get(user=request.user, pk=party_pk)
    terms = queries.customer_terms_for(user=request.user, party=party)
    form = None
    if request.user.has_perm("catalog.change_customerterms"):
        form = _terms_form(party, terms, request.POST or None)
    if request.method == "POST":
        require(request.user, "catalog.change_customerterms")
        if form.is_valid():
            try:
                services.customer_terms_save(party=party, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The commercial terms have been saved."))
                return redirect("catalog:customer-terms", party_pk=party.pk)
    return _terms_page(request, party, terms=terms, form=form)


def _terms_form(party, terms, data=None) -> TermsForm:
    initial = {"payment_terms_days": party.payment_terms_days}
    if terms:
        initial.update(
            category=terms.category,
            price_list=terms.price_list,
            discount_percent=terms.discount_percent,
            notes=terms.notes,
        )
    return TermsForm(data, initial=initial)


def _terms_page(request, party, *, terms, form, discount_form=None, status=200):
    can_change = request.user.has_perm("catalog.change_customerterms")
    if discount_form is None and can_change:
        discount_form = DiscountForm()
    return render(
        request,
        "catalog/customer_terms.html",
        {
            "party": party,
            "terms": terms,
            "form": form,
            "discount_form": discount_form,
            "discounts": queries.customer_discounts_for(user=request.user, party=party),
            "can_change": can_change,
        },
        status=status,
    )


@login_required
@require_POST
def customer_discount_add(request, party_pk):
    """Add a discount; a refused one shows the page again with what was typed and why."""
    party = party_queries.party_get(user=request.user, pk=party_pk)
    require(request.user, "catalog.change_customerterms")
    form = DiscountForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        target = data["target"]
        try:
            services.customer_discount_save(
                party=party, by=request.user, percent=data["percent"], **{target: data[target]}
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The discount has been saved."))
            return redirect("catalog:customer-terms", party_pk=party.pk)
    terms = queries.customer_terms_for(user=request.user, party=party)
    return _terms_page(
        request, party, terms=terms, form=_terms_form(party, terms), discount_form=form, status=400
    )


@login_required
@require_POST
def customer_discount_delete(request, party_pk, pk):
    party = party_queries.party_get(user=request.user, pk=party_pk)
    discount = get_object_or_404(CustomerDiscount, pk=pk, party=party)
    services.customer_discount_delete(discount=discount, by=request.user)
    messages.success(request, _("The discount has been removed."))
    return redirect("catalog:customer-terms", party_pk=party.pk)
