"""URLs of deliveries, included by sales/urls.py under /ventes/livraisons/ (names in the
`sales` namespace)."""

from django.urls import path

from comptoir.sales.views import deliveries as views

urlpatterns = [
    path("", views.delivery_list, name="deliveries"),
    path("export.csv", views.delivery_export, name="deliveries-export"),
    path("reliquats/", views.backorder_list, name="backorders"),
    path("reliquats/export.csv", views.backorder_export, name="backorders-export"),
    path("transporteurs/", views.carrier_list, name="carriers"),
    path("transporteurs/nouveau/", views.carrier_form, name="carrier-add"),
    path("transporteurs/<int:pk>/modifier/", views.carrier_form, name="carrier-edit"),
    path("commande/<int:order_pk>/nouvelle/", views.delivery_prepare, name="delivery-add"),
    path("<int:pk>/", views.delivery_detail, name="delivery"),
    path("<int:pk>/modifier/", views.delivery_edit, name="delivery-edit"),
    path("<int:pk>/supprimer/", views.delivery_delete, name="delivery-delete"),
    path("<int:pk>/expedier/", views.delivery_ship, name="delivery-ship"),
    path("<int:pk>/livrer/", views.delivery_deliver, name="delivery-deliver"),
    path("<int:pk>/incident/", views.delivery_incident, name="delivery-incident"),
    path("<int:pk>/bon.pdf", views.delivery_pdf, name="delivery-pdf"),
]
