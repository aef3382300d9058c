"""Forms of contracts and their templates. They parse what was typed; the services decide
(dates, checklist, merge fields) and their errors go back on the form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import User
from comptoir.parties.forms.widgets import PartyPicker
from comptoir.sales.choices import ClauseType, ContractKind, ContractStatus
from comptoir.sales.forms.quotes import limit_customers
from comptoir.sales.models import Contract, ContractTemplate, ContractTemplateClause
from comptoir.sales.services.contracts import CONTRACT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ContractForm(forms.ModelForm):
    """A draft: created from a template (or a kind), then edited until signed."""

    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ContractTemplate.objects.none(),
        required=False,
        empty_label=_("No template (choose the kind)"),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", "—"), *ContractKind.choices], required=False
    )

    class Meta:
        model = Contract
        fields = CONTRACT_FIELDS
        widgets = {
            "customer": PartyPicker(),
            "start_date": DATE,
            "end_date": DATE,
        }
        help_texts = {
            "end_date": _("Empty: one year from the start."),
            "price": _("Excluding tax, per year; shared between the billing periods."),
            "index_fixed_part": _(
                "P1 = P0 × (a + (1 − a) × S1/S0); 0 for the plain formula P1 = P0 × S1/S0."
            ),
        }

    def __init__(self, *args, user, creating: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        limit_customers(self, user=user)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by(
            "last_name", "username"
        )
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Empty: the template's name.")
        self.fields["end_date"].required = False
        self.fields["end_date"].label = _("End")
        if creating:
            self.fields["template"].queryset = ContractTemplate.objects.filter(is_active=True)
            self.order_fields(["template", "kind", *CONTRACT_FIELDS])
        else:
            del self.fields["template"]
            del self.fields["kind"]

    def clean(self):
        data = super().clean()
        if "template" in self.fields and not data.get("template") and not data.get("kind"):
            self.add_error("kind", _("Choose a template or the kind of contract."))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("template", None)
        data.pop("kind", None)
        if not data.get("title"):
            data.pop("title", None)
        return data


class ClauseForm(forms.Form):
    clause_type = forms.ChoiceField(label=_("Clause"), choices=ClauseType.choices)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 4}))


class LineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300)
    equipment = forms.CharField(
        label=_("Equipment (serial number)"), max_length=200, required=False
    )
    site = forms.CharField(label=_("Site"), max_length=200, required=False)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    signatory = forms.CharField(label=_("Customer's signatory"), max_length=120, required=False)


class NoticeForm(forms.Form):
    given_on = forms.DateField(label=_("Notice given on"), widget=DATE)
    note = forms.CharField(label=_("Details"), max_length=200, required=False)


class TerminateForm(forms.Form):
    on = forms.DateField(label=_("Terminated on"), widget=DATE)
    reason = forms.CharField(label=_("Reason"), max_length=200)


class IndexForm(forms.Form):
    index_value = forms.DecimalField(
        label=_("New index value (S1)"), max_digits=12, decimal_places=4, min_value=0
    )
    effective_on = forms.DateField(label=_("Effective on"), widget=DATE)


class RegisterFilterForm(forms.Form):
    """The register's filters, as typed in the query string; invalid values are ignored."""

    q = forms.CharField(label=_("Search"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *ContractKind.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ContractStatus.choices], required=False
    )
    ends_before = forms.DateField(label=_("Ends before"), required=False, widget=DATE)
    notice_before = forms.DateField(label=_("Notice deadline before"), required=False, widget=DATE)


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ContractTemplate
        fields = ("name", "kind", "body", "is_active")
        widgets = {"body": forms.Textarea(attrs={"rows": 10})}


class TemplateClauseForm(forms.ModelForm):
    class Meta:
        model = ContractTemplateClause
        fields = ("clause_type", "title", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
