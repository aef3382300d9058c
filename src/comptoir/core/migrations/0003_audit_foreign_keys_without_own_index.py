# The audit trail's user and content type lose their own indexes: audit_user_idx (user, at)
# and audit_record_idx (content type, object, at) start with them. Every audited write
# paid for two indexes no query used.
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_roles"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditentry",
                    name="content_type",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="contenttypes.contenttype",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditentry",
                    name="user",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="by",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "core_auditentry_content_type_id_797ef574"',
                    reverse_sql='CREATE INDEX "core_auditentry_content_type_id_797ef574" '
                    'ON "core_auditentry" ("content_type_id")',
                ),
                migrations.RunSQL(
                    'DROP INDEX IF EXISTS "core_auditentry_user_id_83c44605"',
                    reverse_sql='CREATE INDEX "core_auditentry_user_id_83c44605" '
                    'ON "core_auditentry" ("user_id")',
                ),
            ],
        ),
    ]
