# PostgreSQL: phones, SIRENs and SIRETs leave the search documents for their B-tree indexes,
# which now compare byte by byte to serve a prefix as well as an exact value; the trigram
# index of names moves from parties_party to the search table (decision 92). The table is
# made again and filled in one statement. SQLite's index does not change; its three B-tree
# indexes are made again the same (SQLite has no operator classes).
#
# Going back leaves the search table as it is: the code of an earlier version would find
# no phone or SIREN in its documents until `comptoir migrate parties 0002` and forward again.
from django.db import migrations, models

from comptoir.parties import search_index


def prefix_index(field: str, name: str) -> models.Index:
    # As parties.models.prefix_index is today, written here: a migration keeps its history.
    return models.Index(fields=[field], name=name, opclasses=["varchar_pattern_ops"])


def remake_postgresql_search_table(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    execute = search_index.executor(schema_editor)
    execute("DROP TRIGGER IF EXISTS parties_search_sync ON parties_phone")
    execute("DROP INDEX IF EXISTS parties_party_name_trgm_idx")
    execute("DROP TABLE IF EXISTS parties_search")
    search_index.pg_install(execute)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0010_plain_indexes_for_exact_lookups"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="organisation", name="organisation_siren_idx"),
        migrations.RemoveIndex(model_name="organisation", name="organisation_siret_idx"),
        migrations.RemoveIndex(model_name="phone", name="phone_number_idx"),
        migrations.AddIndex(
            model_name="organisation", index=prefix_index("siren", "organisation_siren_idx")
        ),
        migrations.AddIndex(
            model_name="organisation", index=prefix_index("siret", "organisation_siret_idx")
        ),
        migrations.AddIndex(model_name="phone", index=prefix_index("number", "phone_number_idx")),
        migrations.RunPython(remake_postgresql_search_table, migrations.RunPython.noop),
    ]
