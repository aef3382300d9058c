import datetime
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import Company, Sequence, SequenceCounter
from comptoir.core.sequences import (
    SequenceDateError,
    fiscal_year_of,
    sequence_list_for,
    sequence_next,
    sequence_preview,
)

D = datetime.date


@pytest.fixture
def invoices(db):
    return Sequence.objects.create(code="invoice", label="Factures", format="FA-{year}-{n:05d}")


@pytest.fixture
def july_company(company):
    company.fiscal_year_start_month = 7
    company.save()
    return company


def test_fiscal_year_is_the_year_it_starts_in():
    assert fiscal_year_of(D(2026, 1, 1), 1) == 2026
    assert fiscal_year_of(D(2026, 12, 31), 1) == 2026
    assert fiscal_year_of(D(2026, 6, 30), 7) == 2025
    assert fiscal_year_of(D(2026, 7, 1), 7) == 2026
    assert fiscal_year_of(D(2027, 3, 31), 4) == 2026


def test_numbers_follow_the_format_without_gaps(company, invoices):
    numbers = [sequence_next(code="invoice", day=D(2026, 3, day)) for day in (2, 2, 3, 9)]

    assert numbers == ["FA-2026-00001", "FA-2026-00002", "FA-2026-00003", "FA-2026-00004"]
    counter = SequenceCounter.objects.get(sequence=invoices, fiscal_year=2026)
    assert (counter.last_number, counter.last_date) == (4, D(2026, 3, 9))


def test_a_long_run_is_gapless(company, invoices):
    numbers = [
        sequence_next(code="invoice", day=D(2026, 1, 1) + datetime.timedelta(i)) for i in range(40)
    ]

    assert numbers == [f"FA-2026-{n:05d}" for n in range(1, 41)]


def test_fiscal_year_placeholder_is_the_year_alone_when_it_starts_in_january(company):
    Sequence.objects.create(code="entry", label="Écritures", format="{fy}/{n:04d}")

    assert sequence_next(code="entry", day=D(2026, 12, 31)) == "2026/0001"


def test_an_unknown_sequence_is_an_error(company):
    with pytest.raises(Sequence.DoesNotExist):
        sequence_next(code="nope", day=D(2026, 1, 1))


def test_each_calendar_year_starts_again_at_one(company, invoices):
    assert sequence_next(code="invoice", day=D(2025, 12, 31)) == "FA-2025-00001"
    assert sequence_next(code="invoice", day=D(2026, 1, 1)) == "FA-2026-00001"


def test_without_a_company_profile_the_fiscal_year_is_the_calendar_year(invoices):
    assert Company.current() is None
    assert sequence_next(code="invoice", day=D(2026, 1, 15)) == "FA-2026-00001"


def test_fiscal_year_boundaries_when_it_starts_in_july(july_company):
    Sequence.objects.create(code="credit", label="Avoirs", format="AV/{fy}/{n}")

    assert sequence_next(code="credit", day=D(2026, 6, 30)) == "AV/2025-2026/1"
    assert sequence_next(code="credit", day=D(2026, 7, 1)) == "AV/2026-2027/1"
    assert sequence_next(code="credit", day=D(2027, 6, 30)) == "AV/2026-2027/2"
    # The previous fiscal year has its own counter, so a late invoice of June still numbers.
    assert sequence_next(code="credit", day=D(2026, 6, 30)) == "AV/2025-2026/2"
    assert sequence_next(code="credit", day=D(2027, 7, 1)) == "AV/2027-2028/1"


def test_year_placeholder_is_the_first_year_of_the_fiscal_year(july_company, invoices):
    assert sequence_next(code="invoice", day=D(2027, 2, 1)) == "FA-2026-00001"


def test_a_document_dated_before_the_last_one_is_refused(company, invoices):
    sequence_next(code="invoice", day=D(2026, 3, 10))

    with pytest.raises(SequenceDateError) as error:
        sequence_next(code="invoice", day=D(2026, 3, 9))

    assert "09/03/2026" in error.value.message and "10/03/2026" in error.value.message
    assert "ordre des dates" in error.value.message
    assert error.value.code == "sequence_date_order"
    assert sequence_next(code="invoice", day=D(2026, 3, 10)) == "FA-2026-00002"


