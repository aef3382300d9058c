"""Writes of quotes: creation, lines, sending, the customer's answer, revisions.

A quote is a state machine (TRANSITIONS); each step is one service, in one transaction,
with the permission checked inside. Only drafts change; editing a draft and its totals are
shared with orders (`sales.services.documents`).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.core.models import Company
from comptoir.core.queries import require
from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.choices import InteractionKind
from comptoir.parties.models import Email, Party
from comptoir.sales.choices import LineKind, QuoteStatus
from comptoir.sales.exceptions import (
    EmptyDocument,
    SalesError,
    TransitionRefused,
)
from comptoir.sales.models import Quote, QuoteLine
from comptoir.sales.services.documents import (
    document_recompute,
    draft_header_update,
    draft_line_add,
    draft_line_remove,
    draft_line_update,
    header_apply,
    lines_create,
    locked,
    status_move,
    timeline_record,
)

__all__ = [
    "QUOTE_SEQUENCE",
    "TRANSITIONS",
    "quote_accept",
    "quote_create",
    "quote_expire",
    "quote_line_add",
    "quote_line_remove",
    "quote_line_update",
    "quote_refuse",
    "quote_remind",
    "quote_revise",
    "quote_send",
    "quote_update",
]

Q = QuoteStatus
# The allowed steps of a quote, and nothing else.
TRANSITIONS: dict[str, frozenset[str]] = {
    Q.DRAFT: frozenset({Q.SENT}),
    Q.SENT: frozenset({Q.ACCEPTED, Q.REFUSED, Q.EXPIRED, Q.SUPERSEDED}),
    Q.REFUSED: frozenset({Q.SUPERSEDED}),
    Q.EXPIRED: frozenset({Q.SUPERSEDED}),
    Q.ACCEPTED: frozenset(),
    Q.SUPERSEDED: frozenset(),
}
QUOTE_SEQUENCE = ("sales.quote", "Devis", "DE-{year}-{n:05d}")


# --- Quotes -------------------------------------------------------------------------------


@transaction.atomic
def quote_create(*, by, customer: Party, lines=(), **fields) -> Quote:
    """A draft quote for `customer`, with its `lines` (dicts) if given."""
    require(by, "sales.add_quote")
    quote = Quote(customer=customer, owner=fields.pop("owner", None) or by)
    header_apply(quote, fields)
    quote.save()
    lines_create(quote, QuoteLine, "quote", list(lines))
    document_recompute(quote)
    return quote


@transaction.atomic
def quote_update(*, by, quote: Quote, **fields) -> Quote:
    require(by, "sales.change_quote")
    return draft_header_update(quote, fields)


@transaction.atomic
def quote_line_add(*, by, quote: Quote, **fields) -> QuoteLine:
    require(by, "sales.change_quote")
    return draft_line_add(quote, fields)


@transaction.atomic
def quote_line_update(*, by, line: QuoteLine, **fields) -> QuoteLine:
    require(by, "sales.change_quote")
    return draft_line_update(line, fields, parent="quote")


@transaction.atomic
def quote_line_remove(*, by, line: QuoteLine) -> Quote:
    require(by, "sales.change_quote")
    return draft_line_remove(line, parent="quote")


def customer_email(party: Party) -> str:
    """The party's default e-mail address (else its first), or "" when it has none."""
    email = Email.objects.filter(party=party).order_by("-is_default", "id").first()
    return email.address if email else ""


