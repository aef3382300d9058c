from django.urls import include, path

app_name = "sales"

urlpatterns = [
    path("livraisons/", include("comptoir.sales.urls_deliveries")),
]
