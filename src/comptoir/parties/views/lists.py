"""The organisations and people lists share everything but their columns: filters, keyset
pages, exports of exactly the filtered rows, bulk actions and saved filters."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from comptoir.core.exports import dated, spreadsheet_response
from comptoir.core.http import render_page
from comptoir.core.models import User
from comptoir.core.queries import require
from comptoir.parties import queries, services
from comptoir.parties.forms.parties import ROLE_CHOICES, BulkForm, SavedFilterForm
from comptoir.parties.models import Party, SavedFilter, Tag

LIST_URL = {"organisation": "parties:organisations", "person": "parties:people"}
TEMPLATE = {"organisation": "parties/party_list.html", "person": "parties/party_list.html"}
SORT_LABELS = {"name": "name", "-last_interaction_at": "last", "-created_at": "created"}


def list_filters(request, kind: str) -> dict:
    filters = {key: request.GET.get(key, "").strip() for key in queries.LIST_FILTERS}
    filters["kind"] = kind
    return filters


def _query_string(filters: dict, **extra) -> str:
    kept = {k: v for k, v in {**filters, **extra}.items() if v}
    return urlencode(kept)


def render_list(request, kind: str):
    filters = list_filters(request, kind)
    found = queries.party_list(user=request.user, filters=filters)
    sort = filters["sort"] if filters["sort"] in queries.SORTS else "name"
    page = queries.party_page(found, sort=sort, after=request.GET.get("after", ""))
    filtered = any(v for k, v in filters.items() if k not in ("kind", "sort"))
    base = reverse(LIST_URL[kind])
    context = {
        "kind": kind,
        "page": page,
        "filters": filters,
        "filtered": filtered,
        "query": _query_string(filters),
        "first_url": f"{base}?{_query_string(filters)}",
        "next_url": (
            f"{base}?{_query_string(filters, after=page.next_cursor)}" if page.next_cursor else ""
        ),
        "sort_urls": {
            label: f"{base}?{_query_string(filters, sort=key)}"
            for key, label in SORT_LABELS.items()
        },
        "sort": sort,
        "roles": ROLE_CHOICES,
        "owners": User.objects.filter(is_active=True).order_by("last_name", "username"),
        "tags": Tag.objects.order_by("name"),
        "saved_filters": queries.saved_filter_list(user=request.user, kind=kind),
        "can_add": request.user.has_perm("parties.add_party"),
        "can_change": request.user.has_perm("parties.change_party"),
        "can_export": request.user.has_perm("parties.export_party"),
        "list_url": base,
    }
    return render_page(request, TEMPLATE[kind], context, partial="rows")


# --- Exports ------------------------------------------------------------------------------


def _export_columns(kind: str):
    common = [
        (_("Name"), lambda p: p.name),
        (_("Roles"), lambda p: ", ".join(str(label) for label in role_labels(p))),
        (_("Key account"), lambda p: _("yes") if p.is_key_account else ""),
        (_("Account manager"), lambda p: str(p.owner) if p.owner else ""),
        (_("Phone"), lambda p: p.main_phone[0].number if p.main_phone else ""),
        (_("E-mail"), lambda p: p.main_email[0].address if p.main_email else ""),
        (_("Address"), lambda p: p.main_address[0].line1 if p.main_address else ""),
        (_("Postal code"), lambda p: p.main_address[0].postal_code if p.main_address else ""),
        (_("City"), lambda p: p.main_address[0].city if p.main_address else ""),
        (_("Tags"), lambda p: ", ".join(t.name for t in p.tags.all())),
    ]
    if kind == "organisation":
        specific = [
            (_("Legal name"), lambda p: p.organisation.legal_name),
            (_("SIREN"), lambda p: p.organisation.siren),
            (_("SIRET"), lambda p: p.organisation.siret),
            (_("VAT number"), lambda p: p.organisation.vat_number),
            (_("Sector"), lambda p: p.organisation.sector),
        ]
    else:
        specific = [
            (_("Last name"), lambda p: p.person.last_name),
            (_("First name"), lambda p: p.person.first_name),
            (
                _("Organisations"),
                lambda p: ", ".join(a.organisation.name for a in p.person.affiliations.all()),
            ),
        ]
    dates = [
        (
            _("Last interaction"),
            lambda p: (
                timezone.localtime(p.last_interaction_at).strftime("%Y-%m-%d %H:%M")
                if p.last_interaction_at
                else ""
            ),
        ),
        (_("Created"), lambda p: timezone.localtime(p.created_at).strftime("%Y-%m-%d")),
    ]
    return [common[0], *specific, *common[1:], *dates]


def role_labels(party: Party) -> list:
    return [label for code, label in ROLE_CHOICES if getattr(party, f"is_{code}")]


def export_rows(request, kind: str):
    filters = list_filters(request, kind)
    found = queries.party_export_list(user=request.user, filters=filters)
    columns = _export_columns(kind)
    yield [str(label) for label, _value in columns]
    for party in found.iterator(chunk_size=1000):
        yield [value(party) for _label, value in columns]


@login_required
def party_export(request, kind: str, fmt: str):
    require(request.user, "parties.export_party")
    return spreadsheet_response(
        export_rows(request, kind),
        fmt=fmt,
        name=dated("organisations" if kind == "organisation" else "personnes"),
        sheet_title=_("Organisations") if kind == "organisation" else _("People"),
    )


# --- Bulk actions ---------------------------------------------------------------------------


def _back(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def party_bulk(request, kind: str):
    require(request.user, "parties.change_party")
    form = BulkForm(request.POST)
    back = _back(request, reverse(LIST_URL[kind]))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(back)
    data = form.cleaned_data
    # Loaded through the list's query: only parties this user may see, of this list's kind.
    chosen = Party.objects.filter(
        pk__in=queries.party_list(user=request.user, filters={"kind": kind})
        .filter(pk__in=data["selected"])
        .values("pk")
    ).order_by("pk")
    try:
        if data["action"] == "owner":
            count = services.parties_bulk_assign_owner(
                by=request.user, parties=chosen, owner=data["owner"]
            )
        elif data["action"] == "tag":
            count = services.parties_bulk_add_tag(by=request.user, parties=chosen, tag=data["tag"])
        else:
            count = services.parties_bulk_set_role(
                by=request.user,
                parties=chosen,
                role=data["role"],
                value=data["action"] == "role_on",
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(back)
    messages.success(request, _("%(count)s record(s) changed.") % {"count": count})
    return redirect(back)


# --- Saved filters ----------------------------------------------------------------------------


@login_required
def saved_filter_save(request, kind: str):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = SavedFilterForm(request.POST)
    query = ""
    if form.is_valid():
        filters = {k: v for k, v in list_filters_from(form.cleaned_data["query"]).items() if v}
        filters["kind"] = kind
        query = urlencode(filters)
        try:
            services.saved_filter_save(by=request.user, name=form.cleaned_data["name"], query=query)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Filter saved."))
    else:
        messages.error(request, _("Give the filter a name."))
    return redirect(f"{reverse(LIST_URL[kind])}?{query}")


def list_filters_from(query: str) -> dict:
    from django.http import QueryDict

    data = QueryDict(query.lstrip("?"))
    return {key: data.get(key, "") for key in queries.LIST_FILTERS if key != "kind"}


@login_required
@require_POST
def saved_filter_delete(request, pk: int):
    saved = get_object_or_404(SavedFilter, pk=pk, user=request.user)
    kind = "person" if "kind=person" in saved.query else "organisation"
    services.saved_filter_delete(by=request.user, saved_filter=saved)
    messages.success(request, _("Filter deleted."))
    return redirect(LIST_URL[kind])
