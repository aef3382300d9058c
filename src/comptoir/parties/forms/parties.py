"""Forms of organisations and people. They only parse what was typed: the services validate
identifiers and channels and return field errors, which the views put back on the form."""

from django import forms
from django.db import models
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Country
from comptoir.core.models import User
from comptoir.parties.choices import ContactRole, EmailLabel, PhoneLabel
from comptoir.parties.forms.widgets import PartyPicker
from comptoir.parties.models import Address, Organisation, Person

ROLE_CHOICES = [
    ("prospect", _("Prospect")),
    ("client", _("Client")),
    ("former_client", _("Former client")),
    ("supplier", _("Supplier")),
    ("partner", _("Partner")),
    ("competitor", _("Competitor")),
]
ROLE_FLAGS = (
    "is_prospect",
    "is_client",
    "is_former_client",
    "is_supplier",
    "is_partner",
    "is_competitor",
    "is_key_account",
)
ORGANISATION_FORM_FIELDS = (
    "legal_name",
    "trade_name",
    "organisation_kind",
    "legal_form",
    "siren",
    "siret",
    "vat_number",
    "ice",
    "ridet",
    "naf_code",
    "sector",
    "headcount_band",
    "website",
    "country",
    "parent",
    *ROLE_FLAGS,
    "owner",
    "source",
    "language",
    "preferred_channel",
    "payment_terms_days",
    "notes",
)
PERSON_FORM_FIELDS = (
    "civility",
    "last_name",
    "first_name",
    "birth_date",
    "socio_professional_category",
    "interests",
    *ROLE_FLAGS,
    "owner",
    "source",
    "language",
    "preferred_channel",
    "preferred_hours",
    "on_do_not_call_list",
    "notes",
)


def _formfield(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # people type "durand.fr"
    return model_field.formfield(**kwargs)


def _owners():
    return User.objects.filter(is_active=True).order_by("last_name", "first_name", "username")


class _FirstChannels(forms.Form):
    """The phone, e-mail and address typed with a new party; at least one is needed."""

    phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    email = forms.CharField(label=_("E-mail"), required=False, max_length=254)
    address_line1 = forms.CharField(label=_("Address"), required=False, max_length=200)
    address_postal_code = forms.CharField(label=_("Postal code"), required=False, max_length=16)
    address_city = forms.CharField(label=_("City"), required=False, max_length=100)
    address_country = forms.ChoiceField(
        label=_("Country"), choices=Country.choices, required=False, initial="FR"
    )

    def channels(self) -> dict:
        data = self.cleaned_data
        return {
            "phone": data.pop("phone", ""),
            "email": data.pop("email", ""),
            "address": {
                "line1": data.pop("address_line1", ""),
                "postal_code": data.pop("address_postal_code", ""),
                "city": data.pop("address_city", ""),
                "country": data.pop("address_country", "") or "",
            },
        }

    def clean(self):
        data = super().clean()
        if self.with_channels:
            has_address = data.get("address_line1") or data.get("address_city")
            if not (data.get("phone") or data.get("email") or has_address):
                raise forms.ValidationError(
                    _("Give at least a phone number, an e-mail address or a postal address.")
                )
            if has_address and not (data.get("address_line1") and data.get("address_city")):
                self.add_error(
                    "address_city" if not data.get("address_city") else "address_line1",
                    _("An address needs its street and its city."),
                )
        return data


class PartyForm(_FirstChannels):
    model = None
    field_names: tuple[str, ...] = ()
    channel_fields = (
        "phone",
        "email",
        "address_line1",
        "address_postal_code",
        "address_city",
        "address_country",
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.with_channels = instance is None
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    name: getattr(instance, f"{name}_id" if name in ("owner", "parent") else name)
                    for name in self.field_names
                },
            )
        super().__init__(*args, **kwargs)
        own = fields_for_model(
            self.model,
            fields=self.field_names,
            formfield_callback=_formfield,
            # Hundreds of thousands of organisations: a search box, not a <select>.
            widgets={
                "parent": PartyPicker(
                    kind="organisation", exclude=instance.pk if instance is not None else None
                )
            },
        )
        if "owner" in own:
            own["owner"].queryset = _owners()
        if "parent" in own:
            parents = Organisation.objects.all()
            if instance is not None:
                parents = parents.exclude(pk=instance.pk)
            own["parent"].queryset = parents
        channels = {name: self.fields[name] for name in self.channel_fields}
        self.fields = {**own, **(channels if self.with_channels else {})}

    def service_fields(self) -> tuple[dict, dict]:
        """(fields of the record, first channels) for the create or update service."""
        channels = self.channels() if self.with_channels else {}
        fields = {name: self.cleaned_data[name] for name in self.field_names}
        return fields, channels


class OrganisationForm(PartyForm):
    model = Organisation
    field_names = ORGANISATION_FORM_FIELDS


class PersonForm(PartyForm):
    model = Person
    field_names = PERSON_FORM_FIELDS


class AddressForm(forms.ModelForm):
    class Meta:
        model = Address
        fields = ("kind", "line1", "line2", "postal_code", "city", "country", "is_default")


class PhoneForm(forms.Form):
    number = forms.CharField(label=_("Number"), max_length=40)
    label = forms.ChoiceField(label=_("Label"), choices=PhoneLabel.choices, initial="office")
    is_default = forms.BooleanField(label=_("Main number"), required=False)


class EmailForm(forms.Form):
    address = forms.CharField(label=_("E-mail"), max_length=254)
    label = forms.ChoiceField(label=_("Label"), choices=EmailLabel.choices, initial="work")
    is_default = forms.BooleanField(label=_("Main address"), required=False)


class AffiliationForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        widget=PartyPicker(kind="organisation"),
    )
    job_title = forms.CharField(label=_("Job title"), required=False, max_length=120)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", "—"), *ContactRole.choices], required=False
    )
    is_primary = forms.BooleanField(label=_("Main contact"), required=False)


class TagsForm(forms.Form):
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=1000,
        help_text=_("Separated by commas."),
    )

    def names(self) -> list[str]:
        return [name.strip() for name in self.cleaned_data["tags"].split(",") if name.strip()]


class BulkForm(forms.Form):
    ACTIONS = [
        ("owner", _("Assign to an account manager")),
        ("tag", _("Add a tag")),
        ("role_on", _("Mark as")),
        ("role_off", _("No longer mark as")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    selected = forms.TypedMultipleChoiceField(
        coerce=int, choices=(), error_messages={"required": _("Tick at least one row.")}
    )
    owner = forms.ModelChoiceField(label=_("Account manager"), queryset=None, required=False)
    tag = forms.CharField(label=_("Tag"), required=False, max_length=60)
    role = forms.ChoiceField(label=_("Role"), choices=ROLE_CHOICES, required=False)
    next = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _owners()
        # The ids are checked by the query that loads them, not against a list of choices.
        self.fields["selected"].valid_value = lambda value: True

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "tag" and not data.get("tag"):
            self.add_error("tag", _("Give the tag to add."))
        if action in ("role_on", "role_off") and not data.get("role"):
            self.add_error("role", _("Choose the role."))
        return data


class SavedFilterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    query = forms.CharField(required=False, max_length=1000)


__all__ = [
    "AddressForm",
    "AffiliationForm",
    "BulkForm",
    "EmailForm",
    "OrganisationForm",
    "PersonForm",
    "PhoneForm",
    "SavedFilterForm",
    "TagsForm",
]
