"""The client base in the API: the screen-pop lookup, search, list, detail, creation,
timeline, consents and imports.

Mounted by comptoir.api.urls; the queries and services check permissions, errors take the
house shape (api/errors.py).
"""

import secrets
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Status, UploadedFile

from comptoir.core.models import Company
from comptoir.core.progress import progress_for, progress_start
from comptoir.core.queries import require
from comptoir.core.schemas import Error
from comptoir.core.tasks import result_file_response
from comptoir.parties import imports, queries, services
from comptoir.parties.models import Address, Email, Organisation, Party, Phone
from comptoir.parties.queries.parties import LIST_FILTERS, ROLES
from comptoir.parties.schemas import (
    AddressAdd,
    AddressOut,
    ConsentIn,
    ConsentOut,
    EmailIn,
    EmailOut,
    ImportStarted,
    ImportStatus,
    InteractionIn,
    InteractionOut,
    ListFilters,
    LookupHit,
    OrganisationIn,
    PartyDetail,
    PartyPage,
    PartyPatch,
    PartySummary,
    PersonIn,
    PhoneIn,
    PhoneOut,
)
from comptoir.parties.search import party_url
from comptoir.parties.tasks import IMPORT_LABEL, parties_import

router = Router(tags=["parties"])


ERRORS = {401: Error, 403: Error}
MAIN_CHANNELS = (
    Prefetch("addresses", queryset=Address.objects.filter(is_default=True), to_attr="main_address"),
    Prefetch("phones", queryset=Phone.objects.filter(is_default=True), to_attr="main_phone"),
    Prefetch("emails", queryset=Email.objects.filter(is_default=True), to_attr="main_email"),
)


def _summary(party: Party) -> dict:
    address = next(iter(party.main_address), None)
    phone = next(iter(party.main_phone), None)
    email = next(iter(party.main_email), None)
    return {
        "id": party.pk,
        "kind": party.kind,
        "name": party.name,
        "city": address.city if address else "",
        "phone": phone.number if phone else "",
        "email": email.address if email else "",
        "url": party_url(party.pk),
    }


def _organisations_of(party: Party) -> list[Organisation]:
    if party.kind != "person":
        return []
    return list(party.person.organisations.all())


def _detail(party: Party) -> dict:
    organisation = party if isinstance(party, Organisation) else None
    person = party if party.kind == "person" else None
    body = {
        "id": party.pk,
        "kind": party.kind,
        "name": party.name,
        "roles": [role for role in ROLES if getattr(party, f"is_{role}")],
        "is_key_account": party.is_key_account,
        "owner": party.owner.username if party.owner else None,
        "language": party.language,
        "preferred_channel": party.preferred_channel,
        "on_do_not_call_list": party.on_do_not_call_list,
        "notes": party.notes,
        "phones": list(party.phones.all()),
        "emails": list(party.emails.all()),
        "addresses": list(party.addresses.all()),
        "last_interaction_at": party.last_interaction_at,
        "created_at": party.created_at,
        "url": party_url(party.pk),
    }
    if organisation is not None:
        for name in ("legal_name", "trade_name", "siren", "siret", "vat_number", "sector"):
            body[name] = getattr(organisation, name)
        body["website"] = organisation.website
        body["country"] = organisation.country
    if person is not None:
        body.update(
            civility=person.civility,
            first_name=person.first_name,
            last_name=person.last_name,
            organisations=[
                {"id": org.pk, "name": org.name} for org in person.organisations.order_by("name")
            ],
        )
    return body


