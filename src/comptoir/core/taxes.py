"""Sales-tax rates: the presets of each country, and the services that edit them.

The labels and mentions below are records printed on French-language documents, so they
are French data, not interface text.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from comptoir.core.audit import acting_as
from comptoir.core.exceptions import CoreError
from comptoir.core.models import TaxRate
from comptoir.core.queries import require


@dataclass(frozen=True)
class Preset:
    code: str
    label: str
    rate: Decimal
    is_default: bool = False
    exemption_mention: str = ""


EXEMPT = "Exonéré"

PRESETS: dict[str, tuple[Preset, ...]] = {
    # France métropolitaine: CGI art. 278 to 281 nonies; the exemption is the small-business
    # franchise (franchise en base), whose mention the CGI prescribes word for word.
    "FR": (
        Preset("fr-20", "TVA 20 %", Decimal("20"), is_default=True),
        Preset("fr-10", "TVA 10 %", Decimal("10")),
        Preset("fr-5-5", "TVA 5,5 %", Decimal("5.5")),
        Preset("fr-2-1", "TVA 2,1 %", Decimal("2.1")),
        Preset(
            "fr-exempt",
            EXEMPT,
            Decimal("0"),
            exemption_mention="TVA non applicable, art. 293 B du CGI",
        ),
    ),
    # New Caledonia's TGC: 11 % is the general rate for goods and most services.
    "NC": (
        Preset("nc-22", "TGC 22 %", Decimal("22")),
        Preset("nc-11", "TGC 11 %", Decimal("11"), is_default=True),
        Preset("nc-6", "TGC 6 %", Decimal("6")),
        Preset("nc-3", "TGC 3 %", Decimal("3")),
        Preset("nc-exempt", EXEMPT, Decimal("0"), exemption_mention="Exonéré de TGC"),
    ),
    "MA": (
        Preset("ma-20", "TVA 20 %", Decimal("20"), is_default=True),
        Preset("ma-14", "TVA 14 %", Decimal("14")),
        Preset("ma-10", "TVA 10 %", Decimal("10")),
        Preset("ma-7", "TVA 7 %", Decimal("7")),
        Preset("ma-exempt", EXEMPT, Decimal("0"), exemption_mention="Exonéré de TVA"),
    ),
}

TAX_RATE_FIELDS = frozenset(
    {"country", "code", "label", "rate", "exemption_mention", "is_default", "active"}
)


def has_presets(country: str) -> bool:
    return country in PRESETS


# --- Reads --------------------------------------------------------------------------------


def tax_rates_for(*, user, country: str | None = None):
    """The tax rates (of one country, or all), highest rate first, for a user who may see them."""
    require(user, "core.view_taxrate")
    rates = TaxRate.objects.order_by("country", "-rate", "code")
    return rates.filter(country=country) if country else rates


def tax_rate_get_for(*, user, pk: int) -> TaxRate:
    return get_object_or_404(tax_rates_for(user=user), pk=pk)


# --- Writes -------------------------------------------------------------------------------


@transaction.atomic
def tax_rates_install_presets(*, country: str, by=None) -> int:
    """Create the country's preset rates that are missing; how many were created.

    Existing rows (same country and code) are left as the company edited them.

    `by=None` is the system (first start, demo data); a person needs core.add_taxrate.
    """
    if by is not None:
        require(by, "core.add_taxrate")
    if country not in PRESETS:
        raise CoreError(_("Comptoir has no tax rate presets for this country."))
    has_default = TaxRate.objects.filter(country=country, is_default=True).exists()
    created_count = 0
    with acting_as(by):
        for preset in PRESETS[country]:
            _rate, created = TaxRate.objects.get_or_create(
                country=country,
                code=preset.code,
                defaults={
                    "label": preset.label,
                    "rate": preset.rate,
                    "exemption_mention": preset.exemption_mention,
                    # A default chosen by the company is kept.
                    "is_default": preset.is_default and not has_default,
                },
            )
            created_count += created
    return created_count


@transaction.atomic
def tax_rate_save(*, by, tax_rate: TaxRate | None = None, **fields) -> TaxRate:
    """Create or change a tax rate; the new default of a country takes over from the old one."""
    require(by, "core.change_taxrate" if tax_rate else "core.add_taxrate")
    unknown = set(fields) - TAX_RATE_FIELDS
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    tax_rate = tax_rate or TaxRate()
    for name, value in fields.items():
        setattr(tax_rate, name, value)
    if tax_rate.rate and tax_rate.exemption_mention:
        raise ValidationError(
            {"exemption_mention": _("An exemption mention only goes with a rate of 0 %.")}
        )
    with acting_as(by):
        if tax_rate.is_default:
            # One default per country (a constraint): demote the old one first, so the
            # constraint check in full_clean() passes; an error below rolls it all back.
            others = TaxRate.objects.filter(country=tax_rate.country, is_default=True)
            for other in others.exclude(pk=tax_rate.pk):
                other.is_default = False
                other.save(update_fields=["is_default"])
        tax_rate.full_clean()
        tax_rate.save()
    return tax_rate
