"""The menu: every area that exists, each shown only to the people allowed in.

An entry names the permission its page checks, so the menu and the page never disagree.
Later apps add their section here.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    icon: str
    permission: str | None = None  # None: every signed-in person

    def allowed(self, user) -> bool:
        return self.permission is None or user.has_perm(self.permission)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Section:
    label: str
    entries: tuple[Entry, ...]


MENU: tuple[Section, ...] = (
    Section(
        _("Overview"),
        (Entry(_("Home"), "web:home", "house"),),
    ),
    Section(
        _("Client base"),
        (
            Entry(_("Organisations"), "parties:organisations", "buildings", "parties.view_party"),
            Entry(_("People"), "parties:people", "person-lines-fill", "parties.view_party"),
            Entry(_("Data quality"), "parties:quality", "clipboard-check", "parties.view_party"),
        ),
    ),
    Section(
        _("Catalog"),
        (
            Entry(
                _("Products and services"), "catalog:products", "box-seam", "catalog.view_product"
            ),
            Entry(_("Families"), "catalog:families", "diagram-3", "catalog.view_productfamily"),
            Entry(_("Price lists"), "catalog:price-lists", "tags", "catalog.view_pricelist"),
            Entry(
                _("Customer categories"),
                "catalog:categories",
                "collection",
                "catalog.view_customercategory",
            ),
            Entry(
                _("Price for a customer"), "catalog:simulator", "calculator", "catalog.view_product"
            ),
        ),
    ),
    Section(
        _("Sales"),
        (
            Entry(_("Quotes"), "sales:quotes", "file-earmark-text", "sales.view_quote"),
            Entry(_("Orders"), "sales:orders", "cart-check", "sales.view_order"),
            Entry(_("Contracts"), "sales:contracts", "file-earmark-ruled", "sales.view_contract"),
            Entry(_("Deliveries"), "sales:deliveries", "truck", "sales.view_delivery"),
            Entry(_("Backorders"), "sales:backorders", "hourglass-split", "sales.view_delivery"),
        ),
    ),
    Section(
        _("Settings"),
        (
            Entry(_("Company"), "core:company", "building", "core.view_company"),
            Entry(_("Bank accounts"), "core:bank-accounts", "bank", "core.view_bankaccount"),
            Entry(_("Tax rates"), "core:tax-rates", "percent", "core.view_taxrate"),
            Entry(_("Numbering"), "core:sequences", "123", "core.view_sequence"),
            Entry(
                _("Currencies and rates"),
                "trade:currencies",
                "currency-exchange",
                "trade.view_currency",
            ),
            Entry(_("Incoterms"), "trade:incoterms", "truck", "trade.view_currency"),
            Entry(_("Users"), "core:users", "people", "core.view_user"),
            Entry(_("Audit trail"), "core:audit", "clock-history", "core.view_auditentry"),
            Entry(_("Background tasks"), "core:tasks", "hourglass-split", "core.view_taskprogress"),
        ),
    ),
)


def menu_for(user) -> list[tuple[Section, list[Entry]]]:
    """The sections and entries this user may open, in menu order; empty sections dropped."""
    visible = []
    for section in MENU:
        entries = [entry for entry in section.entries if entry.allowed(user)]
        if entries:
            visible.append((section, entries))
    return visible