@router.get(
    "/parties/lookup",
    response={200: list[LookupHit], 422: Error, **ERRORS},
    summary="Who is calling (screen-pop)",
)
def parties_lookup(
    request,
    phone: str = Query(..., examples=["04 78 95 02 13"], description="any format, E.164 best"),
):
    """The parties having this number, people and organisations, for the screen of the
    operator who picks up. The number may be typed any way ("04 78 95 02 13", "+33…",
    "0033…"); a national number is read in the company's country. An empty list when nobody
    has it; 422 when it is not a phone number."""
    try:
        found = queries.find_by_phone_for(user=request.auth, number=phone)
    except ValidationError:
        raise ValidationError(
            {
                "phone": _(
                    "“%(number)s” is not a phone number: send it as dialled, or in E.164 "
                    "(+33478950213)."
                )
                % {"number": phone}
            }
        ) from None
    prefetch_related_objects(found, "phones", "emails", "person__organisations")
    return [
        {
            "id": party.pk,
            "kind": party.kind,
            "name": party.name,
            "phones": [p.number for p in party.phones.all()],
            "emails": [e.address for e in party.emails.all()],
            "organisations": [o.name for o in _organisations_of(party)],
            "is_client": party.is_client,
            "is_prospect": party.is_prospect,
            "on_do_not_call_list": party.on_do_not_call_list,
            "url": party_url(party.pk),
        }
        for party in found
    ]


@router.get(
    "/parties/search", response={200: list[PartySummary], **ERRORS}, summary="Search parties"
)
def parties_search(
    request,
    q: str = Query(..., examples=["vercors"], description="name, e-mail, phone, SIREN, city…"),
    limit: int = Query(10, ge=1, le=50),
):
    """Best matches first: an exact SIREN, SIRET, e-mail or phone, then names, trade and
    legal names, e-mails, phones, identifiers and cities; accents and case ignored, the last
    word may be unfinished."""
    require(request.auth, "parties.view_party")
    found = queries.search_parties(user=request.auth, query=q, limit=limit)
    prefetch_related_objects(found, *MAIN_CHANNELS)
    return [_summary(party) for party in found]


@router.get("/parties", response={200: PartyPage, **ERRORS}, summary="List parties")
def parties_list(request, filters: Query[ListFilters]):
    """Parties in name order (or by last interaction, or newest first), filtered; pages are
    keyset-paginated: pass `next_cursor` back as `after`."""
    values = filters.dict()
    found = queries.party_list(
        user=request.auth, filters={k: v for k, v in values.items() if k in LIST_FILTERS}
    )
    page = queries.party_page(
        found, sort=values["sort"], after=values["after"], size=values["limit"]
    )
    return {"items": [_summary(party) for party in page.rows], "next_cursor": page.next_cursor}


@router.get(
    "/parties/{int:party_id}",
    response={200: PartyDetail, 404: Error, **ERRORS},
    summary="A party, with its channels",
)
def parties_get(request, party_id: int):
    return _detail(queries.party_get(user=request.auth, pk=party_id))


@router.post(
    "/organisations",
    response={201: PartyDetail, 422: Error, **ERRORS},
    summary="Create an organisation",
)
def organisations_create(request, payload: OrganisationIn):
    """SIREN, SIRET and VAT numbers are checked and stored compact, the phone in E.164;
    `phone`, `email` and `address` become the main channels."""
    fields = payload.dict()
    channels = {name: fields.pop(name) for name in ("phone", "email", "address")}
    organisation = services.organisation_create(by=request.auth, **channels, **fields)
    return Status(201, _detail(organisation))


@router.post(
    "/people", response={201: PartyDetail, 422: Error, **ERRORS}, summary="Create a person"
)
def people_create(request, payload: PersonIn):
    """A contact or a private customer; with `organisation_id`, the person is added to that
    organisation (with `job_title`)."""
    fields = payload.dict()
    channels = {name: fields.pop(name) for name in ("phone", "email", "address")}
    organisation_id = fields.pop("organisation_id")
    job_title = fields.pop("job_title")
    with transaction.atomic():
        organisation = None
        if organisation_id is not None:
            require(request.auth, "parties.view_party")
            organisation = get_object_or_404(Organisation, pk=organisation_id)
        person = services.person_create(by=request.auth, **channels, **fields)
        if organisation is not None:
            services.affiliation_save(
                by=request.auth, person=person, organisation=organisation, job_title=job_title
            )
    return Status(201, _detail(person))


