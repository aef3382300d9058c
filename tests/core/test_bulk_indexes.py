"""A first load drops the read-only indexes of its tables and builds them again at the end."""

import pytest
from django.db import IntegrityError, transaction

from comptoir.core.bulk import _secondary_indexes, indexes_dropped
from comptoir.core.models import TaxRate

TABLES = ["parties_party", "parties_email", "core_taxrate"]


def test_the_indexes_come_back_exactly_as_they_were(db):
    before = _secondary_indexes(TABLES)
    assert len(before) >= 5  # the party table alone has eight
    with transaction.atomic(), indexes_dropped(TABLES):
        assert _secondary_indexes(TABLES) == []
    assert _secondary_indexes(TABLES) == before


def test_a_failure_during_the_load_brings_them_back(db):
    before = _secondary_indexes(TABLES)
    with pytest.raises(RuntimeError), transaction.atomic(), indexes_dropped(TABLES):
        raise RuntimeError("disk full")
    assert _secondary_indexes(TABLES) == before


def test_unique_rules_hold_during_the_load(db):
    TaxRate.objects.create(country="FR", code="normal", label="TVA 20 %", rate=20)
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_dropped(TABLES):
        TaxRate.objects.create(country="FR", code="normal", label="Doublon", rate=20)
