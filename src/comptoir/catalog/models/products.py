from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from comptoir.catalog.choices import UNECE_CODES, ProductKind, Unit
from comptoir.core.models import AuditedModel, TaxRate

# Unit prices and costs keep four decimals (spare parts sold by the gram or the metre);
# they are never summed in SQL, so a DecimalField is exact enough on SQLite too.
PRICE_DIGITS = {"max_digits": 14, "decimal_places": 4}
NOT_NEGATIVE = MinValueValidator(Decimal("0"), message=_("A price or a cost cannot be negative."))


class ProductFamily(AuditedModel):
    """A family of the catalog ("Pompes", "Pièces détachées"…), possibly inside another one.

    Families group products for lists, statistics and customer discounts by family.
    """

    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("product family")
        verbose_name_plural = _("product families")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "parent",
                name="productfamily_name_unique",
                violation_error_message=_("A family with this name already exists here."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestors(self) -> list["ProductFamily"]:
        """The family itself, then its parent, up to the top (guarded against loops)."""
        found, seen, family = [], set(), self
        while family is not None and family.pk not in seen:
            found.append(family)
            seen.add(family.pk)
            family = family.parent
        return found


class Product(AuditedModel):
    """Something the company sells: a good it ships or a service it performs.

    The sale price is the price when no price list names the product; the purchase cost
    gives the margin, which only people with `catalog.view_margin` may see.
    """

    reference = models.CharField(_("reference"), max_length=40)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProductKind.choices, default=ProductKind.PRODUCT
    )
    unit = models.CharField(_("unit"), max_length=10, choices=Unit.choices, default=Unit.UNIT)
    family = models.ForeignKey(
        ProductFamily,
        verbose_name=_("family"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    purchase_cost = models.DecimalField(
        _("purchase cost"), null=True, blank=True, validators=[NOT_NEGATIVE], **PRICE_DIGITS
    )
    sale_price = models.DecimalField(_("sale price"), validators=[NOT_NEGATIVE], **PRICE_DIGITS)
    tax_rate = models.ForeignKey(
        TaxRate, verbose_name=_("tax rate"), on_delete=models.PROTECT, related_name="+"
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["reference", "id"]
        permissions = [
            ("view_margin", _("Can see purchase costs and margins")),
            ("export_product", _("Can export the catalog")),
        ]
        constraints = [
            models.UniqueConstraint(
                Lower("reference"),
                name="product_reference_unique",
                violation_error_message=_("Another product already has this reference."),
            ),
            models.CheckConstraint(
                condition=models.Q(sale_price__gte=0),
                name="product_sale_price_not_negative",
                violation_error_message=_("A price or a cost cannot be negative."),
            ),
            models.CheckConstraint(
                condition=models.Q(purchase_cost__isnull=True) | models.Q(purchase_cost__gte=0),
                name="product_purchase_cost_not_negative",
                violation_error_message=_("A price or a cost cannot be negative."),
            ),
        ]
        indexes = [
            models.Index(fields=["active", "reference"], name="product_active_ref_idx"),
            models.Index(fields=["family", "reference"], name="product_family_ref_idx"),
            models.Index(fields=["kind", "reference"], name="product_kind_ref_idx"),
            models.Index(fields=["label"], name="product_label_idx"),
            # The list's keyset pages by reference and by price (decision 74).
            models.Index(fields=["reference", "id"], name="product_ref_page_idx"),
            models.Index(fields=["sale_price", "id"], name="product_price_page_idx"),
            # PostgreSQL also has, by migration 0002, lower(reference) text_pattern_ops for
            # the prefix search and a trigram GIN index on upper(label) for the label search.
        ]

    def __str__(self) -> str:
        return f"{self.reference} – {self.label}"

    @property
    def unece_unit(self) -> str:
        return UNECE_CODES.get(self.unit, "C62")

    @property
    def margin(self) -> Decimal | None:
        """Sale price less purchase cost, per unit; None when the cost is unknown."""
        if self.purchase_cost is None:
            return None
        return self.sale_price - self.purchase_cost

    @property
    def margin_rate(self) -> Decimal | None:
        """Margin as a percentage of the sale price (taux de marque), one decimal."""
        if self.purchase_cost is None or not self.sale_price:
            return None
        return (self.margin * 100 / self.sale_price).quantize(Decimal("0.1"))
