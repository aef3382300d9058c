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
