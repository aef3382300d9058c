"""Indexes in the order the lists sort by; the city filter as an index range (SQLite) or a
pattern index (PostgreSQL)."""

from django.conf import settings
from django.db import migrations, models

from comptoir.parties.search_index import drop_sqlite_triggers, reinstall_sqlite_triggers

# PostgreSQL lists parties never contacted last (DESC NULLS LAST); a DESC index holds NULLs
# first and would leave a sort to do. SQLite cannot say NULLS LAST in an index, and its DESC
# already puts NULLs last: the model declares the SQLite form, PostgreSQL gets this one
# under the same name.
PG_LAST_TOUCH = (
    "DROP INDEX IF EXISTS party_last_touch_desc_idx",
    "CREATE INDEX party_last_touch_desc_idx ON parties_party "
    "(last_interaction_at DESC NULLS LAST, id DESC)",
)


def last_touch_nulls_last(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for statement in PG_LAST_TOUCH:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0004_search_index_pause"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # SQLite rebuilds parties_address for the AlterField below: its triggers go first.
        migrations.RunPython(drop_sqlite_triggers, reinstall_sqlite_triggers),
        migrations.RemoveIndex(
            model_name="party",
            name="party_last_touch_idx",
        ),
        migrations.RemoveIndex(
            model_name="party",
            name="party_created_idx",
        ),
        migrations.AlterField(
            model_name="address",
            name="city_folded",
            field=models.CharField(editable=False, max_length=100),
        ),
        migrations.AddIndex(
            model_name="address",
            index=models.Index(
                fields=["city_folded"],
                name="address_city_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(
                fields=["-last_interaction_at", "-id"], name="party_last_touch_desc_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="party",
            index=models.Index(fields=["-created_at", "-id"], name="party_created_desc_idx"),
        ),
        migrations.RunPython(reinstall_sqlite_triggers, drop_sqlite_triggers),
        migrations.RunPython(last_touch_nulls_last, migrations.RunPython.noop),
    ]
