from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "comptoir.core"
    label = "core"
    verbose_name = _("Company and settings")

    def ready(self) -> None:
        from comptoir.core import audit, services

        audit.connect()
        # Permissions exist only once every app has migrated, so roles get theirs here.
        post_migrate.connect(services.roles_sync_on_migrate, dispatch_uid="core-roles-sync")
