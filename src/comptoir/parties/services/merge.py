"""Merging duplicates: one record stays, the others' links move to it, nothing is lost.

Every linked row (channels, consents, interactions, affiliations, subsidiaries, tags,
attachments) is re-pointed to the kept party; its empty fields are filled from the others;
then the others are deleted. The audit trail records the merge on the kept record and the
deletion of each other one.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from comptoir.core import audit
from comptoir.core.choices import AuditAction
from comptoir.core.models import Attachment
from comptoir.core.queries import require
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

__all__ = ["parties_merge"]

# Fields of the kept record that a merged one may fill when they are empty.
FILLABLE = {
    "organisation": (
        "trade_name",
        "legal_form",
        "siren",
        "siret",
        "vat_number",
        "ice",
        "ridet",
        "naf_code",
        "sector",
        "headcount_band",
        "revenue",
        "website",
        "parent_id",
    ),
    "person": (
        "civility",
        "first_name",
        "birth_date",
        "household_size",
        "children",
        "socio_professional_category",
        "interests",
    ),
    "party": ("owner_id", "team", "source", "preferred_channel", "preferred_hours", "notes"),
}
ROLE_FLAGS = (
    "is_prospect",
    "is_client",
    "is_former_client",
    "is_supplier",
    "is_partner",
    "is_competitor",
    "is_key_account",
    "on_do_not_call_list",
)


def _concrete(party: Party) -> Party:
    if isinstance(party, Organisation | Person):
        return party
    return party.organisation if party.kind == "organisation" else party.person


def _move_channels(keep: Party, other: Party) -> None:
    known_numbers = set(keep.phones.values_list("number", flat=True))
    known_emails = set(keep.emails.values_list("address", flat=True))
    for phone in Phone.objects.filter(party=other):
        if phone.number in known_numbers:
            phone.delete()
        else:
            Phone.objects.filter(pk=phone.pk).update(party=keep, is_default=False)
    for email in Email.objects.filter(party=other):
        if email.address in known_emails:
            email.delete()
        else:
            Email.objects.filter(pk=email.pk).update(party=keep, is_default=False)
    Address.objects.filter(party=other).update(party=keep, is_default=False)
    Consent.objects.filter(party=other).update(party=keep)
    Interaction.objects.filter(party=other).update(party=keep)


def _move_affiliations(keep: Party, other: Party) -> None:
    side = "organisation" if keep.kind == "organisation" else "person"
    counterpart = "person" if side == "organisation" else "organisation"
    already = set(
        Affiliation.objects.filter(**{side: keep.pk}).values_list(f"{counterpart}_id", flat=True)
    )
    for affiliation in Affiliation.objects.filter(**{side: other.pk}):
        if getattr(affiliation, f"{counterpart}_id") in already:
            affiliation.delete()
        else:
            Affiliation.objects.filter(pk=affiliation.pk).update(**{side: keep.pk})
    if keep.kind == "organisation":
        Organisation.objects.filter(parent_id=other.pk).exclude(pk=keep.pk).update(
            parent_id=keep.pk
        )


def _move_attachments(keep: Party, other: Party) -> None:
    content_type = ContentType.objects.get_for_model(type(keep))
    Attachment.objects.filter(content_type=content_type, object_id=str(other.pk)).update(
        object_id=str(keep.pk)
    )


def _fill(keep: Party, other: Party) -> None:
    for name in FILLABLE[keep.kind] + FILLABLE["party"]:
        if getattr(keep, name) in (None, "") and getattr(other, name) not in (None, ""):
            setattr(keep, name, getattr(other, name))
    for flag in ROLE_FLAGS:
        if getattr(other, flag):
            setattr(keep, flag, True)
    if keep.kind == "organisation" and keep.parent_id == other.pk:
        keep.parent_id = None


@transaction.atomic
def parties_merge(*, by, keep: Party, others: list[Party]) -> Party:
    """Merge `others` into `keep`; returns the kept party, with every link of the others."""
    require(by, "parties.merge_party")
    others = [other for other in others if other.pk != keep.pk]
    if not others:
        raise ValidationError(_("Choose at least two records to merge."))
    if any(other.kind != keep.kind for other in others):
        raise ValidationError(_("An organisation and a person cannot be merged."))
    keep = _concrete(Party.objects.select_for_update().get(pk=keep.pk))
    with audit.acting_as(by):
        for other in others:
            other = _concrete(other)
            _move_channels(keep, other)
            _move_affiliations(keep, other)
            _move_attachments(keep, other)
            keep.tags.add(*other.tags.all())
            _fill(keep, other)
            audit.record(keep, AuditAction.UPDATE, {"merged": [None, f"{other} (#{other.pk})"]})
            other.delete()
        keep.save()
        latest = Interaction.objects.filter(party=keep).aggregate(last=Max("occurred_at"))["last"]
        Party.objects.filter(pk=keep.pk).update(last_interaction_at=latest)
    return keep
