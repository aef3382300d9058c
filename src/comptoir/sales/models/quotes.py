"""Quotes (devis): the commercial proposal sent to a customer, its lines and its versions.

The abstract `SalesDocument` and `SalesLine` hold what quotes and orders (and later invoices)
share: the customer, the currency with its rate, the Incoterm, the overall discount and the
stored totals; a line's kind, label, quantity, unit, price, discount, tax rate and net.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import UNIT_SYMBOLS, Unit
from comptoir.core.choices import Currency
from comptoir.core.fields import AmountField
from comptoir.core.models import AuditedModel, TaxRate
from comptoir.sales.choices import LineKind, QuoteStatus
from comptoir.trade.choices import Incoterm

PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
QUOTE_VALIDITY_DAYS = 30


class SalesDocument(AuditedModel):
    """What a quote and an order share: who buys, in which currency and on which terms."""

    number = models.CharField(_("number"), max_length=32, blank=True, db_index=True)
    customer = models.ForeignKey(
        "parties.Party", verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    # Units of the document's currency for one unit of the company's currency, as
    # trade.queries.rate_on gives it on the document's date (1 in the company's currency).
    exchange_rate = models.DecimalField(
        _("exchange rate"), max_digits=20, decimal_places=10, default=Decimal(1)
    )
    incoterm = models.CharField(_("Incoterm"), max_length=3, choices=Incoterm.choices, blank=True)
    incoterm_place = models.CharField(_("Incoterm place"), max_length=100, blank=True)
    discount_percent = models.DecimalField(
        _("overall discount (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal(0),
        validators=PERCENT,
    )
    payment_terms = models.CharField(_("payment terms"), max_length=200, blank=True)
    notes = models.TextField(_("notes to the customer"), blank=True)
    lines_net = AmountField(_("lines net"), default=Decimal(0))
    discount_amount = AmountField(_("discount"), default=Decimal(0))
    total_net = AmountField(_("total excl. tax"), default=Decimal(0))
    total_tax = AmountField(_("tax"), default=Decimal(0))
    total = AmountField(_("total incl. tax"), default=Decimal(0))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """The number as printed; "Brouillon n° 12" before the document has one."""
        if not self.number:
            from django.utils.translation import gettext

            return gettext("Draft no. %(id)s") % {"id": self.pk or "—"}
        return self.number


class SalesLine(models.Model):
    """One line of a quote or an order: an item (product or free text), a section heading,
    a subtotal of the items above it, or a paragraph of text."""

    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices, default="item")
    # A catalog product, or none for a free-text line; label, unit and price are copied
    # from it when the line is written, so a later change of the catalog changes nothing.
    product = models.ForeignKey(
        "catalog.Product",
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("designation"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=14, decimal_places=3, default=Decimal(1)
    )
    # A code of the catalog's units (catalog.choices.Unit), as the product has it; people
    # read `unit_label`.
    unit = models.CharField(_("unit"), max_length=20, choices=Unit.choices, blank=True)
    unit_price = models.DecimalField(
        _("unit price excl. tax"), max_digits=16, decimal_places=4, default=Decimal(0)
    )
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, default=Decimal(0), validators=PERCENT
    )
    tax_rate = models.ForeignKey(
        TaxRate,
        verbose_name=_("tax rate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The rate as it was when the line was written: a later change of the rate record does
    # not change a sent document.
    tax_percent = models.DecimalField(
        _("tax (%)"), max_digits=6, decimal_places=3, default=Decimal(0), validators=PERCENT
    )
    net_amount = AmountField(_("net amount"), default=Decimal(0))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label or self.get_kind_display()

    @property
    def unit_label(self) -> str:
        """The unit as people read it (« unité », « heure »…), in the active language."""
        return str(self.get_unit_display()) if self.unit else ""

    @property
    def unit_symbol(self) -> str:
        """The unit as a printed document writes it after the quantity (« u », « h »…)."""
        return str(UNIT_SYMBOLS.get(self.unit, "")) if self.unit else ""


def default_valid_until() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=QUOTE_VALIDITY_DAYS)


class Quote(SalesDocument):
    """A commercial proposal to a customer: lines, totals, a validity date.

    Numbered when first sent (DE-2026-00042); revising a sent quote makes the next version,
    a draft copy with the same number (DE-2026-00042-v2), and marks this one superseded.
    The customer answers through a signed link (no login): who, when, from which address.
    """

    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    # Hook for crm's opportunities (issue 5): a plain id until that app exists.
    opportunity_id = models.PositiveBigIntegerField(_("opportunity"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    issue_date = models.DateField(_("date"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), default=default_valid_until)
    title = models.CharField(_("subject"), max_length=200, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_to = models.EmailField(_("sent to"), blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by_name = models.CharField(_("answered by"), max_length=200, blank=True)
    answered_by_email = models.EmailField(_("answerer's e-mail"), blank=True)
    answered_from_ip = models.GenericIPAddressField(_("answered from"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    # The customer link's answers, counted per hour: the rate limit of a link.
    link_attempts = models.PositiveIntegerField(default=0, editable=False)
    link_window_at = models.DateTimeField(null=True, blank=True, editable=False)

    audit_exclude = frozenset({"updated_at", "link_attempts", "link_window_at"})

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-issue_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "version"],
                condition=~models.Q(number=""),
                name="quote_number_version_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_discount_percent_range",
            ),
        ]
        indexes = [
            models.Index(fields=["-issue_date", "-id"], name="quote_date_idx"),
            models.Index(fields=["status", "-issue_date", "-id"], name="quote_status_date_idx"),
            models.Index(fields=["customer", "-issue_date", "-id"], name="quote_customer_idx"),
            models.Index(fields=["owner", "-issue_date", "-id"], name="quote_owner_idx"),
            models.Index(fields=["total_net", "id"], name="quote_amount_idx"),
            models.Index(fields=["status", "sent_at"], name="quote_follow_up_idx"),
            models.Index(
                fields=["number"], name="quote_number_prefix_idx", opclasses=["varchar_pattern_ops"]
            ),
        ]

    @property
    def reference(self) -> str:
        """The number as printed, with its version past the first; "Brouillon n° 12" before."""
        if not self.number or self.version == 1:
            return super().reference
        return f"{self.number}-v{self.version}"

    @property
    def is_editable(self) -> bool:
        return self.status == QuoteStatus.DRAFT

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.valid_until and self.issue_date and self.valid_until < self.issue_date:
            raise ValidationError(
                {"valid_until": _("A quote is valid until a day after its date, not before.")}
            )


class QuoteLine(SalesLine):
    quote = models.ForeignKey(
        Quote, verbose_name=_("quote"), on_delete=models.CASCADE, related_name="lines"
    )

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["position", "id"]
        indexes = [models.Index(fields=["quote", "position"], name="quoteline_position_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0), name="quoteline_quantity_not_negative"
            ),
        ]
