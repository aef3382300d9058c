"""The client base API: screen-pop lookup, search, list, detail, creation."""

import pytest

from comptoir.parties.models import (
    Address,
    Affiliation,
    Email,
    Organisation,
    Person,
    Phone,
)


@pytest.fixture
def vercors(db):
    organisation = Organisation.objects.create(
        kind="organisation",
        name="Les Fromages du Vercors",
        legal_name="SARL Dauphinoise de Fromages",
        trade_name="Les Fromages du Vercors",
        siren="732829320",
        is_client=True,
    )
    Phone.objects.create(party=organisation, number="+33478950213", is_default=True)
    Email.objects.create(party=organisation, address="contact@fromages-vercors.fr", is_default=True)
    Address.objects.create(
        party=organisation, line1="1 place", city="Villard-de-Lans", is_default=True
    )
    claire = Person.objects.create(
        kind="person", name="MARTIN Claire", first_name="Claire", last_name="Martin"
    )
    Phone.objects.create(party=claire, number="+33478950213", is_default=True)
    Affiliation.objects.create(person=claire, organisation=organisation)
    Organisation.objects.create(
        kind="organisation", name="Atelier Bois", legal_name="Atelier Bois", is_prospect=True
    )
    return organisation


# --- Lookup (screen-pop) ------------------------------------------------------------------


def test_lookup_finds_the_caller_in_any_format(client, vercors, token_for):
    response = client.get(
        "/api/v1/parties/lookup", {"phone": "04 78 95 02 13"}, headers=token_for("teleconseiller")
    )
    assert response.status_code == 200, response.content
    hits = {hit["name"]: hit for hit in response.json()}
    assert set(hits) == {"Les Fromages du Vercors", "MARTIN Claire"}
    assert hits["MARTIN Claire"]["organisations"] == ["Les Fromages du Vercors"]
    assert hits["MARTIN Claire"]["kind"] == "person"
    assert hits["Les Fromages du Vercors"]["emails"] == ["contact@fromages-vercors.fr"]
    assert hits["Les Fromages du Vercors"]["phones"] == ["+33478950213"]
    assert hits["Les Fromages du Vercors"]["url"].endswith(f"/{vercors.pk}/")
    assert hits["Les Fromages du Vercors"]["is_client"] is True


def test_lookup_of_an_unknown_number_is_an_empty_list(client, vercors, token_for):
    response = client.get(
        "/api/v1/parties/lookup", {"phone": "+33 1 40 00 00 00"}, headers=token_for("accueil")
    )
    assert (response.status_code, response.json()) == (200, [])


def test_lookup_of_something_that_is_no_number_is_a_422(client, vercors, token_for):
    response = client.get(
        "/api/v1/parties/lookup", {"phone": "hello"}, headers=token_for("teleconseiller")
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["errors"][0]["field"] == "phone"
    assert "hello" in body["errors"][0]["message"]


def test_lookup_without_the_permission_is_a_403(client, vercors, token_for):
    response = client.get(
        "/api/v1/parties/lookup", {"phone": "0478950213"}, headers=token_for("prestataire")
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_lookup_needs_authentication(client, vercors):
    response = client.get("/api/v1/parties/lookup", {"phone": "0478950213"})
    assert response.status_code == 401


# --- Search, list, detail -----------------------------------------------------------------


def test_search_with_the_session_of_a_signed_in_user(client_as, vercors):
    response = client_as("charge_clientele").get("/api/v1/parties/search", {"q": "vercor"})
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": vercors.pk,
            "kind": "organisation",
            "name": "Les Fromages du Vercors",
            "city": "Villard-de-Lans",
            "phone": "+33478950213",
            "email": "contact@fromages-vercors.fr",
            "url": response.json()[0]["url"],
        }
    ]


def test_search_by_siren_and_without_permission(client, vercors, token_for):
    response = client.get(
        "/api/v1/parties/search", {"q": "732 829 320"}, headers=token_for("comptable")
    )
    assert [hit["name"] for hit in response.json()] == ["Les Fromages du Vercors"]
    response = client.get(
        "/api/v1/parties/search", {"q": "vercors"}, headers=token_for("prestataire")
    )
    assert response.status_code == 403


def test_list_filters_and_pages(client, vercors, token_for):
    headers = token_for("direction")
    response = client.get("/api/v1/parties", headers=headers)
    assert response.status_code == 200, response.content
    assert [row["name"] for row in response.json()["items"]] == [
        "Atelier Bois",
        "Les Fromages du Vercors",
        "MARTIN Claire",
    ]
    response = client.get("/api/v1/parties", {"role": "client"}, headers=headers)
    assert [row["name"] for row in response.json()["items"]] == ["Les Fromages du Vercors"]
    response = client.get("/api/v1/parties", {"kind": "person"}, headers=headers)
    assert [row["name"] for row in response.json()["items"]] == ["MARTIN Claire"]
    response = client.get("/api/v1/parties", {"q": "fromag"}, headers=headers)
    assert [row["name"] for row in response.json()["items"]] == ["Les Fromages du Vercors"]
    # Two at a time: the cursor leads to the rest.
    first = client.get("/api/v1/parties", {"limit": 2}, headers=headers).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    rest = client.get(
        "/api/v1/parties", {"limit": 2, "after": first["next_cursor"]}, headers=headers
    ).json()
    assert [row["name"] for row in rest["items"]] == ["MARTIN Claire"]
    assert rest["next_cursor"] is None


