import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import BankAccount, Company

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]

# The time zones where Comptoir's customers are, first; then every other one.
USUAL_TIME_ZONES = [
    "Europe/Paris",
    "Pacific/Noumea",
    "Africa/Casablanca",
    "Africa/Dakar",
    "Africa/Abidjan",
    "Indian/Reunion",
    "Pacific/Tahiti",
    "Europe/Brussels",
    "Europe/Zurich",
]


def time_zone_choices():
    others = sorted(zoneinfo.available_timezones() - set(USUAL_TIME_ZONES))
    return [(tz, tz) for tz in USUAL_TIME_ZONES] + [(tz, tz) for tz in others]


COMPANY_SECTIONS = (
    (
        _("Identity"),
        ("legal_name", "trade_name", "legal_form", "share_capital", "registration"),
    ),
    (_("Identifiers"), ("siren", "siret", "vat_number", "ice", "ridet")),
    (
        _("Address and contact"),
        (
            "address_line1",
            "address_line2",
            "postal_code",
            "city",
            "country",
            "phone",
            "email",
            "website",
        ),
    ),
    (
        _("Accounting and display"),
        ("currency", "fiscal_year_start_month", "time_zone", "language", "logo"),
    ),
)


class CompanyForm(forms.ModelForm):
    """The company profile, in the sections shown on the page."""

    fiscal_year_start_month = forms.TypedChoiceField(
        label=_("Fiscal year starts in"), choices=MONTHS, coerce=int
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    # "exemple.fr" typed alone means https://exemple.fr.
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Company
        fields = [name for _title, names in COMPANY_SECTIONS for name in names]
        widgets = {"logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"})}

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and hasattr(logo, "size") and logo.size > 2 * 1024 * 1024:
            raise forms.ValidationError(_("The logo must weigh less than 2 MB."))
        return logo

    def sections(self):
        return [(title, [self[name] for name in names]) for title, names in COMPANY_SECTIONS]


class BankAccountForm(forms.ModelForm):
    class Meta:
        model = BankAccount
        fields = ["label", "bank_name", "iban", "bic", "is_default"]
        widgets = {
            "iban": forms.TextInput(
                attrs={
                    "placeholder": "FR76 3000 6000 0112 3456 7890 189",
                    "autocomplete": "off",
                    "spellcheck": "false",
                }
            ),
            "bic": forms.TextInput(attrs={"placeholder": "AGRIFRPP", "spellcheck": "false"}),
        }
