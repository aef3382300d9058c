"""Contracts: maintenance, extended warranty, subcontracting and subscription agreements
made from templates, their clauses, covered items, billing schedule, revisions and alerts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from comptoir.core.choices import Currency
from comptoir.core.fields import AmountField
from comptoir.core.models import AuditedModel
from comptoir.core.money import MINOR_UNITS, quantize
from comptoir.sales import contract_terms
from comptoir.sales.choices import (
    BillingFrequency,
    ClauseType,
    ContractAlertKind,
    ContractKind,
    ContractStatus,
    ScheduleStatus,
)


class ContractTemplate(AuditedModel):
    """The model a contract of one kind starts from: its opening text and its standard
    clauses, written as plain paragraphs with merge fields (sales/contract_merge.py)."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    body = models.TextField(
        _("opening text"),
        blank=True,
        help_text=_(
            "Plain paragraphs separated by a blank line; a line starting with « ## » is a "
            "heading. Merge fields between double braces, from the list."
        ),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")
        ordering = ["kind", "name", "id"]

    def __str__(self) -> str:
        return self.name


class ContractTemplateClause(AuditedModel):
    """A standard clause of a template, copied into each contract made from it."""

    template = models.ForeignKey(ContractTemplate, on_delete=models.CASCADE, related_name="clauses")
    clause_type = models.CharField(_("clause"), max_length=30, choices=ClauseType.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("template clause")
        verbose_name_plural = _("template clauses")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Contract(AuditedModel):
    """An agreement with a customer over a term: what is covered, for what yearly price
    billed at what frequency, renewed tacitly unless notice is given in time.

    A draft has no number ("Brouillon n° 12"); signing gives it one from the gapless
    `contract` sequence and freezes it: only notice, termination, renewal and price
    revision change a signed contract afterwards, each through its own service.
    """

    number = models.CharField(_("number"), max_length=30, blank=True)
    customer = models.ForeignKey(
        "parties.Party",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ContractKind.choices)
    template = models.ForeignKey(
        ContractTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=12, choices=ContractStatus.choices, default=ContractStatus.DRAFT
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_contracts",
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end of the current term"))
    # Start of the current term: the start date, then the day after each renewed end.
    term_start = models.DateField(_("start of the current term"), null=True, blank=True)
    tacit_renewal = models.BooleanField(_("tacit renewal"), default=True)
    renewal_months = models.PositiveSmallIntegerField(
        _("renewal period (months)"), default=12, validators=[MinValueValidator(1)]
    )
    notice_months = models.PositiveSmallIntegerField(_("notice period (months)"), default=3)
    # Kept by the services from end_date and notice_months (contract_terms.notice_deadline),
    # stored so that the register filters and sorts on it; None without tacit renewal.
    notice_deadline = models.DateField(_("notice deadline"), null=True, blank=True)
    notice_given_on = models.DateField(_("notice given on"), null=True, blank=True)
    notice_note = models.CharField(_("notice details"), max_length=200, blank=True)
    alert_days = models.PositiveSmallIntegerField(
        _("alert (days before)"), default=30, validators=[MaxValueValidator(365)]
    )
    price = AmountField(_("yearly price excl. tax"), default=Decimal(0))
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    billing_frequency = models.CharField(
        _("billing frequency"),
        max_length=12,
        choices=BillingFrequency.choices,
        default=BillingFrequency.YEARLY,
    )
    # Price revision: P1 = P0 × (a + (1 − a) × S1/S0); P0 is the price at signature.
    base_price = AmountField(_("price at signature (P0)"), null=True, blank=True)
    index_name = models.CharField(_("revision index"), max_length=100, blank=True)
    index_base_value = models.DecimalField(
        _("base index value (S0)"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    index_fixed_part = models.DecimalField(
        _("fixed part (a)"),
        max_digits=4,
        decimal_places=3,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal("0.99"))],
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signatory = models.CharField(_("customer's signatory"), max_length=120, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed for us by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signed_document = models.ForeignKey(
        "core.Attachment",
        verbose_name=_("signed contract (PDF)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    renewal_count = models.PositiveSmallIntegerField(_("renewals"), default=0)
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    audit_exclude = frozenset({"updated_at"})

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~Q(number=""), name="contract_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="contract_end_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "end_date"], name="contract_status_end_idx"),
            models.Index(fields=["status", "notice_deadline"], name="contract_status_notice_idx"),
            models.Index(fields=["customer", "status"], name="contract_customer_idx"),
            models.Index(fields=["kind", "status"], name="contract_kind_idx"),
            # The register's default order and its "ends before" filter and sort, unfiltered
            # by status.
            models.Index(fields=["created_at", "id"], name="contract_created_idx"),
            models.Index(fields=["end_date", "id"], name="contract_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_number} — {self.title}"

    @property
    def display_number(self) -> str:
        return self.number or str(_("Draft no. %(id)s") % {"id": self.pk or "—"})

    @property
    def is_draft(self) -> bool:
        return self.status == ContractStatus.DRAFT

    @property
    def term_months(self) -> int:
        return contract_terms.months_between(self.term_start or self.start_date, self.end_date)

    def compute_notice_deadline(self):
        """The notice deadline of the current term; None without tacit renewal."""
        if not self.tacit_renewal or not self.end_date:
            return None
        return contract_terms.notice_deadline(self.end_date, self.notice_months)

    @property
    def current_notice_deadline(self):
        return self.compute_notice_deadline()

    @property
    def notice_stops_renewal(self) -> bool:
        """Notice was given in time for the current term: it ends instead of renewing."""
        deadline = self.compute_notice_deadline()
        return bool(self.notice_given_on and deadline and self.notice_given_on <= deadline)

    def clean(self):
        errors = {}
        if self.start_date and self.end_date:
            if self.end_date < self.start_date:
                errors["end_date"] = _("The end cannot come before the start.")
            elif self.tacit_renewal:
                start = self.term_start or self.start_date
                if contract_terms.notice_deadline(self.end_date, self.notice_months) < start:
                    errors["notice_months"] = _(
                        "A notice period of %(months)s months is longer than the term: notice "
                        "could never be given in time."
                    ) % {"months": self.notice_months}
        if self.price is not None:
            if self.price < 0:
                errors["price"] = _("The price cannot be negative.")
            elif self.currency in MINOR_UNITS and self.price != quantize(self.price, self.currency):
                errors["price"] = _("%(currency)s amounts have no decimals.") % {
                    "currency": self.currency
                }
        if self.index_name and not self.index_base_value:
            errors["index_base_value"] = _("Give the base value of the index (S0).")
        if self.index_base_value is not None and self.index_base_value <= 0:
            errors["index_base_value"] = _("An index value is positive.")
        if errors:
            raise ValidationError(errors)


class ContractClause(AuditedModel):
    """A clause of one contract (its article), copied from the template or added by hand."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="clauses")
    clause_type = models.CharField(_("clause"), max_length=30, choices=ClauseType.choices)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("contract clause")
        verbose_name_plural = _("contract clauses")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class ContractLine(AuditedModel):
    """One thing the contract covers: a service, an equipment at a site."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    equipment = models.CharField(_("equipment (serial number)"), max_length=200, blank=True)
    site = models.CharField(_("site"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("covered item")
        verbose_name_plural = _("covered items")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class ContractScheduleLine(AuditedModel):
    """One instalment the invoicing will bill: a period of the term, its due date, its
    amount; pending until invoiced (sales.queries.contracts.schedule_due lists them)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="schedule")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    due_date = models.DateField(_("due on"))
    amount = AmountField(_("amount excl. tax"))
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ScheduleStatus.choices,
        default=ScheduleStatus.PENDING,
    )
    invoice_reference = models.CharField(_("invoice"), max_length=40, blank=True)
    invoiced_at = models.DateTimeField(_("invoiced at"), null=True, blank=True)

    class Meta:
        verbose_name = _("billing schedule line")
        verbose_name_plural = _("billing schedule")
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["status", "due_date"], name="contract_schedule_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.contract.display_number} {self.due_date}"


class ContractIndexation(AuditedModel):
    """One price revision of a contract under its indexation clause."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="indexations")
    effective_on = models.DateField(_("effective on"))
    index_value = models.DecimalField(_("new index value (S1)"), max_digits=12, decimal_places=4)
    old_price = AmountField(_("previous price"))
    new_price = AmountField(_("new price"))
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("price revision")
        verbose_name_plural = _("price revisions")
        ordering = ["-effective_on", "-id"]

    def __str__(self) -> str:
        return f"{self.contract.display_number} {self.effective_on}"


class ContractAlert(models.Model):
    """A warning sent to the contract's owner before its notice deadline or its end; one per
    contract, kind and date warned about, so the daily job never sends it twice."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(_("kind"), max_length=10, choices=ContractAlertKind.choices)
    deadline = models.DateField(_("date"))
    recipient = models.CharField(_("sent to"), max_length=254, blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract alert")
        verbose_name_plural = _("contract alerts")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "deadline"], name="contract_alert_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.deadline}"
