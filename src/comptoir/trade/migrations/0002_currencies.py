"""The currencies Comptoir's customers trade in (those core/money knows the decimals of)."""

from django.db import migrations

CURRENCIES = {
    "EUR": "Euro",
    "XPF": "Franc CFP",
    "XOF": "Franc CFA (BCEAO)",
    "XAF": "Franc CFA (BEAC)",
    "MAD": "Dirham marocain",
    "USD": "Dollar américain",
    "GBP": "Livre sterling",
    "CHF": "Franc suisse",
}


def create(apps, schema_editor):
    Currency = apps.get_model("trade", "Currency")
    for code, name in CURRENCIES.items():
        Currency.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("trade", "0001_initial")]
    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
