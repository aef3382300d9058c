from django.urls import path

from comptoir.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("langue/", views.set_language, name="set-language"),
]
