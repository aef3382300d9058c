"""Template helpers shared by every app: Bootstrap form widgets, unit prices, IBANs, phones."""

import re
from decimal import Decimal

from babel.numbers import format_decimal
from django import forms, template
from django.utils import translation
from django.utils.safestring import mark_safe

from comptoir.core.identifiers import format_iban, format_phone

register = template.Library()


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with Bootstrap classes, marked invalid when it has errors."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple | forms.RadioSelect):
        css = "form-check-input"
    elif isinstance(widget, forms.Select | forms.SelectMultiple):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": f"{widget.attrs.get('class', '')} {css}".strip()}
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{bound_field.auto_id}_error"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def iban(value: str) -> str:
    """FR7630006000011234567890189 -> FR76 3000 6000 0112 3456 7890 189."""
    return format_iban(value or "")


@register.filter
def phone(value: str, region: str = "FR") -> str:
    """+33478950213 -> 04 78 95 02 13 for a French company, +33 4 78 95 02 13 elsewhere."""
    return format_phone(value, region=region) if value else ""


def babel_locale() -> str:
    """The babel locale of the reader's language, for numbers and amounts."""
    language = (translation.get_language() or "fr").split("-")[0]
    return {"fr": "fr_FR", "en": "en_GB"}.get(language, "fr_FR")


@register.filter
def unit_price(value, empty: str = "") -> str:
    """A unit price in the reader's format with two decimals at least and four at most:
    1250.0000 -> « 1 250,00 », 0.1250 -> « 0,125 ». `empty` is shown for no value (the
    catalog's tables show « — »: `{{ price|unit_price:"—" }}`)."""
    if value in (None, ""):
        return empty
    return format_decimal(Decimal(value), format="#,##0.00##", locale=babel_locale())


_CSS_STRING_UNSAFE = re.compile(r'[\\"<\x00-\x1f\x7f]')


@register.filter
def css_string(value) -> str:
    """Text inside a double-quoted CSS string, as a PDF's page footer prints it
    (`content: "{{ company.legal_name|css_string }}"`): backslash, quote, `<` (no closing
    `</style>`) and control characters become CSS escapes. Not `escapejs`, whose `\\u002D`
    CSS reads as « u002D »; not HTML escaping either, which a `<style>` never decodes."""
    text = "" if value is None else str(value)
    # safe for where it goes: every character that could end the string or the <style> is escaped
    return mark_safe(_CSS_STRING_UNSAFE.sub(lambda m: f"\\{ord(m.group()):x} ", text))  # noqa: S308
