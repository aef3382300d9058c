"""The audit trail: who changed which business record, when, from what to what.

Every subclass of AuditedModel is wired here at start-up. The acting user comes from the
request (CurrentUserMiddleware) or, in commands and tasks, from `acting_as(user)`.
Bulk queryset operations (update(), bulk_create()) bypass signals: services that use them
must call `record()` themselves.
"""

import contextlib
from contextvars import ContextVar

from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save

from comptoir.core.choices import AuditAction
from comptoir.core.models.audit import AuditedModel, AuditEntry
from comptoir.core.roles import role_label

_current_user: ContextVar = ContextVar("comptoir_audit_user", default=None)


@contextlib.contextmanager
def acting_as(user):
    """Attribute the changes made inside the block to `user` (commands, tasks, services)."""
    token = _current_user.set(user)
    try:
        yield
    finally:
        _current_user.reset(token)


def current_user():
    user = _current_user.get()
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def _as_text(field: models.Field, value) -> str | None:
    if value is None:
        return None
    if isinstance(field, models.FileField):
        return str(value) or None
    return field.value_to_string(_Holder(field.attname, value))


class _Holder:
    """value_to_string() reads the value from an object; this lends it one."""

    def __init__(self, attname, value):
        setattr(self, attname, value)


def _tracked_fields(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in model.audit_exclude and not f.primary_key
    ]


def record(instance, action: str, changes: dict | None = None) -> AuditEntry:
    entry = AuditEntry.objects.create(
        user=current_user(),
        action=action,
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes or {},
    )
    return entry


def record_bulk(model, source: str, *, pk: str, text: str, changes: dict | None = None) -> None:
    """One "create" entry for each row of `source` (a table of the transaction, e.g. a
    core.bulk.ScratchTable) that core.bulk wrote into `model` (no signal fires there): `pk`
    and `text` are SQL over the source giving the record's id and what it is called. All
    are attributed to the current user and carry the same `changes` (e.g. the file
    imported). One statement: the database writes the million entries of a million-row
    import by itself. Source and expressions are the caller's constants, never input."""
    from comptoir.core.bulk import insert_select

    user = current_user()
    insert_select(
        AuditEntry,
        {"object_id": f"CAST({pk} AS TEXT)", "object_repr": f"substr({text}, 1, 200)"},
        source,
        values={
            "user_id": user.pk if user else None,
            "action": AuditAction.CREATE,
            "content_type_id": ContentType.objects.get_for_model(
                model, for_concrete_model=False
            ).pk,
            "changes": changes or {},
        },
    )


def _on_save(sender, instance, created, raw=False, **kwargs):
    if raw:  # fixtures load as they are
        return
    fields = _tracked_fields(sender)
    current = {f.attname: getattr(instance, f.attname) for f in fields}
    if created:
        changes = {
            f.name: [None, _as_text(f, current[f.attname])]
            for f in fields
            if current[f.attname] not in (None, "")
        }
        record(instance, AuditAction.CREATE, changes)
    else:
        loaded = getattr(instance, "_audit_loaded", None) or {}
        changes = {}
        for f in fields:
            if f.attname not in loaded:
                continue
            before, after = _as_text(f, loaded[f.attname]), _as_text(f, current[f.attname])
            if before != after:
                changes[f.name] = [before, after]
        if changes:
            record(instance, AuditAction.UPDATE, changes)
    # The next save compares with what is now in the database.
    instance._audit_loaded = {**getattr(instance, "_audit_loaded", {}), **current}


def _on_delete(sender, instance, **kwargs):
    record(instance, AuditAction.DELETE)


def _on_m2m(sender, instance, action, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear") or not isinstance(
        instance, AuditedModel
    ):
        return
    field = next((f for f in instance._meta.many_to_many if f.remote_field.through is sender), None)
    if field is None:
        return
    names = sorted(_m2m_label(o) for o in model.objects.filter(pk__in=pk_set or []))
    verb = {"post_add": "+", "post_remove": "−", "post_clear": "∅"}[action]
    record(instance, AuditAction.UPDATE, {field.name: [None, f"{verb} {', '.join(names)}"]})


def _m2m_label(related) -> str:
    # A user's groups are their roles: show "Comptable", not the group's code.
    if isinstance(related, Group):
        return role_label(related.name)
    return str(related)


def connect() -> None:
    for model in apps.get_models():
        if issubclass(model, AuditedModel):
            post_save.connect(_on_save, sender=model, dispatch_uid=f"audit-save-{model._meta}")
            post_delete.connect(_on_delete, sender=model, dispatch_uid=f"audit-del-{model._meta}")
            for m2m in model._meta.many_to_many:
                m2m_changed.connect(
                    _on_m2m, sender=m2m.remote_field.through, dispatch_uid=f"audit-m2m-{m2m}"
                )


def trail_for(instance, *, limit: int = 50):
    """The latest changes to one record, newest first, with who made them."""
    return (
        AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(instance, for_concrete_model=False),
            object_id=str(instance.pk),
        )
        .select_related("user")
        .order_by("-at", "-id")[:limit]
    )
