from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartiesConfig(AppConfig):
    name = "comptoir.parties"
    label = "parties"
    verbose_name = _("Client base")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from comptoir.core.models import Company
        from comptoir.parties.queries.search import forget_default_region

        # This process reads the new country at once; others within REGION_TTL_S.
        post_save.connect(forget_default_region, sender=Company, dispatch_uid="parties_region")
