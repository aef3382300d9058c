from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "comptoir.sales"
    label = "sales"
    verbose_name = _("Sales")

    def ready(self):
        from comptoir.parties.links import PartyLink, register

        register(
            PartyLink(_("New quote"), "sales:quote-add", "plus-lg", "sales.add_quote", "client"),
            PartyLink(
                _("Quotes"), "sales:quotes", "file-earmark-text", "sales.view_quote", "customer"
            ),
            PartyLink(_("Orders"), "sales:orders", "cart-check", "sales.view_order", "customer"),
            PartyLink(
                _("Deliveries"), "sales:deliveries", "truck", "sales.view_delivery", "customer"
            ),
            PartyLink(
                _("Contracts"),
                "sales:contracts",
                "file-earmark-ruled",
                "sales.view_contract",
                "customer",
            ),
        )
