"""Line and document totals of quotes and orders (and later invoices): pure functions over
lines, every rounding done by core.money.

A document's overall discount is a document-level allowance (EN 16931 BG-20) split per tax
rate: each rate's base is its lines' net sum less the discount on that sum, rounded once, and
the tax is computed per rate on that base. So the total net is the sum of the line nets less
the discount shown, and the tax of each rate is exactly its base times its rate.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Protocol

from comptoir.core import money

ZERO = Decimal(0)
HUNDRED = Decimal(100)
ITEM, SECTION, SUBTOTAL = "item", "section", "subtotal"


class Line(Protocol):
    kind: str
    quantity: Decimal
    unit_price: Decimal
    discount_percent: Decimal
    tax_percent: Decimal


def line_net(*, quantity, unit_price, discount_percent=ZERO, currency: str) -> Decimal:
    """Quantity × unit price less the line's discount, rounded to the currency."""
    return money.line_net(
        quantity=quantity,
        unit_price=unit_price,
        discount_percent=discount_percent or ZERO,
        currency=currency,
    )


@dataclass(frozen=True)
class DocumentTotals:
    currency: str
    lines_net: Decimal  # sum of the item lines' nets, before the overall discount
    discount: Decimal  # the overall discount, in money
    net_by_rate: dict[Decimal, Decimal]  # taxable base per rate, after the overall discount
    tax_by_rate: dict[Decimal, Decimal]
    total_net: Decimal
    total_tax: Decimal
    total: Decimal
    line_nets: list[Decimal | None] = field(default_factory=list)  # None: not an item
    subtotals: dict[int, Decimal] = field(default_factory=dict)  # index of subtotal line -> sum

    @property
    def rates(self) -> list[tuple[Decimal, Decimal, Decimal]]:
        """(rate, base, tax) per rate, for the PDF's tax table."""
        return [(r, self.net_by_rate[r], self.tax_by_rate[r]) for r in self.net_by_rate]


def document_totals(
    lines: Iterable[Line], *, currency: str, discount_percent=ZERO
) -> DocumentTotals:
    """Totals of a document from its lines (items, sections, subtotals, text), in order.

    A subtotal line sums the items since the previous subtotal or section heading.
    """
    discount_percent = Decimal(discount_percent or 0)
    if not ZERO <= discount_percent <= HUNDRED:
        raise ValueError(f"A discount is between 0 and 100 %, not {discount_percent} %.")
    nets: list[Decimal | None] = []
    by_rate: dict[Decimal, Decimal] = {}
    subtotals: dict[int, Decimal] = {}
    running = ZERO
    for index, line in enumerate(lines):
        if line.kind == ITEM:
            net = line_net(
                quantity=line.quantity,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                currency=currency,
            )
            nets.append(net)
            rate = Decimal(line.tax_percent).normalize() + 0  # 20.000 and 20 are one rate
            by_rate[rate] = by_rate.get(rate, ZERO) + net
            running += net
        else:
            nets.append(None)
            if line.kind == SUBTOTAL:
                subtotals[index] = running
                running = ZERO
            elif line.kind == SECTION:
                running = ZERO
    lines_net = money.quantize(sum(by_rate.values(), ZERO), currency)
    discount_by_rate = {
        rate: money.quantize(net * discount_percent / HUNDRED, currency)
        for rate, net in by_rate.items()
    }
    computed = money.compute_totals(
        ((net - discount_by_rate[rate], rate) for rate, net in by_rate.items()), currency
    )
    return DocumentTotals(
        currency=currency,
        lines_net=lines_net,
        discount=money.quantize(sum(discount_by_rate.values(), ZERO), currency),
        net_by_rate=computed.net_by_rate,
        tax_by_rate=computed.tax_by_rate,
        total_net=computed.total_net,
        total_tax=computed.total_tax,
        total=computed.total,
        line_nets=nets,
        subtotals=subtotals,
    )
