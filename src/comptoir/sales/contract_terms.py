"""Dates and amounts of a contract's terms, in one place: month arithmetic, the notice
deadline, the end after a tacit renewal, the billing periods and their amounts.

Pure functions of dates and decimals (no database), so they are property-tested
(tests/sales/test_contract_terms.py) on month ends and leap years.

Dates are inclusive: a contract from 1 January to 31 December covers the whole year.
Periods in months follow the French rule for time limits (code de procédure civile,
art. 641): a limit of n months from a day ends on the day bearing the same number n months
later, or on the last day of that month when it has no such day (31 March + 1 month =
30 April).
"""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from comptoir.core.money import quantize
from comptoir.sales.choices import FREQUENCY_MONTHS

ONE_DAY = datetime.timedelta(days=1)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months` (negative: back), clamped to the last day of the month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def notice_in_time(*, given_on: datetime.date, end: datetime.date, notice_months: int) -> bool:
    """Whether notice given on `given_on` runs its full period before the contract ends."""
    return add_months(given_on, notice_months) <= end


def notice_deadline(end: datetime.date, notice_months: int) -> datetime.date:
    """The last day on which notice may be given for the term ending on `end`.

    The latest day d with d + notice months <= end. Counting back from the end is not enough
    at month ends (end 28 February, 1 month: 31 January is still in time), so the candidate
    moves forward while the next day is still in time (three days at most).
    """
    if notice_months <= 0:
        return end
    deadline = add_months(end, -notice_months)
    while notice_in_time(given_on=deadline + ONE_DAY, end=end, notice_months=notice_months):
        deadline += ONE_DAY
    return deadline


def term_end(start: datetime.date, months: int) -> datetime.date:
    """The last day of a term of `months` starting on `start` (1 Jan + 12 months: 31 Dec)."""
    return add_months(start, months) - ONE_DAY


def renewed_end(end: datetime.date, renewal_months: int) -> datetime.date:
    """The new end after a tacit renewal: a new term starting the day after `end`."""
    return term_end(end + ONE_DAY, renewal_months)


# --- Billing schedule ----------------------------------------------------------------------


@dataclass(frozen=True)
class BillingPeriod:
    start: datetime.date
    end: datetime.date
    due: datetime.date
    # Days covered / days of the calendar period: 1 for a whole period.
    fraction: Decimal


def calendar_period(day: datetime.date, frequency: str) -> tuple[datetime.date, datetime.date]:
    """The calendar month, quarter, half-year or year that contains `day`."""
    months = FREQUENCY_MONTHS[frequency]
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, term_end(start, months)


def billing_periods(
    start: datetime.date, end: datetime.date, frequency: str
) -> list[BillingPeriod]:
    """The billing periods of the term [start, end], aligned on calendar periods.

    Billed in advance ("terme à échoir"): each period is due on its first day. A term that
    starts or ends inside a calendar period gets a partial first or last period, billed pro
    rata of its days.
    """
    if end < start:
        return []
    periods = []
    day = start
    while day <= end:
        full_start, full_end = calendar_period(day, frequency)
        period_end = min(full_end, end)
        covered = (period_end - day).days + 1
        total = (full_end - full_start).days + 1
        fraction = Decimal(1) if covered == total else Decimal(covered) / Decimal(total)
        periods.append(BillingPeriod(start=day, end=period_end, due=day, fraction=fraction))
        day = period_end + ONE_DAY
    return periods


def period_amount(
    *, yearly_price: Decimal, frequency: str, fraction: Decimal, currency: str
) -> Decimal:
    """The amount of one billing period: the yearly price shared by periods, pro rata."""
    months = FREQUENCY_MONTHS[frequency]
    return quantize(yearly_price * months / 12 * fraction, currency)


def indexed_price(
    *,
    base_price: Decimal,
    base_index: Decimal,
    new_index: Decimal,
    fixed_part: Decimal,
    currency: str,
) -> Decimal:
    """The revised price P1 = P0 × (a + b × S1/S0), with a the fixed part and b = 1 − a.

    With no fixed part this is P1 = P0 × S1/S0 (the usual Syntec clause).
    """
    if base_index <= 0 or new_index <= 0:
        raise ValueError("An index value is positive.")
    if not 0 <= fixed_part < 1:
        raise ValueError("The fixed part is between 0 and 1.")
    variable = 1 - fixed_part
    return quantize(base_price * (fixed_part + variable * new_index / base_index), currency)


def months_between(start: datetime.date, end: datetime.date) -> int:
    """Whole months of the term [start, end] (12 for 1 Jan – 31 Dec)."""
    months = (end.year - start.year) * 12 + end.month - start.month
    while months > 0 and term_end(start, months) > end:
        months -= 1
    while term_end(start, months + 1) <= end:
        months += 1
    return months
