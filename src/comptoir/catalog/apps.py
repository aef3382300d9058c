from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "comptoir.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self):
        from comptoir.parties.links import PartyLink, register

        register(
            PartyLink(
                _("Commercial terms"),
                "catalog:customer-terms",
                "tags",
                "catalog.view_customerterms",
            )
        )
