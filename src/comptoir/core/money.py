"""Money arithmetic: the ONE place that owns rounding.

Every amount that is shown, stored or summed is rounded here, so that an invoice, its PDF,
its Factur-X XML and its ledger entry can never disagree by a cent.

- Amounts are `Decimal` (or `int`), never `float`: a float cannot hold 0.10 exactly, and
  a wrong cent on a legal document is a bug. Passing a float raises TypeError.
- Amounts are rounded to the currency's minor unit (cents for EUR, none for XPF),
  half up, i.e. half away from zero, so a credit note mirrors its invoice exactly.
- Tax is computed per rate on the sum of the line net amounts of that rate, not per line,
  as EN 16931 (Factur-X, Chorus Pro) requires: rounding each line's tax and adding the results
  drifts by a cent or more on long invoices.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

# ISO 4217 minor units of the currencies Comptoir's customers invoice in.
MINOR_UNITS: dict[str, int] = {
    "EUR": 2,
    "MAD": 2,
    "USD": 2,
    "GBP": 2,
    "CHF": 2,
    "XPF": 0,
    "XOF": 0,
    "XAF": 0,
}

HUNDRED = Decimal(100)


def minor_units(currency: str) -> int:
    """Number of decimals an amount in this currency has (2 for EUR, 0 for XPF)."""
    try:
        return MINOR_UNITS[currency]
    except KeyError:
        raise ValueError(f"Unknown currency {currency!r}: its minor unit is not known.") from None


def _as_decimal(value: Decimal | int, name: str) -> Decimal:
    # bool is an int, but True euros is always a mistake.
    if isinstance(value, float):
        raise TypeError(f"{name} is a float ({value!r}): money is never float, use Decimal.")
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise TypeError(f"{name} must be a Decimal or an int, not {type(value).__name__}.")
    decimal = Decimal(value)
    if not decimal.is_finite():
        raise ValueError(f"{name} must be a finite number, not {value}.")
    return decimal


def quantize(amount: Decimal | int, currency: str) -> Decimal:
    """The amount rounded half up to the currency's minor unit (0.005 EUR -> 0.01)."""
    exponent = Decimal(1).scaleb(-minor_units(currency))
    return _as_decimal(amount, "amount").quantize(exponent, rounding=ROUND_HALF_UP)


def line_net(
    *,
    quantity: Decimal | int,
    unit_price: Decimal | int,
    currency: str,
    discount_percent: Decimal | int = Decimal(0),
) -> Decimal:
    """Net amount of an invoice line: quantity × unit price, less the discount, rounded once."""
    quantity = _as_decimal(quantity, "quantity")
    unit_price = _as_decimal(unit_price, "unit_price")
    discount_percent = _as_decimal(discount_percent, "discount_percent")
    if not 0 <= discount_percent <= 100:
        raise ValueError(f"A discount is between 0 and 100 %, not {discount_percent} %.")
    return quantize(quantity * unit_price * (HUNDRED - discount_percent) / HUNDRED, currency)


@dataclass(frozen=True)
class Totals:
    net_by_rate: dict[Decimal, Decimal]
    tax_by_rate: dict[Decimal, Decimal]
    total_net: Decimal
    total_tax: Decimal
    total: Decimal


def compute_totals(lines: Iterable[tuple[Decimal | int, Decimal | int]], currency: str) -> Totals:
    """Totals of a document from its (line net amount, tax rate in percent) pairs.

    Line nets must already be rounded to the currency (as `line_net` returns them), so that
    the total net is exactly the sum of the lines a customer sees.
    """
    net_by_rate: dict[Decimal, Decimal] = {}
    for net, rate in lines:
        net = _as_decimal(net, "line net amount")
        rate = _as_decimal(rate, "tax rate")
        if net != quantize(net, currency):
            raise ValueError(
                f"Line net amount {net} has more decimals than {currency} allows: "
                "round it with money.line_net or money.quantize first."
            )
        net_by_rate[rate] = net_by_rate.get(rate, Decimal(0)) + net

    net_by_rate = {rate: quantize(net_by_rate[rate], currency) for rate in sorted(net_by_rate)}
    tax_by_rate = {
        rate: quantize(net * rate / HUNDRED, currency) for rate, net in net_by_rate.items()
    }
    total_net = quantize(sum(net_by_rate.values(), Decimal(0)), currency)
    total_tax = quantize(sum(tax_by_rate.values(), Decimal(0)), currency)
    return Totals(
        net_by_rate=net_by_rate,
        tax_by_rate=tax_by_rate,
        total_net=total_net,
        total_tax=total_tax,
        total=total_net + total_tax,
    )
