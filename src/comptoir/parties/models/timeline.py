from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.parties.choices import Direction, InteractionKind
from comptoir.parties.models.parties import Party


class Interaction(models.Model):
    """One thing that happened with a party: a call, an e-mail, a meeting, a quote sent, an
    invoice paid… The 360° timeline of a party is its interactions, newest first.

    Written only through parties.services.record_interaction(), which every app calls; an
    interaction made by another app points back to its document (source_app, source_id).
    """

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(_("kind"), max_length=12, choices=InteractionKind.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.INTERNAL
    )
    occurred_at = models.DateTimeField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("details"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The document behind it, when another app recorded it ("sales.quote", 42).
    source_app = models.CharField(max_length=40, blank=True)
    source_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["party", "-occurred_at", "-id"], name="interaction_timeline_idx"),
            models.Index(fields=["party", "kind", "-occurred_at"], name="interaction_kind_idx"),
            models.Index(fields=["source_app", "source_id"], name="interaction_source_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.subject}"
