"""Forms of orders."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.sales.forms.quotes import (
    DATE,
    INCOTERMS,
    CustomerField,
    QuoteForm,
    limit_customers,
    normalize_rate,
)
from comptoir.sales.models import Order


class OrderForm(forms.ModelForm):
    customer = CustomerField()
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=INCOTERMS, required=False)
    exchange_rate = QuoteForm.base_fields["exchange_rate"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_customers(self, user=user)
        normalize_rate(self)

    class Meta:
        model = Order
        fields = (
            "customer",
            "customer_reference",
            "order_date",
            "requested_delivery_date",
            "delivery_address",
            "currency",
            "exchange_rate",
            "incoterm",
            "incoterm_place",
            "discount_percent",
            "payment_terms",
            "notes",
        )
        widgets = {
            "order_date": DATE,
            "requested_delivery_date": DATE,
            "delivery_address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ToOrderForm(forms.Form):
    customer_reference = forms.CharField(
        label=_("Customer's purchase order"), max_length=60, required=False
    )
    override = forms.BooleanField(label=_("Confirm despite a credit block"), required=False)
