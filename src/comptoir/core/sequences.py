"""Gapless numbers for legal documents (invoices, credit notes, entries).

French law (CGI, annexe II, art. 242 nonies A) wants invoice numbers continuous and in chronological
order, per series; the accounting entries of the FEC likewise. So a number comes from a
counter row per sequence and fiscal year, locked (SELECT … FOR UPDATE) inside the
transaction that validates the document:

- two validations never get the same number: the second waits for the first to commit;
- a validation that rolls back gives its number back, because the counter's increment rolls
  back with it;
- every fiscal year starts again at 1, with its own row.

A database sequence (or arithmetic on primary keys) cannot do this: PostgreSQL sequences are
not transactional, so a rollback leaves a gap, and they know nothing of fiscal years. The
price of the lock is that validations of one series are serialised, which is what the law
asks for anyway.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import formats
from django.utils.translation import gettext as _

from comptoir.core.exceptions import CoreError
from comptoir.core.models import Company, Sequence, SequenceCounter
from comptoir.core.queries import require


class SequenceDateError(CoreError):
    """The document is dated before the last one numbered in its series."""

    code = "sequence_date_order"


class SequenceFormatError(CoreError):
    code = "sequence_format"


def fiscal_year_of(day: datetime.date, start_month: int) -> int:
    """The calendar year in which the fiscal year containing `day` starts."""
    return day.year if day.month >= start_month else day.year - 1


def fiscal_year_label(fiscal_year: int, start_month: int) -> str:
    """ "2026" for a calendar fiscal year, "2026-2027" for one that straddles two years."""
    return str(fiscal_year) if start_month == 1 else f"{fiscal_year}-{fiscal_year + 1}"


def format_number(fmt: str, *, fiscal_year: int, start_month: int, number: int) -> str:
    """The number as printed: "FA-{year}-{n:05d}" -> "FA-2026-00042"."""
    try:
        return fmt.format(
            year=fiscal_year, fy=fiscal_year_label(fiscal_year, start_month), n=number
        )
    except (KeyError, IndexError, ValueError) as error:
        raise SequenceFormatError(
            _("The numbering format %(format)s is not valid (%(error)s).")
            % {"format": fmt, "error": error}
        ) from None


def fiscal_start_month() -> int:
    """The month the company's fiscal year starts in (January without a company profile)."""
    company = Company.current()
    return company.fiscal_year_start_month if company else 1


def _check_day(day) -> None:
    # A datetime is a date too, but comparing it with the stored date would fail later.
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"A sequence number is taken for a date, not a {type(day).__name__}.")


def _locked_counter(sequence: Sequence, fiscal_year: int) -> SequenceCounter:
    """The counter row, locked until the caller's transaction ends; created if missing."""
    counters = SequenceCounter.objects.select_for_update()
    try:
        return counters.get(sequence=sequence, fiscal_year=fiscal_year)
    except SequenceCounter.DoesNotExist:
        pass
    # First number of the fiscal year: two validations may both find no row. The unique
    # constraint lets one insert win; the other's insert fails (on PostgreSQL, after waiting
    # for the winner to commit), its savepoint is rolled back and it locks the winner's row.
    try:
        with transaction.atomic():
            return SequenceCounter.objects.create(sequence=sequence, fiscal_year=fiscal_year)
    except IntegrityError:
        return counters.get(sequence=sequence, fiscal_year=fiscal_year)


def sequence_next(*, code: str, day: datetime.date) -> str:
    """Take the next number of the sequence `code` for a document dated `day`.

    Call it inside the transaction that validates the document, so the number is given back
    if the validation fails; the counter row stays locked until that transaction ends.
    Raises Sequence.DoesNotExist for an unknown code, SequenceDateError for a `day` before
    the last numbered document of the fiscal year.
    """
    _check_day(day)
    with transaction.atomic():
        sequence = Sequence.objects.get(code=code)
        start_month = fiscal_start_month()
        fiscal_year = fiscal_year_of(day, start_month)
        counter = _locked_counter(sequence, fiscal_year)
        if counter.last_date and day < counter.last_date:
            raise SequenceDateError(
                _(
                    "A document dated %(date)s cannot be numbered after one dated %(last)s: "
                    "legal numbering follows the order of dates."
                )
                % {
                    "date": formats.date_format(day, "SHORT_DATE_FORMAT"),
                    "last": formats.date_format(counter.last_date, "SHORT_DATE_FORMAT"),
                }
            )
        number = format_number(
            sequence.format,
            fiscal_year=fiscal_year,
            start_month=start_month,
            number=counter.last_number + 1,
        )
        counter.last_number += 1
        counter.last_date = day
        counter.save(update_fields=["last_number", "last_date"])
        return number


def sequence_preview(
    *, sequence: Sequence, day: datetime.date, start_month: int | None = None
) -> str:
    """The number the next document dated `day` would get, without taking it.

    Reads the counters prefetched by sequence_list_for() when there are, so a list page
    makes no query per sequence.
    """
    _check_day(day)
    start_month = start_month or fiscal_start_month()
    fiscal_year = fiscal_year_of(day, start_month)
    counter = next((c for c in sequence.counters.all() if c.fiscal_year == fiscal_year), None)
    return format_number(
        sequence.format,
        fiscal_year=fiscal_year,
        start_month=start_month,
        number=(counter.last_number if counter else 0) + 1,
    )


@transaction.atomic
def sequence_ensure(*, code: str, label: str, format: str) -> Sequence:
    """The sequence `code`, created with this label and format if it does not exist yet.

    For the apps that number documents (billing, ledger), at migration or first use.
    """
    format_number(format, fiscal_year=2000, start_month=1, number=1)
    sequence, _created = Sequence.objects.get_or_create(
        code=code, defaults={"label": label, "format": format}
    )
    return sequence


def sequence_list_for(*, user):
    """Every sequence with its counters, for a user who may see them."""
    require(user, "core.view_sequence")
    counters = SequenceCounter.objects.order_by("-fiscal_year")
    return Sequence.objects.prefetch_related(Prefetch("counters", queryset=counters)).order_by(
        "code"
    )
