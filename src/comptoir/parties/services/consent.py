"""Consent, and the GDPR rights of the people in the client base: access (export) and erasure,
including the erasure of prospects nobody has dealt with for three years."""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from comptoir.core import audit
from comptoir.core.audit import acting_as
from comptoir.core.choices import AuditAction
from comptoir.core.models import AuditEntry
from comptoir.core.queries import require
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

__all__ = [
    "PROSPECT_REVIEW_GRACE",
    "PROSPECT_STALE_AFTER",
    "consent_current",
    "consent_record",
    "may_contact",
    "party_erase",
    "party_export_personal_data",
    "party_set_do_not_call",
    "prospects_erase_unreviewed",
    "prospects_flag_stale",
]

# --- Consent ------------------------------------------------------------------------------


def consent_record(
    *,
    by,
    party: Party,
    purpose: str,
    status: str,
    source: str,
    proof: str = "",
    given_at: datetime.datetime | None = None,
) -> Consent:
    """Record a consent given, refused or withdrawn, as a new row: earlier rows stay, since
    the GDPR (art. 7.1) asks us to show what was agreed and when.

    `by` None is the system (an unsubscribe link, an import), which checks nothing; a person
    needs `parties.change_party`.
    """
    if by is not None:
        require(by, "parties.change_party")
    if purpose not in ConsentPurpose.values:
        raise PartyError(_("Unknown consent purpose: %(purpose)s.") % {"purpose": purpose})
    if status not in ConsentStatus.values:
        raise PartyError(_("Unknown consent status: %(status)s.") % {"status": status})
    source = (source or "").strip()
    if not source:
        raise PartyError(_("Say where the consent comes from (form, call, signed paper…)."))
    if party.anonymised_at:
        raise PartyError(_("This party's data has been erased."))
    with transaction.atomic(), acting_as(by):
        return Consent.objects.create(
            party=party,
            purpose=purpose,
            status=status,
            source=source[:120],
            proof=proof or "",
            given_at=given_at or timezone.now(),
            recorded_by=by,
        )


def consent_current(party: Party) -> dict[str, Consent | None]:
    """The consent in force for each purpose (the latest by date), None where nothing was said."""
    current: dict[str, Consent | None] = dict.fromkeys(ConsentPurpose.values)
    for consent in party.consents.select_related("recorded_by").order_by("-given_at", "-id"):
        if current[consent.purpose] is None:
            current[consent.purpose] = consent
    return current


def party_set_do_not_call(*, by, party: Party, on_list: bool) -> Party:
    """Mark whether the party's number is on the do-not-call list (Bloctel in France); needs
    `parties.change_party`. Saved through the model, so the change is audited."""
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        party.on_do_not_call_list = bool(on_list)
        party.save(update_fields=["on_do_not_call_list", "updated_at"])
    return party


def _is_private_person(party: Party) -> bool:
    return party.kind == "person" and not Affiliation.objects.filter(person_id=party.pk).exists()


def may_contact(party: Party, channel_purpose: str) -> bool:
    """May we canvass this party for this purpose (a ConsentPurpose)? French rules:

    - a refusal or a withdrawal in force always wins: False;
    - an erased party is never contacted;
    - phone canvassing: allowed unless objected (opt-out), but never to a number on the
      do-not-call list (Bloctel, Code de la consommation L223-1);
    - e-mail and SMS marketing (CPCE L34-5): to a business, that is an organisation or a
      person in their role at an organisation, opt-out: allowed unless refused, as the CNIL
      admits for messages about the recipient's trade; to a private person (a person with no
      organisation) opt-in: allowed only once consent is granted;
    - postal mailings: opt-out, allowed unless refused.
    """
    if channel_purpose not in ConsentPurpose.values:
        raise PartyError(_("Unknown consent purpose: %(purpose)s.") % {"purpose": channel_purpose})
    if party.anonymised_at:
        return False
    latest = consent_current(party)[channel_purpose]
    if latest is not None and latest.status != ConsentStatus.GRANTED:
        return False
    if channel_purpose == ConsentPurpose.PHONE_CANVASSING and party.on_do_not_call_list:
        return False
    opt_in = channel_purpose in (ConsentPurpose.EMAIL_MARKETING, ConsentPurpose.SMS)
    if opt_in and _is_private_person(party):
        return latest is not None  # only a consent granted and in force
    return True


