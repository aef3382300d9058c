import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import PriceListKind
from comptoir.catalog.models.products import NOT_NEGATIVE, PRICE_DIGITS, Product
from comptoir.core.choices import Currency
from comptoir.core.models import AuditedModel


class PriceList(AuditedModel):
    """A list of negotiated unit prices: the general tariff, one per customer category, or
    one for a key account; valid between two dates, in one currency.
    """

    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(
        _("kind"), max_length=12, choices=PriceListKind.choices, default=PriceListKind.GENERAL
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["kind", "name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True)
                | models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="pricelist_dates_in_order",
                violation_error_message=_("The end of validity comes after its start."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return (
            self.active
            and (self.valid_from is None or self.valid_from <= day)
            and (self.valid_to is None or day <= self.valid_to)
        )

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": _("The end of validity comes after its start.")})


class PriceListItem(AuditedModel):
    """The unit price of a product in a price list from a quantity on (a quantity break)."""

    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.CASCADE, related_name="price_items"
    )
    min_quantity = models.DecimalField(
        _("from quantity"),
        max_digits=12,
        decimal_places=3,
        default=Decimal("1"),
        validators=[
            MinValueValidator(Decimal("0"), message=_("A quantity break cannot be negative."))
        ],
    )
    unit_price = models.DecimalField(_("unit price"), validators=[NOT_NEGATIVE], **PRICE_DIGITS)

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        ordering = ["price_list", "product__reference", "min_quantity"]
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "min_quantity"],
                name="pricelistitem_break_unique",
                violation_error_message=_(
                    "This product already has a price from this quantity in this list."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(min_quantity__gte=0),
                name="pricelistitem_min_quantity_not_negative",
                violation_error_message=_("A quantity break cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(unit_price__gte=0),
                name="pricelistitem_price_not_negative",
                violation_error_message=_("A price or a cost cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["product", "price_list", "min_quantity"], name="pricelistitem_lookup_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.price_list} · {self.product.reference} ≥ {self.min_quantity}"
