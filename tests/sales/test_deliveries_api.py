"""/api/v1/deliveries and /api/v1/carriers: the same rules as the pages, the house errors."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from comptoir.core.tokens import api_token_create
from comptoir.sales.models import Delivery, Order

from .delivery_factories import CarrierFactory, order_with_lines


@pytest.fixture
def auth(users):
    def make(role: str) -> dict:
        _token, raw = api_token_create(user=users[role], name=f"{role} script")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return make


def post(client, url, body, headers):
    return client.post(url, body, content_type="application/json", **headers)


def test_create_ship_deliver_in_two_parts(client, auth):
    adv = auth("adv")
    geodis = CarrierFactory(name="Geodis", tracking_url="https://geodis.example/{tracking}")
    order = order_with_lines(10, 4)
    pump, hose = [line.pk for line in order.lines.order_by("position")]
    # Given a first note of 6 pumps and the hoses
    created = post(
        client,
        "/api/v1/deliveries",
        {
            "order_id": order.pk,
            "quantities": {str(pump): "6", str(hose): "4"},
            "carrier_id": geodis.pk,
        },
        adv,
    )
    assert created.status_code == 201, created.content
    note = created.json()
    assert note["status"] == "prepared" and note["number"] == ""
    assert [(line["label"], line["quantity"]) for line in note["lines"]] == [
        ("Pompe doseuse PD-40", "6.000"),
        ("Tuyau inox 3 m", "4.000"),
    ]
    # When it is shipped and the customer signs for 5 pumps
    shipped = post(client, f"/api/v1/deliveries/{note['id']}/ship", {"tracking_number": "GE1"}, adv)
    assert shipped.status_code == 200
    assert shipped.json()["number"].startswith("BL-")
    assert shipped.json()["tracking_url"] == "https://geodis.example/GE1"
    first_line = note["lines"][0]["id"]
    delivered = post(
        client,
        f"/api/v1/deliveries/{note['id']}/deliver",
        {"received": {str(first_line): "5"}, "received_by": "M. Girard"},
        adv,
    )
    # Then the finding says so, and the order is partly delivered
    assert delivered.status_code == 200, delivered.content
    body = delivered.json()
    assert body["conformity"] == "discrepancies"
    assert [(f["kind"], f["expected"], f["actual"]) for f in body["findings"]] == [
        ("short", "6.000", "5.000")
    ]
    assert Order.objects.get(pk=order.pk).status == "partly_delivered"
    # And the rest goes in a second note, without quantities
    rest = post(client, "/api/v1/deliveries", {"order_id": order.pk}, adv).json()
    assert [(line["label"], line["quantity"]) for line in rest["lines"]] == [
        ("Pompe doseuse PD-40", "5.000")
    ]
    post(client, f"/api/v1/deliveries/{rest['id']}/ship", {}, adv)
    post(client, f"/api/v1/deliveries/{rest['id']}/deliver", {}, adv)
    assert Order.objects.get(pk=order.pk).status == "delivered"


def test_over_delivery_is_a_400_with_its_code_and_nothing_saved(client, auth):
    order = order_with_lines(10)
    line = order.lines.get()
    response = post(
        client,
        "/api/v1/deliveries",
        {"order_id": order.pk, "quantities": {str(line.pk): "11"}},
        auth("adv"),
    )
    assert response.status_code == 400
    assert response.json()["code"] == "over_delivery"
    assert "11 est supérieur aux 10 restant à livrer" in response.json()["message"]
    assert not Delivery.objects.exists()


def test_steps_out_of_order_and_incidents(client, auth):
    adv = auth("adv")
    order = order_with_lines(3)
    note = post(client, "/api/v1/deliveries", {"order_id": order.pk}, adv).json()
    refused = post(client, f"/api/v1/deliveries/{note['id']}/deliver", {}, adv)
    assert (refused.status_code, refused.json()["code"]) == (400, "delivery_transition_refused")
    post(client, f"/api/v1/deliveries/{note['id']}/ship", {}, adv)
    no_reason = post(client, f"/api/v1/deliveries/{note['id']}/incident", {"reason": " "}, adv)
    assert no_reason.json()["code"] == "incident_reason_missing"
    incident = post(client, f"/api/v1/deliveries/{note['id']}/incident", {"reason": "Perdu"}, adv)
    assert incident.json()["status"] == "incident"


def test_proof_of_delivery_upload(client, auth):
    adv = auth("adv")
    note = post(client, "/api/v1/deliveries", {"order_id": order_with_lines(3).pk}, adv).json()
    post(client, f"/api/v1/deliveries/{note['id']}/ship", {}, adv)
    scan = SimpleUploadedFile("bl-signe.pdf", b"%PDF-1.4 signed", content_type="application/pdf")
    response = client.post(f"/api/v1/deliveries/{note['id']}/proof", {"file": scan}, **adv)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "bl-signe.pdf"


def test_list_filters_and_permissions(client, auth, users):
    adv = auth("adv")
    order = order_with_lines(3)
    note = post(client, "/api/v1/deliveries", {"order_id": order.pk}, adv).json()
    listed = client.get("/api/v1/deliveries", {"status": "prepared"}, **auth("direction")).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == note["id"]
    assert client.get("/api/v1/deliveries", {"status": "shipped"}, **adv).json()["count"] == 0
    # Readers read, do not write; the outsider sees nothing.
    assert (
        post(client, "/api/v1/deliveries", {"order_id": order.pk}, auth("direction")).status_code
        == 403
    )
    assert client.get("/api/v1/deliveries", **auth("outsider")).status_code == 403
    assert client.get(f"/api/v1/deliveries/{note['id']}", **auth("outsider")).status_code == 403
    assert client.get("/api/v1/deliveries/999999", **adv).status_code == 404


def test_carriers(client, auth):
    adv = auth("adv")
    created = post(
        client,
        "/api/v1/carriers",
        {"name": "Chronopost", "tracking_url": "https://chronopost.example/?l={tracking}"},
        adv,
    )
    assert created.status_code == 201
    bad = post(client, "/api/v1/carriers", {"name": "X", "tracking_url": "https://x.example/"}, adv)
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "tracking_url"
    names = [c["name"] for c in client.get("/api/v1/carriers", **auth("charge_clientele")).json()]
    assert names == ["Chronopost"]
    assert client.get("/api/v1/carriers", **auth("outsider")).status_code == 403
