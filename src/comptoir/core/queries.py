"""Reads of the core app, filtered by what the user may see."""

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.text import capfirst

from comptoir.core import audit
from comptoir.core.choices import AuditAction
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditedModel, AuditEntry, BankAccount, Company, User

# --- Company, bank accounts, users (lead) -------------------------------------------------


def require(user, permission: str) -> None:
    """Refuse (403) a user who lacks the permission a page or a read needs."""
    if user is None or not user.has_perm(permission):
        raise NotAllowed(permission)


def company_for(*, user, permission: str = "core.view_company") -> Company | None:
    require(user, permission)
    return Company.current()


def bank_accounts_for(*, user):
    require(user, "core.view_bankaccount")
    company = Company.current()
    return company.bank_accounts.all() if company else BankAccount.objects.none()


def user_list(*, user, filters: dict | None = None):
    """Accounts with their roles, for the users page; filters: q, role, active."""
    require(user, "core.view_user")
    filters = filters or {}
    found = User.objects.prefetch_related("groups").order_by("last_name", "first_name", "username")
    for word in (filters.get("q") or "").split():
        found = found.filter(
            Q(username__icontains=word)
            | Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(email__icontains=word)
        )
    if filters.get("role"):
        found = found.filter(groups__name=filters["role"])
    if filters.get("active") in ("1", "0"):
        found = found.filter(is_active=filters["active"] == "1")
    return found


def user_get(*, user, pk: int) -> User:
    return get_object_or_404(user_list(user=user), pk=pk)


# --- Audit trail (attachments and audit helper) -------------------------------------------

AUDIT_FILTERS = ("action", "user", "content_type", "date_from", "date_to", "q")


def audited_content_types() -> list[tuple[ContentType, str]]:
    """The kinds of business record the trail can name, with their label, for the filter."""
    models = [m for m in apps.get_models() if issubclass(m, AuditedModel)]
    found = ContentType.objects.get_for_models(*models, for_concrete_models=False)
    labelled = [(ct, str(capfirst(model._meta.verbose_name))) for model, ct in found.items()]
    return sorted(labelled, key=lambda pair: pair[1].lower())


def audit_entries(*, user, filters: dict):
    """The audit trail, newest first, for the audit page and its CSV export.

    `filters` holds strings as typed in the page's form: action, user (id), content_type
    (id), date_from and date_to (ISO dates, inclusive, in the current time zone) and q (text
    in the record's name). Values that do not parse are ignored rather than refused, as a
    stale bookmark should still show something.
    """
    require(user, "core.view_auditentry")
    entries = AuditEntry.objects.select_related("user", "content_type").order_by("-at", "-id")
    action = str(filters.get("action") or "")
    if action in AuditAction.values:
        entries = entries.filter(action=action)
    by = str(filters.get("user") or "")
    if by.isdigit():
        entries = entries.filter(user_id=int(by))
    content_type = str(filters.get("content_type") or "")
    if content_type.isdigit():
        entries = entries.filter(content_type_id=int(content_type))
    tz = timezone.get_current_timezone()
    if date_from := _parse_date(filters.get("date_from")):
        entries = entries.filter(
            at__gte=datetime.datetime.combine(date_from, datetime.time.min, tz)
        )
    if date_to := _parse_date(filters.get("date_to")):
        next_day = date_to + datetime.timedelta(days=1)
        entries = entries.filter(at__lt=datetime.datetime.combine(next_day, datetime.time.min, tz))
    for word in str(filters.get("q") or "").split():
        entries = entries.filter(object_repr__icontains=word)
    return entries


def _parse_date(value) -> datetime.date | None:
    try:
        return parse_date(str(value or "").strip())
    except ValueError:  # well-formed but impossible, such as 2026-02-31
        return None


def record_history(*, record, user, limit: int = 50):
    """The latest changes to one record, for whoever may see that kind of record."""
    opts = record._meta.concrete_model._meta
    require(user, f"{opts.app_label}.view_{opts.model_name}")
    return audit.trail_for(record, limit=limit)
