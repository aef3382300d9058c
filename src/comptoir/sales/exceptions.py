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


# Deliveries


class DeliveryError(SalesError):
    code = "delivery_error"


class DeliveryNotEditable(DeliveryError):
    """Only a prepared note's lines, carrier and address may change."""

    code = "delivery_not_editable"


class DeliveryTransitionRefused(DeliveryError):
    """The note's status does not allow this step (see DELIVERY_TRANSITIONS)."""

    code = "delivery_transition_refused"


class OrderNotDeliverable(DeliveryError):
    """The order is not confirmed, or is already delivered, invoiced or cancelled."""

    code = "order_not_deliverable"


class OverDelivery(DeliveryError):
    """More than is left to deliver of a line, without a reason for delivering more."""

    code = "over_delivery"


class EmptyDelivery(DeliveryError):
    code = "empty_delivery"


class InvalidDeliveryLine(DeliveryError):
    code = "invalid_delivery_line"


class IncidentReasonMissing(DeliveryError):
    code = "incident_reason_missing"
