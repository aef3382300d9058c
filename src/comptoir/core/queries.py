"""Reads of the core app, filtered by what the user may see."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import BankAccount, Company, User

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