@transaction.atomic
def quote_send(*, by, quote: Quote, to: str = "", message: str = "") -> Quote:
    """Number the quote (at its first sending), mark it sent, and e-mail it with its PDF and
    the customer's acceptance link once the transaction commits; logged on the timeline.
    A quote already sent is sent again as it is (the follow-up still counts from the first
    sending)."""
    require(by, "sales.change_quote")
    quote = locked(Quote, quote)
    if not quote.lines.filter(kind=LineKind.ITEM).exists():
        raise EmptyDocument(_("Add at least one line before sending the quote."))
    to = (to or "").strip() or customer_email(quote.customer)
    if not to:
        raise SalesError(
            _("%(customer)s has no e-mail address: type the address to send the quote to.")
            % {"customer": quote.customer}
        )
    try:
        from django.core.validators import validate_email

        validate_email(to)
    except ValidationError:
        raise SalesError(_("%(to)s is not an e-mail address.") % {"to": to}) from None
    resend = quote.status == Q.SENT  # sent again (lost e-mail, another recipient)
    if not resend:
        status_move(quote, Q.SENT, TRANSITIONS)
    today = timezone.localdate()
    if not quote.number:
        code, label, fmt = QUOTE_SEQUENCE
        sequence_ensure(code=code, label=label, format=fmt)
        quote.number = sequence_next(code=code, day=today)
        quote.issue_date = today
        if quote.valid_until < today:
            quote.valid_until = today + datetime.timedelta(days=30)
    if not resend:
        quote.sent_at = timezone.now()
    quote.sent_to = to
    quote.save()
    timeline_record(
        party=quote.customer,
        by=by,
        kind=InteractionKind.QUOTE,
        subject=_("Quote %(ref)s sent to %(to)s (%(total)s %(currency)s excl. tax)")
        % {"ref": quote.reference, "to": to, "total": quote.total_net, "currency": quote.currency},
        source_app="sales.quote",
        source_id=quote.pk,
    )
    quote_id, sender = quote.pk, by
    transaction.on_commit(
        lambda: quote_mail_send(quote_id=quote_id, to=to, message=message, by=sender)
    )
    return quote


def quote_mail_send(*, quote_id: int, to: str, message: str = "", by=None) -> None:
    """The e-mail of a sent quote: a short text, the signed link, the PDF attached."""
    from django.template.loader import render_to_string

    from comptoir.sales.quote_links import quote_link_url
    from comptoir.sales.quote_pdf import quote_pdf, quote_pdf_filename

    quote = Quote.objects.select_related("customer", "owner").get(pk=quote_id)
    company = Company.current()
    context = {
        "quote": quote,
        "company": company,
        "message": message,
        "link": quote_link_url(quote),
        "sender": by or quote.owner,
    }
    subject = _("Quote %(ref)s from %(company)s") % {"ref": quote.reference, "company": company}
    body = render_to_string("sales/quote_email.txt", context)
    reply_to = [by.email] if by is not None and getattr(by, "email", "") else []
    mail = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=reply_to,
    )
    mail.attach(quote_pdf_filename(quote), quote_pdf(quote), "application/pdf")
    mail.send()


def _answer(quote: Quote, to: str, *, name: str, email: str, ip: str | None) -> Quote:
    if quote.status == Q.SENT and quote.valid_until < timezone.localdate():
        raise TransitionRefused(
            _("This quote expired on %(date)s: ask us for a new one.")
            % {"date": date_format(quote.valid_until, "SHORT_DATE_FORMAT")}
        )
    status_move(quote, to, TRANSITIONS)
    quote.answered_at = timezone.now()
    quote.answered_by_name = (name or "").strip()[:200]
    quote.answered_by_email = (email or "").strip()[:254]
    quote.answered_from_ip = ip or None
    return quote


@transaction.atomic
def quote_accept(*, quote: Quote, name: str, email: str = "", ip: str | None = None, by=None):
    """The customer accepts: through the signed link (`by` None, the link is the proof) or
    as told to a salesperson (`by` the person, who needs sales.change_quote)."""
    if by is not None:
        require(by, "sales.change_quote")
    if not (name or "").strip():
        raise SalesError(_("Give the name of the person who accepts."))
    quote = _answer(locked(Quote, quote), Q.ACCEPTED, name=name, email=email, ip=ip)
    quote.save()
    timeline_record(
        party=quote.customer,
        by=by,
        kind=InteractionKind.QUOTE,
        subject=_("Quote %(ref)s accepted by %(name)s") % {"ref": quote.reference, "name": name},
        source_app="sales.quote",
        source_id=quote.pk,
    )
    return quote


