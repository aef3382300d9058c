import pytest

from comptoir.core.tokens import api_token_create


@pytest.fixture
def token_for(users):
    """token_for("charge_clientele") -> the Authorization header of a fresh token of theirs."""

    def make(role: str) -> dict:
        _token, raw_key = api_token_create(user=users[role], name=f"{role} script")
        return {"Authorization": f"Bearer {raw_key}"}

    return make
