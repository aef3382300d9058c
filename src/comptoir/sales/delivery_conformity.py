"""The conformity check of a delivery against its order, as pure functions.

A delivery note announces quantities of the order's lines; at delivery the customer signs for
what was actually received. Comparing the two, and the order, gives the findings the ADV
assistant acts on (a claim to the carrier, a new shipment, a return):

- **missing**: a line announced on the note of which nothing was received;
- **short**: less received than announced;
- **over**: more received than announced;
- **extra item**: an item of the order received though this note did not announce it;
- **wrong item**: an item that is not on the order at all (announced or received);
- **over the order**: with this delivery, more of a line is delivered than was ordered.

Lines of the order that this note leaves for later are not findings: a partial delivery is
normal, what is left is the backorder (`backorder`).

Nothing here touches the database: the services and views feed it plain values, and the
property tests walk it with any quantities.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)

# Kinds of finding, in the order the summary lists them (the gravest first).
WRONG_ITEM = "wrong_item"
MISSING = "missing"
SHORT = "short"
OVER = "over"
EXTRA_ITEM = "extra_item"
OVER_ORDER = "over_order"
KINDS = (WRONG_ITEM, MISSING, SHORT, OVER, EXTRA_ITEM, OVER_ORDER)


@dataclass(frozen=True)
class OrderedLine:
    """One line of the order, as the check sees it.

    `delivered_before` is what other delivered notes of the order brought of this line.
    """

    key: int
    label: str
    quantity: Decimal
    delivered_before: Decimal = ZERO
    reference: str = ""


@dataclass(frozen=True)
class DeliveredLine:
    """One line of the delivery note: announced (`shipped`) and signed for (`received`).

    `order_line` is the key of the order line it delivers, None for an item that is not on
    the order. `received` is None until the delivery is recorded: then the check reads the
    announced quantity as received (what the note says before anyone signs).
    """

    order_line: int | None
    label: str
    shipped: Decimal
    received: Decimal | None = None
    reference: str = ""

    @property
    def received_or_shipped(self) -> Decimal:
        return self.shipped if self.received is None else self.received


@dataclass(frozen=True)
class Finding:
    kind: str
    label: str
    reference: str
    expected: Decimal  # announced (missing, short, over, extra) or ordered (over_order)
    actual: Decimal  # received, or delivered in all with this note (over_order)

    @property
    def difference(self) -> Decimal:
        return self.actual - self.expected


@dataclass(frozen=True)
class Conformity:
    findings: tuple[Finding, ...]

    @property
    def is_conform(self) -> bool:
        return not self.findings

    def of_kind(self, kind: str) -> list[Finding]:
        return [finding for finding in self.findings if finding.kind == kind]

    @property
    def kinds(self) -> set[str]:
        return {finding.kind for finding in self.findings}


def check(ordered: Iterable[OrderedLine], delivered: Iterable[DeliveredLine]) -> Conformity:
    """The findings of one delivery against its order (see the module's docstring)."""
    ordered = {line.key: line for line in ordered}
    # One note may deliver an order line in several rows (two pallets): add them up.
    announced: dict[int, Decimal] = {}
    received: dict[int, Decimal] = {}
    findings: list[Finding] = []
    for line in delivered:
        if line.order_line is None or line.order_line not in ordered:
            findings.append(
                Finding(WRONG_ITEM, line.label, line.reference, ZERO, line.received_or_shipped)
            )
            continue
        announced[line.order_line] = announced.get(line.order_line, ZERO) + line.shipped
        received[line.order_line] = received.get(line.order_line, ZERO) + line.received_or_shipped
    for key, line in ordered.items():
        sent, got = announced.get(key, ZERO), received.get(key, ZERO)
        if sent > 0 and got == 0:
            findings.append(Finding(MISSING, line.label, line.reference, sent, got))
        elif sent > 0 and got < sent:
            findings.append(Finding(SHORT, line.label, line.reference, sent, got))
        elif sent > 0 and got > sent:
            findings.append(Finding(OVER, line.label, line.reference, sent, got))
        elif sent == 0 and got > 0:
            findings.append(Finding(EXTRA_ITEM, line.label, line.reference, sent, got))
        total = line.delivered_before + got
        if got > 0 and total > line.quantity:
            findings.append(Finding(OVER_ORDER, line.label, line.reference, line.quantity, total))
    findings.sort(key=lambda finding: KINDS.index(finding.kind))
    return Conformity(tuple(findings))


def backorder(ordered: Iterable[OrderedLine], delivered: Iterable[DeliveredLine]) -> dict:
    """What is left to deliver of each order line after this delivery: {key: quantity > 0}."""
    got: dict[int, Decimal] = {}
    for line in delivered:
        if line.order_line is not None:
            got[line.order_line] = got.get(line.order_line, ZERO) + line.received_or_shipped
    left = {}
    for line in ordered:
        remaining = line.quantity - line.delivered_before - got.get(line.key, ZERO)
        if remaining > 0:
            left[line.key] = remaining
    return left


def _quantity(value: Decimal) -> str:
    # 3.000 (a DecimalField's scale) reads "3"; 2.5 stays "2,5" in French.
    from django.utils.formats import number_format

    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)
    return number_format(normal, decimal_pos=places, use_l10n=True)


def describe(finding: Finding) -> str:
    """One sentence of the summary, in the reader's language."""
    from django.utils.translation import gettext as _

    values = {
        "label": finding.label,
        "expected": _quantity(finding.expected),
        "actual": _quantity(finding.actual),
        "difference": _quantity(abs(finding.difference)),
    }
    messages = {
        WRONG_ITEM: _("Wrong item: %(label)s (quantity %(actual)s) is not on the order."),
        MISSING: _("Missing: %(label)s — announced %(expected)s, nothing received."),
        SHORT: _(
            "Quantity short: %(label)s — announced %(expected)s, received %(actual)s "
            "(%(difference)s missing)."
        ),
        OVER: _(
            "Quantity over: %(label)s — announced %(expected)s, received %(actual)s "
            "(%(difference)s too many)."
        ),
        EXTRA_ITEM: _(
            "Extra item: %(label)s (quantity %(actual)s) received but not announced on this note."
        ),
        OVER_ORDER: _(
            "More than ordered: %(label)s — ordered %(expected)s, delivered %(actual)s in all."
        ),
    }
    return messages[finding.kind] % values


def summary(conformity: Conformity) -> list[str]:
    """The findings as sentences; one sentence saying all is well when there are none."""
    from django.utils.translation import gettext as _

    if conformity.is_conform:
        return [_("Compliant: everything announced was received, nothing else.")]
    return [describe(finding) for finding in conformity.findings]
