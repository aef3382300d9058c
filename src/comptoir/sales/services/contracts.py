"""Writes of contracts and their templates: one function per change, permission checked
inside, one transaction each. A contract is a state machine (TRANSITIONS): a draft is
edited freely, signing checks the mandatory clauses, numbers it, fixes its billing schedule
and attaches its PDF; afterwards only notice, termination, renewal and price revision touch
it. The daily job (sales/jobs.py) renews, expires and alerts.
"""

import datetime
import logging
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from comptoir.core.attachments import attachment_add
from comptoir.core.audit import acting_as
from comptoir.core.pdf import render_pdf
from comptoir.core.queries import require
from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.choices import InteractionKind
from comptoir.parties.services import record_interaction
from comptoir.sales import contract_merge, contract_terms
from comptoir.sales.choices import (
    ClauseType,
    ContractAlertKind,
    ContractKind,
    ContractStatus,
    ScheduleStatus,
)
from comptoir.sales.contract_tasks import contract_pdf_attach
from comptoir.sales.exceptions import (
    ContractClausesMissing,
    ContractError,
    ContractNotDraft,
    ContractTransitionRefused,
    MergeFieldUnknown,
)
from comptoir.sales.models import (
    Contract,
    ContractAlert,
    ContractClause,
    ContractIndexation,
    ContractLine,
    ContractScheduleLine,
    ContractTemplate,
    ContractTemplateClause,
)
from comptoir.sales.queries.contracts import contract_checklist, contract_print_context

logger = logging.getLogger(__name__)

SEQUENCE_CODE = "contract"
SEQUENCE_FORMAT = "CT-{year}-{n:05d}"
SOURCE_APP = "sales.contract"

# The allowed changes of status, each made by one service below.
TRANSITIONS: dict[str, frozenset[str]] = {
    ContractStatus.DRAFT: frozenset({ContractStatus.ACTIVE}),
    ContractStatus.ACTIVE: frozenset({ContractStatus.TERMINATED, ContractStatus.EXPIRED}),
    ContractStatus.TERMINATED: frozenset(),
    ContractStatus.EXPIRED: frozenset(),
}

# What a draft's form and the API may set, in the form's order; everything else belongs to a
# transition.
CONTRACT_FIELDS = (
    "customer",
    "title",
    "owner",
    "start_date",
    "end_date",
    "tacit_renewal",
    "renewal_months",
    "notice_months",
    "alert_days",
    "price",
    "currency",
    "billing_frequency",
    "index_name",
    "index_base_value",
    "index_fixed_part",
)
TEMPLATE_FIELDS = frozenset({"name", "kind", "body", "is_active"})


def _date_text(day) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def _check_merge_fields(**texts: str) -> None:
    """Refuse text naming a merge field outside the whitelist, field by field."""
    errors = {}
    for field, text in texts.items():
        unknown = contract_merge.unknown_fields(text)
        if unknown:
            errors[field] = unknown
    if errors:
        names = sorted({name for names in errors.values() for name in names})
        raise MergeFieldUnknown(
            _("Unknown merge field(s): %(fields)s. Use only the fields of the list.")
            % {"fields": ", ".join(names)},
            fields=names,
        )


def _move(contract: Contract, target: str) -> None:
    _check_move(contract, target)
    contract.status = target


def _check_move(contract: Contract, target: str) -> None:
    if target not in TRANSITIONS[contract.status]:
        raise ContractTransitionRefused(
            _("A contract that is « %(status)s » cannot become « %(target)s ».")
            % {
                "status": contract.get_status_display(),
                "target": ContractStatus(target).label,
            }
        )


def _require_draft(contract: Contract) -> None:
    if not contract.is_draft:
        raise ContractNotDraft(
            _("Contract %(number)s is signed: it can no longer be changed.")
            % {"number": contract.display_number}
        )


def _locked(contract: Contract) -> Contract:
    """The contract's row, locked for the transaction and read afresh: two people signing
    or the daily job renewing at once act one after the other, on current values."""
    fresh = Contract.objects.select_for_update().get(pk=contract.pk)
    contract.refresh_from_db()
    return fresh


# --- Templates ----------------------------------------------------------------------------


