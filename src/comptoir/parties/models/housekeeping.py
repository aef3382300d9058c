"""Records about the client base rather than in it: saved import mappings and the result of
the latest duplicate scan."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportMapping(models.Model):
    """A column mapping kept as a template, so that the monthly export of the same trade-fair
    software or partner imports without mapping its columns again.

    `columns` maps a header, folded (lower case, no accents: parties.normalize.fold), to a
    field of parties.imports.HEADERS; keyed by header rather than by position, so that a file
    whose columns moved still maps.
    """

    name = models.CharField(_("name"), max_length=80, unique=True)
    columns = models.JSONField(_("columns"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DuplicateScan(models.Model):
    """One run of the duplicate scan (parties.duplicates.scan), kept so that the review screen
    and the data-quality page read its groups instead of scanning a million records on each
    visit. Only the latest few are kept.

    `groups` is a list of {"party_ids": [...], "score": int, "reasons": [...]}.
    """

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    party_count = models.PositiveIntegerField(_("records scanned"), default=0)
    group_count = models.PositiveIntegerField(_("duplicate groups"), default=0)
    groups = models.JSONField(_("groups"), default=list)

    class Meta:
        verbose_name = _("duplicate scan")
        verbose_name_plural = _("duplicate scans")
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.group_count})"
