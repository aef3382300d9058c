"""Create one group per role of DESIGN.md. Their permissions are set after every migrate by
core.services.roles_sync_on_migrate, since later apps bring permissions of their own."""

from django.db import migrations

ROLE_CODES = [
    "direction",
    "charge_clientele",
    "adv",
    "accueil",
    "service_client",
    "teleconseiller",
    "superviseur",
    "acheteur",
    "comptable",
    "prestataire",
    "administrateur",
]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for code in ROLE_CODES:
        Group.objects.get_or_create(name=code)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_CODES).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
