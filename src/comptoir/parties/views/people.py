"""People: private customers and the contacts of organisations."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.queries import require
from comptoir.parties import queries, services
from comptoir.parties.forms.parties import AffiliationForm, PersonForm
from comptoir.parties.models import Person
from comptoir.parties.views.lists import render_list
from comptoir.parties.views.organisations import save_party_form


@login_required
def person_list(request):
    return render_list(request, "person")


@login_required
def person_create(request):
    require(request.user, "parties.add_party")
    form = PersonForm(request.POST or None)
    saved = save_party_form(request, form, create=services.person_create, update=None)
    if saved:
        messages.success(request, _("%(name)s has been created.") % {"name": saved})
        return redirect("parties:party", pk=saved.pk)
    return render(request, "parties/party_form.html", {"form": form, "kind": "person"})


@login_required
def person_edit(request, pk):
    person = queries.party_get(user=request.user, pk=pk)
    if not isinstance(person, Person):
        raise Http404
    require(request.user, "parties.change_party")
    form = PersonForm(request.POST or None, instance=person)

    def update(*, by, **fields):
        return services.person_update(by=by, person=person, **fields)

    saved = save_party_form(request, form, create=None, update=update, instance=person)
    if saved:
        messages.success(request, _("%(name)s has been saved.") % {"name": saved})
        return redirect("parties:party", pk=saved.pk)
    return render(
        request, "parties/party_form.html", {"form": form, "kind": "person", "party": person}
    )


@login_required
@require_POST
def affiliation_add(request, pk):
    person = queries.party_get(user=request.user, pk=pk)
    if not isinstance(person, Person):
        raise Http404
    form = AffiliationForm(request.POST)
    if form.is_valid():
        try:
            services.affiliation_save(by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("parties:party", pk=person.pk)
