"""Writes of quotes: creation, lines, sending, the customer's answer, revisions.

A quote is a state machine (TRANSITIONS); each step is one service, in one transaction,
with the permission checked inside. Only drafts change. The helpers on lines (`lines_*`,
`document_recompute`) are shared with orders.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from comptoir.core.models import Company, TaxRate
from comptoir.core.queries import require
from comptoir.core.sequences import sequence_ensure, sequence_next
from comptoir.parties.choices import Direction, InteractionKind
from comptoir.parties.models import Email, Party
from comptoir.parties.services import record_interaction
from comptoir.sales.choices import LineKind, QuoteStatus
from comptoir.sales.exceptions import (
    EmptyDocument,
    InvalidLine,
    NotEditable,
    SalesError,
    TransitionRefused,
)
from comptoir.sales.models import Quote, QuoteLine
from comptoir.sales.totals import DocumentTotals, document_totals

__all__ = [
    "QUOTE_SEQUENCE",
    "TRANSITIONS",
    "document_recompute",
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
HEADER_FIELDS = frozenset(
    {
        "customer",
        "owner",
        "title",
        "issue_date",
        "valid_until",
        "currency",
        "exchange_rate",
        "incoterm",
        "incoterm_place",
        "discount_percent",
        "payment_terms",
        "notes",
        "opportunity_id",
    }
)
LINE_FIELDS = frozenset(
    {
        "kind",
        "label",
        "description",
        "quantity",
        "unit",
        "unit_price",
        "discount_percent",
        "tax_rate",
        "position",
        "product",
    }
)


def _move(document, to: str, transitions) -> None:
    """Change the document's status, or refuse a step the transitions map does not allow."""
    if to not in transitions.get(document.status, ()):
        labels = dict(type(document)._meta.get_field("status").flatchoices)
        raise TransitionRefused(
            _("%(ref)s is « %(status)s »: it cannot become « %(to)s ».")
            % {
                "ref": document.reference,
                "status": document.get_status_display(),
                "to": labels[to],
            }
        )
    document.status = to


# --- Shared by quotes and orders: header, lines, totals -----------------------------------


def header_apply(document, fields: dict, allowed=HEADER_FIELDS) -> None:
    """Set and check a document's header fields (full_clean: the model's rules)."""
    unknown = set(fields) - allowed
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    for name, value in fields.items():
        if name == "exchange_rate" and value in (None, ""):
            continue
        setattr(document, name, value)
    if not document.currency:
        document.currency = _company_currency()
    _exchange_rate(document, given=fields.get("exchange_rate"))
    document.full_clean(exclude=["number", "customer", "owner"])


def _exchange_rate(document, *, given) -> None:
    """The rate of the document's currency on its date (trade), unless one was typed."""
    from comptoir.trade.exceptions import NoExchangeRate
    from comptoir.trade.queries import rate_on

    if document.currency == _company_currency():
        document.exchange_rate = Decimal(1)
        return
    if given not in (None, "") and Decimal(given) != 1:
        return
    try:
        document.exchange_rate = rate_on(currency=document.currency, day=_document_day(document))
    except NoExchangeRate as error:
        raise SalesError(error.message) from None


def _company_currency() -> str:
    company = Company.current()
    return company.currency if company else "EUR"


def default_tax_rate() -> TaxRate | None:
    """The company country's default rate, for an item line given none."""
    return (
        TaxRate.objects.filter(country=Company.current_country(), is_default=True, active=True)
        .order_by("id")
        .first()
    )


def _decimal(value, name: str) -> Decimal:
    if isinstance(value, float):
        value = str(value)
    try:
        number = Decimal(str(value).strip().replace(",", ".")) if value not in (None, "") else None
    except (InvalidOperation, ValueError):
        number = None
    if number is None or not number.is_finite():
        raise InvalidLine(_("%(field)s must be a number.") % {"field": name})
    return number


def _document_day(document) -> datetime.date:
    return getattr(document, "issue_date", None) or getattr(document, "order_date", None)


def _missing(fields: dict, name: str) -> bool:
    return fields.get(name) in (None, "")


