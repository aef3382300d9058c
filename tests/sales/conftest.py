import pytest

from comptoir.core.taxes import tax_rates_install_presets


@pytest.fixture
def tax_rates(db):
    tax_rates_install_presets(country="FR")
