"""PostgreSQL: the index trigger function learns to step aside while a bulk import has
paused it (parties.search_index.paused). SQLite pauses by dropping its triggers inside the
import's transaction and needs nothing here."""

from django.db import migrations

from comptoir.parties.search_index import install


def reinstall(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        install(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("parties", "0003_import_mapping_duplicate_scan")]

    operations = [migrations.RunPython(reinstall, migrations.RunPython.noop, elidable=False)]
