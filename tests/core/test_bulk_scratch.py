"""Rows bound for several tables go through a scratch table once, then into each table by
one INSERT … SELECT (core.bulk.ScratchTable, insert_select); ids reserved up front."""

from decimal import Decimal

import pytest
from django.db import transaction

from comptoir.core.bulk import BulkInsert, ScratchTable, insert_select, reserve_ids
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
