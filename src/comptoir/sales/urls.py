from django.urls import path

from comptoir.sales.views import contracts

app_name = "sales"

urlpatterns = [
    *contracts.urlpatterns,
]
