from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Language
from comptoir.core.models.audit import AuditedModel


class User(AuditedModel, AbstractUser):
    """A person who signs in to Comptoir. What they may do comes from their roles (groups)."""

    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.FR
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    # A user's groups are their roles (core/roles.py): named so on screen and in the trail.
    groups = models.ManyToManyField(
        Group,
        verbose_name=_("roles"),
        blank=True,
        related_name="user_set",
        related_query_name="user",
    )

    audit_exclude = frozenset({"password", "last_login"})

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username
