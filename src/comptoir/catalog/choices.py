from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProductKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")


class Unit(models.TextChoices):
    UNIT = "unit", _("unit")
    HOUR = "hour", _("hour")
    DAY = "day", _("day")
    MONTH = "month", _("month")
    KG = "kg", _("kg")
    METRE = "m", _("m")
    SQUARE_METRE = "m2", _("m²")
    LITRE = "l", _("litre")
    PACKAGE = "package", _("flat rate")


# What a printed document writes after a quantity: « 2 u », « 3 h », « 1 forfait ».
UNIT_SYMBOLS = {
    Unit.UNIT: pgettext_lazy("unit symbol", "pc"),
    Unit.HOUR: pgettext_lazy("unit symbol", "h"),
    Unit.DAY: pgettext_lazy("unit symbol", "d"),
    Unit.MONTH: pgettext_lazy("unit symbol", "mo"),
    Unit.KG: pgettext_lazy("unit symbol", "kg"),
    Unit.METRE: pgettext_lazy("unit symbol", "m"),
    Unit.SQUARE_METRE: pgettext_lazy("unit symbol", "m²"),
    Unit.LITRE: pgettext_lazy("unit symbol", "l"),
    Unit.PACKAGE: pgettext_lazy("unit symbol", "flat rate"),
}


# UN/ECE Recommendation 20 codes, which EN 16931 invoices (Factur-X) require for each line.
UNECE_CODES: dict[str, str] = {
    Unit.UNIT: "C62",
    Unit.HOUR: "HUR",
    Unit.DAY: "DAY",
    Unit.MONTH: "MON",
    Unit.KG: "KGM",
    Unit.METRE: "MTR",
    Unit.SQUARE_METRE: "MTK",
    Unit.LITRE: "LTR",
    Unit.PACKAGE: "LS",  # lump sum
}


class PriceListKind(models.TextChoices):
    GENERAL = "general", _("General")
    CATEGORY = "category", _("Customer category")
    KEY_ACCOUNT = "key_account", _("Key account")


class PriceSource(models.TextChoices):
    """Where price_for found a unit price, from the most specific to the fallback."""

    KEY_ACCOUNT = "key_account", _("Key-account price list")
    CATEGORY = "category", _("Category price list")
    GENERAL = "general", _("General price list")
    PRODUCT = "product", _("Product sale price")


class DiscountSource(models.TextChoices):
    NONE = "", _("No discount")
    PRODUCT = "product", _("Customer discount on the product")
    FAMILY = "family", _("Customer discount on the family")
    GLOBAL = "global", _("Customer's general discount")
