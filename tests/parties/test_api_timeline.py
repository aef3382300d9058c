"""The timeline and consents of a party through the API."""

import pytest

from comptoir.core.tokens import api_token_create
from comptoir.parties.models import Consent, Interaction, Organisation


@pytest.fixture
def headers(users):
    def make(role: str) -> dict:
        _token, raw_key = api_token_create(user=users[role], name="script")
        return {"Authorization": f"Bearer {raw_key}"}

    return make


@pytest.fixture
def bakery(db):
    return Organisation.objects.create(
        kind="organisation", name="Boulangerie Martin", legal_name="Boulangerie Martin"
    )


def test_record_then_read_the_timeline(client, headers, bakery):
    response = client.post(
        f"/api/v1/parties/{bakery.pk}/interactions",
        {"kind": "call", "subject": "Rappel devis four", "direction": "out"},
        content_type="application/json",
        headers=headers("teleconseiller"),
    )
    assert response.status_code == 201, response.content
    assert Interaction.objects.get().subject == "Rappel devis four"
    timeline = client.get(
        f"/api/v1/parties/{bakery.pk}/timeline", headers=headers("comptable")
    ).json()
    assert [entry["subject"] for entry in timeline] == ["Rappel devis four"]
    assert timeline[0]["by"]


def test_a_read_only_role_cannot_record(client, headers, bakery):
    response = client.post(
        f"/api/v1/parties/{bakery.pk}/interactions",
        {"kind": "note", "subject": "x"},
        content_type="application/json",
        headers=headers("comptable"),
    )
    assert response.status_code == 403


def test_bad_kind_is_refused_with_its_reason(client, headers, bakery):
    response = client.post(
        f"/api/v1/parties/{bakery.pk}/interactions",
        {"kind": "telepathy", "subject": "x"},
        content_type="application/json",
        headers=headers("adv"),
    )
    assert response.status_code == 400  # a domain error (PartyError), with its stable code
    assert response.json()["code"] == "party_error"
    assert "telepathy" in response.json()["message"]


def test_consents_current_and_recorded(client, headers, bakery):
    before = client.get(f"/api/v1/parties/{bakery.pk}/consents", headers=headers("adv")).json()
    assert {row["status"] for row in before} == {None}
    response = client.post(
        f"/api/v1/parties/{bakery.pk}/consents",
        {"purpose": "email_marketing", "status": "withdrawn", "source": "Appel du client"},
        content_type="application/json",
        headers=headers("adv"),
    )
    assert response.status_code == 201, response.content
    after = client.get(f"/api/v1/parties/{bakery.pk}/consents", headers=headers("adv")).json()
    assert {row["purpose"]: row["status"] for row in after}["email_marketing"] == "withdrawn"
    assert Consent.objects.count() == 1


def test_unknown_party_is_a_404(client, headers):
    assert client.get("/api/v1/parties/999/timeline", headers=headers("adv")).status_code == 404