def contract_template_create(
    *, by, name: str, kind: str, body: str = "", is_active: bool = True
) -> ContractTemplate:
    require(by, "sales.add_contracttemplate")
    _check_merge_fields(body=body)
    template = ContractTemplate(name=name.strip(), kind=kind, body=body, is_active=is_active)
    template.full_clean()
    with transaction.atomic(), acting_as(by):
        template.save()
    return template


def contract_template_update(*, by, template: ContractTemplate, **fields) -> ContractTemplate:
    require(by, "sales.change_contracttemplate")
    unknown = set(fields) - TEMPLATE_FIELDS
    if unknown:
        raise TypeError(f"Not a template field: {', '.join(sorted(unknown))}")
    _check_merge_fields(body=fields.get("body", template.body))
    for name, value in fields.items():
        setattr(template, name, value)
    template.full_clean()
    with transaction.atomic(), acting_as(by):
        template.save()
    return template


def _check_clause_type(clause_type: str) -> None:
    if clause_type not in ClauseType.values:
        raise ValidationError({"clause_type": _("Choose the kind of clause.")})


def contract_template_clause_add(
    *, by, template: ContractTemplate, clause_type: str, body: str, title: str = ""
) -> ContractTemplateClause:
    require(by, "sales.change_contracttemplate")
    _check_clause_type(clause_type)
    _check_merge_fields(title=title, body=body)
    with transaction.atomic(), acting_as(by):
        position = template.clauses.count() + 1
        clause = ContractTemplateClause(
            template=template,
            clause_type=clause_type,
            title=(title or "").strip() or str(ClauseType(clause_type).label),
            body=body,
            position=position,
        )
        clause.full_clean()
        clause.save()
    return clause


def contract_template_clause_delete(*, by, clause: ContractTemplateClause) -> None:
    require(by, "sales.change_contracttemplate")
    with transaction.atomic(), acting_as(by):
        clause.delete()


# --- Drafts -------------------------------------------------------------------------------


