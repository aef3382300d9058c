from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import activate
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from comptoir.core.http import render_page
from comptoir.web import dashboard
from comptoir.web import search as global_search


@login_required
def home(request):
    return render(request, "web/home.html", dashboard.home_context(request.user))


@login_required
def search(request):
    query = request.GET.get("q", "").strip()
    context = {"search_query": query, "hits": global_search.search(request.user, query)}
    return render_page(request, "web/search.html", context, partial="results")


@require_POST
def set_language(request):
    """Switch language; a signed-in person keeps the choice in their profile."""
    language = request.POST.get("language")
    response = django_set_language(request)
    if request.user.is_authenticated and language in {"fr", "en"}:
        request.user.language = language
        request.user.save(update_fields=["language"])
        activate(language)
    nxt = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}):
        response["Location"] = "/"
    return response


def forbidden(request, exception=None):
    return render(request, "web/error.html", {"status": 403}, status=403)


def not_found(request, exception=None):
    return render(request, "web/error.html", {"status": 404}, status=404)


def server_error(request):
    return render(request, "web/error.html", {"status": 500}, status=500)
