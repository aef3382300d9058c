"""The demo catalog: every feature shows up, and price_for finds each kind of price in it."""

from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings

from comptoir.catalog.models import (
    CustomerDiscount,
    CustomerTerms,
    PriceList,
    PriceListItem,
    Product,
    ProductFamily,
)
from comptoir.catalog.queries import price_for
from comptoir.core import demo
from comptoir.trade.models import ExchangeRate
from comptoir.trade.queries import rate_on


@pytest.fixture(scope="module")
def demo_base(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": media},
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        django_db_blocker.unblock(),
        override_settings(
            STORAGES=storages, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]
        ),
        transaction.atomic(),
    ):
        ctx = demo.load()
        yield ctx
        transaction.set_rollback(True)


@pytest.fixture
def base(demo_base, db):
    return demo_base


def test_the_demo_catalog_has_every_kind_of_thing(base):
    assert 55 <= Product.objects.count() <= 70
    assert Product.objects.filter(kind="service").count() >= 15
    assert set(Product.objects.values_list("unit", flat=True)) >= {
        "unit",
        "hour",
        "day",
        "package",
        "m2",
        "kg",
    }
    assert Product.objects.filter(active=False).exists()
    assert ProductFamily.objects.filter(parent__isnull=False).exists()
    assert set(PriceList.objects.values_list("kind", flat=True)) == {
        "general",
        "category",
        "key_account",
    }
    # Quantity breaks in the resellers' list.
    assert PriceListItem.objects.filter(
        price_list__name="Tarif revendeurs", min_quantity=10
    ).exists()
    assert CustomerTerms.objects.filter(price_list__isnull=False).count() >= 3
    assert CustomerTerms.objects.filter(category__isnull=False).count() >= 10
    assert CustomerDiscount.objects.filter(family__isnull=False).exists()
    assert CustomerDiscount.objects.filter(product__isnull=False).exists()


def test_price_for_finds_every_source_in_the_demo(base):
    oven = Product.objects.get(reference="CUI-FM10")
    sources = set()
    for terms in CustomerTerms.objects.select_related("party"):
        price = price_for(customer=terms.party, product=oven, quantity=10)
        sources.add(price.source_kind)
    sources.add(price_for(customer=None, product=oven, quantity=1).source_kind)
    service = Product.objects.get(reference="SRV-HTEC")
    sources.add(price_for(customer=None, product=service, quantity=2).source_kind)
    assert sources == {"key_account", "category", "general", "product"}


def test_demo_rates_for_the_last_months(base):
    assert set(ExchangeRate.objects.values_list("currency_id", flat=True)) == {
        "USD",
        "GBP",
        "CHF",
        "MAD",
    }
    assert Decimal("1.0") < rate_on(currency="USD", day=base.today) < Decimal("1.2")
    assert rate_on(currency="XPF", day=base.today) == Decimal("119.3317422434")
