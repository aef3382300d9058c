from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.models.audit import AuditedModel


class Attachment(AuditedModel):
    """A file joined to any record (a signed quote, a proof of delivery, a Kbis…).

    Stored through Django's storage API (local folder or S3-compatible bucket); served only
    through a view that checks the reader may see the record.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/", max_length=255)
    name = models.CharField(_("name"), max_length=255)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("added on"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["-uploaded_at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="attachment_record_idx"),
        ]

    def __str__(self) -> str:
        return self.name