def test_a_rolled_back_validation_gives_its_number_back(company, invoices):
    sequence_next(code="invoice", day=D(2026, 3, 1))

    with pytest.raises(RuntimeError), transaction.atomic():
        assert sequence_next(code="invoice", day=D(2026, 3, 20)) == "FA-2026-00002"
        raise RuntimeError("the invoice could not be validated")

    # The rolled-back number and its date are both given back.
    assert sequence_next(code="invoice", day=D(2026, 3, 5)) == "FA-2026-00002"


def test_preview_does_not_take_the_number(company, invoices):
    assert sequence_preview(sequence=invoices, day=D(2026, 5, 1)) == "FA-2026-00001"
    sequence_next(code="invoice", day=D(2026, 5, 1))

    assert sequence_preview(sequence=invoices, day=D(2026, 5, 2)) == "FA-2026-00002"
    assert sequence_preview(sequence=invoices, day=D(2026, 5, 2)) == "FA-2026-00002"
    assert sequence_preview(sequence=invoices, day=D(2027, 1, 2)) == "FA-2027-00001"


def test_a_datetime_is_refused(company, invoices):
    with pytest.raises(TypeError):
        sequence_next(code="invoice", day=datetime.datetime(2026, 1, 1, 12, 0))


def test_sequences_page_shows_counters_and_next_number(client_as, invoices):
    today = timezone.localdate()
    sequence_next(code="invoice", day=today)
    Sequence.objects.create(code="credit", label="Avoirs", format="AV-{year}-{n:04d}")

    client = client_as("comptable")
    response = client.get(reverse("core:sequences"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Factures" in page and "FA-{year}-{n:05d}" in page
    assert f"FA-{today.year}-00002" in page
    assert f"AV-{today.year}-0001" in page


def test_sequences_page_query_count_does_not_grow_with_sequences(
    client_as, db, django_assert_max_num_queries
):
    client = client_as("adv")
    for index in range(10):
        Sequence.objects.create(code=f"s{index}", label=f"Série {index}")
        sequence_next(code=f"s{index}", day=timezone.localdate())

    with django_assert_max_num_queries(12):
        assert client.get(reverse("core:sequences")).status_code == 200


def test_sequences_page_empty_state(client_as):
    page = client_as("comptable").get(reverse("core:sequences")).content.decode()

    assert "empty-state" in page


def test_sequence_list_needs_view_sequence(users, invoices):
    assert list(sequence_list_for(user=users["comptable"])) == [invoices]
    with pytest.raises(NotAllowed):
        sequence_list_for(user=users["teleconseiller"])


def test_sequences_page_is_refused_without_view_sequence(client_as):
    assert client_as("teleconseiller").get(reverse("core:sequences")).status_code == 403


def validate_concurrently(threads_count: int, per_thread: int) -> tuple[list[int], list]:
    """Numbers taken by `threads_count` threads, each validating `per_thread` documents, one
    transaction per validation, all started at once."""
    start = threading.Barrier(threads_count)
    numbers, errors = [], []

    def validate_many():
        try:
            start.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    numbers.append(int(sequence_next(code="invoice", day=D(2026, 4, 1))))
        except Exception as error:  # reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=validate_many) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return numbers, errors


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_validations_get_every_number_once_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under concurrency are tested on PostgreSQL (DATABASE_URL)")
    # No counter row yet: the threads also race to create it.
    Sequence.objects.create(code="invoice", label="Factures", format="{n}")

    numbers, errors = validate_concurrently(8, 25)

    assert errors == []
    assert sorted(numbers) == list(range(1, 201)), "a number is missing or given twice"
    assert SequenceCounter.objects.get().last_number == 200


@pytest.mark.django_db(transaction=True)
def test_concurrent_validations_get_every_number_once_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant of the concurrency test")
    if connection.is_in_memory_db():
        # Threads share an in-memory test database through SQLite's shared cache, whose
        # table locks fail at once ("database table is locked") instead of waiting for the
        # busy timeout like the file database of a real installation does.
        pytest.skip("the in-memory SQLite test database cannot serialise writers across threads")
    Sequence.objects.create(code="invoice", label="Factures", format="{n}")

    numbers, errors = validate_concurrently(8, 25)

    assert errors == []
    assert sorted(numbers) == list(range(1, 201)), "a number is missing or given twice"


def test_sequences_page_names_fiscal_years_that_straddle_two_years(client_as, july_company):
    Sequence.objects.create(code="credit", label="Avoirs", format="AV/{fy}/{n}")
    sequence_next(code="credit", day=D(2026, 8, 1))

    page = client_as("direction").get(reverse("core:sequences")).content.decode()

    assert "<td>2026-2027</td>" in page
