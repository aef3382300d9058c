"""Rows bound for several tables go through a scratch table once, then into each table by
one INSERT … SELECT (core.bulk.ScratchTable, insert_select); ids reserved up front."""

import os
from decimal import Decimal

import pytest
from django.db import connection, transaction

from comptoir.core.bulk import HELPER_SCHEMA, BulkInsert, ScratchTable, insert_select, reserve_ids
from comptoir.core.models import TaxRate
from comptoir.parties.models import Organisation, Party


def test_a_scratch_table_feeds_a_model_table_its_defaults_included(db):
    with transaction.atomic():
        scratch = ScratchTable("test_rates", {"code": "text", "label": "text", "kind": "text"})
        scratch.load([("T1", "Taux un", "a"), ("T2", "Taux deux", "b"), ("T3", "Taux trois", "a")])
        insert_select(
            TaxRate,
            {"code": "code", "label": "label"},
            f"{scratch.name} WHERE kind = 'a'",
            values={"rate": Decimal("8.5")},
        )
        scratch.drop()
    rates = TaxRate.objects.filter(code__in=["T1", "T2", "T3"]).order_by("code")
    assert [(r.code, r.label, r.rate) for r in rates] == [
        ("T1", "Taux un", Decimal("8.5")),
        ("T3", "Taux trois", Decimal("8.5")),
    ]
    assert all(rate.active for rate in rates)  # the field's default


def test_a_failure_takes_the_scratch_table_away_with_the_rows(db):
    with pytest.raises(RuntimeError), transaction.atomic():
        scratch = ScratchTable("test_rates", {"code": "text"})
        scratch.load([("T9",)])
        insert_select(
            TaxRate, {"code": "code", "label": "code"}, scratch.name, values={"rate": Decimal(1)}
        )
        raise RuntimeError
    assert not TaxRate.objects.filter(code="T9").exists()
    with transaction.atomic():  # the name is free again
        ScratchTable("test_rates", {"code": "text"}).drop()


@pytest.mark.parametrize("exclusive", [False, True])
def test_reserved_ids_are_never_given_to_another_row(db, exclusive):
    with transaction.atomic():
        reserved = reserve_ids(Party, 1000, exclusive=exclusive)
        assert reserved == list(range(reserved[0], reserved[0] + 1000))
        BulkInsert(Party, ["id", "kind", "name"]).run(
            [(pk, "organisation", f"Réservé {pk}") for pk in reserved]
        )
        inside = Organisation.objects.create(name="Après", legal_name="Après")
    later = Organisation.objects.create(name="Plus tard", legal_name="Plus tard")
    assert inside.pk > reserved[-1]
    assert later.pk > inside.pk


HALVES = (
    [[("A1", "premier"), ("A2", None)], [("A3", "tab\tet\nligne")]],
    [[("B1", "«\u00a0accentué\u00a0»"), ("B2", "")], [("B3", "back\\slash")]],
)
EVERYTHING = [row for half in HALVES for chunk in half for row in chunk]


def load_in_halves(first, second, progress=lambda count: None, *, fail=False) -> list[tuple]:
    """The rows of a scratch table loaded by load_halves, read back before the end of its
    transaction (a failure after that if `fail`)."""
    with transaction.atomic():
        scratch = ScratchTable("test_halves", {"code": "text", "label": "text"})
        scratch.load_halves(first, second, progress)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT code, label FROM {scratch.source}")  # noqa: S608 - a constant
            rows = [tuple(row) for row in cursor.fetchall()]
        scratch.drop()
        if fail:
            raise RuntimeError
    return rows


@pytest.fixture
def fresh_connection(transactional_db):
    """A connection no earlier test used: on SQLite, a test's rolled-back load leaves the
    helper's database attached to the connection, and later loads then do without one."""
    connection.close()


def test_the_second_half_is_made_by_a_helper_and_loaded_after_the_first(fresh_connection):
    made_here = []

    def chunks(half):
        for chunk in half:
            made_here.append(chunk[0][0])  # in the helper, this list is the helper's copy
            yield chunk

    counts = []
    rows = load_in_halves(chunks(HALVES[0]), chunks(HALVES[1]), counts.append)
    assert made_here == ["A1", "A3"]  # the second half was made elsewhere
    assert rows == EVERYTHING  # in order, NULL and '' kept
    assert counts == [2, 1, 3]  # each chunk made here, then the helper's file


def test_if_the_helper_fails_its_half_is_made_here(db, monkeypatch):
    parent, export = os.getpid(), ScratchTable._export
    monkeypatch.setattr(
        ScratchTable,
        "_export",  # SQLite: this process writes its own half with it too
        lambda *args: export(*args) if os.getpid() == parent else os._exit(1),
    )
    counts = []
    assert load_in_halves(iter(HALVES[0]), iter(HALVES[1]), counts.append) == EVERYTHING
    assert counts == [2, 1, 2, 1]


def test_the_helper_database_is_let_go_at_the_commit_and_a_rollback_does_not_stop_loads(
    fresh_connection,
):
    """SQLite attaches the helper's file to the connection for the transaction; a rolled-
    back load leaves it there (locked) until the connection ends, and the next loads of
    that connection make both halves themselves."""

    def attached() -> bool:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_database_list")
            return HELPER_SCHEMA in [name for (name,) in cursor.fetchall()]

    def load(fail: bool = False) -> list[tuple]:
        return load_in_halves(iter(HALVES[0]), iter(HALVES[1]), fail=fail)

    assert load() == EVERYTHING
    if connection.vendor != "sqlite":
        return
    assert not attached()
    with pytest.raises(RuntimeError):
        load(fail=True)
    assert attached()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # writes into every attached database, the helper's too
    assert load() == EVERYTHING
    assert load() == EVERYTHING
    connection.close()
    assert not attached()
