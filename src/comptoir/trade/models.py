from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core import money
from comptoir.core.choices import Currency as CurrencyCode
from comptoir.core.models import AuditedModel
from comptoir.trade.choices import RateSource


class Currency(AuditedModel):
    """A currency the company quotes or invoices in. Its minor unit is not stored: core/money
    owns rounding and knows each currency's decimals, so both can never disagree."""

    code = models.CharField(_("code"), max_length=3, primary_key=True, choices=CurrencyCode.choices)
    name = models.CharField(_("name"), max_length=60)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("currency")
        verbose_name_plural = _("currencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code

    @property
    def minor_units(self) -> int:
        return money.minor_units(self.code)


class ExchangeRate(AuditedModel):
    """How many units of a currency one unit of the company's currency buys on a day
    (1 EUR = 1,0842 USD is stored as 1.0842 for USD)."""

    currency = models.ForeignKey(
        Currency, verbose_name=_("currency"), on_delete=models.PROTECT, related_name="rates"
    )
    date = models.DateField(_("date"))
    rate = models.DecimalField(
        _("rate"),
        max_digits=20,
        decimal_places=10,
        validators=[MinValueValidator(Decimal("0.0000000001"), message=_("A rate is above zero."))],
    )
    source = models.CharField(
        _("source"), max_length=10, choices=RateSource.choices, default=RateSource.MANUAL
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        ordering = ["currency", "-date"]
        constraints = [
            models.UniqueConstraint(
                fields=["currency", "date"],
                name="exchangerate_one_per_day",
                violation_error_message=_("This currency already has a rate on this day."),
            ),
            models.CheckConstraint(
                condition=models.Q(rate__gt=0),
                name="exchangerate_rate_positive",
                violation_error_message=_("A rate is above zero."),
            ),
        ]
        indexes = [models.Index(fields=["currency", "-date"], name="exchangerate_latest_idx")]

    def __str__(self) -> str:
        return f"{self.currency_id} {self.date:%Y-%m-%d} {self.rate}"
