from django.urls import include, path

from comptoir.sales.views import contracts, orders, quotes

app_name = "sales"

urlpatterns = [
    # Quotes
    path("devis/", quotes.quote_list, name="quotes"),
    path("devis/export.csv", quotes.quote_export, name="quotes-export"),
    path("devis/nouveau/", quotes.quote_create, name="quote-add"),
    path("devis/<int:pk>/", quotes.quote_detail, name="quote"),
    path("devis/<int:pk>/modifier/", quotes.quote_edit, name="quote-edit"),
    path("devis/<int:pk>/lignes/", quotes.quote_line_add, name="quote-line-add"),
    path("devis/<int:pk>/lignes/<int:line_pk>/", quotes.quote_line_update, name="quote-line"),
    path(
        "devis/<int:pk>/lignes/<int:line_pk>/supprimer/",
        quotes.quote_line_remove,
        name="quote-line-remove",
    ),
    path("devis/<int:pk>/pdf/", quotes.quote_pdf_view, name="quote-pdf"),
    path("devis/<int:pk>/envoyer/", quotes.quote_send, name="quote-send"),
    path("devis/<int:pk>/reviser/", quotes.quote_revise, name="quote-revise"),
    path("devis/<int:pk>/accepte/", quotes.quote_accept_internal, name="quote-accept"),
    path("devis/<int:pk>/refuse/", quotes.quote_refuse_internal, name="quote-refuse"),
    path("devis/<int:pk>/commander/", quotes.quote_to_order, name="quote-to-order"),
    path("devis/lien/<str:token>/", quotes.quote_public, name="quote-public"),
    path("devis/lien/<str:token>/pdf/", quotes.quote_public_pdf, name="quote-public-pdf"),
    path("produits/suggestions/", quotes.product_suggestions, name="product-suggestions"),
    # Orders
    path("commandes/", orders.order_list, name="orders"),
    path("commandes/export.csv", orders.order_export, name="orders-export"),
    path("commandes/nouvelle/", orders.order_create, name="order-add"),
    path("commandes/<int:pk>/", orders.order_detail, name="order"),
    path("commandes/<int:pk>/modifier/", orders.order_edit, name="order-edit"),
    path("commandes/<int:pk>/lignes/", orders.order_line_add, name="order-line-add"),
    path("commandes/<int:pk>/lignes/<int:line_pk>/", orders.order_line_update, name="order-line"),
    path(
        "commandes/<int:pk>/lignes/<int:line_pk>/supprimer/",
        orders.order_line_remove,
        name="order-line-remove",
    ),
    path("commandes/<int:pk>/confirmer/", orders.order_confirm, name="order-confirm"),
    path("commandes/<int:pk>/lancer/", orders.order_launch, name="order-launch"),
    path("commandes/<int:pk>/annuler/", orders.order_cancel, name="order-cancel"),
    # Contracts
    *contracts.urlpatterns,
    # Deliveries (sales/urls_deliveries.py)
    path("livraisons/", include("comptoir.sales.urls_deliveries")),
]
