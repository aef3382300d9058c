import hashlib
import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import ApiToken, User
from comptoir.core.tokens import api_token_authenticate, api_token_create, api_token_revoke

PAGE = reverse("core:api-tokens")

# --- Services -----------------------------------------------------------------------------


def test_a_new_key_is_stored_only_as_its_digest(users):
    token, raw_key = api_token_create(user=users["comptable"], name="Export")
    assert re.fullmatch(r"cpt_[A-Za-z0-9_-]{43}", raw_key)
    token.refresh_from_db()
    assert token.digest == hashlib.sha256(raw_key.encode()).hexdigest()
    assert token.prefix == raw_key[:12]
    stored = {f.attname: getattr(token, f.attname) for f in ApiToken._meta.concrete_fields}
    assert raw_key not in stored.values()


def test_two_keys_are_never_the_same(users):
    keys = {api_token_create(user=users["comptable"], name="x")[1] for _ in range(5)}
    assert len(keys) == 5


def test_a_token_needs_a_name_and_a_future_expiry(users):
    with pytest.raises(ValidationError) as caught:
        api_token_create(
            user=users["comptable"], name="  ", expires_at=timezone.now() - timedelta(days=1)
        )
    assert set(caught.value.message_dict) == {"name", "expires_at"}
    assert not ApiToken.objects.exists()


def test_authenticate_finds_the_owner_and_refuses_the_rest(users):
    token, raw_key = api_token_create(user=users["comptable"], name="x")
    assert api_token_authenticate(raw_key) == users["comptable"]
    assert api_token_authenticate(raw_key[:-1] + ("A" if raw_key[-1] != "A" else "B")) is None
    assert api_token_authenticate("") is None
    assert api_token_authenticate(token.digest) is None  # the digest is not a key
    api_token_revoke(token=token, by=users["comptable"])
    assert api_token_authenticate(raw_key) is None


def test_last_use_is_written_at_most_once_a_minute(users, django_assert_num_queries):
    token, raw_key = api_token_create(user=users["comptable"], name="x")
    with django_assert_num_queries(2):  # read + first use written
        api_token_authenticate(raw_key)
    token.refresh_from_db()
    first_use = token.last_used_at
    assert first_use is not None
    with django_assert_num_queries(1):  # read only
        api_token_authenticate(raw_key)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first_use - timedelta(minutes=2))
    api_token_authenticate(raw_key)
    token.refresh_from_db()
    assert token.last_used_at > first_use - timedelta(minutes=1)


def test_only_the_owner_or_a_user_manager_may_revoke(users):
    token, _ = api_token_create(user=users["comptable"], name="x")
    with pytest.raises(NotAllowed):
        api_token_revoke(token=token, by=users["direction"])
    token.refresh_from_db()
    assert token.revoked_at is None
    api_token_revoke(token=token, by=users["administrateur"])  # has core.change_user
    token.refresh_from_db()
    assert token.revoked_at is not None


# --- Page ---------------------------------------------------------------------------------


@pytest.fixture
def client_as(client_as, users):
    """The page tests read English text, whatever catalogue is compiled."""
    User.objects.update(language="en")
    return client_as


def test_empty_state_says_what_to_do(client_as):
    response = client_as("comptable").get(PAGE)
    assert response.status_code == 200
    assert "You have no API token yet" in response.content.decode()


def test_creating_a_token_shows_the_key_once(client_as, users):
    client = client_as("comptable")
    response = client.post(PAGE, {"name": "Accounting export", "expires_on": ""})
    assert response.status_code == 200
    html = response.content.decode()
    raw_key = re.search(r'id="new-token-key" value="(cpt_[^"]+)"', html).group(1)
    assert "will not be shown again" in html
    assert api_token_authenticate(raw_key) == users["comptable"]

    again = client.get(PAGE).content.decode()
    assert raw_key not in again
    assert raw_key[:12] + "…" in again  # the list shows only the prefix
    assert "Accounting export" in again


def test_creating_with_an_expiry_date(client_as, users):
    client = client_as("comptable")
    day = timezone.localdate() + timedelta(days=30)
    client.post(PAGE, {"name": "Short-lived", "expires_on": day.isoformat()})
    token = ApiToken.objects.get(user=users["comptable"])
    assert timezone.localtime(token.expires_at).date() == day


def test_a_bad_form_keeps_what_was_typed(client_as):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client_as("comptable").post(PAGE, {"name": "Zapier", "expires_on": yesterday})
    html = response.content.decode()
    assert "The expiry date must be in the future." in html
    assert 'value="Zapier"' in html
    assert "new-token-key" not in html
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_my_tokens(client_as, users):
    api_token_create(user=users["direction"], name="Their token")
    api_token_create(user=users["comptable"], name="My token")
    html = client_as("comptable").get(PAGE).content.decode()
    assert "My token" in html
    assert "Their token" not in html


def test_revoking_my_token(client_as, users):
    token, raw_key = api_token_create(user=users["comptable"], name="x")
    client = client_as("comptable")
    response = client.post(reverse("core:api-token-revoke", args=[token.pk]))
    assert response.status_code == 302
    assert api_token_authenticate(raw_key) is None
    html = client.get(PAGE).content.decode()
    assert "revoked</span>" in html
    assert reverse("core:api-token-revoke", args=[token.pk]) not in html  # nothing left to revoke


def test_revoke_button_asks_first(client_as, users):
    api_token_create(user=users["comptable"], name="x")
    html = client_as("comptable").get(PAGE).content.decode()
    assert "data-confirm=" in html


def test_another_user_cannot_revoke_my_token(client_as, users):
    token, raw_key = api_token_create(user=users["comptable"], name="x")
    response = client_as("direction").post(reverse("core:api-token-revoke", args=[token.pk]))
    assert response.status_code in (403, 404)
    assert api_token_authenticate(raw_key) == users["comptable"]


def test_revoke_is_post_only(client_as, users):
    token, _ = api_token_create(user=users["comptable"], name="x")
    response = client_as("comptable").get(reverse("core:api-token-revoke", args=[token.pk]))
    assert response.status_code == 405


def test_the_page_needs_a_signed_in_user(client, db):
    assert client.get(PAGE).status_code == 302
