from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import AuditAction


class AuditedModel(models.Model):
    """Base of every business record: each create, update and delete writes an AuditEntry.

    The values as loaded from the database are kept on the instance, so an update records
    exactly which fields changed, from what to what, without a second query.
    """

    # Fields never written to the trail (secrets) or not worth it (bookkeeping timestamps).
    audit_exclude: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance


class AuditEntry(models.Model):
    """One change to one business record: who, when, which fields from what to what."""

    at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # audit_user_idx (user, at) starts with it
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    # audit_record_idx (content type, object, at) starts with it: no index of its own.
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # A string so that any primary key fits; records keep their trail after deletion.
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("record"), max_length=200)
    # {field name: [old value, new value]} as text, already readable.
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_record_idx"),
            models.Index(fields=["user", "-at"], name="audit_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"
