from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import TaxRate


class TaxRateForm(forms.ModelForm):
    class Meta:
        model = TaxRate
        fields = ["country", "code", "label", "rate", "exemption_mention", "is_default", "active"]
        widgets = {
            "code": forms.TextInput(attrs={"placeholder": "fr-20", "spellcheck": "false"}),
            "label": forms.TextInput(attrs={"placeholder": "TVA 20 %"}),
            "rate": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "100"}),
        }
        help_texts = {
            "code": _("A short identifier, unique per country, used by imports and the API."),
            "exemption_mention": _(
                "Printed on documents when the rate is zero, e.g. “TVA non applicable, art. 293 B du CGI”."
            ),
        }

    def _post_clean(self):
        # The model is validated by tax_rate_save(), after the old default is demoted:
        # validating it here would refuse a second default that the service accepts.
        pass
