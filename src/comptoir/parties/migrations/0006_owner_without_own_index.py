# The owner's own index goes: party_owner_name_idx (owner, name_folded, id) starts with the
# same column. Only the index is dropped (no table rebuild on SQLite, which would drop the
# search triggers).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0005_list_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="party",
                    name="owner",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="owned_parties",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="account manager",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "parties_party_owner_id_11527059"',
                    reverse_sql='CREATE INDEX "parties_party_owner_id_11527059" '
                    'ON "parties_party" ("owner_id")',
                ),
            ],
        ),
    ]
