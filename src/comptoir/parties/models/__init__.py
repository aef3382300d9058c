from comptoir.parties.models.channels import Address, Email, Phone
from comptoir.parties.models.consent import Consent
from comptoir.parties.models.housekeeping import DuplicateScan, ImportMapping
from comptoir.parties.models.parties import (
    Affiliation,
    Organisation,
    Party,
    Person,
    SavedFilter,
    Tag,
)
from comptoir.parties.models.timeline import Interaction

__all__ = [
    "Address",
    "Affiliation",
    "Consent",
    "DuplicateScan",
    "Email",
    "ImportMapping",
    "Interaction",
    "Organisation",
    "Party",
    "Person",
    "Phone",
    "SavedFilter",
    "Tag",
]
