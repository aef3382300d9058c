"""The timeline fragment of a party's page: filter chips, entries, older ones, quick add."""

import datetime
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from comptoir.core.forms.errors import add_service_error
from comptoir.core.http import is_htmx
from comptoir.core.queries import require
from comptoir.parties import queries, services
from comptoir.parties.choices import InteractionKind
from comptoir.parties.exceptions import PartyError
from comptoir.parties.models import Party

TEMPLATE = "parties/partials/_timeline.html"
PAGE_SIZE = 30
# Bootstrap Icons per kind of interaction.
KIND_ICONS = {
    InteractionKind.CALL: "telephone",
    InteractionKind.EMAIL: "envelope",
    InteractionKind.MEETING: "people",
    InteractionKind.NOTE: "sticky",
    InteractionKind.VISIT: "geo-alt",
    InteractionKind.SAMPLE: "box-seam",
    InteractionKind.MAILING: "mailbox",
    InteractionKind.QUOTE: "file-earmark-text",
    InteractionKind.ORDER: "cart-check",
    InteractionKind.INVOICE: "receipt",
    InteractionKind.PAYMENT: "cash-coin",
    InteractionKind.COMPLAINT: "exclamation-triangle",
    InteractionKind.OTHER: "three-dots",
}
DATETIME_INPUT = "%Y-%m-%dT%H:%M"
# Clocks differ a little between a laptop and the server.
CLOCK_SKEW = datetime.timedelta(minutes=5)


class QuickAddForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        choices=[(kind.value, kind.label) for kind in services.QUICK_KINDS],
        initial=InteractionKind.NOTE,
    )
    subject = forms.CharField(label=gettext_lazy("Subject"), max_length=200)
    body = forms.CharField(
        label=gettext_lazy("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    occurred_at = forms.DateTimeField(
        label=gettext_lazy("Date"),
        required=False,
        input_formats=[DATETIME_INPUT, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        help_text=gettext_lazy("Leave as is for now."),
    )

    def clean_occurred_at(self):
        value = self.cleaned_data["occurred_at"]
        if value and value > timezone.now() + CLOCK_SKEW:
            # The timeline says what happened; what is planned belongs in the agenda.
            raise forms.ValidationError(_("The date cannot be in the future."))
        return value


def _new_form() -> QuickAddForm:
    now = timezone.localtime().replace(second=0, microsecond=0)
    return QuickAddForm(initial={"occurred_at": now})


def _selected_kinds(request) -> list[str]:
    return [kind for kind in request.GET.getlist("kind") if kind in InteractionKind.values]


def _timeline_url(party: Party, **params) -> str:
    url = reverse("parties:timeline", args=[party.pk])
    query = urlencode({k: v for k, v in params.items() if v}, doseq=True)
    return f"{url}?{query}" if query else url


def _context(request, party: Party, *, kinds: list[str], before=None, form=None) -> dict:
    found = queries.timeline(
        user=request.user, party=party, kinds=kinds or None, before=before, limit=PAGE_SIZE + 1
    )
    entries, has_older = found[:PAGE_SIZE], len(found) > PAGE_SIZE
    for entry in entries:
        entry.icon = KIND_ICONS.get(entry.kind, "dot")
        entry.source_url = queries.interaction_source_url(entry)
    older_url = None
    if has_older:
        older_url = _timeline_url(party, kind=kinds, before=queries.timeline_cursor(entries[-1]))
    chips = [
        {
            "value": value,
            "label": label,
            "icon": KIND_ICONS[value],
            "selected": value in kinds,
            "url": _timeline_url(party, kind=[value]),
        }
        for value, label in InteractionKind.choices
    ]
    return {
        "party": party,
        "timeline_loaded": True,
        "entries": entries,
        "older_url": older_url,
        "is_older_page": before is not None,
        "kind_chips": chips,
        "selected_kinds": kinds,
        "all_url": _timeline_url(party),
        "can_add": request.user.has_perm("parties.add_interaction") and not party.anonymised_at,
        "form": form or _new_form(),
    }


def _party(request, pk: int) -> Party:
    # Permission first: someone who may not read the client base learns nothing, not even
    # whether the party exists.
    require(request.user, "parties.view_party")
    return get_object_or_404(Party, pk=pk)


@login_required
@require_GET
def timeline_fragment(request, pk: int):
    """The timeline block; with `before`, only the next older entries (appended by htmx)."""
    party = _party(request, pk)
    before = queries.timeline_cursor_parse(request.GET.get("before"))
    context = _context(request, party, kinds=_selected_kinds(request), before=before)
    if before is not None:
        return render(request, f"{TEMPLATE}#entries", context)
    return render(request, TEMPLATE, context)


def party_page_url(party: Party) -> str:
    try:
        return reverse("parties:party", args=[party.pk])
    except NoReverseMatch:
        return reverse("parties:timeline", args=[party.pk])


@login_required
@require_POST
def interaction_add(request, pk: int):
    """The quick-add form: answers the refreshed timeline (htmx) or goes back to the party."""
    party = _party(request, pk)
    require(request.user, "parties.add_interaction")
    form = QuickAddForm(request.POST)
    if form.is_valid():
        try:
            services.interaction_add_quick(by=request.user, party=party, **form.cleaned_data)
        except PartyError as error:
            add_service_error(form, error)
        else:
            if not is_htmx(request):
                return redirect(party_page_url(party))
            form = None
    return render(request, TEMPLATE, _context(request, party, kinds=[], form=form))
