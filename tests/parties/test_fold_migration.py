"""Migration parties 0009: names and cities folded before fold() spelled out œ, æ, ø… are
folded again, and SQLite's search rows of those parties rebuilt."""

from importlib import import_module

from django.apps import apps
from django.db import connection

from comptoir.parties.models import Address, Organisation
from comptoir.parties.queries import search_parties

refold = import_module("comptoir.parties.migrations.0009_fold_ligatures").refold


def test_stored_folds_are_made_again_and_the_party_is_found(users):
    party = Organisation.objects.create(name="Bœuf & Cœur", legal_name="Bœuf & Cœur")
    Address.objects.create(party=party, city="Sœurs-sur-Loire")
    # As fold() stored them before: the ligatures kept, so « coeur » found nothing on SQLite.
    Organisation.objects.filter(pk=party.pk).update(name_folded="bœuf & cœur")
    Address.objects.filter(party=party).update(city_folded="sœurs-sur-loire")
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE parties_search SET names = 'Bœuf & Cœur bœuf & cœur' WHERE rowid = %s",
                [party.pk],
            )
        assert not search_parties(user=users["administrateur"], query="coeur")
    # Not entered: SQLite's editor refuses to open inside the test's transaction, and this
    # migration only runs statements through it.
    refold(apps, connection.schema_editor())
    party.refresh_from_db()
    assert party.name_folded == "boeuf & coeur"
    assert Address.objects.get(party=party).city_folded == "soeurs-sur-loire"
    assert [p.pk for p in search_parties(user=users["administrateur"], query="coeur")] == [party.pk]
