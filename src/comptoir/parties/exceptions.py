"""Domain errors of the client base, with a stable code for the API."""

from comptoir.core.exceptions import CoreError


class PartyError(CoreError):
    code = "party_error"