@router.patch(
    "/parties/{int:party_id}",
    response={200: PartyDetail, 404: Error, 422: Error, **ERRORS},
    summary="Change an organisation or a person",
)
def parties_update(request, party_id: int, payload: PartyPatch):
    """Only the fields sent change (`{"is_client": true}` makes a prospect a client);
    identifiers are checked and normalised as on creation; the change is audited."""
    party = queries.party_get(user=request.auth, pk=party_id)
    fields = payload.dict(exclude_unset=True)
    with transaction.atomic():
        if party.kind == "organisation":
            party = services.organisation_update(by=request.auth, organisation=party, **fields)
        else:
            party = services.person_update(by=request.auth, person=party, **fields)
    return _detail(party)


# Channels: added and removed one by one; the first of a kind becomes the main one, and
# removing the main one promotes the next (the services keep that rule).


def _party_for_change(request, party_id: int) -> Party:
    require(request.auth, "parties.change_party")
    return queries.party_get(user=request.auth, pk=party_id)


@router.post(
    "/parties/{int:party_id}/phones",
    response={201: PhoneOut, 404: Error, 422: Error, **ERRORS},
    summary="Add a phone number",
)
def phones_add(request, party_id: int, payload: PhoneIn):
    """Typed any way; stored in E.164 in the party's country, so the screen-pop finds it."""
    party = _party_for_change(request, party_id)
    return Status(201, services.phone_add(by=request.auth, party=party, **payload.dict()))


@router.post(
    "/parties/{int:party_id}/emails",
    response={201: EmailOut, 404: Error, 422: Error, **ERRORS},
    summary="Add an e-mail address",
)
def emails_add(request, party_id: int, payload: EmailIn):
    party = _party_for_change(request, party_id)
    return Status(201, services.email_add(by=request.auth, party=party, **payload.dict()))


@router.post(
    "/parties/{int:party_id}/addresses",
    response={201: AddressOut, 404: Error, 422: Error, **ERRORS},
    summary="Add a postal address",
)
def addresses_add(request, party_id: int, payload: AddressAdd):
    party = _party_for_change(request, party_id)
    return Status(201, services.address_add(by=request.auth, party=party, **payload.dict()))


# What DELETE /parties/{id}/<channel>/{channel_id} removes, and the service that does it
# (which promotes the next channel of the kind to main one).
CHANNELS = {
    "phones": (Phone, services.phone_delete, "phone"),
    "emails": (Email, services.email_delete, "email"),
    "addresses": (Address, services.address_delete, "address"),
}


@router.delete(
    "/parties/{int:party_id}/{channel}/{int:channel_id}",
    response={204: None, 404: Error, **ERRORS},
    summary="Remove a phone number, an e-mail address or a postal address",
)
def channels_delete(
    request, party_id: int, channel: Literal["phones", "emails", "addresses"], channel_id: int
):
    """`channel` is `phones`, `emails` or `addresses`; `channel_id` the `id` the party's
    detail gives for it. Removing the main one makes the next one main."""
    _party_for_change(request, party_id)
    model, delete, argument = CHANNELS[channel]
    found = get_object_or_404(model, pk=channel_id, party_id=party_id)
    delete(by=request.auth, **{argument: found})
    return Status(204, None)


@router.get(
    "/parties/{party_id}/timeline",
    response={200: list[InteractionOut], 404: Error, **ERRORS},
    summary="Timeline of a party (newest first)",
)
def party_timeline(request, party_id: int, kind: str = "", limit: int = 50):
    party = queries.party_get(user=request.user, pk=party_id)
    entries = queries.timeline(
        user=request.user, party=party, kinds=[kind] if kind else None, limit=min(limit, 200)
    )
    return [
        {
            "id": entry.pk,
            "kind": entry.kind,
            "direction": entry.direction,
            "occurred_at": entry.occurred_at,
            "subject": entry.subject,
            "body": entry.body,
            "by": str(entry.user) if entry.user else None,
            "person": str(entry.via) if entry.via else None,
        }
        for entry in entries
    ]


