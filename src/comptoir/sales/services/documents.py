"""What quotes and orders share: header fields, lines added, changed and removed on a draft,
totals refreshed from the lines, status steps checked against a transitions map, and the
customer's timeline.

The callers (`sales.services.quotes`, `…orders`) check the permission and hold the
transaction; these helpers do the rest the same way for both documents.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from comptoir.catalog.choices import Unit
from comptoir.core.models import Company, TaxRate
from comptoir.parties.choices import Direction
from comptoir.parties.services import record_interaction
from comptoir.sales.choices import LineKind
from comptoir.sales.exceptions import InvalidLine, NotEditable, SalesError, TransitionRefused
from comptoir.sales.totals import DocumentTotals, document_totals

__all__ = [
    "HEADER_FIELDS",
    "document_recompute",
    "draft_header_update",
    "draft_line_add",
    "draft_line_remove",
    "draft_line_update",
    "header_apply",
    "lines_create",
    "locked",
    "status_move",
    "timeline_record",
]

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


def status_move(document, to: str, transitions) -> None:
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
        line.unit = product.unit
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
    line.unit = line.unit or ""
    if line.unit not in ("", *Unit.values):
        raise InvalidLine(
            _('Unknown unit "%(unit)s": choose one of the catalog\'s units (%(units)s).')
            % {"unit": line.unit, "units": ", ".join(Unit.values)}
        )
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


def timeline_record(*, party, by, kind: str, subject: str, source_app: str, source_id, body=""):
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


def locked(model, document):
    return model.objects.select_for_update().get(pk=document.pk)


# --- Editing a draft quote or order


def draft_header_update(document, fields: dict, *, allowed=HEADER_FIELDS):
    document = locked(type(document), document)
    _editable(document)
    header_apply(document, fields, allowed=allowed)
    document.save()
    document_recompute(document)
    return document


def draft_line_add(document, fields: dict):
    """The new line, after the draft's last one."""
    document = locked(type(document), document)
    _editable(document)
    lines = document.lines
    lines_create(document, lines.model, lines.field.name, [fields])
    document_recompute(document)
    return document.lines.order_by("-position", "-id").first()


def draft_line_update(line, fields: dict, *, parent: str):
    """`parent` names the line's document field ("quote", "order")."""
    document = getattr(line, parent)
    document = locked(type(document), document)
    _editable(document)
    line = type(line).objects.get(pk=line.pk)
    line_apply(line, fields, document=document)
    line.save()
    document_recompute(document)
    line.refresh_from_db()
    return line


def draft_line_remove(line, *, parent: str):
    document = getattr(line, parent)
    document = locked(type(document), document)
    _editable(document)
    type(line).objects.filter(pk=line.pk).delete()
    document_recompute(document)
    return document