# --- Right of access: everything we hold about a party ------------------------------------


def _values(instance, exclude=()) -> dict:
    data = {}
    for field in instance._meta.concrete_fields:
        if field.name in exclude or field.name.endswith("_ptr") or field.name == "name_folded":
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, datetime.datetime | datetime.date):
            value = value.isoformat()
        elif value is not None and not isinstance(value, bool | int | str | float):
            value = str(value)
        data[field.name] = value
    return data


def _specific(party: Party) -> Party:
    """The Organisation or Person behind a Party row."""
    model = Organisation if party.kind == "organisation" else Person
    if isinstance(party, model):
        return party
    return model.objects.filter(pk=party.pk).first() or party


def party_export_personal_data(*, by, party: Party) -> dict:
    """Everything Comptoir holds about a party, for a GDPR access request (art. 15): its
    fields, channels, consents with their history, timeline and affiliations.

    Needs `parties.export_party`; the export is written to the audit trail, since handing
    out someone's data is an event the company must be able to account for.
    """
    require(by, "parties.export_party")
    party = _specific(party)
    if party.kind == "person":
        affiliations = [
            {
                "organisation": a.organisation.name,
                "organisation_id": a.organisation_id,
                "job_title": a.job_title,
                "role": a.role,
                "is_primary": a.is_primary,
            }
            for a in Affiliation.objects.filter(person_id=party.pk).select_related("organisation")
        ]
    else:
        affiliations = [
            {
                "person": a.person.name,
                "person_id": a.person_id,
                "job_title": a.job_title,
                "role": a.role,
                "is_primary": a.is_primary,
            }
            for a in Affiliation.objects.filter(organisation_id=party.pk).select_related("person")
        ]
    data = {
        "exported_at": timezone.now().isoformat(),
        "party": {
            **_values(party),
            "owner": str(party.owner) if party.owner_id else None,
            "tags": [tag.name for tag in party.tags.all()],
        },
        "addresses": [_values(a, exclude=("party", "city_folded")) for a in party.addresses.all()],
        "phones": [_values(p, exclude=("party",)) for p in party.phones.all()],
        "emails": [_values(e, exclude=("party",)) for e in party.emails.all()],
        "consents": [
            {
                **_values(c, exclude=("party", "recorded_by")),
                "recorded_by": str(c.recorded_by or ""),
            }
            for c in party.consents.select_related("recorded_by").order_by("given_at", "id")
        ],
        "interactions": [
            {**_values(i, exclude=("party", "user")), "by": str(i.user or "")}
            for i in party.interactions.select_related("user").order_by("occurred_at", "id")
        ],
        "affiliations": affiliations,
    }
    with acting_as(by):
        audit.record(party, AuditAction.UPDATE, {"gdpr_export": [None, str(by)]})
    return data


# --- Right to erasure ---------------------------------------------------------------------


def anonymised_name(pk) -> str:
    # Written in the company's language whoever erases, so every erased party reads the same.
    with translation.override(settings.LANGUAGE_CODE):
        return _("Anonymised %(id)s") % {"id": pk}


def _trail_keys(party: Party) -> list[tuple[type, object]]:
    """The records whose audit trail holds this party's personal data."""
    keys: list[tuple[type, object]] = [(type(party), party.pk), (Party, party.pk)]
    for model, found in (
        (Address, party.addresses.all()),
        (Phone, party.phones.all()),
        (Email, party.emails.all()),
        (Consent, party.consents.all()),
        (
            Affiliation,
            Affiliation.objects.filter(Q(person_id=party.pk) | Q(organisation_id=party.pk)),
        ),
    ):
        keys += [(model, pk) for pk in found.values_list("pk", flat=True)]
    return keys


def _scrub_trail(keys: list[tuple[type, object]], name: str) -> None:
    """Keep the trail's entries (who did what, when) but drop the erased values: old names,
    addresses and numbers, in the entries' changes and in the record's label."""
    by_type: dict[int, list[str]] = {}
    for model, pk in keys:
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        by_type.setdefault(content_type.pk, []).append(str(pk))
    for content_type_id, ids in by_type.items():
        AuditEntry.objects.filter(content_type_id=content_type_id, object_id__in=ids).update(
            object_repr=name, changes={}
        )


