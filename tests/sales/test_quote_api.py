"""The quotes and orders API: a quote built, sent, accepted and ordered by a script;
errors in the house shape; who may do what."""

from decimal import Decimal

import pytest

from comptoir.sales.models import Order, Quote
from tests.sales.factories import customer_with_email, quote_for


@pytest.fixture
def customer(tax_rates):
    return customer_with_email(legal_name="Brasserie du Parc")


def test_a_quote_from_creation_to_order(
    client, customer, token_for, django_capture_on_commit_callbacks, mailoutbox
):
    adv = token_for("adv")
    created = client.post(
        "/api/v1/quotes",
        {
            "customer_id": customer.pk,
            "title": "Bar",
            "incoterm": "EXW",
            "lines": [
                {"kind": "section", "label": "Matériel"},
                {"label": "Tireuse 4 becs", "quantity": "2", "unit_price": "1250"},
            ],
        },
        content_type="application/json",
        headers=adv,
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    quote_id = body["id"]
    assert body["total_net"] == "2500.00" and body["total"] == "3000.00"
    assert [line["kind"] for line in body["lines"]] == ["section", "item"]
    line = client.post(
        f"/api/v1/quotes/{quote_id}/lines",
        {"label": "Pose", "quantity": "1", "unit_price": "300"},
        content_type="application/json",
        headers=adv,
    ).json()
    changed = client.patch(
        f"/api/v1/quotes/{quote_id}/lines/{line['id']}",
        {"quantity": "2"},
        content_type="application/json",
        headers=adv,
    )
    assert changed.json()["net_amount"] == "600.00"
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            f"/api/v1/quotes/{quote_id}/send", {}, content_type="application/json", headers=adv
        )
    assert sent.json()["status"] == "sent" and sent.json()["number"].startswith("DE-")
    assert len(mailoutbox) == 1
    accepted = client.post(
        f"/api/v1/quotes/{quote_id}/accept",
        {"name": "Paul Morel"},
        content_type="application/json",
        headers=adv,
    )
    assert accepted.json()["status"] == "accepted"
    ordered = client.post(
        f"/api/v1/quotes/{quote_id}/order",
        {"customer_reference": "BC-1"},
        content_type="application/json",
        headers=adv,
    )
    assert ordered.status_code == 201
    order = ordered.json()
    assert order["status"] == "confirmed" and order["number"].startswith("CO-")
    assert order["total"] == "3720.00" and order["customer_reference"] == "BC-1"
    launched = client.post(f"/api/v1/orders/{order['id']}/launch", headers=adv)
    assert launched.json()["status"] == "in_preparation" and launched.json()["launched_by"] == "adv"
    listed = client.get("/api/v1/orders", {"status": "in_preparation"}, headers=adv).json()
    assert [o["id"] for o in listed["items"]] == [order["id"]]
    pdf = client.get(f"/api/v1/quotes/{quote_id}/pdf", headers=adv)
    assert pdf.content.startswith(b"%PDF")


def test_a_refused_line_is_a_400_with_its_code_and_nothing_is_saved(client, customer, token_for):
    response = client.post(
        "/api/v1/quotes",
        {
            "customer_id": customer.pk,
            "lines": [{"label": "X", "quantity": "-1", "unit_price": "1"}],
        },
        content_type="application/json",
        headers=token_for("adv"),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_line"
    assert not Quote.objects.exists()


def test_editing_a_sent_quote_is_refused(
    client, users, token_for, django_capture_on_commit_callbacks
):
    quote = quote_for(users["adv"])
    from comptoir.sales import services

    with django_capture_on_commit_callbacks(execute=True):
        services.quote_send(by=users["adv"], quote=quote)
    response = client.post(
        f"/api/v1/quotes/{quote.pk}/lines",
        {"label": "Y", "unit_price": "1"},
        content_type="application/json",
        headers=token_for("adv"),
    )
    assert response.status_code == 400 and response.json()["code"] == "not_editable"
    revised = client.post(f"/api/v1/quotes/{quote.pk}/revise", headers=token_for("adv"))
    assert revised.status_code == 201 and revised.json()["version"] == 2


def test_lists_and_cursor(client, users, token_for):
    for n in range(3):
        quote_for(
            users["adv"],
            lines=[{"kind": "item", "label": "Z", "quantity": 1, "unit_price": Decimal(n + 1)}],
        )
    first = client.get(
        "/api/v1/quotes", {"limit": 2, "sort": "amount"}, headers=token_for("direction")
    ).json()
    assert [q["total_net"] for q in first["items"]] == ["1.00", "2.00"]
    second = client.get(
        "/api/v1/quotes",
        {"limit": 2, "sort": "amount", "after": first["next_cursor"]},
        headers=token_for("direction"),
    ).json()
    assert [q["total_net"] for q in second["items"]] == ["3.00"] and second["next_cursor"] is None


@pytest.mark.parametrize("role", ["outsider", "accueil", "prestataire"])
def test_outsiders_get_403(client, users, token_for, role):
    quote = quote_for(users["adv"])
    headers = token_for(role)
    assert client.get("/api/v1/quotes", headers=headers).status_code == 403
    assert client.get(f"/api/v1/quotes/{quote.pk}", headers=headers).status_code == 403
    assert client.get("/api/v1/orders", headers=headers).status_code == 403


def test_direct_order_and_confirmation(client, customer, token_for):
    adv = token_for("adv")
    created = client.post(
        "/api/v1/orders",
        {
            "customer_id": customer.pk,
            "customer_reference": "BC-7",
            "lines": [{"label": "Fût 30 L", "quantity": "10", "unit_price": "85"}],
        },
        content_type="application/json",
        headers=adv,
    )
    assert created.status_code == 201 and created.json()["status"] == "draft"
    order_id = created.json()["id"]
    assert (
        client.post(
            f"/api/v1/orders/{order_id}/confirm",
            {},
            content_type="application/json",
            headers=token_for("charge_clientele"),
        ).status_code
        == 403
    )
    confirmed = client.post(
        f"/api/v1/orders/{order_id}/confirm", {}, content_type="application/json", headers=adv
    )
    assert confirmed.json()["status"] == "confirmed"
    cancel = client.post(
        f"/api/v1/orders/{order_id}/cancel", {}, content_type="application/json", headers=adv
    )
    assert cancel.status_code == 400
    assert Order.objects.get(pk=order_id).status == "confirmed"
