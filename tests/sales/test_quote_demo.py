"""The demo's quotes and orders: every status there, numbers in date order, totals that
add up, a few in another currency."""

import pytest
from django.db import transaction

from comptoir.core import demo
from comptoir.sales.models import Order, Quote


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        demo.load()
        yield
        transaction.set_rollback(True)


def test_quotes_and_orders_of_a_year(loaded):
    statuses = set(Quote.objects.values_list("status", flat=True))
    assert statuses == {"draft", "sent", "accepted", "refused", "expired", "superseded"}
    assert 70 <= Quote.objects.count() <= 90
    assert 50 <= Order.objects.count() <= 70
    assert Quote.objects.filter(version=2, previous__status="superseded").exists()
    assert Quote.objects.exclude(currency="EUR").exclude(exchange_rate=1).exists()
    numbered = list(Quote.objects.filter(version=1).exclude(number="").order_by("number"))
    dates = [q.issue_date for q in numbered if q.number.startswith(numbered[-1].number[:8])]
    assert dates == sorted(dates)
    for quote in Quote.objects.all()[:20]:
        assert quote.total == quote.total_net + quote.total_tax
    assert Order.objects.filter(quote__isnull=False).count() > 20
