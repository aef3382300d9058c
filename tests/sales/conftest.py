import pytest

from comptoir.core.tokens import api_token_create


@pytest.fixture
def token_for(users):
    def make(role: str) -> dict:
        _token, raw_key = api_token_create(user=users[role], name=f"{role} script")
        return {"Authorization": f"Bearer {raw_key}"}

    return make
