from comptoir.sales.views import contracts

app_name = "sales"

urlpatterns = [
    *contracts.urlpatterns,
]
