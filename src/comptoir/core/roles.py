"""The roles of DESIGN.md and what each may do.

A role is a Django group (created by migration 0002) whose permissions are set from ROLES
after every migrate, so that an app added later only has to name its permissions here.
Menus, views, services and queries all ask `user.has_perm(...)`: one source of truth.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: str
    description: str
    permissions: tuple[str, ...] = field(default_factory=tuple)


READ_COMPANY = ("core.view_company", "core.view_bankaccount", "core.view_taxrate")
# The client base (parties): who reads it, who keeps it up to date, who logs interactions.
READ_PARTIES = ("parties.view_party",)
EDIT_PARTIES = (
    "parties.view_party",
    "parties.add_party",
    "parties.change_party",
    "parties.add_interaction",
)
# The catalog (products, price lists, customer terms) and trade (currencies, rates).
READ_CATALOG = (
    "catalog.view_product",
    "catalog.view_productfamily",
    "catalog.view_pricelist",
    "catalog.view_customercategory",
    "catalog.view_customerterms",
    "trade.view_currency",
    "trade.view_exchangerate",
)
EDIT_CATALOG = (
    *READ_CATALOG,
    "catalog.add_product",
    "catalog.change_product",
    "catalog.export_product",
    "catalog.add_productfamily",
    "catalog.change_productfamily",
    "catalog.add_pricelist",
    "catalog.change_pricelist",
    "catalog.add_customercategory",
    "catalog.change_customercategory",
    "catalog.change_customerterms",
    "trade.add_exchangerate",
    "trade.change_exchangerate",
)
# Sales: quotes and orders (issue 4).
READ_QUOTES_ORDERS = ("sales.view_quote", "sales.view_order")
EDIT_QUOTES = ("sales.view_quote", "sales.add_quote", "sales.change_quote")
EDIT_ORDERS = ("sales.view_order", "sales.add_order", "sales.change_order")
# Contracts (sales): adv and account managers keep them, management reads them.
READ_CONTRACTS = ("sales.view_contract", "sales.view_contracttemplate")
EDIT_CONTRACTS = (*READ_CONTRACTS, "sales.add_contract", "sales.change_contract")
EDIT_CONTRACT_TEMPLATES = ("sales.add_contracttemplate", "sales.change_contracttemplate")
# Deliveries (sales): ADV prepares and ships them, keeps the carriers; others read.
READ_DELIVERIES = ("sales.view_delivery", "sales.view_carrier")
EDIT_DELIVERIES = (
    *READ_DELIVERIES,
    "sales.add_delivery",
    "sales.change_delivery",
    "sales.delete_delivery",
    "sales.add_carrier",
    "sales.change_carrier",
)

ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role(
            "direction",
            _("Management"),
            _("Sets objectives, reads dashboards and the weekly steering report, approves."),
            (
                *READ_COMPANY,
                "core.view_user",
                "core.view_auditentry",
                "core.view_sequence",
                *READ_PARTIES,
                "parties.export_party",
                *READ_CATALOG,
                "catalog.view_margin",
                "catalog.export_product",
                *READ_QUOTES_ORDERS,
                "sales.override_credit_block",
                *READ_CONTRACTS,
                *READ_DELIVERIES,
            ),
        ),
        Role(
            "charge_clientele",
            _("Account manager"),
            _("Owns accounts and prospects, opportunities, quotes, agenda."),
            (
                "core.view_company",
                *EDIT_PARTIES,
                "parties.export_party",
                *READ_CATALOG,
                *EDIT_QUOTES,
                "sales.view_order",
                *EDIT_CONTRACTS,
                *READ_DELIVERIES,
            ),
        ),
        Role(
            "adv",
            _("Sales administration"),
            _("Quotes, orders, deliveries, contracts, invoices, dunning."),
            (
                *READ_COMPANY,
                "core.view_sequence",
                *EDIT_PARTIES,
                *EDIT_CATALOG,
                "catalog.view_margin",
                *EDIT_QUOTES,
                *EDIT_ORDERS,
                *EDIT_CONTRACTS,
                *EDIT_CONTRACT_TEMPLATES,
                *EDIT_DELIVERIES,
            ),
        ),
        Role(
            "accueil",
            _("Reception"),
            _("Logs visits, calls and requests; informs; routes to the right person."),
            ("core.view_company", *EDIT_PARTIES),
        ),
        Role(
            "service_client",
            _("Customer service"),
            _("Complaints, their follow-up across departments, satisfaction."),
            ("core.view_company", *EDIT_PARTIES, *READ_CATALOG),
        ),
        Role(
            "teleconseiller",
            _("Call-center operator"),
            _("Inbound and outbound calls, scripts, order and complaint intake."),
            ("core.view_company", *EDIT_PARTIES, *READ_CATALOG, *EDIT_QUOTES),
        ),
        Role(
            "superviseur",
            _("Supervisor"),
            _("Queues, campaigns, wallboard, KPIs, staffing."),
            ("core.view_company", "core.view_user", *READ_PARTIES, "parties.export_party"),
        ),
        Role(
            "acheteur",
            _("Buyer"),
            _("Purchase requests, supplier RFQs, purchase orders, supplier evaluation."),
            (*READ_COMPANY, *EDIT_PARTIES, *READ_CATALOG, "catalog.view_margin"),
        ),
        Role(
            "comptable",
            _("Accountant"),
            _("Entries, matching, bank reconciliation, tax returns, exports."),
            (
                *READ_COMPANY,
                "core.add_bankaccount",
                "core.change_bankaccount",
                "core.add_taxrate",
                "core.change_taxrate",
                "core.view_sequence",
                "core.view_auditentry",
                *READ_PARTIES,
                *READ_CATALOG,
                "catalog.view_margin",
                "trade.add_exchangerate",
                "trade.change_exchangerate",
                *READ_QUOTES_ORDERS,
                *READ_DELIVERIES,
            ),
        ),
        Role(
            "prestataire",
            _("Outsourced operator"),
            _("Sees only the campaigns and contacts assigned to it."),
            (),
        ),
        Role(
            "administrateur",
            _("Administrator"),
            _("Company settings, users, roles, integrations."),
            (
                *READ_COMPANY,
                "core.change_company",
                "core.add_bankaccount",
                "core.change_bankaccount",
                "core.delete_bankaccount",
                "core.add_taxrate",
                "core.change_taxrate",
                "core.view_sequence",
                "core.add_sequence",
                "core.change_sequence",
                "core.view_user",
                "core.add_user",
                "core.change_user",
                "core.view_auditentry",
                "core.view_taskprogress",
                *EDIT_PARTIES,
                "parties.delete_party",
                "parties.export_party",
                "parties.import_party",
                "parties.merge_party",
                "parties.erase_party",
                "parties.view_tag",
                "parties.add_tag",
                "parties.change_tag",
                *EDIT_CATALOG,
                "catalog.view_margin",
                "catalog.delete_product",
                "catalog.delete_productfamily",
                "catalog.delete_pricelist",
                "catalog.delete_customercategory",
                "trade.add_currency",
                "trade.change_currency",
                "trade.delete_exchangerate",
                *READ_QUOTES_ORDERS,
                *READ_DELIVERIES,
            ),
        ),
    )
}


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role.label) if role else code
