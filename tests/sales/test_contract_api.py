"""The contracts API: register, detail, draft, clause, signature refused then accepted,
notice, templates, instalments due; roles and the house error shape."""

import datetime

import pytest

from tests.parties.factories import OrganisationFactory
from tests.sales.factories import ContractFactory, template_with_clauses, with_required_clauses

pytestmark = pytest.mark.django_db


def test_journey_through_the_api(client, token_for, users):
    template = template_with_clauses("subscription", leave_out=("personal_data",))
    customer = OrganisationFactory(name="Cave Dubois")
    headers = token_for("adv")

    response = client.post(
        "/api/v1/contracts",
        {
            "customer_id": customer.pk,
            "template_id": template.pk,
            "start_date": "2026-03-01",
            "price": "1800.00",
            "billing_frequency": "monthly",
            "index_name": "Syntec",
            "index_base_value": "280.1",
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    contract_id = body["id"]
    assert body["kind"] == "subscription" and body["status"] == "draft"
    assert body["end_date"] == "2027-02-28" and body["missing_clauses"] == ["personal_data"]

    response = client.post(
        f"/api/v1/contracts/{contract_id}/sign",
        {},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "contract_clauses_missing"
    assert response.json()["errors"] == [{"field": "clauses", "message": "personal_data"}]

    response = client.post(
        f"/api/v1/contracts/{contract_id}/clauses",
        {"clause_type": "personal_data", "body": "Les données sont traitées conformément au RGPD."},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201

    response = client.post(
        f"/api/v1/contracts/{contract_id}/sign",
        {"signed_on": "2026-03-01", "signatory": "M. Dubois"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "active" and body["number"] == "CT-2026-00001"
    assert len(body["schedule"]) == 12 and body["schedule"][0]["amount"] == "150.00"

    response = client.post(
        f"/api/v1/contracts/{contract_id}/clauses",
        {"clause_type": "other", "body": "Trop tard"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 400 and response.json()["code"] == "contract_not_draft"

    response = client.post(
        f"/api/v1/contracts/{contract_id}/notice",
        {"given_on": "2026-10-15"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 200 and response.json()["notice_given_on"] == "2026-10-15"

    response = client.get("/api/v1/contracts", {"status": "active"}, headers=headers)
    assert response.json()["count"] == 1
    response = client.get(
        "/api/v1/contracts/schedule-due", {"on_or_before": "2026-04-30"}, headers=headers
    )
    assert [line["due_date"] for line in response.json()] == ["2026-03-01", "2026-04-01"]


def test_end_before_start_is_a_422_with_the_field(client, token_for):
    customer = OrganisationFactory()
    response = client.post(
        "/api/v1/contracts",
        {
            "customer_id": customer.pk,
            "kind": "maintenance",
            "start_date": "2026-03-01",
            "end_date": "2026-01-01",
        },
        content_type="application/json",
        headers=token_for("adv"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "end_date"


def test_roles(client, token_for):
    ContractFactory()
    template_with_clauses("warranty")
    assert client.get("/api/v1/contracts", headers=token_for("direction")).status_code == 200
    assert (
        client.get("/api/v1/contract-templates", headers=token_for("direction")).json()[0]["kind"]
        == "warranty"
    )
    assert client.get("/api/v1/contracts", headers=token_for("outsider")).status_code == 403
    assert (
        client.get("/api/v1/contract-templates", headers=token_for("comptable")).status_code == 403
    )
    customer = OrganisationFactory()
    response = client.post(
        "/api/v1/contracts",
        {"customer_id": customer.pk, "kind": "maintenance", "start_date": "2026-03-01"},
        content_type="application/json",
        headers=token_for("direction"),
    )
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_detail_of_a_signed_contract(client, token_for, users):
    from comptoir.sales.services.contracts import contract_sign

    contract = with_required_clauses(ContractFactory())
    contract_sign(by=users["adv"], contract=contract, signed_on=datetime.date(2026, 1, 1))
    body = client.get(
        f"/api/v1/contracts/{contract.pk}", headers=token_for("charge_clientele")
    ).json()
    assert body["number"] == "CT-2026-00001" and body["missing_clauses"] == []
    assert client.get("/api/v1/contracts/999999", headers=token_for("adv")).status_code == 404


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"kind": "cleaning"}, "kind"),
        ({"currency": "ZZZ"}, "currency"),
        ({"billing_frequency": "weekly"}, "billing_frequency"),
        ({"notice_months": 13}, "notice_months"),
    ],
)
def test_bad_values_are_422_with_their_field(client, token_for, change, field):
    customer = OrganisationFactory()
    payload = {"customer_id": customer.pk, "kind": "maintenance", "start_date": "2026-03-01"}
    response = client.post(
        "/api/v1/contracts",
        {**payload, **change},
        content_type="application/json",
        headers=token_for("adv"),
    )
    assert response.status_code == 422, response.content
    assert field in [error["field"] for error in response.json()["errors"]]


def test_unknown_clause_type_is_422(client, token_for):
    contract = ContractFactory()
    response = client.post(
        f"/api/v1/contracts/{contract.pk}/clauses",
        {"clause_type": "weather", "body": "Il fera beau."},
        content_type="application/json",
        headers=token_for("adv"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "clause_type"
