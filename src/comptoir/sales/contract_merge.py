"""Merge fields of contract templates and clauses: a whitelist, substituted by this module.

What people write in a template is never rendered as a Django template: `{{ client.owner.
password }}` would then walk the attributes of our models. Text is stored as plain
paragraphs (a blank line between two paragraphs; a line starting with "## " is a heading),
escaped when shown, and only the names of MERGE_FIELDS are replaced, by values computed
here and escaped too. Anything else between double braces, or any `{%`, is refused when the
text is saved, so a typo is caught by its author rather than printed in a customer's PDF.
"""

import re
from collections.abc import Callable
from decimal import Decimal

from django.utils import formats
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from comptoir.core.models import Company

FIELD = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
TAG = re.compile(r"\{%|%\}")


def _date(value) -> str:
    return formats.date_format(value, "j F Y") if value else ""


def _amount(contract) -> str:
    return f"{formats.number_format(contract.price, decimal_pos=2, use_l10n=True, force_grouping=True)} {contract.currency}"


def decimal_text(value) -> str:
    """A decimal without its trailing zeros, in the active language (291,3 not 291,3000)."""
    if value is None:
        return ""
    return formats.number_format(Decimal(format(value.normalize(), "f")), use_l10n=True)


def _months(count: int) -> str:
    return ngettext("%(n)s month", "%(n)s months", count) % {"n": count}


def _address(party) -> str:
    main = next((a for a in party.addresses.all() if a.is_default), None)
    if main is None:
        return ""
    return ", ".join(
        x for x in (main.line1, main.line2, f"{main.postal_code} {main.city}") if x.strip()
    )


def _company(name: str) -> Callable:
    def read(contract, company) -> str:
        if company is None:
            return ""
        if name == "adresse":
            parts = (
                company.address_line1,
                company.address_line2,
                f"{company.postal_code} {company.city}",
            )
            return ", ".join(x for x in parts if x.strip())
        return str(getattr(company, {"nom": "legal_name", "siren": "siren", "ville": "city"}[name]))

    return read


def formula_text(contract) -> str:
    """The revision formula as printed: P1 = P0 × (0,15 + 0,85 × S1/S0)."""
    if not contract.index_name:
        return ""
    if contract.index_fixed_part:
        a = decimal_text(contract.index_fixed_part)
        b = decimal_text(1 - contract.index_fixed_part)
        return f"P1 = P0 × ({a} + {b} × S1/S0)"
    return "P1 = P0 × S1/S0"


# name -> (what it holds, shown beside the editor; how to read it from a contract)
MERGE_FIELDS: dict[str, tuple[str, Callable]] = {
    "client.nom": (gettext_lazy("Customer's name"), lambda c, co: c.customer.name),
    "client.adresse": (gettext_lazy("Customer's main address"), lambda c, co: _address(c.customer)),
    "client.siren": (
        gettext_lazy("Customer's SIREN"),
        lambda c, co: getattr(getattr(c.customer, "organisation", None), "siren", "") or "",
    ),
    "societe.nom": (gettext_lazy("Our company's legal name"), _company("nom")),
    "societe.siren": (gettext_lazy("Our company's SIREN"), _company("siren")),
    "societe.adresse": (gettext_lazy("Our company's address"), _company("adresse")),
    "societe.ville": (gettext_lazy("Our company's city"), _company("ville")),
    "contrat.numero": (gettext_lazy("Contract number"), lambda c, co: c.display_number),
    "contrat.objet": (gettext_lazy("Title of the contract"), lambda c, co: c.title),
    "contrat.type": (gettext_lazy("Kind of contract"), lambda c, co: str(c.get_kind_display())),
    "contrat.date_debut": (gettext_lazy("Start date"), lambda c, co: _date(c.start_date)),
    "contrat.date_fin": (gettext_lazy("End date"), lambda c, co: _date(c.end_date)),
    "contrat.duree": (gettext_lazy("Initial term"), lambda c, co: _months(c.term_months)),
    "contrat.reconduction": (
        gettext_lazy("Renewal period"),
        lambda c, co: _months(c.renewal_months) if c.tacit_renewal else _("no tacit renewal"),
    ),
    "contrat.preavis": (gettext_lazy("Notice period"), lambda c, co: _months(c.notice_months)),
    "contrat.date_limite_denonciation": (
        gettext_lazy("Last day to give notice"),
        lambda c, co: _date(c.current_notice_deadline),
    ),
    "contrat.prix": (
        gettext_lazy("Yearly price excl. tax, with its currency"),
        lambda c, co: _amount(c),
    ),
    "contrat.periodicite": (
        gettext_lazy("Billing frequency"),
        lambda c, co: str(c.get_billing_frequency_display()).lower(),
    ),
    "contrat.indice": (gettext_lazy("Name of the revision index"), lambda c, co: c.index_name),
    "contrat.indice_base": (
        gettext_lazy("Base value of the index (S0)"),
        lambda c, co: decimal_text(c.index_base_value),
    ),
    "contrat.formule": (gettext_lazy("Revision formula"), lambda c, co: formula_text(c)),
}


def merge_field_help() -> list[tuple[str, str]]:
    """("{{ client.nom }}", "Customer's name")… for the list beside the editor."""
    return [("{{ " + name + " }}", str(label)) for name, (label, _read) in MERGE_FIELDS.items()]


def unknown_fields(text: str) -> list[str]:
    """The merge fields of `text` that are not in the whitelist (and any template tag)."""
    unknown = [name for name in FIELD.findall(text or "") if name not in MERGE_FIELDS]
    if TAG.search(text or ""):
        unknown.append("{% … %}")
    return list(dict.fromkeys(unknown))


def values_for(contract) -> dict[str, str]:
    """Every merge field's text for this contract (one read of the company profile)."""
    company = Company.current()
    return {
        name: str(read(contract, company) or "") for name, (_label, read) in MERGE_FIELDS.items()
    }


def _substitute(escaped: str, values: dict[str, str]) -> str:
    # Field names hold no character escape() changes, so they are found in escaped text.
    return FIELD.sub(lambda m: escape(values.get(m.group(1), m.group(0))), escaped)


def render_text(text: str, values: dict[str, str]) -> SafeString:
    """Plain paragraphs with merge fields -> safe HTML (<p>, <h3>, <br>)."""
    blocks = []
    for block in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip()):
        if not block.strip():
            continue
        if block.startswith("## "):
            blocks.append(f"<h3>{_substitute(escape(block[3:].strip()), values)}</h3>")
            continue
        lines = [_substitute(escape(line.strip()), values) for line in block.split("\n")]
        blocks.append(f"<p>{'<br>'.join(lines)}</p>")
    return mark_safe("\n".join(blocks))  # noqa: S308 - every piece escaped above


def render_inline(text: str, values: dict[str, str]) -> str:
    """A one-line text (a clause title) with its merge fields, as plain text."""
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")
