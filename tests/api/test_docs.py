import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_openapi_is_openapi_3_with_our_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Comptoir API"
    assert {"/api/v1/health", "/api/v1/me", "/api/v1/company"} <= set(schema["paths"])
    assert "patch" in schema["paths"]["/api/v1/company"]
    # The health check is open; the rest asks for a token or a session.
    assert not schema["paths"]["/api/v1/health"]["get"].get("security")
    assert schema["paths"]["/api/v1/me"]["get"]["security"]
    schemes = schema["components"]["securitySchemes"].values()
    assert {"type": "http", "scheme": "bearer"} in list(schemes)


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.django_db
def test_every_operation_documents_its_responses_and_every_ref_resolves(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"], (method, path)
            assert operation.get("operationId"), (method, path)
    components = schema["components"]["schemas"]
    for ref in _refs(schema):
        assert ref.startswith("#/components/schemas/"), ref
        assert ref.removeprefix("#/components/schemas/") in components, ref
    # Errors are documented with their shape, so clients can rely on "code".
    assert "401" in schema["paths"]["/api/v1/me"]["get"]["responses"]
    assert "422" in schema["paths"]["/api/v1/company"]["patch"]["responses"]


@pytest.mark.django_db
def test_docs_page_uses_only_our_own_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "http://" not in html and "https://" not in html
    # Every script is a file or a JSON data block: nothing the CSP (script-src 'self') blocks.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "script-src 'self'" in response.headers.get("Content-Security-Policy", "")


def test_docs_page_static_files_are_served(client, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js", "ninja/swagger-ui.css"):
        assert finders.find(name), name


@pytest.mark.django_db
def test_docs_page_lets_a_signed_in_browser_try_writes(users):
    browser = Client()
    browser.force_login(users["administrateur"])
    html = browser.get("/api/v1/docs").content.decode()
    # swagger-ui-init.js sends this token as X-CSRFToken with every request.
    assert re.search(r'data-csrf-token="[^"]+"', html)
