"""Panels any record page can show: its attachments and its history.

{% load records %}
{% attachments_panel invoice %}
{% audit_trail invoice %}
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from comptoir.core import attachments as attachment_service
from comptoir.core import queries
from comptoir.core.choices import AuditAction
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry

register = template.Library()


def attachments_context(
    *, record, user, next_url: str = "", error: str = "", just_added=None
) -> dict:
    """What _attachments.html needs; the upload views render it again after each change."""
    try:
        files = list(attachment_service.attachments_for(record=record, user=user))
    except NotAllowed:
        return {"hidden": True}
    content_type = ContentType.objects.get_for_model(record)
    may_change = attachment_service.may_change(record=record, user=user)
    return {
        "hidden": False,
        "record": record,
        "files": files,
        "may_change": may_change,
        "content_type_id": content_type.pk,
        "object_id": str(record.pk),
        "panel_id": f"attachments-{content_type.pk}-{record.pk}",
        "next_url": next_url,
        "error": error,
        "just_added": just_added,
        "max_mb": attachment_service.max_upload_mb(),
        "accept": attachment_service.accepted_extensions(),
    }


@register.inclusion_tag("core/partials/_attachments.html", takes_context=True)
def attachments_panel(context, record):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    next_url = request.get_full_path() if request is not None else ""
    panel = attachments_context(record=record, user=user, next_url=next_url)
    # csrf_token is needed by the upload and delete forms inside the inclusion template.
    panel["csrf_token"] = context.get("csrf_token")
    panel["request"] = request
    return panel


# --- History -----------------------------------------------------------------------------


def _readable(field: models.Field | None, value):
    """A stored text value as people read it: choice labels, yes/no."""
    if value is None or value == "":
        return None
    if field is None:
        return value
    if field.choices:
        labels = {str(key): label for key, label in field.flatchoices}
        return str(labels.get(str(value), value))
    if isinstance(field, models.BooleanField):
        return {"True": _("yes"), "False": _("no")}.get(str(value), value)
    return value


def change_lines(entry: AuditEntry, model=None) -> list[dict]:
    """The fields an entry changed, labelled, old and new values readable, secrets left out."""
    model = model or entry.content_type.model_class()
    excluded = getattr(model, "audit_exclude", frozenset()) if model else frozenset()
    lines = []
    for name, values in (entry.changes or {}).items():
        if name in excluded:
            continue
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:  # a field since removed: its name still says something
            field = None
        label = capfirst(field.verbose_name) if field is not None else name
        lines.append(
            {
                "name": name,
                "label": label,
                "old": _readable(field, old),
                "new": _readable(field, new),
            }
        )
    return lines


@register.filter
def audit_changes(entry: AuditEntry) -> list[dict]:
    """{% for change in entry|audit_changes %}{{ change.label }}: {{ change.old }} → …"""
    return change_lines(entry)


@register.filter
def audit_record_type(entry: AuditEntry) -> str:
    """ "Company", "User"…: the kind of record an entry is about."""
    model = entry.content_type.model_class()
    return capfirst(model._meta.verbose_name) if model else entry.content_type.model


@register.filter
def audit_badge(action: str) -> str:
    """The Bootstrap colour of an action's badge."""
    return {
        AuditAction.CREATE: "success",
        AuditAction.UPDATE: "primary",
        AuditAction.DELETE: "danger",
    }.get(action, "secondary")


@register.inclusion_tag("core/partials/_audit_trail.html", takes_context=True)
def audit_trail(context, record, limit=20):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    try:
        entries = list(queries.record_history(record=record, user=user, limit=limit))
    except NotAllowed:
        return {"hidden": True}
    model = type(record)
    return {
        "hidden": False,
        "record": record,
        "entries": [{"entry": entry, "changes": change_lines(entry, model)} for entry in entries],
        "may_see_all": user.has_perm("core.view_auditentry"),
        "content_type_id": ContentType.objects.get_for_model(record, for_concrete_model=False).pk,
    }
