"""Orders: what the customer committed to buy, from an accepted quote or taken directly.

Deliveries (sales/models/deliveries.py) read an order's lines by these stable names:
`quantity` (ordered), `product` (null for free text), `label`, `unit`.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.sales.choices import CreditOutcome, OrderStatus
from comptoir.sales.models.quotes import Quote, QuoteLine, SalesDocument, SalesLine


class Order(SalesDocument):
    """A customer's order: numbered at confirmation (CO-2026-00042), launched into
    preparation as a tracked step (who, when), then delivered and invoiced.

    The delivered statuses are set by the deliveries' services through
    `sales.services.orders.order_delivery_progress`, the invoiced one by billing.
    """

    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.DRAFT
    )
    quote = models.ForeignKey(
        Quote,
        verbose_name=_("quote"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    customer_reference = models.CharField(_("customer's purchase order"), max_length=60, blank=True)
    order_date = models.DateField(_("date"), default=timezone.localdate)
    delivery_address = models.TextField(_("delivery address"), blank=True)
    requested_delivery_date = models.DateField(_("requested delivery"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    launched_at = models.DateTimeField(_("launched"), null=True, blank=True)
    launched_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("launched by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    # What the credit check said at confirmation, and who overrode a block.
    credit_outcome = models.CharField(
        _("credit check"), max_length=5, choices=CreditOutcome.choices, blank=True
    )
    credit_message = models.CharField(_("credit check message"), max_length=300, blank=True)
    credit_override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("credit block overridden by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-order_date", "-id"]
        permissions = [
            ("override_credit_block", _("Can confirm an order the credit check blocks")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="order_number_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lte=100),
                name="order_discount_percent_range",
            ),
        ]
        # Every filter of the list has its index, each ending with the keyset's order.
        indexes = [
            models.Index(fields=["-order_date", "-id"], name="order_date_idx"),
            models.Index(fields=["status", "-order_date", "-id"], name="order_status_date_idx"),
            models.Index(fields=["customer", "-order_date", "-id"], name="order_customer_idx"),
            models.Index(fields=["owner", "-order_date", "-id"], name="order_owner_idx"),
            models.Index(fields=["total_net", "id"], name="order_amount_idx"),
            # A number or a PO typed from its start: LIKE 'CO-2026%' on PostgreSQL needs the
            # pattern operator class (SQLite reads the plain index as a range).
            models.Index(
                fields=["customer_reference"],
                name="order_customer_ref_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(
                fields=["number"], name="order_number_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    @property
    def is_editable(self) -> bool:
        return self.status == OrderStatus.DRAFT


class OrderLine(SalesLine):
    order = models.ForeignKey(
        Order, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    quote_line = models.ForeignKey(
        QuoteLine,
        verbose_name=_("quote line"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["order", "position"], name="orderline_position_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="orderline_quantity_not_negative"
            ),
        ]
