# Plain indexes for the exact lookups (e-mail, phone, SIREN, SIRET, sector) instead of the
# fields' db_index, which on PostgreSQL adds a second index for LIKE 'x%' that no query uses
# and every write pays for (decision 90). PostgreSQL drops those and renames the plain ones
# (nothing rebuilt); SQLite, which cannot rename an index, builds them again under their
# new names. Only indexes change: no table rebuild on SQLite, which would drop the search
# triggers.
from django.db import migrations, models

# Django's name for the field's index -> (the new name, table, column).
RENAMED = {
    "parties_email_address_e8d26645": ("email_address_idx", "parties_email", "address"),
    "parties_phone_number_d52a7e4c": ("phone_number_idx", "parties_phone", "number"),
    "parties_organisation_siren_464ed9fe": (
        "organisation_siren_idx",
        "parties_organisation",
        "siren",
    ),
    "parties_organisation_siret_94979838": (
        "organisation_siret_idx",
        "parties_organisation",
        "siret",
    ),
    "parties_organisation_sector_1cb17d91": (
        "organisation_sector_idx",
        "parties_organisation",
        "sector",
    ),
}


def _rename(execute, vendor: str, old: str, new: str, table: str, column: str):
    if vendor == "postgresql":
        execute(f'ALTER INDEX IF EXISTS "{old}" RENAME TO "{new}"')
    else:
        execute(f'DROP INDEX IF EXISTS "{old}"')
        execute(f'CREATE INDEX IF NOT EXISTS "{new}" ON "{table}" ("{column}")')


def plain_indexes(apps, schema_editor):
    execute, vendor = schema_editor.execute, schema_editor.connection.vendor
    for old, (new, table, column) in RENAMED.items():
        if vendor == "postgresql":
            execute(f'DROP INDEX IF EXISTS "{old}_like"')
        _rename(execute, vendor, old, new, table, column)


def field_indexes(apps, schema_editor):
    execute, vendor = schema_editor.execute, schema_editor.connection.vendor
    for old, (new, table, column) in RENAMED.items():
        _rename(execute, vendor, new, old, table, column)
        if vendor == "postgresql":
            execute(
                f'CREATE INDEX IF NOT EXISTS "{old}_like" '
                f'ON "{table}" ("{column}" varchar_pattern_ops)'
            )


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0009_fold_ligatures"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="email",
                    name="address",
                    field=models.EmailField(max_length=254, verbose_name="e-mail"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="sector",
                    field=models.CharField(blank=True, max_length=100, verbose_name="sector"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="siren",
                    field=models.CharField(blank=True, max_length=20, verbose_name="SIREN"),
                ),
                migrations.AlterField(
                    model_name="organisation",
                    name="siret",
                    field=models.CharField(blank=True, max_length=24, verbose_name="SIRET"),
                ),
                migrations.AlterField(
                    model_name="phone",
                    name="number",
                    field=models.CharField(max_length=20, verbose_name="number"),
                ),
                migrations.AddIndex(
                    model_name="email",
                    index=models.Index(fields=["address"], name="email_address_idx"),
                ),
                migrations.AddIndex(
                    model_name="organisation",
                    index=models.Index(fields=["siren"], name="organisation_siren_idx"),
                ),
                migrations.AddIndex(
                    model_name="organisation",
                    index=models.Index(fields=["siret"], name="organisation_siret_idx"),
                ),
                migrations.AddIndex(
                    model_name="organisation",
                    index=models.Index(fields=["sector"], name="organisation_sector_idx"),
                ),
                migrations.AddIndex(
                    model_name="phone",
                    index=models.Index(fields=["number"], name="phone_number_idx"),
                ),
            ],
            database_operations=[migrations.RunPython(plain_indexes, field_indexes)],
        ),
    ]