def _price_from_catalog(line, fields: dict, document) -> None:
    """Fill what was not typed from the product: label, description, unit, and the price,
    discount and tax rate the catalog gives this customer for this quantity on this day."""
    from comptoir.catalog.queries import price_for
    from comptoir.trade.queries import convert

    product = line.product
    if _missing(fields, "label"):
        line.label = product.label
    if _missing(fields, "description"):
        line.description = product.description
    if _missing(fields, "unit"):
        line.unit = str(product.get_unit_display())
    quantity = line.quantity if line.quantity not in (None, "") else Decimal(1)
    price = price_for(
        customer=document.customer,
        product=product,
        quantity=_decimal(quantity, _("The quantity")),
        on_date=_document_day(document),
    )
    if _missing(fields, "unit_price"):
        unit_price = price.unit_price
        if price.currency != document.currency:
            unit_price = convert(
                amount=unit_price,
                from_currency=price.currency,
                to_currency=document.currency,
                day=_document_day(document),
            )
        line.unit_price = unit_price
    if _missing(fields, "discount_percent"):
        line.discount_percent = price.discount_percent
    if _missing(fields, "tax_rate"):
        line.tax_rate = price.tax_rate


def _check_cost(line, document) -> None:
    """Below the product's purchase cost, when the company forbids it (settings)."""
    cost = getattr(line.product, "purchase_cost", None) if line.product_id else None
    if not cost or not getattr(settings, "COMPTOIR_FORBID_BELOW_COST", False):
        return
    net_unit = line.unit_price * (100 - line.discount_percent) / 100
    rate = document.exchange_rate or Decimal(1)
    if net_unit / rate < cost:
        raise InvalidLine(
            _(
                "%(product)s cannot be sold below its cost (%(cost)s): raise the price or "
                "lower the discount."
            )
            % {"product": line.product.reference, "cost": cost.normalize()}
        )


def line_apply(line, fields: dict, *, document=None, default_rate=None) -> None:
    """Set and check a line's fields; a bad value raises InvalidLine with the reason.

    With a `product` newly chosen, what was not typed comes from the catalog (price_for).
    """
    unknown = set(fields) - LINE_FIELDS
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in sorted(unknown)})
    for name, value in fields.items():
        if value is None and name in ("unit_price", "discount_percent", "tax_rate", "label"):
            continue
        setattr(line, name, value)
    if line.kind not in LineKind.values:
        raise InvalidLine(_("Unknown kind of line."))
    if line.kind == LineKind.ITEM and fields.get("product") is not None and document is not None:
        _price_from_catalog(line, fields, document)
    line.label = (line.label or "").strip()
    if line.kind in (LineKind.ITEM, LineKind.SECTION) and not line.label:
        raise InvalidLine(_("Give the line a designation."))
    if line.kind == LineKind.TEXT and not (line.label or line.description):
        raise InvalidLine(_("A text line needs some text."))
    if line.kind != LineKind.ITEM:
        line.quantity, line.unit_price, line.discount_percent = Decimal(0), Decimal(0), Decimal(0)
        line.tax_rate, line.tax_percent, line.unit, line.product = None, Decimal(0), "", None
        return
    line.quantity = _decimal(line.quantity, _("The quantity"))
    line.unit_price = _decimal(
        line.unit_price if line.unit_price is not None else 0, _("The unit price")
    )
    line.discount_percent = _decimal(line.discount_percent or 0, _("The discount"))
    if line.quantity < 0:
        raise InvalidLine(
            _("A quantity cannot be negative (%(quantity)s): remove the line, or lower another.")
            % {"quantity": line.quantity}
        )
    if line.unit_price < 0:
        raise InvalidLine(_("A unit price cannot be negative: use a discount instead."))
    if not 0 <= line.discount_percent <= 100:
        raise InvalidLine(_("A discount is between 0 and 100 %."))
    if line.quantity != line.quantity.quantize(Decimal("0.001")):
        raise InvalidLine(_("A quantity has at most three decimals."))
    if line.unit_price != line.unit_price.quantize(Decimal("0.0001")):
        line.unit_price = line.unit_price.quantize(Decimal("0.0001"))
    if document is not None:
        _check_cost(line, document)
    if line.tax_rate is None:
        line.tax_rate = default_rate if default_rate is not None else default_tax_rate()
    line.tax_percent = line.tax_rate.rate if line.tax_rate else Decimal(0)