def _erase(party: Party, *, by) -> Party:
    party = _specific(party)
    now = timezone.now()
    name = anonymised_name(party.pk)
    keys = _trail_keys(party)
    with acting_as(by):
        party.addresses.all().delete()
        party.phones.all().delete()
        party.emails.all().delete()
        # A person leaves the organisations' contact lists; an organisation keeps its people,
        # who have rights of their own.
        Affiliation.objects.filter(person_id=party.pk).delete()
        party.tags.clear()
        party.name = name
        party.notes = ""
        party.preferred_hours = ""
        if isinstance(party, Person):
            party.civility = ""
            party.first_name = ""
            party.last_name = name
            party.birth_date = None
            party.household_size = None
            party.children = None
            party.socio_professional_category = ""
            party.interests = ""
        else:
            # A sole trader's SIREN identifies a person as surely as a name does.
            party.legal_name = name
            party.trade_name = ""
            for field in ("siren", "siret", "vat_number", "ice", "ridet", "website"):
                setattr(party, field, "")
            party.revenue = None
        party.review_requested_at = None
        party.anonymised_at = now
        party.save()
        # Consents stay as the proof that we asked, without the proof's personal details;
        # interactions stay, because other apps' documents (invoices, payments) point at them.
        Consent.objects.filter(party=party).update(proof="")
        Interaction.objects.filter(party=party).update(body="")
        for kind, label in Interaction._meta.get_field("kind").choices:
            # A hand-written subject may name the person ("Call with Mr Martin"); a
            # document's subject ("Invoice FA-2026-0012") stays for the accounting trail.
            Interaction.objects.filter(party=party, kind=kind, source_app="").update(
                subject=str(label)
            )
        # The entries just written by the save and deletes above carry the old values too.
        _scrub_trail(keys, name)
        # The one entry that says the data was erased, by whom (none: the scheduled job).
        field = Party._meta.get_field("anonymised_at")
        audit.record(party, AuditAction.UPDATE, {field.name: [None, field.value_to_string(party)]})
    return party


def party_erase(*, by, party: Party) -> Party:
    """Erase a party's personal data (GDPR art. 17) by anonymising it: the row stays, so that
    invoices and entries of other apps keep their customer, but nothing identifies the person.

    Needs `parties.erase_party`; refused when already erased. The erasure is audited, and the
    erased values are also dropped from the audit trail's earlier entries.
    """
    require(by, "parties.erase_party")
    with transaction.atomic():
        locked = Party.objects.select_for_update().get(pk=party.pk)
        if locked.anonymised_at:
            raise PartyError(_("This party's data has already been erased."))
        return _erase(party, by=by)


# --- Stale prospects ----------------------------------------------------------------------

# The CNIL's reference period for prospects: three years after the last contact.
PROSPECT_STALE_AFTER = datetime.timedelta(days=3 * 365)
# Time left to the account managers to act on a flagged prospect before its erasure.
PROSPECT_REVIEW_GRACE = datetime.timedelta(days=30)


def _stale_prospects():
    return Party.objects.filter(is_prospect=True, is_client=False, anonymised_at__isnull=True)


def prospects_flag_stale(now: datetime.datetime | None = None) -> int:
    """Flag for review the prospects with no interaction for three years; returns how many."""
    now = now or timezone.now()
    limit = now - PROSPECT_STALE_AFTER
    return (
        _stale_prospects()
        .filter(review_requested_at__isnull=True)
        .filter(
            Q(last_interaction_at__lt=limit)
            | Q(last_interaction_at__isnull=True, created_at__lt=limit)
        )
        .update(review_requested_at=now)
    )


def prospects_erase_unreviewed(now: datetime.datetime | None = None) -> int:
    """Erase the prospects flagged over 30 days ago that nobody has dealt with since: no
    interaction and no change to the record after the flag. Returns how many."""
    now = now or timezone.now()
    due = (
        _stale_prospects()
        .filter(review_requested_at__lt=now - PROSPECT_REVIEW_GRACE)
        .filter(
            Q(last_interaction_at__isnull=True)
            | Q(last_interaction_at__lt=F("review_requested_at"))
        )
        # The flag is set by update(), which leaves updated_at alone: a later updated_at
        # means someone edited the record after the flag.
        .filter(updated_at__lte=F("review_requested_at"))
    )
    erased = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            party = Party.objects.select_for_update().get(pk=pk)
            if party.anonymised_at:
                continue
            _erase(party, by=None)
            erased += 1
    return erased
