"""The client base API: changing a party and its channels."""

import pytest

from comptoir.core.models import AuditEntry
from comptoir.parties.models import Organisation, Person, Phone


@pytest.fixture
def vercors(db):
    organisation = Organisation.objects.create(
        kind="organisation",
        name="Les Fromages du Vercors",
        legal_name="SARL Vercors",
        is_prospect=True,
    )
    Phone.objects.create(party=organisation, number="+33478950213", is_default=True)
    return organisation


def test_patch_changes_only_the_fields_sent_and_is_audited(client, vercors, token_for):
    response = client.patch(
        f"/api/v1/parties/{vercors.pk}",
        {"is_client": True, "siren": "732 829 320"},
        content_type="application/json",
        headers=token_for("charge_clientele"),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["roles"] == ["prospect", "client"]
    assert body["siren"] == "732829320"
    assert body["legal_name"] == "SARL Vercors"
    assert AuditEntry.objects.filter(object_id=str(vercors.pk), action="update").exists()


def test_patch_refuses_a_bad_siren_and_person_fields_on_an_organisation(client, vercors, token_for):
    headers = token_for("charge_clientele")
    url = f"/api/v1/parties/{vercors.pk}"
    bad = client.patch(
        url, {"siren": "123456789"}, content_type="application/json", headers=headers
    )
    assert bad.status_code == 422
    wrong = client.patch(
        url, {"first_name": "Jean"}, content_type="application/json", headers=headers
    )
    assert wrong.status_code == 422
    assert Organisation.objects.get(pk=vercors.pk).siren == ""


def test_patch_a_person(client, token_for, db):
    claire = Person.objects.create(
        kind="person", name="MARTIN Claire", first_name="Claire", last_name="Martin"
    )
    response = client.patch(
        f"/api/v1/parties/{claire.pk}",
        {"first_name": "Claire-Marie"},
        content_type="application/json",
        headers=token_for("charge_clientele"),
    )
    assert response.status_code == 200
    assert response.json()["first_name"] == "Claire-Marie"


def test_channels_are_added_normalised_and_removed(client, vercors, token_for):
    headers = token_for("charge_clientele")
    base = f"/api/v1/parties/{vercors.pk}"
    phone = client.post(
        f"{base}/phones",
        {"number": "06 12 34 56 78", "label": "mobile"},
        content_type="application/json",
        headers=headers,
    )
    assert phone.status_code == 201 and phone.json()["number"] == "+33612345678"
    email = client.post(
        f"{base}/emails",
        {"address": "Contact@Vercors.FR"},
        content_type="application/json",
        headers=headers,
    )
    assert email.status_code == 201 and email.json()["address"] == "contact@vercors.fr"
    assert email.json()["is_default"]  # the first e-mail is the main one
    address = client.post(
        f"{base}/addresses",
        {"line1": "1 place de l'Église", "postal_code": "38250", "city": "Villard-de-Lans"},
        content_type="application/json",
        headers=headers,
    )
    assert address.status_code == 201 and address.json()["city"] == "Villard-de-Lans"
    detail = client.get(base, headers=headers).json()
    assert (
        len(detail["phones"]) == 2 and len(detail["emails"]) == 1 and len(detail["addresses"]) == 1
    )

    main = detail["phones"][0]
    assert client.delete(f"{base}/phones/{main['id']}", headers=headers).status_code == 204
    assert client.delete(f"{base}/emails/{email.json()['id']}", headers=headers).status_code == 204
    assert (
        client.delete(f"{base}/addresses/{address.json()['id']}", headers=headers).status_code
        == 204
    )
    detail = client.get(base, headers=headers).json()
    assert [(p["number"], p["is_default"]) for p in detail["phones"]] == [("+33612345678", True)]
    assert detail["emails"] == [] and detail["addresses"] == []


def test_a_bad_phone_is_a_422_and_another_partys_channel_a_404(client, vercors, token_for):
    headers = token_for("charge_clientele")
    bad = client.post(
        f"/api/v1/parties/{vercors.pk}/phones",
        {"number": "12"},
        content_type="application/json",
        headers=headers,
    )
    assert bad.status_code == 422
    other = Organisation.objects.create(kind="organisation", name="Autre", legal_name="Autre")
    phone = vercors.phones.get()
    assert (
        client.delete(f"/api/v1/parties/{other.pk}/phones/{phone.pk}", headers=headers).status_code
        == 404
    )
    assert Phone.objects.filter(pk=phone.pk).exists()


def test_changing_needs_the_change_permission(client, vercors, token_for):
    headers = token_for("comptable")
    response = client.post(
        f"/api/v1/parties/{vercors.pk}/phones",
        {"number": "0612345678"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    patch = client.patch(
        f"/api/v1/parties/{vercors.pk}",
        {"is_client": True},
        content_type="application/json",
        headers=headers,
    )
    assert patch.status_code == 403
