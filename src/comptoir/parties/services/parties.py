"""Writes of organisations and people: their record, channels, affiliations, tags, and the
bulk actions of the lists.

Every service is keyword-only, checks the acting user's permission, runs in one transaction
(so a refused phone number leaves no half-created organisation behind) and raises
ValidationError with field errors for what was typed wrong.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.core import identifiers
from comptoir.core.audit import acting_as
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Company
from comptoir.core.queries import require
from comptoir.parties.models import (
    Address,
    Affiliation,
    Email,
    Organisation,
    Party,
    Person,
    Phone,
    SavedFilter,
    Tag,
)

__all__ = [
    "ORGANISATION_FIELDS",
    "PERSON_FIELDS",
    "ROLE_FIELDS",
    "address_add",
    "address_delete",
    "address_update",
    "affiliation_delete",
    "affiliation_save",
    "email_add",
    "email_delete",
    "email_update",
    "organisation_create",
    "organisation_update",
    "parties_bulk_add_tag",
    "parties_bulk_assign_owner",
    "parties_bulk_set_role",
    "party_set_tags",
    "person_create",
    "person_name",
    "person_update",
    "phone_add",
    "phone_delete",
    "phone_update",
    "saved_filter_delete",
    "saved_filter_save",
]

# Roles as the lists and bulk actions name them, and the flag each one sets.
ROLE_FIELDS = {
    "prospect": "is_prospect",
    "client": "is_client",
    "former_client": "is_former_client",
    "supplier": "is_supplier",
    "partner": "is_partner",
    "competitor": "is_competitor",
}

# What people may set on a party; the rest (name, kind, timestamps, GDPR marks) is kept by
# the services themselves.
PARTY_FIELDS = (
    *ROLE_FIELDS.values(),
    "is_key_account",
    "owner",
    "team",
    "source",
    "language",
    "preferred_channel",
    "preferred_hours",
    "payment_terms_days",
    "notes",
    "on_do_not_call_list",
)
ORGANISATION_FIELDS = (
    "organisation_kind",
    "legal_name",
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
    "parent",
    "country",
    *PARTY_FIELDS,
)
PERSON_FIELDS = (
    "civility",
    "first_name",
    "last_name",
    "birth_date",
    "household_size",
    "children",
    "socio_professional_category",
    "interests",
    *PARTY_FIELDS,
)
IDENTIFIERS = {
    "siren": identifiers.validate_siren,
    "siret": identifiers.validate_siret,
    "vat_number": identifiers.validate_vat,
    "ice": identifiers.validate_ice,
    "ridet": identifiers.validate_ridet,
}
# Kept by save() or by the services, never typed.
NOT_TYPED = ["party_ptr", "name_folded", "kind", "name"]


def _check_fields(fields: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})


def _apply(instance, fields: dict) -> None:
    for name, value in fields.items():
        if value is None and not instance._meta.get_field(name).null:
            value = ""  # an empty form field for a text column
        setattr(instance, name, value)


def _full_clean(instance, errors: dict) -> None:
    """Model validation (lengths, choices, URLs…) merged with the errors found so far."""
    try:
        instance.full_clean(exclude=[*NOT_TYPED, *errors], validate_unique=False)
    except ValidationError as error:
        errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


def _normalise_identifiers(organisation: Organisation) -> dict:
    errors = {}
    for field, validate in IDENTIFIERS.items():
        value = (getattr(organisation, field) or "").strip()
        if not value:
            setattr(organisation, field, "")
            continue
        try:
            setattr(organisation, field, validate(value))
        except ValidationError as error:
            errors[field] = error.error_list
    if organisation.siret and "siret" not in errors:
        if not organisation.siren and "siren" not in errors:
            organisation.siren = organisation.siret[:9]
        elif organisation.siren and not organisation.siret.startswith(organisation.siren):
            errors["siret"] = [
                ValidationError(
                    _("This SIRET does not belong to the SIREN %(siren)s: it must start with it."),
                    code="siret_siren",
                    params={"siren": organisation.siren},
                )
            ]
    return errors


def _check_parent(organisation: Organisation) -> dict:
    """A group is a tree: an organisation may not be its own parent, even through others."""
    parent = organisation.parent
    seen = set()
    while parent is not None and organisation.pk is not None:
        if parent.pk == organisation.pk:
            return {"parent": [_("An organisation cannot belong to one of its subsidiaries.")]}
        if parent.pk in seen:
            break
        seen.add(parent.pk)
        parent = parent.parent
    return {}


def _region(party: Party | None, country: str = "") -> str:
    """The country a number typed without its prefix belongs to: the address's, else the
    organisation's, else the company's."""
    if country:
        return country
    if party is not None:
        main = party.addresses.order_by("-is_default", "id").first()
        if main is not None:
            return main.country
        organisation = party if isinstance(party, Organisation) else None
        if organisation is None and party.kind == "organisation":
            organisation = Organisation.objects.filter(pk=party.pk).first()
        if organisation is not None and organisation.country:
            return organisation.country
    return Company.current_country()


def _normalise_phone(number: str, region: str, field: str = "number") -> str:
    if not (number or "").strip():
        raise ValidationError({field: [_("Give a phone number.")]})
    try:
        return identifiers.validate_phone(number, region=region)
    except ValidationError:
        raise ValidationError(
            {
                field: [
                    _(
                        "“%(number)s” is not a valid phone number; type it as dialled, "
                        "or with its country prefix (+33…)."
                    )
                    % {"number": number}
                ]
            }
        ) from None


def _normalise_email(address: str, field: str = "address") -> str:
    address = (address or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({field: [_("Enter a valid e-mail address.")]}) from None
    return address


def _first_channels(party: Party, *, phone: str, email: str, address: dict | None) -> None:
    """The phone, e-mail and address typed on the creation form, with their own field names."""
    errors = {}
    if address and any((address.get(k) or "").strip() for k in ("line1", "city")):
        try:
            _address_create(party, {**address, "is_default": True}, prefix="address_")
        except ValidationError as error:
            errors.update(error.error_dict)
    if phone and phone.strip():
        try:
            number = _normalise_phone(phone, _region(party), field="phone")
            Phone.objects.create(party=party, number=number, is_default=True)
        except ValidationError as error:
            errors.update(error.error_dict)
    if email and email.strip():
        try:
            Email.objects.create(
                party=party, address=_normalise_email(email, field="email"), is_default=True
            )
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)


# --- Organisations ------------------------------------------------------------------------


def _save_organisation(organisation: Organisation, fields: dict) -> Organisation:
    _apply(organisation, fields)
    organisation.kind = "organisation"
    organisation.legal_name = (organisation.legal_name or "").strip()
    organisation.trade_name = (organisation.trade_name or "").strip()
    organisation.name = (organisation.trade_name or organisation.legal_name)[:200]
    errors = {**_normalise_identifiers(organisation), **_check_parent(organisation)}
    _full_clean(organisation, errors)
    organisation.save()
    return organisation


def organisation_create(
    *, by, phone: str = "", email: str = "", address: dict | None = None, **fields
) -> Organisation:
    """A new organisation; `phone`, `email` and `address` (line1, postal_code, city,
    country…) become its first channels."""
    require(by, "parties.add_party")
    _check_fields(fields, ORGANISATION_FIELDS)
    with transaction.atomic(), acting_as(by):
        organisation = _save_organisation(Organisation(), fields)
        _first_channels(organisation, phone=phone, email=email, address=address)
    return organisation


def organisation_update(*, by, organisation: Organisation, **fields) -> Organisation:
    require(by, "parties.change_party")
    _check_fields(fields, ORGANISATION_FIELDS)
    with transaction.atomic(), acting_as(by):
        return _save_organisation(organisation, fields)


# --- People -------------------------------------------------------------------------------


def person_name(last_name: str, first_name: str) -> str:
    """What a person is listed and searched as: "DURAND Émilie"."""
    return f"{last_name.upper()} {first_name}".strip()[:200]


def _save_person(person: Person, fields: dict) -> Person:
    _apply(person, fields)
    person.kind = "person"
    person.first_name = (person.first_name or "").strip()
    person.last_name = (person.last_name or "").strip()
    person.name = person_name(person.last_name, person.first_name)
    _full_clean(person, {})
    person.save()
    return person


def person_create(
    *, by, phone: str = "", email: str = "", address: dict | None = None, **fields
) -> Person:
    require(by, "parties.add_party")
    _check_fields(fields, PERSON_FIELDS)
    with transaction.atomic(), acting_as(by):
        person = _save_person(Person(), fields)
        _first_channels(person, phone=phone, email=email, address=address)
    return person


def person_update(*, by, person: Person, **fields) -> Person:
    require(by, "parties.change_party")
    _check_fields(fields, PERSON_FIELDS)
    with transaction.atomic(), acting_as(by):
        return _save_person(person, fields)


def affiliation_save(
    *,
    by,
    person: Person,
    organisation: Organisation,
    job_title: str = "",
    role: str = "",
    is_primary: bool = False,
) -> Affiliation:
    """Add the person to the organisation, or change their job there. One main contact per
    organisation: naming a new one demotes the previous."""
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        affiliation = Affiliation.objects.filter(person=person, organisation=organisation).first()
        affiliation = affiliation or Affiliation(person=person, organisation=organisation)
        affiliation.job_title = (job_title or "").strip()
        affiliation.role = role or ""
        affiliation.is_primary = bool(is_primary)
        _full_clean(affiliation, {})
        if affiliation.is_primary:
            for other in Affiliation.objects.filter(organisation=organisation, is_primary=True):
                if other.pk != affiliation.pk:
                    other.is_primary = False
                    other.save()
        affiliation.save()
    return affiliation


def affiliation_delete(*, by, affiliation: Affiliation) -> None:
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        affiliation.delete()


# --- Channels -----------------------------------------------------------------------------

ADDRESS_FIELDS = ("kind", "line1", "line2", "postal_code", "city", "country", "is_default")


def _make_default(channel) -> None:
    """One main address, phone and e-mail per party; the first one is the main one."""
    siblings = type(channel).objects.filter(party_id=channel.party_id).exclude(pk=channel.pk)
    if channel.is_default:
        for other in siblings.filter(is_default=True):
            other.is_default = False
            other.save()
    elif not siblings.filter(is_default=True).exists():
        channel.is_default = True
        channel.save()


def _address_create(party: Party, fields: dict, prefix: str = "") -> Address:
    fields = {k: v for k, v in fields.items() if k in ADDRESS_FIELDS}
    address = Address(party=party)
    _apply(address, fields)
    if not address.country:
        address.country = _region(party)
    try:
        address.full_clean(exclude=["party", "city_folded"])
    except ValidationError as error:
        raise ValidationError({f"{prefix}{k}": v for k, v in error.error_dict.items()}) from None
    address.save()
    _make_default(address)
    return address


def address_add(*, by, party: Party, **fields) -> Address:
    require(by, "parties.change_party")
    _check_fields(fields, ADDRESS_FIELDS)
    with transaction.atomic(), acting_as(by):
        return _address_create(party, fields)


def address_update(*, by, address: Address, **fields) -> Address:
    require(by, "parties.change_party")
    _check_fields(fields, ADDRESS_FIELDS)
    with transaction.atomic(), acting_as(by):
        _apply(address, fields)
        address.full_clean(exclude=["party", "city_folded"])
        address.save()
        _make_default(address)
    return address


def _promote_next(model, party_id) -> None:
    if not model.objects.filter(party_id=party_id, is_default=True).exists():
        following = model.objects.filter(party_id=party_id).order_by("id").first()
        if following is not None:
            following.is_default = True
            following.save()


def address_delete(*, by, address: Address) -> None:
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        address.delete()
        _promote_next(Address, address.party_id)


def phone_add(
    *, by, party: Party, number: str, label: str = "office", is_default: bool = False
) -> Phone:
    """Stored in E.164 whatever way it was typed: "04 78 95 02 13" and "+33 4 78 95 02 13"
    are the same number, so an incoming call finds its party."""
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        phone = Phone(
            party=party,
            number=_normalise_phone(number, _region(party)),
            label=label,
            is_default=is_default,
        )
        phone.full_clean(exclude=["party"])
        phone.save()
        _make_default(phone)
    return phone


def phone_update(*, by, phone: Phone, **fields) -> Phone:
    require(by, "parties.change_party")
    _check_fields(fields, ("number", "label", "is_default"))
    with transaction.atomic(), acting_as(by):
        if "number" in fields:
            fields["number"] = _normalise_phone(fields["number"], _region(phone.party))
        _apply(phone, fields)
        phone.full_clean(exclude=["party"])
        phone.save()
        _make_default(phone)
    return phone


def phone_delete(*, by, phone: Phone) -> None:
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        phone.delete()
        _promote_next(Phone, phone.party_id)


def email_add(
    *, by, party: Party, address: str, label: str = "work", is_default: bool = False
) -> Email:
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        email = Email(
            party=party, address=_normalise_email(address), label=label, is_default=is_default
        )
        email.full_clean(exclude=["party"])
        email.save()
        _make_default(email)
    return email


def email_update(*, by, email: Email, **fields) -> Email:
    require(by, "parties.change_party")
    _check_fields(fields, ("address", "label", "is_default"))
    with transaction.atomic(), acting_as(by):
        if "address" in fields:
            fields["address"] = _normalise_email(fields["address"])
        _apply(email, fields)
        email.full_clean(exclude=["party"])
        email.save()
        _make_default(email)
    return email


def email_delete(*, by, email: Email) -> None:
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        email.delete()
        _promote_next(Email, email.party_id)


# --- Tags ---------------------------------------------------------------------------------


def _tag_named(name: str) -> Tag:
    name = " ".join((name or "").split())[:60]
    if not name:
        raise ValidationError({"tag": [_("Give the tag a name.")]})
    found = Tag.objects.filter(name__iexact=name).first()
    return found or Tag.objects.create(name=name)


def party_set_tags(*, by, party: Party, names: Iterable[str]) -> list[Tag]:
    """The party's tags become exactly `names`; unknown names are new tags (free labels)."""
    require(by, "parties.change_party")
    with transaction.atomic(), acting_as(by):
        tags = {tag.pk: tag for tag in (_tag_named(n) for n in names if n and n.strip())}
        party.tags.set(list(tags.values()))
    return sorted(tags.values(), key=lambda tag: tag.name.lower())


