import pytest

from comptoir.core.taxes import tax_rates_install_presets


@pytest.fixture
def tax_rates(db):
    tax_rates_install_presets(country="FR")


@pytest.fixture
def token_for(users):
    """token_for("adv") -> the Authorization header of a fresh token of theirs."""
    from comptoir.core.tokens import api_token_create

    def make(role: str) -> dict:
        _token, raw_key = api_token_create(user=users[role], name=f"{role} script")
        return {"Authorization": f"Bearer {raw_key}"}

    return make
