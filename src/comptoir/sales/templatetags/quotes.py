"""Filters of quotes and orders: amounts in their currency, quantities, rates, in the
reader's language (babel)."""

from decimal import Decimal

from babel.numbers import format_currency, format_decimal
from django import template

from comptoir.core import money as core_money
from comptoir.core.templatetags.comptoir import babel_locale

register = template.Library()


@register.filter
def money(amount, currency: str = "EUR") -> str:
    """1234.5, "EUR" -> "1 234,50 €"; XPF without decimals."""
    if amount in (None, ""):
        return ""
    amount = core_money.quantize(Decimal(amount), currency)
    return format_currency(amount, currency, locale=babel_locale())


@register.filter
def qty(value) -> str:
    """A quantity without its trailing zeros: 2.000 -> 2, 1.500 -> 1,5."""
    if value in (None, ""):
        return ""
    return format_decimal(Decimal(value).normalize(), locale=babel_locale())


@register.filter
def rate(value) -> str:
    """20.000 -> "20 %", 5.5 -> "5,5 %"."""
    if value in (None, ""):
        return ""
    text = format_decimal(Decimal(value).normalize() + 0, locale=babel_locale())
    return f"{text}\u00a0%"


@register.filter
def get_item(mapping, key):
    """A dict's value in a template: `errors|get_item:line.pk`."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""


@register.filter
def field_number(value) -> str:
    """A number for an input box: no grouping, a decimal comma in French, at least two
    decimals for a price (« 1250,00 »), none needed for a quantity (« 2 », « 1,5 »)."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    text = format(value.normalize() + 0 if value == value.to_integral() else value.normalize(), "f")
    if babel_locale().startswith("fr"):
        text = text.replace(".", ",")
    return text