# --- Bulk actions of the lists --------------------------------------------------------------


def _each(parties) -> list[Party]:
    return list(parties.select_for_update()) if hasattr(parties, "select_for_update") else parties


def parties_bulk_assign_owner(*, by, parties, owner) -> int:
    """Give the selected parties to one account manager (None: to nobody); returns how many
    changed. Saved one by one, so that each change is in the party's audit trail."""
    require(by, "parties.change_party")
    changed = 0
    with transaction.atomic(), acting_as(by):
        for party in _each(parties):
            if party.owner_id != (owner.pk if owner else None):
                party.owner = owner
                party.save(update_fields=["owner", "updated_at"])
                changed += 1
    return changed


def parties_bulk_add_tag(*, by, parties, tag: Tag | str) -> int:
    require(by, "parties.change_party")
    changed = 0
    with transaction.atomic(), acting_as(by):
        tag = tag if isinstance(tag, Tag) else _tag_named(tag)
        tagged = set(tag.parties.values_list("pk", flat=True))
        for party in _each(parties):
            if party.pk not in tagged:
                party.tags.add(tag)
                changed += 1
    return changed


def parties_bulk_set_role(*, by, parties, role: str, value: bool) -> int:
    """Mark the selected parties as clients, prospects… (or no longer)."""
    require(by, "parties.change_party")
    if role not in ROLE_FIELDS:
        raise ValidationError({"role": [_("Unknown role.")]})
    field = ROLE_FIELDS[role]
    changed = 0
    with transaction.atomic(), acting_as(by):
        for party in _each(parties):
            if getattr(party, field) != bool(value):
                setattr(party, field, bool(value))
                party.save(update_fields=[field, "updated_at"])
                changed += 1
    return changed


# --- Saved filters ------------------------------------------------------------------------


def saved_filter_save(*, by, name: str, query: str) -> SavedFilter:
    """Keep a list's query string under a name; saving again under the same name replaces it."""
    require(by, "parties.view_party")
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the filter a name.")]})
    if len(name) > 80:
        raise ValidationError({"name": [_("Keep the name under 80 characters.")]})
    query = (query or "").lstrip("?")
    if len(query) > 1000:
        raise ValidationError({"query": [_("These filters are too long to be saved.")]})
    with transaction.atomic():
        saved, _created = SavedFilter.objects.update_or_create(
            user=by, name=name, defaults={"query": query}
        )
    return saved


def saved_filter_delete(*, by, saved_filter: SavedFilter) -> None:
    if saved_filter.user_id != by.pk:
        raise NotAllowed("parties.view_party")
    saved_filter.delete()
