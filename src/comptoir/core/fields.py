"""Model fields shared by every app."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import lookups
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")


def _to_amount(value) -> Decimal:
    """A Decimal with at most two places; ValueError or TypeError says why not."""
    if isinstance(value, float):
        raise TypeError(f"An amount is never a float ({value!r}): use Decimal.")
    if isinstance(value, bool):
        raise TypeError(f"An amount is not a boolean ({value!r}).")
    try:
        amount = Decimal(value.strip() if isinstance(value, str) else value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError(f"{value!r} is not an amount.") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount.")
    if amount != amount.quantize(CENT):
        raise ValueError(
            f"The amount {amount} has more than 2 decimal places: round it first "
            "(core.money.quantize)."
        )
    return amount.quantize(CENT)


class AmountField(models.BigIntegerField):
    """An amount with two decimal places, stored as an integer count of hundredths.

    SQLite has no decimal type (Django stores DecimalField as REAL there), so SUM() over a
    DecimalField drifts (3000 × 0.10 is not 300.00 in binary). Integers add up exactly on
    every database; Sum("amount") comes back as Decimal because it inherits this field as its
    output field. Quantize the amount to its currency (core.money) before saving it:
    a value with more than two places is refused, never rounded silently.

    Note: `Sum("amount", default=...)` takes a raw hundredths count as its default (0 is fine).
    """

    description = _("Amount (two decimal places)")

    def get_internal_type(self) -> str:
        return "BigIntegerField"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        # PostgreSQL returns SUM(bigint) as numeric, SQLite as int: both are exact.
        return (Decimal(value) / 100).quantize(CENT)

    def to_python(self, value):
        if value is None:
            return None
        try:
            return _to_amount(value)
        except (TypeError, ValueError) as error:
            raise ValidationError(str(error), code="invalid", params={"value": value}) from None

    def get_prep_value(self, value):
        value = models.Field.get_prep_value(self, value)
        if value is None:
            return None
        return int(_to_amount(value) * 100)

    @cached_property
    def validators(self):
        # BigIntegerField's range check is in hundredths; people type amounts.
        low, high = connection.ops.integer_field_range(self.get_internal_type())
        scaled = []
        if low is not None:
            scaled.append(validators.MinValueValidator(Decimal(low) / 100))
        if high is not None:
            scaled.append(validators.MaxValueValidator(Decimal(high) / 100))
        return [*self._validators, *scaled]

    def formfield(self, **kwargs):
        return models.Field.formfield(
            self, **{"form_class": forms.DecimalField, "decimal_places": 2, **kwargs}
        )


# IntegerField's gte and lt lookups round a float up to an integer before the field sees it,
# so amount__gte=10.5 would silently mean >= 11.00; the plain lookups let get_prep_value
# refuse the float instead.
AmountField.register_lookup(lookups.GreaterThanOrEqual)
AmountField.register_lookup(lookups.LessThan)
