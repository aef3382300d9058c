"""The layout every page shares: security headers, menu per role, search, errors, language."""

import json
import re

from django.urls import reverse

from comptoir.web.navigation import menu_for


def test_security_headers(client_as):
    response = client_as("administrateur").get(reverse("web:home"))
    csp = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_no_page_loads_anything_from_outside(client_as):
    html = client_as("administrateur").get(reverse("web:home")).content.decode()
    assert "<script>" not in html  # no inline script: CSP would block it
    for marker in ('src="http', "src='http", 'href="http', "//cdn"):
        assert marker not in html


def test_htmx_wires_what_it_swaps_in_at_once(client_as):
    """Swapped-in elements get their htmx triggers when htmx settles: with a delay, an edit
    made just after a swap (a quantity, the next line's Enter) went nowhere (decision 93)."""
    html = client_as("administrateur").get(reverse("web:home")).content.decode()
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', html).group(1)
    assert json.loads(config)["defaultSettleDelay"] == 0


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_menu_shows_only_allowed_entries(users):
    def names(role):
        return {e.url_name for _s, entries in menu_for(users[role]) for e in entries}

    assert names("prestataire") == {"web:home"}
    assert names("outsider") == {"web:home"}
    assert "core:users" in names("administrateur")
    assert "core:users" not in names("comptable")
    assert "core:tax-rates" in names("comptable")
    assert {"parties:organisations", "parties:people"} <= names("comptable")
    assert "parties:people" in names("teleconseiller")


def test_every_menu_entry_opens_for_its_role(client_as, users):
    client = client_as("administrateur")
    for _section, entries in menu_for(users["administrateur"]):
        for entry in entries:
            assert client.get(entry.url).status_code == 200, entry.url_name


def test_forbidden_page_is_in_the_users_language(client_as, users):
    client = client_as("teleconseiller")
    response = client.get(reverse("core:users"))
    assert response.status_code == 403
    assert 'data-status="403"' in response.content.decode()
    assert response.headers["Content-Language"] == "fr"
    users["teleconseiller"].language = "en"
    users["teleconseiller"].save()
    response = client.get(reverse("core:users"))
    assert response.status_code == 403 and response.headers["Content-Language"] == "en"


def test_unknown_page_is_a_friendly_404(client_as):
    response = client_as("accueil").get("/nulle-part/")
    assert response.status_code == 404
    assert 'data-status="404"' in response.content.decode()


def test_language_switch_is_kept_on_the_user(client_as, users):
    client = client_as("adv")
    response = client.post(reverse("web:set-language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    users["adv"].refresh_from_db()
    assert users["adv"].language == "en"
    assert client.get("/").headers["Content-Language"] == "en"


def test_language_switch_refuses_foreign_redirects(client_as):
    response = client_as("adv").post(
        reverse("web:set-language"), {"language": "fr", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_search_finds_pages_and_users_the_user_may_see(client_as, users):
    admin = client_as("administrateur")
    response = admin.get(reverse("web:search"), {"q": "compta"}, HTTP_HX_REQUEST="true")
    assert reverse("core:user-detail", args=[users["comptable"].pk]) in response.content.decode()
    operator = client_as("teleconseiller")
    response = operator.get(reverse("web:search"), {"q": "compta"}, HTTP_HX_REQUEST="true")
    assert (
        reverse("core:user-detail", args=[users["comptable"].pk]) not in response.content.decode()
    )


def test_search_ignores_accents_in_page_names(client_as):
    response = client_as("administrateur").get(reverse("web:search"), {"q": "numerotation"})
    assert reverse("core:sequences") in response.content.decode()


def test_login_is_throttled_after_repeated_failures(client, users):
    for _attempt in range(5):
        client.post(reverse("login"), {"username": "comptable", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "comptable", "password": "Comptoir-test-2026!"}
    )
    assert response.status_code == 429
    assert 'id="locked-out"' in response.content.decode()
