"""The city filter reads its parties from the address index alone (the party id in it)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0007_search_documents_without_prefix_indexes"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="address",
            name="address_city_prefix_idx",
        ),
        migrations.AddIndex(
            model_name="address",
            index=models.Index(
                fields=["city_folded", "party_id"],
                name="address_city_party_idx",
                opclasses=["varchar_pattern_ops", "int8_ops"],
            ),
        ),
    ]