@router.post(
    "/parties/{party_id}/interactions",
    response={201: InteractionOut, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Record an interaction on a party's timeline",
)
def party_interaction_add(request, party_id: int, payload: InteractionIn):
    party = queries.party_get(user=request.user, pk=party_id)
    entry = services.record_interaction(by=request.user, party=party, **payload.dict())
    return Status(
        201,
        {
            "id": entry.pk,
            "kind": entry.kind,
            "direction": entry.direction,
            "occurred_at": entry.occurred_at,
            "subject": entry.subject,
            "body": entry.body,
            "by": str(request.user),
            "person": None,
        },
    )


@router.get(
    "/parties/{party_id}/consents",
    response={200: list[ConsentOut], 404: Error, **ERRORS},
    summary="Consents in force, per purpose",
)
def party_consents(request, party_id: int):
    party = queries.party_get(user=request.user, pk=party_id)
    return [
        {
            "purpose": purpose,
            "status": consent.status if consent else None,
            "given_at": consent.given_at if consent else None,
            "source": consent.source if consent else "",
        }
        for purpose, consent in services.consent_current(party).items()
    ]


@router.post(
    "/parties/{party_id}/consents",
    response={201: ConsentOut, 400: Error, 404: Error, 422: Error, **ERRORS},
    summary="Record a consent given, refused or withdrawn",
)
def party_consent_add(request, party_id: int, payload: ConsentIn):
    party = queries.party_get(user=request.user, pk=party_id)
    consent = services.consent_record(by=request.user, party=party, **payload.dict())
    return Status(
        201,
        {
            "purpose": consent.purpose,
            "status": consent.status,
            "given_at": consent.given_at,
            "source": consent.source,
        },
    )


# --- Imports ------------------------------------------------------------------------------


def _import_refused(code: str, field: str, messages: list[str]) -> Status:
    return Status(
        400,
        {
            "code": code,
            "message": " ".join(messages),
            "errors": [{"field": field, "message": message} for message in messages],
        },
    )


@router.post(
    "/parties/imports",
    response={202: ImportStarted, 400: Error, 422: Error, **ERRORS},
    summary="Import a file of parties",
    url_name="parties_import_start",
)
def parties_import_start(
    request,
    file: File[UploadedFile],
    mode: Literal["keep-valid", "all-or-nothing"] = Form(
        "keep-valid",
        description="keep-valid: import the valid rows and report the rejected ones; "
        "all-or-nothing: import nothing if a single row is rejected",
    ),
    on_match: Literal["update", "skip"] = Form(
        "update",
        description="rows having the SIREN, e-mail or phone of a known party: complete that "
        "party (empty fields, new phones and e-mails) or skip the row",
    ),
    mapping: str = Form(
        "",
        examples=["Salon de Lyon"],
        description="name of a column mapping template saved from the import page; columns "
        "it does not know, and all of them without it, are recognised by their headers",
    ),
):
    """Checks the file at once, as the import page does, then imports it in the background.

    Send `multipart/form-data` with a CSV (UTF-8 or Windows-1252, `;` or `,`) or XLSX `file`
    whose first line holds the headers (« Raison sociale », « Nom », « Prénom », « SIREN »,
    « Téléphone », « E-mail », « Ville »… or their English names). The answer gives the counts
    of the check and the task to follow at `status_url`, for example:

        curl -H "Authorization: Bearer cpt_…" -F file=@clients.csv -F on_match=skip \\
             https://crm.example.fr/api/v1/parties/imports

    400 with code `import_file` when the file cannot be read (empty, not a table, too large,
    no data), `import_mapping` when the template is unknown or no column holds a name.
    Needs the import permission (administrators)."""
    user = request.auth
    require(user, "parties.import_party")
    template = services.mapping_get(user=user, name=mapping) if mapping.strip() else None
    content = file.read(imports.MAX_BYTES + 1)
    try:
        read = services.import_file_read(
            content,
            file.name or "import.csv",
            template=template,
            default_country=Company.current_country(),
        )
    except imports.ImportFileError as error:
        return _import_refused("import_file", "file", [str(error)])
    if read.problems:
        return _import_refused("import_mapping", "mapping", [str(p) for p in read.problems])
    valid = [row for row in read.rows if row.valid]
    matches = queries.find_matches(valid)
    name = file.name or "import.csv"
    extension = ".xlsx" if name.lower().endswith(".xlsx") else ".csv"
    path = default_storage.save(f"imports/{secrets.token_hex(12)}{extension}", ContentFile(content))
    result = parties_import.enqueue(
        user_id=user.pk,
        path=path,
        filename=name,
        mode=mode,
        on_match=on_match,
        mapping={str(index): field for index, field in read.mapping.items()},
    )
    task_id = str(result.id)
    progress_start(result_id=task_id, label=IMPORT_LABEL, user=user)
    return Status(
        202,
        {
            "task_id": task_id,
            "rows": len(read.rows),
            "valid": len(valid),
            "rejected": len(read.rows) - len(valid),
            "matches": len(matches),
            "mapping": {read.headers[index]: field for index, field in read.mapping.items()},
            "status_url": reverse("api:parties_import_status", args=[task_id]),
            "page_url": reverse("core:task-progress", args=[task_id]),
        },
    )


def _import_progress(request, task_id: str):
    require(request.auth, "parties.import_party")
    progress = progress_for(user=request.auth, result_id=task_id)
    if progress.label != IMPORT_LABEL:
        raise Http404
    return progress


def _import_counts(task_id: str) -> dict | None:
    """What the task returned, when its backend keeps results (the database backend does;
    the immediate one of the tests does not)."""
    try:
        result = parties_import.get_result(task_id)
    except Exception:  # noqa: BLE001 - no result kept, or not yet: the counts are unknown
        return None
    value = getattr(result, "return_value", None) if result.is_finished else None
    return value if isinstance(value, dict) else None


@router.get(
    "/parties/imports/{task_id}",
    response={200: ImportStatus, 404: Error, **ERRORS},
    summary="Progress of an import",
    url_name="parties_import_status",
)
def parties_import_status(request, task_id: str):
    """How far the import has gone: `state` is waiting, running, succeeded or failed; once
    it has succeeded, `message` sums it up, `result` gives the counts and `rejects_url` the
    rejected rows with their reason, if any. Poll every few seconds. Only the person who
    started the import (or whoever may watch every task) sees it; 404 for anyone else."""
    progress = _import_progress(request, task_id)
    over = progress.state == "succeeded"
    return {
        "task_id": progress.result_id,
        "state": progress.state,
        "done": progress.done,
        "total": progress.total,
        "percent": progress.percent,
        "message": progress.message,
        "result": _import_counts(task_id) if over else None,
        "rejects_url": reverse("api:parties_import_rejects", args=[task_id])
        if over and progress.result_url
        else None,
    }


@router.get(
    "/parties/imports/{task_id}/rejects",
    response={404: Error, **ERRORS},
    summary="Rejected rows of an import (CSV)",
    url_name="parties_import_rejects",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The rejected rows: line, reason, then the values read "
                "(`;`-separated, UTF-8 with BOM, for Excel).",
                "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def parties_import_rejects(request, task_id: str):
    """The rows the import refused, each with its reason, ready to correct and send again;
    only for the person who started the import."""
    progress = _import_progress(request, task_id)
    return result_file_response(progress, user=request.auth, content_type="text/csv")
