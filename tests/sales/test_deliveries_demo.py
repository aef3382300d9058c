"""The demo's deliveries: the five carriers, a note in every state, a backorder, and every
order the demo calls delivered or partly delivered has the notes to show for it."""

import pytest
from django.db import transaction
from django.test import override_settings

from comptoir.core import demo
from comptoir.core.attachments import attachments_for
from comptoir.core.models import User
from comptoir.sales import queries, services
from comptoir.sales.models import Carrier, Delivery, Order


@pytest.fixture(scope="module")
def demo_base(django_db_setup, django_db_blocker, tmp_path_factory):
    storages = {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path_factory.mktemp("media")},
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


def test_every_state_of_a_delivery_shows_up(base):
    assert set(Carrier.objects.values_list("name", flat=True)) == {
        "Geodis",
        "DB Schenker",
        "Chronopost",
        "La Poste Colissimo",
        "Camion Vercors Équipements",
    }
    statuses = set(Delivery.objects.values_list("status", flat=True))
    assert statuses == {"prepared", "shipped", "delivered", "incident"}
    assert Delivery.objects.filter(conformity="discrepancies").exists()
    assert Delivery.objects.filter(status="incident").exclude(incident_reason="").exists()
    # Numbers follow the shipping dates, as the sequence requires.
    shipped = Delivery.objects.exclude(number="").order_by("shipped_at", "id")
    numbers = [d.number for d in shipped]
    assert numbers == sorted(numbers)


def test_orders_and_their_notes_agree(base):
    adv = User.objects.get(username="adv")
    for order in Order.objects.filter(status__in=["delivered", "invoiced"]):
        quantities = services.order_line_quantities(order)
        assert all(q.backorder == 0 for q in quantities.values()), order.reference
    partly = Order.objects.filter(status="partly_delivered")
    assert partly.exists()
    assert queries.backorder_lines(queries.backorder_list(user=adv)[:50])


def test_a_delivered_note_carries_its_proof(base):
    adv = User.objects.get(username="adv")
    with_proof = [
        d
        for d in Delivery.objects.filter(status="delivered")
        if attachments_for(record=d, user=adv)
    ]
    assert with_proof
