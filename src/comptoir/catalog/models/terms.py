from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import PriceListKind
from comptoir.catalog.models.pricing import PriceList
from comptoir.catalog.models.products import Product, ProductFamily
from comptoir.core.models import AuditedModel
from comptoir.parties.models import Party

PERCENT = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [
        MinValueValidator(Decimal("0"), message=_("A discount is a percentage between 0 and 100.")),
        MaxValueValidator(
            Decimal("100"), message=_("A discount is a percentage between 0 and 100.")
        ),
    ],
}


class CustomerCategory(AuditedModel):
    """A group of customers sharing a price list ("Revendeurs", "Collectivités"…)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    price_list = models.ForeignKey(
        PriceList,
        verbose_name=_("price list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="categories",
        limit_choices_to={"kind": PriceListKind.CATEGORY},
    )

    class Meta:
        verbose_name = _("customer category")
        verbose_name_plural = _("customer categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CustomerTerms(AuditedModel):
    """A customer's commercial terms: its category, its own price list when it is a key
    account, and its general discount. Payment terms stay on the party
    (`Party.payment_terms_days`), where the client base already keeps them.
    """

    party = models.OneToOneField(
        Party, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="terms"
    )
    category = models.ForeignKey(
        CustomerCategory,
        verbose_name=_("customer category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    price_list = models.ForeignKey(
        PriceList,
        verbose_name=_("key-account price list"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="key_accounts",
        limit_choices_to={"kind": PriceListKind.KEY_ACCOUNT},
    )
    discount_percent = models.DecimalField(
        _("general discount (%)"), default=Decimal("0"), **PERCENT
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("commercial terms")
        verbose_name_plural = _("commercial terms")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(discount_percent__gte=0, discount_percent__lte=100),
                name="customerterms_discount_range",
                violation_error_message=_("A discount is a percentage between 0 and 100."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.party)

    @property
    def payment_terms_days(self) -> int | None:
        return self.party.payment_terms_days

    def clean(self) -> None:
        if self.price_list_id and self.price_list.kind != PriceListKind.KEY_ACCOUNT:
            raise ValidationError(
                {"price_list": _("Choose a price list of the « key account » kind.")}
            )


class CustomerDiscount(AuditedModel):
    """A customer's discount on one product or on a family (and its sub-families).

    The discount on everything is the customer's general discount on its terms.
    """

    party = models.ForeignKey(
        Party, verbose_name=_("customer"), on_delete=models.CASCADE, related_name="discounts"
    )
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="customer_discounts",
    )
    family = models.ForeignKey(
        ProductFamily,
        verbose_name=_("family"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="customer_discounts",
    )
    percent = models.DecimalField(_("discount (%)"), **PERCENT)

    class Meta:
        verbose_name = _("customer discount")
        verbose_name_plural = _("customer discounts")
        ordering = ["party", "product", "family"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(product__isnull=False, family__isnull=True)
                | models.Q(product__isnull=True, family__isnull=False),
                name="customerdiscount_product_or_family",
                violation_error_message=_("A discount is on a product or on a family."),
            ),
            models.CheckConstraint(
                condition=models.Q(percent__gte=0, percent__lte=100),
                name="customerdiscount_percent_range",
                violation_error_message=_("A discount is a percentage between 0 and 100."),
            ),
            models.UniqueConstraint(
                fields=["party", "product"],
                condition=models.Q(product__isnull=False),
                name="customerdiscount_product_unique",
                violation_error_message=_("This customer already has a discount on it."),
            ),
            models.UniqueConstraint(
                fields=["party", "family"],
                condition=models.Q(family__isnull=False),
                name="customerdiscount_family_unique",
                violation_error_message=_("This customer already has a discount on it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party} · {self.product or self.family} · {self.percent} %"
