from django.urls import path

from comptoir.trade import views

app_name = "trade"
urlpatterns = [
    path("parametres/devises/", views.currency_list, name="currencies"),
    path("parametres/incoterms/", views.incoterms, name="incoterms"),
]
