"""Deliveries: carriers, delivery notes (bons de livraison) and their lines.

A note is made from a confirmed order, proposes what is left to deliver of each line, and
goes prepared → shipped (numbered BL-2026-00042) → delivered, or incident (lost, damaged,
refused) from shipped. What the customer signed for (`received_quantity`) feeds the
conformity check against the order (sales/delivery_conformity.py).
"""

from decimal import Decimal
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import Unit
from comptoir.core.models import AuditedModel
from comptoir.sales.choices import DeliveryConformity, DeliveryStatus
from comptoir.sales.models.orders import Order, OrderLine

TRACKING_PLACEHOLDER = "{tracking}"


class Carrier(AuditedModel):
    """Who carries the goods: a haulier, a parcel service, or the company's own truck.

    Its tracking address, with `{tracking}` where the parcel's number goes, turns a note's
    tracking number into a link to the carrier's page.
    """

    name = models.CharField(_("name"), max_length=100)
    tracking_url = models.CharField(
        _("tracking address"),
        max_length=300,
        blank=True,
        help_text=_("The carrier's tracking page, with {tracking} where the number goes."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("carrier")
        verbose_name_plural = _("carriers")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name"], name="carrier_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        url = self.tracking_url.strip()
        if url and TRACKING_PLACEHOLDER not in url:
            raise ValidationError(
                {"tracking_url": _("Put {tracking} where the tracking number goes.")}
            )
        if url and not url.startswith(("https://", "http://")):
            raise ValidationError({"tracking_url": _("The tracking address starts with https://.")})

    def tracking_link(self, number: str) -> str:
        """The carrier's page for this parcel, or "" without a pattern or a number."""
        if not self.tracking_url or not number:
            return ""
        return self.tracking_url.replace(TRACKING_PLACEHOLDER, quote(number.strip(), safe=""))


def _user(verbose: str):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


class Delivery(AuditedModel):
    """A delivery note: goods of one order sent to the customer in one shipment.

    Numbered when shipped (a prepared note can still change or be dropped, so it takes no
    number); each step keeps its date and who did it.
    """

    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.PROTECT, related_name="deliveries"
    )
    # The order's customer, copied so that the list filters by customer on its own index.
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("number"), max_length=32, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DeliveryStatus.choices, default="prepared"
    )
    carrier = models.ForeignKey(
        Carrier,
        verbose_name=_("carrier"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deliveries",
    )
    tracking_number = models.CharField(_("tracking number"), max_length=60, blank=True)
    delivery_address = models.TextField(_("delivery address"), blank=True)
    planned_date = models.DateField(_("planned delivery"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    over_delivery_reason = models.TextField(_("reason for delivering more"), blank=True)
    prepared_by = _user(_("prepared by"))
    shipped_at = models.DateTimeField(_("shipped"), null=True, blank=True)
    shipped_by = _user(_("shipped by"))
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    delivered_by = _user(_("delivery recorded by"))
    received_by = models.CharField(_("signed for by"), max_length=120, blank=True)
    incident_at = models.DateTimeField(_("incident reported"), null=True, blank=True)
    incident_by = _user(_("incident reported by"))
    incident_reason = models.TextField(_("what happened"), blank=True)
    conformity = models.CharField(
        _("conformity"),
        max_length=14,
        choices=DeliveryConformity.choices,
        default=DeliveryConformity.UNCHECKED,
    )
    created_at = models.DateTimeField(_("prepared"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("delivery note")
        verbose_name_plural = _("delivery notes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="delivery_number_unique"
            ),
        ]
        # Every filter of the list has its index, each ending with the list's order.
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="delivery_created_idx"),
            models.Index(fields=["status", "-created_at", "-id"], name="delivery_status_idx"),
            models.Index(fields=["customer", "-created_at", "-id"], name="delivery_customer_idx"),
            models.Index(fields=["carrier", "-created_at", "-id"], name="delivery_carrier_idx"),
            # The search box finds a note by its number (the unique index) or its tracking.
            models.Index(fields=["tracking_number"], name="delivery_tracking_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        if not self.number:
            from django.utils.translation import gettext

            return gettext("Prepared note no. %(id)s") % {"id": self.pk or "—"}
        return self.number

    @property
    def is_editable(self) -> bool:
        return self.status == DeliveryStatus.PREPARED

    @property
    def tracking_link(self) -> str:
        return self.carrier.tracking_link(self.tracking_number) if self.carrier else ""


class DeliveryLine(AuditedModel):
    """One line of a delivery note: how much of an order line is announced (`quantity`)
    and, once delivered, how much the customer signed for (`received_quantity`).

    A line without an order line is an item that is not on the order: delivered by
    mistake, or found by the customer in the parcel; the conformity check names it.
    """

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery note"), on_delete=models.CASCADE, related_name="lines"
    )
    order_line = models.ForeignKey(
        OrderLine,
        verbose_name=_("order line"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivery_lines",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    label = models.CharField(_("designation"), max_length=300)
    # A code of the catalog's units, copied from the order line.
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    quantity = models.DecimalField(
        _("quantity announced"), max_digits=14, decimal_places=3, default=Decimal(0)
    )
    received_quantity = models.DecimalField(
        _("quantity received"), max_digits=14, decimal_places=3, null=True, blank=True
    )

    class Meta:
        verbose_name = _("delivery line")
        verbose_name_plural = _("delivery lines")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["delivery", "position"], name="deliveryline_position_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="deliveryline_quantity_not_negative"
            ),
            models.CheckConstraint(
                condition=models.Q(received_quantity__gte=0)
                | models.Q(received_quantity__isnull=True),
                name="deliveryline_received_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def unit_label(self) -> str:
        """The unit as people read it, in the active language."""
        return str(self.get_unit_display()) if self.unit else ""
