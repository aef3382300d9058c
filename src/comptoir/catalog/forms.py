"""Forms of the catalog's pages; the services validate again (the API has no form)."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import PriceListKind
from comptoir.catalog.models import (
    CustomerCategory,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.catalog.services import PRICE_LIST_FIELDS, PRODUCT_FIELDS
from comptoir.core.models import TaxRate
from comptoir.parties.forms.widgets import PartyPicker, SearchPicker
from comptoir.parties.models import Party

MONEY = forms.NumberInput(attrs={"step": "0.0001", "min": "0", "inputmode": "decimal"})


class ProductPicker(SearchPicker):
    """Choose a product by typing the start of its reference or a word of its label."""

    def __init__(self, **kwargs):
        kwargs.setdefault("search_url", reverse_lazy("catalog:product-suggestions"))
        kwargs.setdefault("placeholder", _("Reference or label…"))
        super().__init__(**kwargs)


class ServiceValidatedForm(forms.ModelForm):
    """A model form that only parses what was typed: the service validates the model
    (uniqueness whatever the case, cross-field rules) and its errors go back on the form."""

    def _post_clean(self):
        pass


class ProductForm(ServiceValidatedForm):
    class Meta:
        model = Product
        fields = list(PRODUCT_FIELDS)
        widgets = {
            "reference": forms.TextInput(attrs={"spellcheck": "false", "placeholder": "POMP-100"}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "purchase_cost": MONEY,
            "sale_price": MONEY,
        }
        help_texts = {
            "sale_price": _("Excluding tax, per unit; used when no price list names the product."),
        }

    def __init__(self, *args, can_see_margin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not can_see_margin:
            del self.fields["purchase_cost"]
        self.fields["tax_rate"].queryset = TaxRate.objects.filter(active=True)
        self.fields["family"].queryset = ProductFamily.objects.order_by("name")


class FamilyForm(ServiceValidatedForm):
    class Meta:
        model = ProductFamily
        fields = ["name", "parent"]


class PriceListForm(ServiceValidatedForm):
    class Meta:
        model = PriceList
        fields = list(PRICE_LIST_FIELDS)
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }


class PriceListItemForm(ServiceValidatedForm):
    """A row of the inline table of a price list: a product, a threshold, a unit price."""

    class Meta:
        model = PriceListItem
        fields = ["product", "min_quantity", "unit_price"]
        widgets = {
            "min_quantity": forms.NumberInput(attrs={"step": "any", "min": "0"}),
            "unit_price": MONEY,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["product"].widget = ProductPicker()
        self.fields["product"].widget.choices = self.fields["product"].choices


class CategoryForm(ServiceValidatedForm):
    class Meta:
        model = CustomerCategory
        fields = ["name", "description", "price_list"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["price_list"].queryset = PriceList.objects.filter(kind=PriceListKind.CATEGORY)


class TermsForm(forms.Form):
    category = forms.ModelChoiceField(
        CustomerCategory.objects.all(), label=_("Customer category"), required=False
    )
    price_list = forms.ModelChoiceField(
        PriceList.objects.filter(kind=PriceListKind.KEY_ACCOUNT),
        label=_("Key-account price list"),
        required=False,
    )
    discount_percent = forms.DecimalField(
        label=_("General discount (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
        widget=forms.NumberInput(attrs={"step": "0.01"}),
    )
    payment_terms_days = forms.IntegerField(
        label=_("Payment terms (days)"), min_value=0, max_value=365, required=False
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DiscountForm(forms.Form):
    target = forms.ChoiceField(
        label=_("On"), choices=[("product", _("A product")), ("family", _("A family"))]
    )
    product = forms.ModelChoiceField(
        Product.objects.all(), label=_("Product"), required=False, widget=ProductPicker()
    )
    family = forms.ModelChoiceField(ProductFamily.objects.all(), label=_("Family"), required=False)
    percent = forms.DecimalField(
        label=_("Discount (%)"), min_value=0, max_value=100, decimal_places=2
    )

    def clean(self):
        data = super().clean()
        wanted = data.get("target")
        if wanted and not data.get(wanted):
            self.add_error(wanted, _("Choose it."))
        return data


class SimulatorForm(forms.Form):
    customer = forms.ModelChoiceField(
        Party.objects.all(),
        label=_("Customer"),
        required=False,
        widget=PartyPicker(),
        help_text=_("Leave empty for a customer without terms."),
    )
    product = forms.ModelChoiceField(
        Product.objects.all(), label=_("Product"), widget=ProductPicker()
    )
    quantity = forms.DecimalField(
        label=_("Quantity"),
        min_value=0,
        max_digits=12,
        decimal_places=3,
        initial=1,
        widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
    )
    on_date = forms.DateField(
        label=_("On"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
