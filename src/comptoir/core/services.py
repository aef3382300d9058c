"""Writes of the core app: company profile, bank accounts, users and roles.

Each service is keyword-only, checks the acting user's permission itself, runs in one
transaction and raises domain errors (core.exceptions) or ValidationError with field errors.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from comptoir.core.exceptions import NotAllowed
from comptoir.core.roles import ROLES


def _require(user, permission: str) -> None:
    if user is None or not user.has_perm(permission):
        raise NotAllowed(permission)


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
