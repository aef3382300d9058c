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


# Contracts


class ContractError(CoreError):
    code = "contract_error"


class ContractNotDraft(ContractError):
    """Only a draft contract may be changed; a signed one is corrected by an amendment."""

    code = "contract_not_draft"


class ContractTransitionRefused(ContractError):
    code = "contract_transition"


class ContractDatesInvalid(ContractError):
    code = "contract_dates"


class ContractClausesMissing(ContractError):
    """Signature refused: `missing` lists the clause types still absent."""

    code = "contract_clauses_missing"

    def __init__(self, message: str, *, missing: list[str]):
        super().__init__(message)
        self.missing = missing


class MergeFieldUnknown(ContractError):
    """A template or a clause names a merge field that is not in the whitelist."""

    code = "merge_field_unknown"

    def __init__(self, message: str, *, fields: list[str]):
        super().__init__(message)
        self.fields = fields


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
