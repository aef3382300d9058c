"""The dates and amounts of a contract's terms: notice deadline, renewal, billing periods."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from comptoir.sales.contract_terms import (
    ONE_DAY,
    add_months,
    billing_periods,
    indexed_price,
    months_between,
    notice_deadline,
    notice_in_time,
    period_amount,
    renewed_end,
    term_end,
)

days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2090, 12, 31))
months = st.integers(min_value=1, max_value=36)
frequencies = st.sampled_from(["monthly", "quarterly", "half_yearly", "yearly"])


def test_month_ends_and_leap_years():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2028, 1, 31), 1) == datetime.date(2028, 2, 29)
    assert add_months(datetime.date(2026, 3, 31), -1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 12, 15), 2) == datetime.date(2027, 2, 15)


def test_notice_deadline_examples():
    # A calendar-year contract with three months' notice: by 30 September.
    assert notice_deadline(datetime.date(2026, 12, 31), 3) == datetime.date(2026, 9, 30)
    # Ending 28 February (not leap), one month: notice on 31 January still runs a month.
    assert notice_deadline(datetime.date(2027, 2, 28), 1) == datetime.date(2027, 1, 31)
    # Ending 29 February of a leap year, twelve months: 28 February of the year before.
    assert notice_deadline(datetime.date(2028, 2, 29), 12) == datetime.date(2027, 2, 28)
    # Ending 30 April, two months: 28 February, not the 30th that does not exist.
    assert notice_deadline(datetime.date(2026, 4, 30), 2) == datetime.date(2026, 2, 28)


@given(end=days, notice=months)
def test_notice_deadline_is_the_last_day_in_time(end, notice):
    deadline = notice_deadline(end, notice)
    assert notice_in_time(given_on=deadline, end=end, notice_months=notice)
    assert not notice_in_time(given_on=deadline + ONE_DAY, end=end, notice_months=notice)
    assert deadline < end
    # Never more than a notice period plus a few days before the end, never less.
    assert add_months(end, -notice) <= deadline <= add_months(end, -notice) + 3 * ONE_DAY


@given(start=days, term=months)
def test_term_end_and_months_between_agree(start, term):
    end = term_end(start, term)
    assert end >= start
    assert months_between(start, end) == term


@given(end=days, renewal=months)
def test_renewal_starts_the_day_after_and_runs_whole_months(end, renewal):
    new_end = renewed_end(end, renewal)
    assert new_end > end
    assert months_between(end + ONE_DAY, new_end) == renewal


def test_renewal_over_february():
    assert renewed_end(datetime.date(2027, 2, 28), 12) == datetime.date(2028, 2, 29)
    assert renewed_end(datetime.date(2028, 2, 29), 12) == datetime.date(2029, 2, 28)
    assert renewed_end(datetime.date(2026, 12, 31), 12) == datetime.date(2027, 12, 31)


@given(start=days, length=st.integers(min_value=0, max_value=1500), frequency=frequencies)
def test_billing_periods_cover_the_term_without_gap(start, length, frequency):
    end = start + datetime.timedelta(days=length)
    periods = billing_periods(start, end, frequency)
    assert periods[0].start == start and periods[-1].end == end
    for before, after in zip(periods, periods[1:], strict=False):
        assert after.start == before.end + ONE_DAY
        assert after.fraction <= 1
    assert all(p.due == p.start and 0 < p.fraction <= 1 for p in periods)
    # Only the first and last period may be partial.
    assert all(p.fraction == 1 for p in periods[1:-1])


def test_calendar_year_quarterly_schedule():
    periods = billing_periods(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), "quarterly")
    assert [p.due for p in periods] == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 1),
        datetime.date(2026, 7, 1),
        datetime.date(2026, 10, 1),
    ]
    amounts = [
        period_amount(
            yearly_price=Decimal("1200"), frequency="quarterly", fraction=p.fraction, currency="EUR"
        )
        for p in periods
    ]
    assert amounts == [Decimal("300.00")] * 4


def test_partial_first_period_is_pro_rata_of_days():
    # From 16 February, monthly: February has 28 days, 13 of them covered.
    periods = billing_periods(datetime.date(2026, 2, 16), datetime.date(2027, 2, 15), "monthly")
    assert periods[0].end == datetime.date(2026, 2, 28)
    assert periods[0].fraction == Decimal(13) / Decimal(28)
    first = period_amount(
        yearly_price=Decimal("1200"),
        frequency="monthly",
        fraction=periods[0].fraction,
        currency="EUR",
    )
    assert first == Decimal("46.43")  # 100 × 13/28
    assert periods[1].fraction == 1 and periods[-1].end == datetime.date(2027, 2, 15)


def test_xpf_amounts_have_no_decimals():
    amount = period_amount(
        yearly_price=Decimal("100000"), frequency="quarterly", fraction=Decimal(1), currency="XPF"
    )
    assert amount == Decimal("25000")
    partial = period_amount(
        yearly_price=Decimal("100000"), frequency="monthly", fraction=Decimal(1) / 3, currency="XPF"
    )
    assert partial == Decimal("2778") and partial.as_tuple().exponent == 0


def test_indexed_price_with_and_without_fixed_part():
    kwargs = {"base_price": Decimal("1000.00"), "base_index": Decimal("100"), "currency": "EUR"}
    assert indexed_price(new_index=Decimal("103"), fixed_part=Decimal(0), **kwargs) == Decimal(
        "1030.00"
    )
    # P1 = 1000 × (0.15 + 0.85 × 103/100) = 1025.50
    assert indexed_price(new_index=Decimal("103"), fixed_part=Decimal("0.15"), **kwargs) == Decimal(
        "1025.50"
    )


@given(
    year=st.integers(min_value=2000, max_value=2090),
    frequency=frequencies,
    price=st.decimals(min_value=0, max_value=10_000_000, places=2),
)
def test_a_calendar_year_bills_its_yearly_price(year, frequency, price):
    periods = billing_periods(datetime.date(year, 1, 1), datetime.date(year, 12, 31), frequency)
    amounts = [
        period_amount(yearly_price=price, frequency=frequency, fraction=p.fraction, currency="EUR")
        for p in periods
    ]
    # Each period rounds once: the year is the price within half a cent per period.
    assert abs(sum(amounts) - price) <= Decimal("0.005") * len(periods)


@given(
    start=days,
    frequency=frequencies,
    price=st.integers(min_value=0, max_value=10_000_000),
)
def test_xpf_schedules_stay_whole(start, frequency, price):
    end = term_end(start, 12)
    for period in billing_periods(start, end, frequency):
        amount = period_amount(
            yearly_price=Decimal(price),
            frequency=frequency,
            fraction=period.fraction,
            currency="XPF",
        )
        assert amount == amount.to_integral_value()
