"""What the home page shows each person: their roles, what is left to set up, recent changes.

Reads only (insights-style); every block checks the permission of the page it links to.
"""

import json

from django.contrib.auth.models import Group
from django.db.models import Count
from django.utils.translation import gettext as _

from comptoir.core.health import system_status
from comptoir.core.models import AuditEntry, Company
from comptoir.core.roles import ROLES, role_label

# Company fields a quote or an invoice cannot do without (REFERENCE.md, French invoices).
ESSENTIAL_COMPANY_FIELDS = (
    "legal_name",
    "legal_form",
    "registration",
    "siren",
    "vat_number",
    "address_line1",
    "postal_code",
    "city",
    "email",
)


def company_missing_fields(company: Company | None) -> list[str]:
    if company is None:
        return [str(Company._meta.get_field("legal_name").verbose_name)]
    missing = [
        str(Company._meta.get_field(name).verbose_name)
        for name in ESSENTIAL_COMPANY_FIELDS
        if not getattr(company, name)
    ]
    if not company.bank_accounts.exists():
        missing.append(_("a bank account"))
    return missing


def users_per_role_chart() -> str:
    counts = dict(
        Group.objects.filter(name__in=ROLES)
        .annotate(n=Count("user", distinct=True))
        .values_list("name", "n")
    )
    labels = [role_label(code) for code in ROLES]
    data = [counts.get(code, 0) for code in ROLES]
    return json.dumps(
        {
            "type": "bar",
            "data": {
                "labels": labels,
                "datasets": [{"label": _("Users"), "data": data, "backgroundColor": "#0d6efd"}],
            },
            "options": {
                "indexAxis": "y",
                "plugins": {"legend": {"display": False}},
                "scales": {"x": {"ticks": {"precision": 0}}, "y": {"ticks": {"autoSkip": False}}},
            },
        }
    )


def home_context(user) -> dict:
    company = Company.current()
    roles = [role_label(code) for code in user.groups.values_list("name", flat=True)]
    context = {
        "roles": roles,
        "company_missing": (
            company_missing_fields(company) if user.has_perm("core.change_company") else []
        ),
    }
    if user.has_perm("core.view_auditentry"):
        context["recent_changes"] = AuditEntry.objects.select_related("user", "content_type")[:8]
    if user.has_perm("core.view_user"):
        context["users_chart"] = users_per_role_chart()
    if user.has_perm("core.view_taskprogress"):
        context["system"] = system_status()
    return context
