from django.contrib.auth import views as auth_views
from django.urls import include, path

from comptoir.api.urls import api
from comptoir.web import views as web_views

auth_urls = [
    path(
        "connexion/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"
    ),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "mot-de-passe/modifie/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("mot-de-passe/oublie/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/nouveau/fait/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("compte/", include(auth_urls)),
    path("", include("comptoir.web.urls")),
    path("", include("comptoir.core.urls")),
    path("clients/", include("comptoir.parties.urls")),
    path("catalogue/", include("comptoir.catalog.urls")),
    path("", include("comptoir.trade.urls")),
    path("ventes/", include("comptoir.sales.urls")),
    path("api/v1/", api.urls),
]


handler403 = web_views.forbidden
handler404 = web_views.not_found
handler500 = web_views.server_error
