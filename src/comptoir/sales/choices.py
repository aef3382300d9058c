"""Enumerations of sales shown to people."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Quotes and orders


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    REFUSED = "refused", _("Refused")
    EXPIRED = "expired", _("Expired")
    # A later version replaced it: kept, read-only, for the record.
    SUPERSEDED = "superseded", _("Superseded")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PREPARATION = "in_preparation", _("In preparation")
    PARTLY_DELIVERED = "partly_delivered", _("Partly delivered")
    DELIVERED = "delivered", _("Delivered")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


class LineKind(models.TextChoices):
    ITEM = "item", _("Item")
    SECTION = "section", _("Section")
    SUBTOTAL = "subtotal", _("Subtotal")
    TEXT = "text", _("Text")


class CreditOutcome(models.TextChoices):
    OK = "ok", _("OK")
    WARN = "warn", _("Warning")
    BLOCK = "block", _("Blocked")


# Contracts


class ContractKind(models.TextChoices):
    MAINTENANCE = "maintenance", _("Maintenance")
    WARRANTY = "warranty", _("Extended warranty")
    SUBCONTRACTING = "subcontracting", _("Subcontracting")
    SUBSCRIPTION = "subscription", _("Subscription")


class ContractStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Signed (active)")
    TERMINATED = "terminated", _("Terminated")
    EXPIRED = "expired", _("Expired")


class BillingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Half-yearly")
    YEARLY = "yearly", _("Yearly")


# Months in one billing period of each frequency.
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


class ClauseType(models.TextChoices):
    OBJECT = "object", _("Object of the contract")
    DURATION = "duration", _("Duration and renewal")
    PRICE = "price", _("Price and payment")
    INDEXATION = "indexation", _("Price revision (indexation)")
    SERVICE_LEVEL = "service_level", _("Service levels")
    WARRANTY_SCOPE = "warranty_scope", _("Scope of the warranty")
    SUBCONTRACTOR_DUTIES = "subcontractor_duties", _("Subcontractor's obligations")
    TERMINATION = "termination", _("Termination")
    LIABILITY = "liability", _("Liability and insurance")
    CONFIDENTIALITY = "confidentiality", _("Confidentiality")
    PERSONAL_DATA = "personal_data", _("Personal data")
    LAW = "law", _("Applicable law and jurisdiction")
    OTHER = "other", _("Other clause")


_COMMON = ("object", "duration", "price", "termination", "liability", "law")

# The clauses a contract of each kind must hold before it may be signed.
REQUIRED_CLAUSES: dict[str, tuple[str, ...]] = {
    "maintenance": (*_COMMON, "indexation", "service_level", "personal_data"),
    "warranty": (*_COMMON, "warranty_scope"),
    "subcontracting": (*_COMMON, "subcontractor_duties", "confidentiality", "personal_data"),
    "subscription": (*_COMMON, "indexation", "personal_data"),
}


class ScheduleStatus(models.TextChoices):
    PENDING = "pending", _("To invoice")
    INVOICED = "invoiced", _("Invoiced")
    CANCELLED = "cancelled", _("Cancelled")


class ContractAlertKind(models.TextChoices):
    NOTICE = "notice", _("Notice deadline")
    END = "end", _("End of the contract")


# Deliveries


class DeliveryStatus(models.TextChoices):
    # A delivery note (« bon de livraison ») is masculine in French; an order is not.
    PREPARED = "prepared", pgettext_lazy("delivery note", "Prepared")
    SHIPPED = "shipped", pgettext_lazy("delivery note", "Shipped")
    DELIVERED = "delivered", pgettext_lazy("delivery note", "Delivered")
    INCIDENT = "incident", pgettext_lazy("delivery note", "Incident")


class DeliveryConformity(models.TextChoices):
    UNCHECKED = "unchecked", _("Not checked yet")
    COMPLIANT = "compliant", _("Compliant")
    DISCREPANCIES = "discrepancies", _("Discrepancies")
