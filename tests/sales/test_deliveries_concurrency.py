"""Two assistants preparing a note for the same order at once cannot both take what is left:
the order row is locked while a note is prepared (PostgreSQL row locks; SQLite serialises
writers)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from comptoir.core.services import roles_sync
from comptoir.sales import services
from comptoir.sales.exceptions import EmptyDelivery
from comptoir.sales.models import DeliveryLine
from tests.conftest import make_user

from .delivery_factories import order_with_lines


@pytest.mark.django_db(transaction=True)
def test_concurrent_notes_never_deliver_more_than_ordered(company):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot serialise writers across threads")
    roles_sync()
    adv = make_user("adv-concurrent", "adv")
    order = order_with_lines(10)
    start = threading.Barrier(4)
    made, refused, errors = [], [], []

    def prepare():
        try:
            start.wait()
            made.append(services.delivery_prepare(order=order, by=adv))
        except EmptyDelivery:
            refused.append(True)
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=prepare) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert (len(made), len(refused)) == (1, 3)
    total = sum(DeliveryLine.objects.values_list("quantity", flat=True), Decimal(0))
    assert total == Decimal(10)
