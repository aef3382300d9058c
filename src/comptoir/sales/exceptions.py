"""Domain errors of sales, with a stable code for the API."""

from comptoir.core.exceptions import CoreError


class SalesError(CoreError):
    code = "sales_error"


# Quotes and orders


class NotEditable(SalesError):
    """Only a draft's header and lines may change."""

    code = "not_editable"


class TransitionRefused(SalesError):
    """The document's status does not allow this step (see the TRANSITIONS maps)."""

    code = "transition_refused"


class EmptyDocument(SalesError):
    code = "empty_document"


class InvalidLine(SalesError):
    code = "invalid_line"


class LinkInvalid(SalesError):
    """The customer's acceptance link is tampered with, too old, or its quote has moved on."""

    code = "link_invalid"


class CreditBlocked(SalesError):
    """The credit check blocks this order; someone allowed to override may confirm it."""

    code = "credit_blocked"
