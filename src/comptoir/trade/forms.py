from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.trade.models import Currency


class ExchangeRateForm(forms.Form):
    currency = forms.ModelChoiceField(Currency.objects.filter(active=True), label=_("Currency"))
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    rate = forms.DecimalField(
        label=_("Rate"),
        min_value=0,
        max_digits=20,
        decimal_places=10,
        help_text=_("Units of this currency for one unit of the company's currency."),
        widget=forms.NumberInput(attrs={"step": "any", "min": "0"}),
    )
