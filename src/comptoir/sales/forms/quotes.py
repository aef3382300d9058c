"""Forms of quotes (and the line form orders share). They parse what was typed; the
services check the rules and their errors go back on the form."""

from decimal import Decimal

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import Unit
from comptoir.catalog.models import Product
from comptoir.core.models import TaxRate
from comptoir.parties.exceptions import CUSTOMER_UNAVAILABLE
from comptoir.parties.forms.widgets import PartyPicker, SearchPicker
from comptoir.parties.models import Party
from comptoir.parties.queries import customer_choices
from comptoir.sales.choices import LineKind
from comptoir.sales.models import Quote
from comptoir.trade.choices import Incoterm

# The 11 rules of Incoterms 2020 (ICC).
INCOTERMS = [("", "—"), *Incoterm.choices]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def normalize_rate(form) -> None:
    """1.0000000000 shown as 1, 1.0842000000 as 1.0842."""
    rate = form.initial.get("exchange_rate")
    if isinstance(rate, Decimal):
        form.initial["exchange_rate"] = (
            rate.normalize() + 0 if rate == rate.to_integral() else rate.normalize()
        )


class CustomerField(forms.ModelChoiceField):
    """The customer of a quote or an order; `limit_customers` sets its choices per user."""

    def __init__(self, **kwargs):
        super().__init__(
            label=_("Customer"),
            queryset=Party.objects.none(),
            widget=PartyPicker(),
            **kwargs,
        )


def limit_customers(form, *, user) -> None:
    """The customer field of a sales document offers the parties `customer_choices` gives
    this user; a document keeps the customer it has (keeping is not choosing)."""
    choices = customer_choices(user=user)
    current = getattr(form.instance, "customer_id", None)
    if current:
        choices = choices | Party.objects.filter(pk=current)
    field = form.fields["customer"]
    field.queryset = choices
    field.error_messages["invalid_choice"] = CUSTOMER_UNAVAILABLE


class QuoteForm(forms.ModelForm):
    customer = CustomerField()
    incoterm = forms.ChoiceField(label=_("Incoterm"), choices=INCOTERMS, required=False)
    exchange_rate = forms.DecimalField(
        label=_("Exchange rate"),
        required=False,
        max_digits=20,
        decimal_places=10,
        help_text=_("Per unit of the company's currency; empty: the rate of the day."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        limit_customers(self, user=user)
        normalize_rate(self)

    class Meta:
        model = Quote
        fields = (
            "customer",
            "title",
            "valid_until",
            "currency",
            "exchange_rate",
            "incoterm",
            "incoterm_place",
            "discount_percent",
            "payment_terms",
            "notes",
        )
        widgets = {"valid_until": DATE, "notes": forms.Textarea(attrs={"rows": 3})}


class TypedDecimalField(forms.DecimalField):
    """A number as people type it: « 1 250,50 » or « 1250.50 » (spaces and a decimal comma)."""

    def to_python(self, value):
        if isinstance(value, str):
            for space in (" ", "\u00a0", "\u202f"):
                value = value.replace(space, "")
            value = value.replace(",", ".")
        return super().to_python(value)


def tax_rate_choices():
    return TaxRate.objects.filter(active=True).order_by("country", "-rate", "code")


class LineForm(forms.Form):
    """One line as typed in the lines table (a new line or a change to one)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=LineKind.choices, initial=LineKind.ITEM)
    # Thousands of products: a search box; its price comes from the catalog (price_for).
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.filter(active=True),
        required=False,
        widget=SearchPicker(
            search_url=reverse_lazy("sales:product-suggestions"),
            placeholder=_("Reference or name…"),
        ),
    )
    label = forms.CharField(label=_("Designation"), max_length=300, required=False)
    description = forms.CharField(label=_("Description"), required=False)
    quantity = TypedDecimalField(
        label=_("Quantity"), max_digits=14, decimal_places=3, required=False, initial=Decimal(1)
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=[("", "—"), *Unit.choices], required=False)
    unit_price = TypedDecimalField(
        label=_("Unit price excl. tax"), max_digits=16, decimal_places=4, required=False
    )
    discount_percent = TypedDecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, required=False
    )
    tax_rate = forms.ModelChoiceField(
        label=_("Tax rate"), queryset=TaxRate.objects.none(), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tax_rate"].queryset = tax_rate_choices()

    def service_fields(self) -> dict:
        """What the service takes; a change to an existing line sends only what was posted
        (the row has no description box: its description stays)."""
        data = {
            name: value
            for name, value in self.cleaned_data.items()
            if self.add_prefix(name) in self.data or name in ("kind",)
        }
        if data.get("kind") != "item":
            return data
        if data.get("product") is not None:
            # What is left empty comes from the catalog.
            data["quantity"] = data.get("quantity") or Decimal(1)
            return data
        data.pop("product", None)
        data.setdefault("quantity", None)
        data.setdefault("unit_price", None)
        data["quantity"] = data["quantity"] if data["quantity"] is not None else Decimal(1)
        data["unit_price"] = data["unit_price"] if data["unit_price"] is not None else Decimal(0)
        data["discount_percent"] = data.get("discount_percent") or Decimal(0)
        return data


class SendForm(forms.Form):
    to = forms.EmailField(label=_("Send to"))
    message = forms.CharField(
        label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AcceptForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("Your e-mail"))
    agree = forms.BooleanField(
        label=_("I have read the quote and accept it, with its terms."), required=True
    )


class RefuseForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("Reason (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
