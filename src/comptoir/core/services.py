"""Writes of the core app: company profile, bank accounts, users and roles.

Each service is keyword-only, checks the acting user's permission itself, runs in one
transaction and raises domain errors (core.exceptions) or ValidationError with field errors.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from comptoir.core.audit import acting_as
from comptoir.core.exceptions import CoreError, NotAllowed
from comptoir.core.models import BankAccount, Company, User
from comptoir.core.queries import require
from comptoir.core.roles import ROLES

# --- Roles ---------------------------------------------------------------------------------


def roles_sync() -> None:
    """Give each role group exactly the permissions ROLES lists (idempotent)."""
    wanted = {perm for role in ROLES.values() for perm in role.permissions}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    missing = wanted - by_name.keys()
    if missing:
        raise LookupError(f"core.roles.ROLES names unknown permissions: {sorted(missing)}")
    for role in ROLES.values():
        group, _ = Group.objects.get_or_create(name=role.code)
        group.permissions.set([by_name[p] for p in role.permissions])


def roles_sync_on_migrate(sender, **kwargs) -> None:
    # post_migrate is sent once per app, in INSTALLED_APPS order, and each app's permissions
    # are created by its own signal: only after the last app do they all exist.
    # (Apps without models receive no signal.)
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if sender is with_models[-1]:
        roles_sync()


# --- Company profile ----------------------------------------------------------------------


COMPANY_FIELDS = frozenset(
    f.name for f in Company._meta.concrete_fields if f.name not in {"id", "updated_at"}
)


@transaction.atomic
def company_update(*, by, **fields) -> Company:
    """Change the company profile; identifiers are checked and normalised by Company.clean()."""
    require(by, "core.change_company")
    unknown = set(fields) - COMPANY_FIELDS
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    # Locked, so two administrators saving at once apply their changes one after the other.
    company = Company.objects.select_for_update().order_by("pk").first() or Company()
    for name, value in fields.items():
        setattr(company, name, value)
    company.full_clean()
    with acting_as(by):
        company.save()
    return company


@transaction.atomic
def company_ensure(*, legal_name: str) -> Company:
    """The company row exists from the first start, so its profile can be completed."""
    company = Company.current()
    if company is None:
        company = Company.objects.create(legal_name=legal_name)
    return company


# --- Bank accounts ------------------------------------------------------------------------


@transaction.atomic
def bank_account_save(*, by, account: BankAccount | None = None, **fields) -> BankAccount:
    require(by, "core.change_bankaccount" if account else "core.add_bankaccount")
    company = Company.current()
    if company is None:
        raise CoreError(_("Fill in the company profile before adding a bank account."))
    account = account or BankAccount(company=company)
    for name, value in fields.items():
        setattr(account, name, value)
    account.full_clean(exclude={"company"})
    with acting_as(by):
        if account.is_default:
            # One default account per company (a constraint); the new default takes over.
            for other in company.bank_accounts.filter(is_default=True).exclude(pk=account.pk):
                other.is_default = False
                other.save(update_fields=["is_default"])
        elif not company.bank_accounts.exclude(pk=account.pk).exists():
            account.is_default = True
        account.save()
    return account


@transaction.atomic
def bank_account_delete(*, by, account: BankAccount) -> None:
    require(by, "core.delete_bankaccount")
    with acting_as(by):
        account.delete()


# --- Users --------------------------------------------------------------------------------


def _set_roles(user: User, roles) -> None:
    unknown = set(roles) - ROLES.keys()
    if unknown:
        raise ValidationError({"roles": _("Unknown role: %s") % ", ".join(sorted(unknown))})
    user.groups.set(Group.objects.filter(name__in=roles))


@transaction.atomic
def user_create(*, by, username: str, roles=(), password: str | None = None, **fields) -> User:
    """A new account; without a password it cannot log in until reset by e-mail."""
    require(by, "core.add_user")
    user = User(username=username, **fields)
    if password:
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude={"password"})
    with acting_as(by):
        user.save()
        _set_roles(user, roles)
    return user


@transaction.atomic
def user_update(*, by, user: User, roles=None, **fields) -> User:
    require(by, "core.change_user")
    if user.is_superuser and not by.is_superuser:
        raise NotAllowed(_("Only a superuser may change a superuser."))
    if user == by and fields.get("is_active") is False:
        raise ValidationError({"is_active": _("You cannot deactivate your own account.")})
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean(exclude={"password"})
    with acting_as(by):
        user.save()
        if roles is not None:
            if user == by and "administrateur" not in roles and not by.is_superuser:
                raise ValidationError(
                    {"roles": _("You cannot remove the administrator role from yourself.")}
                )
            _set_roles(user, roles)
    return user


@transaction.atomic
def profile_update(*, user: User, **fields) -> User:
    """What anyone may change of their own account: names, e-mail, phone, language."""
    allowed = {"first_name", "last_name", "email", "phone", "language"}
    for name, value in fields.items():
        if name not in allowed:
            raise NotAllowed(name)
        setattr(user, name, value)
    user.full_clean(exclude={"password"})
    with acting_as(user):
        user.save()
    return user
