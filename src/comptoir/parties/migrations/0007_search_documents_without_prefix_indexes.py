"""The search documents name a party once (its legal or trade name only when it differs from
its name) and SQLite's FTS5 table loses its prefix indexes (decision 82). SQLite rebuilds
the table and its triggers; PostgreSQL replaces the function that builds a document, and
its existing documents, which hold the same words, stay as they are."""

from django.db import migrations

from comptoir.parties.search_index import rebuild_definitions


class Migration(migrations.Migration):
    dependencies = [("parties", "0006_owner_without_own_index")]

    operations = [
        migrations.RunPython(rebuild_definitions, migrations.RunPython.noop, elidable=False)
    ]