def _apply(contract: Contract, fields: dict) -> None:
    unknown = set(fields).difference(CONTRACT_FIELDS)
    if unknown:
        raise TypeError(f"Not a contract field: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(contract, name, value)
    if contract.end_date is None and contract.start_date is not None:
        contract.end_date = contract_terms.term_end(contract.start_date, 12)
    if contract.index_fixed_part is None:
        contract.index_fixed_part = Decimal(0)
    contract.term_start = contract.start_date
    contract.full_clean()
    contract.notice_deadline = contract.compute_notice_deadline()


def contract_create(
    *,
    by,
    customer,
    start_date: datetime.date,
    template: ContractTemplate | None = None,
    kind: str = "",
    end_date: datetime.date | None = None,
    term_months: int = 12,
    **fields,
) -> Contract:
    """A draft contract; made from `template`, it takes its kind and copies its clauses.

    Without `end_date`, the term is `term_months` from the start.
    """
    require(by, "sales.add_contract")
    if template is not None:
        if kind and kind != template.kind:
            raise ContractError(
                _("The template « %(name)s » is for another kind of contract.")
                % {"name": template.name}
            )
        kind = template.kind
    if kind not in ContractKind.values:
        raise ValidationError({"kind": _("Choose the kind of contract.")})
    if end_date is None and start_date is not None:
        end_date = contract_terms.term_end(start_date, term_months)
    contract = Contract(
        customer=customer, template=template, kind=kind, start_date=start_date, end_date=end_date
    )
    if not fields.get("owner"):
        fields["owner"] = customer.owner or by
    if not fields.get("title"):
        fields["title"] = template.name if template else str(ContractKind(kind).label)
    with transaction.atomic(), acting_as(by):
        _apply(contract, fields)
        contract.save()
        if template is not None:
            # One by one, not bulk_create: each copied clause gets its audit entry.
            for index, clause in enumerate(template.clauses.all(), start=1):
                ContractClause.objects.create(
                    contract=contract,
                    clause_type=clause.clause_type,
                    title=clause.title,
                    body=clause.body,
                    position=index,
                )
    return contract


def contract_update(*, by, contract: Contract, **fields) -> Contract:
    require(by, "sales.change_contract")
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _require_draft(contract)
        _apply(contract, fields)
        contract.save()
    return contract


def contract_clause_add(
    *, by, contract: Contract, clause_type: str, body: str, title: str = ""
) -> ContractClause:
    require(by, "sales.change_contract")
    _check_clause_type(clause_type)
    _check_merge_fields(title=title, body=body)
    if not (body or "").strip():
        raise ValidationError({"body": _("Write the text of the clause.")})
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _require_draft(contract)
        clause = ContractClause(
            contract=contract,
            clause_type=clause_type,
            title=(title or "").strip() or str(ClauseType(clause_type).label),
            body=body.strip(),
            position=contract.clauses.count() + 1,
        )
        clause.full_clean()
        clause.save()
    return clause


def contract_clause_delete(*, by, clause: ContractClause) -> None:
    require(by, "sales.change_contract")
    with transaction.atomic(), acting_as(by):
        _locked(clause.contract)
        _require_draft(clause.contract)
        clause.delete()


def contract_line_add(
    *, by, contract: Contract, description: str, equipment: str = "", site: str = ""
) -> ContractLine:
    require(by, "sales.change_contract")
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _require_draft(contract)
        line = ContractLine(
            contract=contract,
            description=(description or "").strip(),
            equipment=(equipment or "").strip(),
            site=(site or "").strip(),
            position=contract.lines.count() + 1,
        )
        line.full_clean()
        line.save()
    return line


def contract_line_delete(*, by, line: ContractLine) -> None:
    require(by, "sales.change_contract")
    with transaction.atomic(), acting_as(by):
        _locked(line.contract)
        _require_draft(line.contract)
        line.delete()


# --- Signature ----------------------------------------------------------------------------


def contract_missing_clauses(contract: Contract) -> list[str]:
    """The clause types the contract's kind requires and it does not hold (with text)."""
    return [item["code"] for item in contract_checklist(contract) if not item["present"]]


def _schedule(contract: Contract, start: datetime.date, end: datetime.date) -> None:
    """The billing schedule of the term [start, end] at the contract's current price.

    A few dozen rows at most, saved one by one so that each has its audit entry."""
    for period in contract_terms.billing_periods(start, end, contract.billing_frequency):
        ContractScheduleLine.objects.create(
            contract=contract,
            period_start=period.start,
            period_end=period.end,
            due_date=period.due,
            amount=contract_terms.period_amount(
                yearly_price=contract.price,
                frequency=contract.billing_frequency,
                fraction=period.fraction,
                currency=contract.currency,
            ),
            currency=contract.currency,
        )


def contract_pdf_bytes(contract: Contract, *, draft_mark: bool | None = None) -> bytes:
    """The contract's PDF, made by WeasyPrint from its print template."""
    from django.template.loader import render_to_string

    html = render_to_string(
        "sales/contract_pdf.html", contract_print_context(contract, draft_mark=draft_mark)
    )
    return render_pdf(html)


def contract_sign(
    *, by, contract: Contract, signed_on: datetime.date | None = None, signatory: str = ""
) -> Contract:
    """Sign a draft: every mandatory clause present, then a number, the billing schedule of
    the first term and the signed PDF attached. Nothing is saved if any step fails."""
    require(by, "sales.change_contract")
    signed_on = signed_on or timezone.localdate()
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _check_move(contract, ContractStatus.ACTIVE)
        missing = contract_missing_clauses(contract)
        if missing:
            labels = ", ".join(str(ClauseType(code).label) for code in missing)
            raise ContractClausesMissing(
                _("The contract cannot be signed: mandatory clauses missing: %(clauses)s.")
                % {"clauses": labels},
                missing=missing,
            )
        contract.full_clean()
        _move(contract, ContractStatus.ACTIVE)
        sequence_ensure(code=SEQUENCE_CODE, label=_("Contracts"), format=SEQUENCE_FORMAT)
        contract.number = sequence_next(code=SEQUENCE_CODE, day=signed_on)
        contract.signed_on = signed_on
        contract.signatory = (signatory or "").strip()[:120]
        contract.signed_by = by
        contract.base_price = contract.price
        contract.term_start = contract.start_date
        contract.notice_deadline = contract.compute_notice_deadline()
        contract.save()
        _schedule(contract, contract.start_date, contract.end_date)
        # The PDF takes a second to make: the worker makes and attaches it once the
        # signature is committed; until then the PDF link renders it on the fly.
        contract_id, user_id = contract.pk, by.pk
        transaction.on_commit(
            lambda: contract_pdf_attach.enqueue(contract_id=contract_id, user_id=user_id)
        )
        record_interaction(
            party=contract.customer,
            kind=InteractionKind.OTHER,
            subject=_("Contract %(number)s signed: %(title)s")
            % {"number": contract.number, "title": contract.title},
            by=by,
            source_app=SOURCE_APP,
            source_id=str(contract.pk),
        )
    return contract


def contract_signed_pdf_attach(*, contract_id: int, by=None):
    """Make the signed contract's PDF and attach it, unless it already has one (the task
    of contract_sign). The PDF speaks the company's language."""
    from django.conf import settings
    from django.utils import translation

    from comptoir.core.models import Company

    company = Company.current()
    language = (company.language if company else "") or settings.LANGUAGE_CODE
    with transaction.atomic(), acting_as(by), translation.override(language):
        contract = Contract.objects.select_for_update().get(pk=contract_id)
        if contract.signed_document_id or contract.is_draft:
            return None
        pdf = contract_pdf_bytes(contract, draft_mark=False)
        contract.signed_document = attachment_add(
            record=contract, file=ContentFile(pdf, name=f"{contract.number}.pdf"), by=by
        )
        contract.save(update_fields=["signed_document"])
    return contract.signed_document


# --- Life of a signed contract ------------------------------------------------------------


def _require_active(contract: Contract) -> None:
    if contract.status != ContractStatus.ACTIVE:
        raise ContractTransitionRefused(
            _("Contract %(number)s is not in force (%(status)s).")
            % {"number": contract.display_number, "status": contract.get_status_display()}
        )


def contract_give_notice(
    *, by, contract: Contract, given_on: datetime.date | None = None, note: str = ""
) -> Contract:
    """Record that notice was given (by either side): the contract will end at the end of
    its term instead of renewing. Notice given after the deadline takes effect at the end
    of the next term, as the contract's notice clause says; the message says which."""
    require(by, "sales.change_contract")
    given_on = given_on or timezone.localdate()
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _require_active(contract)
        if not contract.tacit_renewal:
            raise ContractError(
                _("This contract does not renew: it ends on %(date)s without notice.")
                % {"date": _date_text(contract.end_date)}
            )
        if contract.notice_given_on:
            raise ContractError(
                _("Notice was already given on %(date)s.")
                % {"date": _date_text(contract.notice_given_on)}
            )
        if given_on < (contract.signed_on or contract.start_date):
            raise ValidationError({"given_on": _("Notice cannot predate the signature.")})
        contract.notice_given_on = given_on
        contract.notice_note = (note or "").strip()[:200]
        contract.save()
        if contract.notice_stops_renewal:
            subject = _("Notice given on contract %(number)s: it ends on %(date)s")
            end = contract.end_date
        else:
            subject = _(
                "Notice given late on contract %(number)s: it renews once and ends on %(date)s"
            )
            end = contract_terms.renewed_end(contract.end_date, contract.renewal_months)
        record_interaction(
            party=contract.customer,
            kind=InteractionKind.OTHER,
            subject=subject % {"number": contract.number, "date": _date_text(end)},
            body=contract.notice_note,
            by=by,
            source_app=SOURCE_APP,
            source_id=str(contract.pk),
        )
    return contract


def contract_terminate(
    *, by, contract: Contract, on: datetime.date | None = None, reason: str = ""
) -> Contract:
    """End a contract in force before its term (breach, agreement): instalments after the
    termination date are cancelled."""
    require(by, "sales.change_contract")
    on = on or timezone.localdate()
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the contract is terminated.")})
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _check_move(contract, ContractStatus.TERMINATED)
        if on < contract.start_date:
            raise ValidationError({"on": _("The termination cannot predate the start.")})
        _move(contract, ContractStatus.TERMINATED)
        contract.terminated_on = on
        contract.termination_reason = reason.strip()[:200]
        contract.save()
        for line in contract.schedule.filter(status=ScheduleStatus.PENDING, period_start__gt=on):
            line.status = ScheduleStatus.CANCELLED
            line.save(update_fields=["status"])
        record_interaction(
            party=contract.customer,
            kind=InteractionKind.OTHER,
            subject=_("Contract %(number)s terminated on %(date)s")
            % {"number": contract.number, "date": _date_text(on)},
            body=contract.termination_reason,
            by=by,
            source_app=SOURCE_APP,
            source_id=str(contract.pk),
        )
    return contract


def _reprice_pending(contract: Contract, effective_on: datetime.date) -> int:
    """Pending instalments due from `effective_on` take the contract's current price."""
    count = 0
    lines = contract.schedule.filter(status=ScheduleStatus.PENDING, due_date__gte=effective_on)
    for line in lines:
        _full_start, _full_end = contract_terms.calendar_period(
            line.period_start, contract.billing_frequency
        )
        periods = contract_terms.billing_periods(
            line.period_start, line.period_end, contract.billing_frequency
        )
        amount = contract_terms.period_amount(
            yearly_price=contract.price,
            frequency=contract.billing_frequency,
            fraction=periods[0].fraction if periods else Decimal(1),
            currency=contract.currency,
        )
        if amount != line.amount:
            line.amount = amount
            line.save(update_fields=["amount"])
            count += 1
    return count


def contract_index(
    *, by, contract: Contract, index_value: Decimal, effective_on: datetime.date | None = None
) -> ContractIndexation:
    """Revise the price under the indexation clause: P1 = P0 × (a + (1 − a) × S1/S0) from
    the price at signature; pending instalments due from `effective_on` take the new price."""
    require(by, "sales.change_contract")
    effective_on = effective_on or timezone.localdate()
    with transaction.atomic(), acting_as(by):
        _locked(contract)
        _require_active(contract)
        if not contract.index_name or not contract.index_base_value:
            raise ContractError(_("This contract has no indexation clause."))
        if index_value is None or index_value <= 0:
            raise ValidationError({"index_value": _("An index value is positive.")})
        old_price = contract.price
        contract.price = contract_terms.indexed_price(
            base_price=contract.base_price if contract.base_price is not None else old_price,
            base_index=contract.index_base_value,
            new_index=Decimal(index_value),
            fixed_part=contract.index_fixed_part,
            currency=contract.currency,
        )
        contract.save()
        revision = ContractIndexation.objects.create(
            contract=contract,
            effective_on=effective_on,
            index_value=index_value,
            old_price=old_price,
            new_price=contract.price,
        )
        _reprice_pending(contract, effective_on)
    return revision


def schedule_line_mark_invoiced(
    *, by, line: ContractScheduleLine, invoice_reference: str
) -> ContractScheduleLine:
    """The hook the invoicing consumes (billing, issue 6): it reads the instalments due with
    `queries.contracts.schedule_due`, invoices them, then marks each one billed on
    `invoice_reference` here, so that it is never invoiced twice. Until billing exists only
    the tests call it; it is kept as the documented other half of `schedule_due`."""
    require(by, "sales.change_contract")
    with transaction.atomic(), acting_as(by):
        line = ContractScheduleLine.objects.select_for_update().get(pk=line.pk)
        if line.status != ScheduleStatus.PENDING:
            raise ContractError(_("This instalment is not waiting to be invoiced."))
        line.status = ScheduleStatus.INVOICED
        line.invoice_reference = invoice_reference[:40]
        line.invoiced_at = timezone.now()
        line.save()
    return line


# --- The daily job --------------------------------------------------------------------------


def _renew_or_expire(contract: Contract, today: datetime.date) -> str | None:
    """Bring one contract whose term ended before `today` up to date; what was done."""
    done = None
    while contract.status == ContractStatus.ACTIVE and contract.end_date < today:
        if contract.tacit_renewal and not contract.notice_stops_renewal:
            old_end = contract.end_date
            contract.term_start = old_end + contract_terms.ONE_DAY
            contract.end_date = contract_terms.renewed_end(old_end, contract.renewal_months)
            contract.renewal_count += 1
            # A late notice now falls before the new deadline: it stops the next renewal.
            contract.notice_deadline = contract.compute_notice_deadline()
            contract.save()
            _schedule(contract, contract.term_start, contract.end_date)
            done = "renewed"
            record_interaction(
                party=contract.customer,
                kind=InteractionKind.OTHER,
                subject=_("Contract %(number)s renewed tacitly until %(date)s")
                % {"number": contract.number, "date": _date_text(contract.end_date)},
                source_app=SOURCE_APP,
                source_id=str(contract.pk),
            )
        else:
            _move(contract, ContractStatus.EXPIRED)
            contract.save()
            done = "expired"
            record_interaction(
                party=contract.customer,
                kind=InteractionKind.OTHER,
                subject=_("Contract %(number)s ended on %(date)s")
                % {"number": contract.number, "date": _date_text(contract.end_date)},
                source_app=SOURCE_APP,
                source_id=str(contract.pk),
            )
    return done


def contracts_renew(*, today: datetime.date | None = None) -> dict[str, int]:
    """Renew tacitly, or expire, every contract in force whose term ended before `today`.

    Idempotent: a renewed contract's end is in the future, so a second run finds nothing.
    Each contract in its own transaction, locked, so one bad row does not stop the others.
    """
    today = today or timezone.localdate()
    counts = {"renewed": 0, "expired": 0}
    due = Contract.objects.filter(status=ContractStatus.ACTIVE, end_date__lt=today)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic(), acting_as(None):
            contract = Contract.objects.select_for_update().get(pk=pk)
            done = _renew_or_expire(contract, today)
        if done:
            counts[done] += 1
    return counts


def _alert_text(contract: Contract, kind: str, deadline: datetime.date) -> tuple[str, str]:
    values = {
        "number": contract.number,
        "customer": contract.customer.name,
        "date": _date_text(deadline),
    }
    if kind == ContractAlertKind.NOTICE:
        subject = _("Contract %(number)s (%(customer)s): give notice before %(date)s") % values
        body = (
            _(
                "Contract %(number)s with %(customer)s renews tacitly unless notice is given by "
                "%(date)s. Decide now whether to keep it, renegotiate it or give notice."
            )
            % values
        )
    else:
        subject = _("Contract %(number)s (%(customer)s) ends on %(date)s") % values
        body = (
            _(
                "Contract %(number)s with %(customer)s ends on %(date)s. Propose a new "
                "contract if the customer wants to go on."
            )
            % values
            if not contract.tacit_renewal or contract.notice_stops_renewal
            else _(
                "Contract %(number)s with %(customer)s reaches the end of its term on "
                "%(date)s and will be renewed tacitly."
            )
            % values
        )
    return subject, body


def contracts_alert(*, today: datetime.date | None = None, base_url: str | None = None) -> int:
    """Warn each contract's owner `alert_days` before its notice deadline and its end:
    one alert row (unique per contract, kind and date, so never twice) and one e-mail, in
    the owner's language, linking to the contract."""
    from django.conf import settings
    from django.utils import translation

    today = today or timezone.localdate()
    if base_url is None:
        base_url = settings.COMPTOIR_SITE_URL.rstrip("/")
    sent = 0
    active = Contract.objects.filter(status=ContractStatus.ACTIVE).select_related(
        "owner", "customer"
    )
    for contract in active.iterator(chunk_size=500):
        window = datetime.timedelta(days=contract.alert_days)
        checks = []
        deadline = contract.notice_deadline
        if deadline and not contract.notice_given_on and today <= deadline <= today + window:
            checks.append((ContractAlertKind.NOTICE, deadline))
        if today <= contract.end_date <= today + window:
            checks.append((ContractAlertKind.END, contract.end_date))
        for kind, day in checks:
            recipient = contract.owner.email if contract.owner and contract.owner.email else ""
            try:
                with transaction.atomic():
                    ContractAlert.objects.create(
                        contract=contract, kind=kind, deadline=day, recipient=recipient
                    )
                    if recipient:
                        with translation.override(
                            contract.owner.language or settings.LANGUAGE_CODE
                        ):
                            subject, body = _alert_text(contract, kind, day)
                        link = base_url + reverse("sales:contract-detail", args=[contract.pk])
                        transaction.on_commit(
                            lambda s=subject, b=body, r=recipient, link=link: send_mail(
                                s, f"{b}\n\n{link}", None, [r], fail_silently=True
                            )
                        )
            except IntegrityError:
                continue  # already sent for this date
            sent += 1
    return sent
