"""Domain errors of the client base, with a stable code for the API."""

from django.utils.translation import gettext_lazy as _

from comptoir.core.exceptions import CoreError


class PartyError(CoreError):
    code = "party_error"


class CustomerUnavailable(PartyError):
    """A sales document names a party its author may not choose: unknown, erased, or out of
    what the client base shows them."""

    code = "customer_unavailable"

    def __init__(self, message: str | None = None):
        super().__init__(message or str(CUSTOMER_UNAVAILABLE))


CUSTOMER_UNAVAILABLE = _(
    "This customer cannot be chosen: it does not exist, its data was erased, or you may not see it."
)
