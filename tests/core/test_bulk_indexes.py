"""A first load drops the read-only indexes of its tables and builds them again at the end."""

import pytest
from django.db import IntegrityError, connection, transaction

from comptoir.core.bulk import (
    BulkInsert,
    _foreign_keys,
    _secondary_indexes,
    _unreferenced_primary_keys,
    indexes_dropped,
)
from comptoir.core.models import TaxRate
from comptoir.parties.models import Email, Organisation

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


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite cannot drop a foreign key in place"
)


@postgresql_only
def test_foreign_keys_are_dropped_for_the_load_and_come_back(db):
    before = _foreign_keys(TABLES)
    assert any(name.startswith("parties_email_party_id") for _table, name, _sql in before)
    with transaction.atomic(), indexes_dropped(TABLES):
        assert _foreign_keys(TABLES) == []
    assert _foreign_keys(TABLES) == before


@postgresql_only
def test_a_row_pointing_nowhere_fails_the_load_when_its_key_comes_back(db):
    before = _foreign_keys(TABLES)
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_dropped(TABLES):
        BulkInsert(Email, ["party_id", "address", "is_default"]).run(
            [(987654321, "personne@exemple.fr", True)]
        )
    assert _foreign_keys(TABLES) == before
    assert not Email.objects.filter(address="personne@exemple.fr").exists()


@postgresql_only
def test_primary_keys_nothing_points_to_are_dropped_for_the_load_and_come_back(db):
    before = _unreferenced_primary_keys(TABLES)
    # The e-mail's; the party's and the tax rate's have foreign keys pointing to them.
    assert [table for table, _name, _sql in before] == ["parties_email"]
    with transaction.atomic(), indexes_dropped(TABLES):
        assert _unreferenced_primary_keys(TABLES) == []
        Email.objects.create(party=Organisation.objects.create(name="A", legal_name="A"))
    assert _unreferenced_primary_keys(TABLES) == before


@postgresql_only
def test_a_duplicate_id_fails_the_load_when_the_primary_key_comes_back(db):
    party = Organisation.objects.create(name="A", legal_name="A")
    email = Email.objects.create(party=party, address="a@exemple.fr")
    with pytest.raises(IntegrityError), transaction.atomic(), indexes_dropped(TABLES):
        BulkInsert(Email, ["id", "party_id", "address"]).run([(email.pk, party.pk, "b@exemple.fr")])
    assert list(Email.objects.filter(pk=email.pk).values_list("address", flat=True)) == [
        "a@exemple.fr"
    ]
