from django.db import models
from django.utils.translation import gettext_lazy as _

from comptoir.core.models.audit import AuditedModel


class Sequence(AuditedModel):
    """A numbering series of legal documents (invoices, credit notes, entries…).

    Numbers are handed out by core.sequences.sequence_next(), gapless per fiscal year.
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    label = models.CharField(_("label"), max_length=100)
    # Python format with {year} (the fiscal year's first calendar year), {fy} (e.g. 2026-2027
    # or 2026) and {n} (the counter): "FA-{year}-{n:05d}".
    format = models.CharField(_("format"), max_length=60, default="{year}-{n:05d}")

    class Meta:
        verbose_name = _("numbering sequence")
        verbose_name_plural = _("numbering sequences")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.label


class SequenceCounter(models.Model):
    """The last number given in one sequence for one fiscal year, and the date it was given for.

    The row is locked (SELECT … FOR UPDATE) while a number is taken, so two validations can
    never get the same number, and a rolled-back validation gives its number back.
    """

    sequence = models.ForeignKey(Sequence, on_delete=models.PROTECT, related_name="counters")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)
    last_date = models.DateField(_("date of the last number"), null=True, blank=True)

    class Meta:
        verbose_name = _("sequence counter")
        verbose_name_plural = _("sequence counters")
        constraints = [
            models.UniqueConstraint(
                fields=["sequence", "fiscal_year"], name="sequencecounter_year_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sequence.code} {self.fiscal_year}: {self.last_number}"
