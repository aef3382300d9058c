"""Writing imported rows (validated by parties.imports) into the client base.

Two modes, the user's choice: "keep-valid" writes the valid rows and returns the rejects;
"all-or-nothing" writes nothing when a single row is rejected. A row that matches an existing
party (same SIREN, else same e-mail, else same phone) updates it instead of creating a
duplicate: empty cells never erase what is known.
"""

from dataclasses import dataclass, field

from django.db import transaction

from comptoir.core.audit import acting_as
from comptoir.core.queries import require
from comptoir.parties.imports import Row
from comptoir.parties.models import Address, Email, Organisation, Party, Person, Phone

__all__ = ["ImportResult", "import_rows"]

MODES = ("keep-valid", "all-or-nothing")
ORGANISATION_FIELDS = ("trade_name", "siren", "siret", "vat_number", "sector", "naf_code")


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    rejected: list[Row] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "rejected": len(self.rejected)}


def _existing(values: dict) -> Party | None:
    if values.get("siren"):
        found = Organisation.objects.filter(siren=values["siren"]).first()
        if found:
            return found
    if values.get("email"):
        email = Email.objects.filter(address=values["email"]).select_related("party").first()
        if email:
            return email.party
    if values.get("phone"):
        phone = Phone.objects.filter(number=values["phone"]).select_related("party").first()
        if phone:
            return phone.party
    return None


def _new_party(values: dict) -> Party:
    if values["kind"] == "person":
        last, first = values["last_name"], values.get("first_name", "")
        return Person.objects.create(
            kind="person",
            name=f"{last.upper()} {first}".strip(),
            last_name=last,
            first_name=first,
            is_prospect=True,
            notes=values.get("notes", ""),
        )
    legal_name = values["name"]
    return Organisation.objects.create(
        kind="organisation",
        name=values.get("trade_name") or legal_name,
        legal_name=legal_name,
        country=values["country"],
        is_prospect=True,
        notes=values.get("notes", ""),
        **{key: values[key] for key in ORGANISATION_FIELDS if values.get(key)},
    )


def _complete(party: Party, values: dict) -> None:
    """Fill what the party lacks; never overwrite what is known with a blank."""
    if isinstance(party, Organisation) or hasattr(party, "organisation"):
        organisation = party if isinstance(party, Organisation) else party.organisation
        changed = [k for k in ORGANISATION_FIELDS if values.get(k) and not getattr(organisation, k)]
        for key in changed:
            setattr(organisation, key, values[key])
        if changed:
            organisation.save()


def _add_channels(party: Party, values: dict) -> None:
    if values.get("email") and not party.emails.filter(address=values["email"]).exists():
        Email.objects.create(
            party=party, address=values["email"], is_default=not party.emails.exists()
        )
    if values.get("phone") and not party.phones.filter(number=values["phone"]).exists():
        Phone.objects.create(
            party=party, number=values["phone"], is_default=not party.phones.exists()
        )
    if values.get("city") and not party.addresses.filter(city=values["city"]).exists():
        Address.objects.create(
            party=party,
            line1=values.get("line1", ""),
            line2=values.get("line2", ""),
            postal_code=values.get("postal_code", ""),
            city=values["city"],
            country=values["country"],
            is_default=not party.addresses.exists(),
        )


def import_rows(*, by, rows: list[Row], mode: str = "keep-valid", progress=None) -> ImportResult:
    """Write the valid rows; `progress(done, total)` is called as rows are written."""
    require(by, "parties.import_party")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    result = ImportResult(rejected=[row for row in rows if not row.valid])
    if result.rejected and mode == "all-or-nothing":
        return result
    valid = [row for row in rows if row.valid]
    with transaction.atomic(), acting_as(by):
        for done, row in enumerate(valid, start=1):
            party = _existing(row.values)
            if party is None:
                party = _new_party(row.values)
                result.created += 1
            else:
                _complete(party, row.values)
                result.updated += 1
            _add_channels(party, row.values)
            if progress and (done % 200 == 0 or done == len(valid)):
                progress(done, len(valid))
    return result
