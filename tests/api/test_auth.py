from datetime import timedelta

from django.test import Client
from django.utils import timezone

from comptoir.core.models import ApiToken
from comptoir.core.tokens import api_token_create, api_token_revoke

ME = "/api/v1/me"


def assert_unauthorized(response):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "unauthorized"
    assert body["message"]
    assert body["errors"] == []


def test_no_token_is_refused(client, company):
    assert_unauthorized(client.get(ME))


def test_a_wrong_token_is_refused(client, users, bearer):
    assert_unauthorized(client.get(ME, headers=bearer("cpt_not-a-real-key")))
    assert_unauthorized(client.get(ME, headers={"Authorization": "Bearer "}))


def test_a_wrong_token_on_a_write_is_unauthorized_not_a_csrf_failure(client, users, bearer):
    response = client.patch(
        "/api/v1/company",
        {"city": "Paris"},
        content_type="application/json",
        headers=bearer("cpt_wrong"),
    )
    assert_unauthorized(response)


def test_a_valid_token_identifies_its_user(client, users, token_for, bearer):
    response = client.get(ME, headers=bearer(token_for("comptable")))
    assert response.status_code == 200
    assert response.json()["username"] == "comptable"


def test_a_revoked_token_is_refused(client, users, bearer):
    token, raw_key = api_token_create(user=users["comptable"], name="old")
    api_token_revoke(token=token, by=users["comptable"])
    assert_unauthorized(client.get(ME, headers=bearer(raw_key)))


def test_an_expired_token_is_refused(client, users, bearer):
    token, raw_key = api_token_create(
        user=users["comptable"], name="short", expires_at=timezone.now() + timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert_unauthorized(client.get(ME, headers=bearer(raw_key)))


def test_the_token_of_a_deactivated_user_is_refused(client, users, token_for, bearer):
    raw_key = token_for("comptable")
    users["comptable"].is_active = False
    users["comptable"].save()
    assert_unauthorized(client.get(ME, headers=bearer(raw_key)))


def test_a_signed_in_browser_uses_its_session(client_as):
    response = client_as("direction").get(ME)
    assert response.status_code == 200
    assert response.json()["username"] == "direction"


def test_a_session_write_needs_the_csrf_token(users):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["administrateur"])
    response = browser.patch("/api/v1/company", {"city": "Paris"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_a_token_write_needs_no_csrf_token(users, token_for, bearer):
    program = Client(enforce_csrf_checks=True)
    response = program.patch(
        "/api/v1/company",
        {"city": "Paris"},
        content_type="application/json",
        headers=bearer(token_for("administrateur")),
    )
    assert response.status_code == 200
    assert response.json()["city"] == "Paris"