@transaction.atomic
def quote_refuse(
    *, quote: Quote, name: str = "", email: str = "", reason: str = "", ip=None, by=None
):
    if by is not None:
        require(by, "sales.change_quote")
    quote = _answer(locked(Quote, quote), Q.REFUSED, name=name, email=email, ip=ip)
    quote.refusal_reason = (reason or "").strip()
    quote.save()
    timeline_record(
        party=quote.customer,
        by=by,
        kind=InteractionKind.QUOTE,
        subject=_("Quote %(ref)s refused") % {"ref": quote.reference},
        body=quote.refusal_reason,
        source_app="sales.quote",
        source_id=quote.pk,
    )
    return quote


@transaction.atomic
def quote_expire(*, quote: Quote) -> Quote:
    """A sent quote whose validity has passed (the daily job; no person involved)."""
    quote = locked(Quote, quote)
    status_move(quote, Q.EXPIRED, TRANSITIONS)
    quote.save()
    return quote


@transaction.atomic
def quote_remind(*, quote: Quote) -> bool:
    """Remind the owner, once, of a sent quote the customer has not answered: an e-mail to
    the owner and an entry on the customer's timeline. False when already reminded."""
    quote = locked(Quote, quote)
    if quote.status != Q.SENT or quote.reminded_at is not None:
        return False
    quote.reminded_at = timezone.now()
    quote.save(update_fields=["reminded_at", "updated_at"])
    days = (timezone.localdate() - timezone.localdate(quote.sent_at)).days
    subject = _("Follow up quote %(ref)s: no answer from %(customer)s after %(days)s days") % {
        "ref": quote.reference,
        "customer": quote.customer,
        "days": days,
    }
    timeline_record(
        party=quote.customer,
        by=None,
        kind=InteractionKind.QUOTE,
        subject=subject,
        source_app="sales.quote",
        source_id=quote.pk,
    )
    owner = quote.owner
    if owner is not None and owner.email:
        from django.core.mail import send_mail

        from comptoir.sales.quote_links import quote_page_url

        body = _("The quote %(ref)s sent on %(date)s is still unanswered.\n\n%(url)s") % {
            "ref": quote.reference,
            "date": timezone.localtime(quote.sent_at).strftime("%d/%m/%Y"),
            "url": quote_page_url(quote),
        }
        to = owner.email
        transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [to]))
    return True


@transaction.atomic
def quote_revise(*, by, quote: Quote) -> Quote:
    """The next version of a sent (or refused, or expired) quote: a draft copy with the same
    number and version + 1; this one becomes superseded, read-only."""
    require(by, "sales.change_quote")
    quote = locked(Quote, quote)
    status_move(quote, Q.SUPERSEDED, TRANSITIONS)
    quote.save()
    lines = list(quote.lines.all())
    revision = Quote.objects.get(pk=quote.pk)
    revision.pk = None
    revision._state.adding = True
    revision.previous = quote
    revision.version = quote.version + 1
    revision.status = Q.DRAFT
    revision.owner = quote.owner or by
    for name in (
        "sent_at",
        "reminded_at",
        "answered_at",
        "answered_from_ip",
        "link_window_at",
    ):
        setattr(revision, name, None)
    revision.sent_to = revision.answered_by_name = revision.answered_by_email = ""
    revision.refusal_reason = ""
    revision.link_attempts = 0
    today = timezone.localdate()
    revision.issue_date = today
    revision.valid_until = max(quote.valid_until, today + datetime.timedelta(days=30))
    revision.save()
    for line in lines:
        line.pk = None
        line._state.adding = True
        line.quote = revision
    QuoteLine.objects.bulk_create(lines, batch_size=500)
    document_recompute(revision)
    return revision
