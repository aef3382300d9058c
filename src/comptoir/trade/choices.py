"""Incoterms 2020 (ICC): the eleven rules, what each leaves to the seller, and rate sources."""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Incoterm(models.TextChoices):
    """The 11 Incoterms 2020 rules, labelled with their official French names."""

    EXW = "EXW", _("EXW – Ex Works")
    FCA = "FCA", _("FCA – Free Carrier")
    CPT = "CPT", _("CPT – Carriage Paid To")
    CIP = "CIP", _("CIP – Carriage and Insurance Paid To")
    DAP = "DAP", _("DAP – Delivered at Place")
    DPU = "DPU", _("DPU – Delivered at Place Unloaded")
    DDP = "DDP", _("DDP – Delivered Duty Paid")
    FAS = "FAS", _("FAS – Free Alongside Ship")
    FOB = "FOB", _("FOB – Free on Board")
    CFR = "CFR", _("CFR – Cost and Freight")
    CIF = "CIF", _("CIF – Cost, Insurance and Freight")


@dataclass(frozen=True)
class IncotermRule:
    code: str
    any_mode: bool  # False: sea and inland waterway only
    risk_passes: Promise
    main_carriage_by_seller: bool
    insurance_by_seller: Promise | str
    export_clearance_by_seller: bool
    import_clearance_by_seller: bool

    @property
    def label(self) -> str:
        return Incoterm(self.code).label

    @property
    def name(self) -> str:
        """The rule's French name without its code (« À l'usine »)."""
        return str(self.label).split(" – ", 1)[-1]

    @property
    def mode_label(self) -> Promise:
        return _("Any mode of transport") if self.any_mode else _("Sea and inland waterway")


_AT_DESTINATION = _("At the named destination, ready for unloading")
_ON_BOARD = _("On board the vessel at the port of loading")
_FIRST_CARRIER = _("When handed over to the first carrier")

INCOTERM_RULES: dict[str, IncotermRule] = {
    rule.code: rule
    for rule in (
        IncotermRule(
            "EXW", True, _("At the seller's premises, not loaded"), False, "", False, False
        ),
        IncotermRule(
            "FCA",
            True,
            _("When handed over to the buyer's carrier (loaded, at the seller's premises)"),
            False,
            "",
            True,
            False,
        ),
        IncotermRule("CPT", True, _FIRST_CARRIER, True, "", True, False),
        IncotermRule(
            "CIP",
            True,
            _FIRST_CARRIER,
            True,
            _("Institute Cargo Clauses (A), 110 %"),
            True,
            False,
        ),
        IncotermRule("DAP", True, _AT_DESTINATION, True, "", True, False),
        IncotermRule(
            "DPU", True, _("At the named destination, once unloaded"), True, "", True, False
        ),
        IncotermRule("DDP", True, _AT_DESTINATION, True, "", True, True),
        IncotermRule(
            "FAS", False, _("Alongside the vessel at the port of loading"), False, "", True, False
        ),
        IncotermRule("FOB", False, _ON_BOARD, False, "", True, False),
        IncotermRule("CFR", False, _ON_BOARD, True, "", True, False),
        IncotermRule(
            "CIF", False, _ON_BOARD, True, _("Institute Cargo Clauses (C), 110 %"), True, False
        ),
    )
}


class RateSource(models.TextChoices):
    MANUAL = "manual", _("Typed in")
    ECB = "ecb", _("European Central Bank")
    BANK = "bank", _("Bank")
    CUSTOMS = "customs", _("Customs")