def test_list_refuses_a_limit_out_of_range(client, vercors, token_for):
    response = client.get("/api/v1/parties", {"limit": 1000}, headers=token_for("direction"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


def test_detail_with_channels(client, vercors, token_for):
    response = client.get(f"/api/v1/parties/{vercors.pk}", headers=token_for("adv"))
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "Les Fromages du Vercors"
    assert body["siren"] == "732829320"
    assert body["roles"] == ["client"]
    phone = vercors.phones.get()
    assert body["phones"] == [
        {"id": phone.pk, "number": "+33478950213", "label": "office", "is_default": True}
    ]
    assert body["emails"][0]["address"] == "contact@fromages-vercors.fr"
    assert body["addresses"][0]["city"] == "Villard-de-Lans"
    claire = Person.objects.get()
    body = client.get(f"/api/v1/parties/{claire.pk}", headers=token_for("adv")).json()
    assert (body["first_name"], body["siren"]) == ("Claire", None)
    assert body["organisations"] == [{"id": vercors.pk, "name": "Les Fromages du Vercors"}]


def test_detail_of_a_missing_party_is_a_404(client, vercors, token_for):
    response = client.get("/api/v1/parties/999999", headers=token_for("adv"))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_list_and_detail_without_permission(client, vercors, token_for):
    headers = token_for("prestataire")
    assert client.get("/api/v1/parties", headers=headers).status_code == 403
    assert client.get(f"/api/v1/parties/{vercors.pk}", headers=headers).status_code == 403


# --- Creation -----------------------------------------------------------------------------


def test_create_an_organisation_then_find_it(client, db, token_for):
    headers = token_for("charge_clientele")
    response = client.post(
        "/api/v1/organisations",
        {
            "legal_name": "Menuiserie Rhône-Alpes SAS",
            "siren": "732 829 320",
            "phone": "04 78 95 02 13",
            "email": "Contact@Menuiserie.fr",
            "address": {"line1": "3 rue du Port", "city": "Lyon", "postal_code": "69002"},
            "is_prospect": True,
        },
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["siren"] == "732829320"
    assert body["phones"][0]["number"] == "+33478950213"
    assert body["emails"][0]["address"] == "contact@menuiserie.fr"
    assert body["roles"] == ["prospect"]
    found = client.get("/api/v1/parties/lookup", {"phone": "+33478950213"}, headers=headers)
    assert [hit["id"] for hit in found.json()] == [body["id"]]
    found = client.get("/api/v1/parties/search", {"q": "menuiserie rhone"}, headers=headers)
    assert [hit["id"] for hit in found.json()] == [body["id"]]


def test_create_an_organisation_with_a_bad_siren_is_a_422(client, db, token_for):
    response = client.post(
        "/api/v1/organisations",
        {"legal_name": "X", "siren": "123"},
        content_type="application/json",
        headers=token_for("charge_clientele"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "siren"
    assert not Organisation.objects.exists()


def test_create_a_person_in_an_organisation(client, vercors, token_for):
    response = client.post(
        "/api/v1/people",
        {
            "last_name": "Durand",
            "first_name": "Luc",
            "organisation_id": vercors.pk,
            "job_title": "Acheteur",
            "email": "luc.durand@fromages-vercors.fr",
        },
        content_type="application/json",
        headers=token_for("accueil"),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "person"
    assert body["organisations"] == [{"id": vercors.pk, "name": "Les Fromages du Vercors"}]
    assert Affiliation.objects.get(person_id=body["id"]).job_title == "Acheteur"


def test_creating_needs_the_add_permission(client, db, token_for):
    response = client.post(
        "/api/v1/people",
        {"last_name": "Durand"},
        content_type="application/json",
        headers=token_for("direction"),  # reads the client base, does not change it
    )
    assert response.status_code == 403
    assert not Person.objects.exists()


def test_the_endpoints_are_documented(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/parties/lookup",
        "/api/v1/parties/search",
        "/api/v1/parties",
        "/api/v1/parties/{party_id}",
        "/api/v1/organisations",
        "/api/v1/people",
    ):
        assert path in schema["paths"], path
    lookup = schema["paths"]["/api/v1/parties/lookup"]["get"]
    assert {"200", "401", "403", "422"} <= set(lookup["responses"])
    phone = next(p for p in lookup["parameters"] if p["name"] == "phone")
    assert phone["schema"]["examples"] or phone["examples"]
