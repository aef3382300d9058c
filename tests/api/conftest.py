import pytest

from comptoir.core.tokens import api_token_create


@pytest.fixture
def token_for(users):
    """token_for("administrateur") -> a valid raw key of that user."""

    def make(role: str, **kwargs) -> str:
        _token, raw_key = api_token_create(user=users[role], name=f"{role} script", **kwargs)
        return raw_key

    return make


@pytest.fixture
def bearer():
    def headers(raw_key: str) -> dict:
        return {"Authorization": f"Bearer {raw_key}"}

    return headers
