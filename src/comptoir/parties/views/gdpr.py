"""Consent block of a party's page, and the GDPR pages: export (access) and erasure."""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from comptoir.core.http import is_htmx
from comptoir.core.models import Company
from comptoir.core.pdf import render_pdf
from comptoir.core.queries import require
from comptoir.parties import services
from comptoir.parties.choices import ConsentPurpose, ConsentStatus
from comptoir.parties.exceptions import PartyError
from comptoir.parties.models import (
    Address,
    Affiliation,
    Consent,
    Email,
    Interaction,
    Organisation,
    Party,
    Person,
    Phone,
)
from comptoir.parties.views.timeline import CLOCK_SKEW, DATETIME_INPUT, party_page_url

CONSENTS_TEMPLATE = "parties/partials/_consents.html"


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=gettext_lazy("Purpose"), choices=ConsentPurpose.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=ConsentStatus.choices)
    source = forms.CharField(
        label=gettext_lazy("Source"),
        max_length=120,
        help_text=gettext_lazy("Form, call, signed paper…"),
    )
    proof = forms.CharField(
        label=gettext_lazy("Proof"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("What shows it: the form's reference, the call's date…"),
    )
    given_at = forms.DateTimeField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        help_text=gettext_lazy("Leave as is for now."),
    )

    def clean_given_at(self):
        value = self.cleaned_data["given_at"]
        if value and value > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


def _party(request, pk: int) -> Party:
    require(request.user, "parties.view_party")
    return get_object_or_404(Party, pk=pk)


def _consents_context(request, party: Party, form=None) -> dict:
    current = services.consent_current(party)
    rows = [
        {
            "purpose": value,
            "label": label,
            "consent": current[value],
            "may_contact": services.may_contact(party, value),
        }
        for value, label in ConsentPurpose.choices
    ]
    now = timezone.localtime().replace(second=0, microsecond=0)
    return {
        "party": party,
        "consents_loaded": True,
        "rows": rows,
        "history": party.consents.select_related("recorded_by").order_by("-given_at", "-id"),
        "can_change": request.user.has_perm("parties.change_party") and not party.anonymised_at,
        "form": form or ConsentForm(initial={"given_at": now}),
    }


def _back(request, party: Party):
    """Where a form posted without htmx (no JavaScript) goes back to."""
    return redirect(party_page_url(party))


@login_required
@require_GET
def consents_fragment(request, pk: int):
    party = _party(request, pk)
    return render(request, CONSENTS_TEMPLATE, _consents_context(request, party))


@login_required
@require_POST
def consent_add(request, pk: int):
    party = _party(request, pk)
    require(request.user, "parties.change_party")
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_record(by=request.user, party=party, **form.cleaned_data)
        except PartyError as error:
            form.add_error(None, error.message)
        else:
            if not is_htmx(request):
                return _back(request, party)
            form = None
    return render(request, CONSENTS_TEMPLATE, _consents_context(request, party, form))


@login_required
@require_POST
def do_not_call_set(request, pk: int):
    party = _party(request, pk)
    services.party_set_do_not_call(
        by=request.user, party=party, on_list=request.POST.get("on_list") == "1"
    )
    if not is_htmx(request):
        return _back(request, party)
    return render(request, CONSENTS_TEMPLATE, _consents_context(request, party))


# --- Right of access ------------------------------------------------------------------------


def _label(model, name: str) -> str:
    try:
        return str(capfirst(model._meta.get_field(name).verbose_name))
    except Exception:  # computed keys of the export (tags, "by"…)
        return {
            "tags": _("Tags"),
            "by": _("By"),
            "recorded_by": _("Recorded by"),
            "organisation": _("Organisation"),
            "person": _("Person"),
        }.get(name, name)


def _readable(model, name: str, value):
    """The export's raw value as a person reads it: choice labels, dates in local time."""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if not isinstance(value, str) or not value:
        return value
    try:
        field = model._meta.get_field(name)
    except Exception:
        return value
    if field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, models.DateTimeField):
        return formats.date_format(
            timezone.localtime(parse_datetime(value)), "SHORT_DATETIME_FORMAT"
        )
    if isinstance(field, models.DateField):
        return formats.date_format(parse_date(value), "SHORT_DATE_FORMAT")
    return value


def _table(model, items: list[dict], hidden=("id",)) -> dict:
    keys = [key for key in (items[0] if items else {}) if key not in hidden]
    return {
        "headers": [_label(model, key) for key in keys],
        "rows": [[_readable(model, key, item[key]) for key in keys] for item in items],
    }


@login_required
@require_GET
def gdpr_export(request, pk: int):
    """The readable export, with the erasure button for who may erase."""
    party = _party(request, pk)
    context = _export_context(request, party)
    context["can_erase"] = request.user.has_perm("parties.erase_party") and not party.anonymised_at
    return render(request, "parties/gdpr_export.html", context)


@login_required
@require_GET
def gdpr_export_pdf(request, pk: int):
    """The same export as a PDF file, to send to the person who asked for it."""
    party = _party(request, pk)
    context = _export_context(request, party)
    context["company"] = Company.current()
    html = render_to_string("parties/gdpr_export_pdf.html", context, request=request)
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    filename = f"rgpd-{party.pk}-{timezone.localdate():%Y%m%d}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export_context(request, party) -> dict:
    data = services.party_export_personal_data(by=request.user, party=party)
    model = Organisation if party.kind == "organisation" else Person
    fields = [
        (
            _label(model, key) if key != "owner" else _("Account manager"),
            _readable(model, key, value),
        )
        for key, value in data["party"].items()
        if value not in (None, "", [])
    ]
    sections = [
        ("addresses", _("Addresses"), _table(Address, data["addresses"])),
        ("phones", _("Phones"), _table(Phone, data["phones"])),
        ("emails", _("E-mail addresses"), _table(Email, data["emails"])),
        ("consents", _("Consents"), _table(Consent, data["consents"])),
        ("interactions", _("Interactions"), _table(Interaction, data["interactions"])),
        ("affiliations", _("Affiliations"), _table(Affiliation, data["affiliations"])),
    ]
    return {"party": party, "exported_at": timezone.now(), "fields": fields, "sections": sections}


@login_required
@require_GET
def gdpr_export_json(request, pk: int):
    party = _party(request, pk)
    data = services.party_export_personal_data(by=request.user, party=party)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json",
    )
    filename = f"rgpd-{party.pk}-{timezone.localdate():%Y%m%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Right to erasure -----------------------------------------------------------------------


@login_required
@require_POST
def party_erase(request, pk: int):
    """Erase on POST only; the button on the GDPR page asks for confirmation first."""
    party = _party(request, pk)
    try:
        services.party_erase(by=request.user, party=party)
    except PartyError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The party's personal data has been erased."))
    return redirect("parties:gdpr-export", pk=party.pk)
