"""Filters of the catalog's pages: percentages and quantities in the reader's format (unit
prices: core's `unit_price`)."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def percent(value) -> str:
    """5.00 -> « 5 », 12.50 -> « 12,5 »."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    shown = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(shown, use_l10n=True)


@register.filter
def quantity(value) -> str:
    return percent(value)
