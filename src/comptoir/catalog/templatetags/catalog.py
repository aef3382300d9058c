"""Filters of the catalog's pages: unit prices and percentages in the reader's format."""

from decimal import Decimal

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def unit_price(value) -> str:
    """1250.0000 -> « 1 250,00 »; 0.1250 -> « 0,125 »: two decimals at least, four at most."""
    if value in (None, ""):
        return "—"
    value = Decimal(value)
    places = max(2, min(4, -value.normalize().as_tuple().exponent))
    return formats.number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


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