def lines_create(document, line_model, parent_field: str, lines) -> None:
    """Add lines (dicts of LINE_FIELDS) after the document's last one, in one INSERT."""
    if not lines:
        return
    start = document.lines.aggregate(top=Max("position"))["top"] or 0
    rate = default_tax_rate()
    rows = []
    for offset, fields in enumerate(lines, start=1):
        row = line_model(**{parent_field: document}, position=start + offset)
        try:
            line_apply(row, dict(fields), document=document, default_rate=rate)
        except InvalidLine as error:
            raise InvalidLine(
                _("Line %(n)s: %(reason)s") % {"n": offset, "reason": error.message}
            ) from None
        rows.append(row)
    line_model.objects.bulk_create(rows, batch_size=500)


def document_recompute(document) -> DocumentTotals:
    """Store each line's net and the document's totals, from its lines (one read, one write
    of the lines whose net changed)."""
    lines = list(document.lines.all())
    totals = document_totals(
        lines, currency=document.currency, discount_percent=document.discount_percent
    )
    changed = []
    for line, net in zip(lines, totals.line_nets, strict=True):
        net = net if net is not None else Decimal(0)
        if line.net_amount != net:
            line.net_amount = net
            changed.append(line)
    if changed:
        type(changed[0]).objects.bulk_update(changed, ["net_amount"], batch_size=500)
    document.lines_net = totals.lines_net
    document.discount_amount = totals.discount
    document.total_net = totals.total_net
    document.total_tax = totals.total_tax
    document.total = totals.total
    document.save(
        update_fields=[
            "lines_net",
            "discount_amount",
            "total_net",
            "total_tax",
            "total",
            "updated_at",
        ]
    )
    return totals


def _editable(document) -> None:
    if not document.is_editable:
        raise NotEditable(
            _("%(ref)s is « %(status)s »: only a draft can be changed.")
            % {"ref": document.reference, "status": document.get_status_display()}
        )


def _interaction(*, party, by, kind: str, subject: str, source_app: str, source_id, body=""):
    # The timeline's permission is the client base's; a sales step is recorded whoever did it.
    allowed = by is not None and by.has_perm("parties.add_interaction")
    record_interaction(
        party=party,
        kind=kind,
        subject=subject,
        by=by if allowed else None,
        direction=Direction.OUTBOUND,
        source_app=source_app,
        source_id=str(source_id),
        body=body,
    )


def _locked(model, document):
    return model.objects.select_for_update().get(pk=document.pk)


# --- Editing a draft quote or order: the callers check the permission and hold the transaction


def draft_header_update(document, fields: dict, *, allowed=HEADER_FIELDS):
    document = _locked(type(document), document)
    _editable(document)
    header_apply(document, fields, allowed=allowed)
    document.save()
    document_recompute(document)
    return document


def draft_line_add(document, fields: dict):
    """The new line, after the draft's last one."""
    document = _locked(type(document), document)
    _editable(document)
    lines = document.lines
    lines_create(document, lines.model, lines.field.name, [fields])
    document_recompute(document)
    return document.lines.order_by("-position", "-id").first()


def draft_line_update(line, fields: dict, *, parent: str):
    """`parent` names the line's document field ("quote", "order")."""
    document = getattr(line, parent)
    document = _locked(type(document), document)
    _editable(document)
    line = type(line).objects.get(pk=line.pk)
    line_apply(line, fields, document=document)
    line.save()
    document_recompute(document)
    line.refresh_from_db()
    return line


def draft_line_remove(line, *, parent: str):
    document = getattr(line, parent)
    document = _locked(type(document), document)
    _editable(document)
    type(line).objects.filter(pk=line.pk).delete()
    document_recompute(document)
    return document


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
    quote = _locked(Quote, quote)
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
        _move(quote, Q.SENT, TRANSITIONS)
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
    _interaction(
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
    _move(quote, to, TRANSITIONS)
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
    quote = _answer(_locked(Quote, quote), Q.ACCEPTED, name=name, email=email, ip=ip)
    quote.save()
    _interaction(
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
    quote = _answer(_locked(Quote, quote), Q.REFUSED, name=name, email=email, ip=ip)
    quote.refusal_reason = (reason or "").strip()
    quote.save()
    _interaction(
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
    quote = _locked(Quote, quote)
    _move(quote, Q.EXPIRED, TRANSITIONS)
    quote.save()
    return quote


@transaction.atomic
def quote_remind(*, quote: Quote) -> bool:
    """Remind the owner, once, of a sent quote the customer has not answered: an e-mail to
    the owner and an entry on the customer's timeline. False when already reminded."""
    quote = _locked(Quote, quote)
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
    _interaction(
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
    quote = _locked(Quote, quote)
    _move(quote, Q.SUPERSEDED, TRANSITIONS)
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
