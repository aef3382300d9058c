"""Organisations, and the 360° page every party (organisation or person) shares, with its
channels and tags."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.forms.errors import add_service_error
from comptoir.core.identifiers import format_phone
from comptoir.core.queries import require
from comptoir.parties import queries, services
from comptoir.parties.forms.parties import (
    AddressForm,
    AffiliationForm,
    EmailForm,
    OrganisationForm,
    PhoneForm,
    TagsForm,
)
from comptoir.parties.links import links_for
from comptoir.parties.models import Address, Affiliation, Email, Organisation, Phone
from comptoir.parties.normalize import fold
from comptoir.parties.views.lists import render_list, role_labels


@login_required
def organisation_list(request):
    return render_list(request, "organisation")


def save_party_form(request, form, *, create, update, instance=None):
    """Run the service with what the form parsed; its field errors go back on the form,
    which keeps everything typed. Returns the saved party, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    fields, channels = form.service_fields()
    try:
        with transaction.atomic():
            if instance is None:
                return create(by=request.user, **channels, **fields)
            return update(by=request.user, **fields)
    except ValidationError as error:
        add_service_error(form, error)
    return None


@login_required
def organisation_create(request):
    require(request.user, "parties.add_party")
    form = OrganisationForm(request.POST or None)
    saved = save_party_form(
        request, form, create=services.organisation_create, update=services.organisation_update
    )
    if saved:
        messages.success(
            request, _("The organisation %(name)s has been created.") % {"name": saved}
        )
        return redirect("parties:party", pk=saved.pk)
    return render(request, "parties/party_form.html", {"form": form, "kind": "organisation"})


@login_required
def organisation_edit(request, pk):
    organisation = queries.party_get(user=request.user, pk=pk)
    if not isinstance(organisation, Organisation):
        raise Http404
    require(request.user, "parties.change_party")
    form = OrganisationForm(request.POST or None, instance=organisation)

    def update(*, by, **fields):
        return services.organisation_update(by=by, organisation=organisation, **fields)

    saved = save_party_form(request, form, create=None, update=update, instance=organisation)
    if saved:
        messages.success(request, _("The organisation %(name)s has been saved.") % {"name": saved})
        return redirect("parties:party", pk=saved.pk)
    return render(
        request,
        "parties/party_form.html",
        {"form": form, "kind": "organisation", "party": organisation},
    )


# --- The search pickers' suggestions (parties/forms/widgets.py) -------------------------------


@login_required
def party_suggestions(request):
    """Up to ten parties for a search picker, as its list of options (an htmx fragment)."""
    require(request.user, "parties.view_party")
    text = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in ("organisation", "person") else ""
    exclude = request.GET.get("exclude", "")
    options = []
    for party in queries.party_suggestions(
        user=request.user,
        text=text,
        kind=kind,
        exclude=int(exclude) if exclude.isdigit() else None,
    ):
        details = [party.main[0].city] if party.main else []
        if party.kind == "organisation" and party.organisation.siren:
            details.append(f"SIREN {party.organisation.siren}")
        options.append({"value": party.pk, "label": party.name, "detail": " · ".join(details)})
    empty = ""
    if fold(text) and not options:
        empty = _("No organisation matches.") if kind == "organisation" else _("Nobody matches.")
    return render(request, "web/widgets/picker_options.html", {"options": options, "empty": empty})


# --- The 360° page ----------------------------------------------------------------------------


@login_required
def party_detail(request, pk):
    party = queries.party_get(user=request.user, pk=pk)
    region = queries.default_region()
    phones = list(party.phones.all())
    for phone in phones:
        phone.display = format_phone(phone.number, region=region)
    context = {
        "party": party,
        "is_organisation": isinstance(party, Organisation),
        "roles": role_labels(party),
        "addresses": list(party.addresses.all()),
        "phones": phones,
        "emails": list(party.emails.all()),
        "tags": list(party.tags.all()),
        "can_change": request.user.has_perm("parties.change_party"),
        "links": links_for(user=request.user, party=party),
        "address_form": AddressForm(initial={"country": region}),
        "phone_form": PhoneForm(),
        "email_form": EmailForm(),
        "tags_form": TagsForm(initial={"tags": ", ".join(t.name for t in party.tags.all())}),
    }
    if context["is_organisation"]:
        context["affiliations"] = party.affiliations.select_related("person").order_by(
            "-is_primary", "person__name_folded"
        )
        context["group"] = queries.organisation_group_tree(user=request.user, organisation=party)
    else:
        context["affiliations"] = party.affiliations.select_related("organisation").order_by(
            "-is_primary", "organisation__name_folded"
        )
        context["affiliation_form"] = AffiliationForm()
    return render(request, "parties/party_detail.html", context)


CHANNEL_FORMS = {"address": AddressForm, "phone": PhoneForm, "email": EmailForm}
CHANNEL_ADD = {
    "address": services.address_add,
    "phone": services.phone_add,
    "email": services.email_add,
}


@login_required
@require_POST
def channel_add(request, pk, channel):
    party = queries.party_get(user=request.user, pk=pk)
    form = CHANNEL_FORMS[channel](request.POST)
    if form.is_valid():
        try:
            CHANNEL_ADD[channel](by=request.user, party=party, **form.cleaned_data)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("parties:party", pk=party.pk)


CHANNEL_DELETE = {
    "address": (Address, services.address_delete, "address"),
    "phone": (Phone, services.phone_delete, "phone"),
    "email": (Email, services.email_delete, "email"),
}


@login_required
@require_POST
def channel_delete(request, pk, channel, channel_pk):
    party = queries.party_get(user=request.user, pk=pk)
    model, delete, argument = CHANNEL_DELETE[channel]
    found = get_object_or_404(model, pk=channel_pk, party_id=party.pk)
    delete(by=request.user, **{argument: found})
    messages.success(request, _("Deleted."))
    return redirect("parties:party", pk=party.pk)


@login_required
@require_POST
def party_tags(request, pk):
    party = queries.party_get(user=request.user, pk=pk)
    form = TagsForm(request.POST)
    if form.is_valid():
        try:
            services.party_set_tags(by=request.user, party=party, names=form.names())
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Tags saved."))
    return redirect("parties:party", pk=party.pk)


@login_required
@require_POST
def affiliation_delete(request, pk, affiliation_pk):
    party = queries.party_get(user=request.user, pk=pk)
    found = get_object_or_404(
        Affiliation.objects.filter(person_id=party.pk)
        | Affiliation.objects.filter(organisation_id=party.pk),
        pk=affiliation_pk,
    )
    services.affiliation_delete(by=request.user, affiliation=found)
    messages.success(request, _("Deleted."))
    return redirect("parties:party", pk=party.pk)
