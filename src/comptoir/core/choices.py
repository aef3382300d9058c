from django.db import models
from django.utils.translation import gettext_lazy as _


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    XPF = "XPF", _("CFP franc (XPF)")
    MAD = "MAD", _("Moroccan dirham (MAD)")
    XOF = "XOF", _("West African CFA franc (XOF)")
    XAF = "XAF", _("Central African CFA franc (XAF)")
    USD = "USD", _("US dollar (USD)")
    GBP = "GBP", _("Pound sterling (GBP)")
    CHF = "CHF", _("Swiss franc (CHF)")


class Country(models.TextChoices):
    """Countries Comptoir has legal presets for (identifiers, taxes, holidays)."""

    FR = "FR", _("France")
    NC = "NC", _("New Caledonia")
    MA = "MA", _("Morocco")
    SN = "SN", _("Senegal")
    CI = "CI", _("Côte d'Ivoire")
    BE = "BE", _("Belgium")
    LU = "LU", _("Luxembourg")
    CH = "CH", _("Switzerland")
    RE = "RE", _("Réunion")
    PF = "PF", _("French Polynesia")


class LegalForm(models.TextChoices):
    EI = "EI", _("Sole proprietorship (EI)")
    EURL = "EURL", "EURL"
    SARL = "SARL", "SARL"
    SARLAU = "SARLAU", "SARL AU"
    SAS = "SAS", "SAS"
    SASU = "SASU", "SASU"
    SA = "SA", "SA"
    SNC = "SNC", "SNC"
    SCOP = "SCOP", "SCOP"
    ASSOCIATION = "ASSO", _("Association")
    OTHER = "OTHER", _("Other")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Modified")
    DELETE = "delete", _("Deleted")
