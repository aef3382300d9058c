from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.models import AuditedModel
from comptoir.parties.choices import ConsentPurpose, ConsentStatus
from comptoir.parties.models.parties import Party


class Consent(AuditedModel):
    """What a party agreed to (or refused) for one purpose, when, where and with what proof.

    The latest row per (party, purpose) is in force; older rows are the history the GDPR asks
    us to keep (art. 7.1: the controller must be able to demonstrate consent).
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("purpose"), max_length=20, choices=ConsentPurpose.choices)
    status = models.CharField(_("status"), max_length=10, choices=ConsentStatus.choices)
    given_at = models.DateTimeField(_("date"))
    source = models.CharField(_("source"), max_length=120, help_text=_("Form, call, signed paper…"))
    proof = models.TextField(_("proof"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        indexes = [
            models.Index(fields=["party", "purpose", "-given_at"], name="consent_current_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()}: {self.get_status_display()}"
