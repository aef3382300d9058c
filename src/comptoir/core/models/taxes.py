from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Country
from comptoir.core.models.audit import AuditedModel


class TaxRate(AuditedModel):
    """A sales-tax rate the company applies: French VAT, New Caledonian TGC, Moroccan TVA…

    Presets per country live in core/taxes.py; rates are data, not code, because they change.
    """

    country = models.CharField(_("country"), max_length=2, choices=Country.choices)
    code = models.SlugField(_("code"), max_length=32)
    label = models.CharField(_("label"), max_length=100)
    rate = models.DecimalField(
        _("rate (%)"),
        max_digits=6,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # Printed on documents when the rate is an exemption ("TVA non applicable, art. 293 B").
    exemption_mention = models.CharField(_("exemption mention"), max_length=200, blank=True)
    is_default = models.BooleanField(_("default rate"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("tax rate")
        verbose_name_plural = _("tax rates")
        ordering = ["country", "-rate", "code"]
        constraints = [
            models.UniqueConstraint(fields=["country", "code"], name="taxrate_code_unique"),
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(is_default=True),
                name="taxrate_one_default_per_country",
            ),
        ]

    def __str__(self) -> str:
        return self.label
