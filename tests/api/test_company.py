from comptoir.core.models import AuditEntry, Company

URL = "/api/v1/company"


def patch(client, data, **kwargs):
    return client.patch(URL, data, content_type="application/json", **kwargs)


def test_reading_the_company_profile(client, users, token_for, bearer):
    response = client.get(URL, headers=bearer(token_for("teleconseiller")))
    assert response.status_code == 200
    body = response.json()
    assert body["legal_name"] == "Atelier Durand SARL"
    assert body["siren"] == "732829320"


def test_a_role_without_the_permission_cannot_read_it(client, users, token_for, bearer):
    response = client.get(URL, headers=bearer(token_for("prestataire")))
    assert response.status_code == 403
    body = response.json()
    assert (body["code"], body["errors"]) == ("forbidden", [])
    assert body["message"]


def test_no_company_yet_is_a_404(client, db, bearer):
    from comptoir.core.tokens import api_token_create
    from tests.conftest import make_user

    user = make_user("anne", "direction", language="en")
    _token, raw_key = api_token_create(user=user, name="x")
    response = client.get(URL, headers=bearer(raw_key))
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Not found.", "errors": []}


def test_unknown_api_path_is_a_404_from_django(client, users, token_for, bearer):
    response = client.get("/api/v1/nothing-here", headers=bearer(token_for("administrateur")))
    assert response.status_code == 404


def test_the_administrator_changes_the_profile_and_it_is_audited(client, users, token_for, bearer):
    response = patch(
        client,
        {"city": "Villeurbanne", "vat_number": "fr 44 732829320", "share_capital": "15000.50"},
        headers=bearer(token_for("administrateur")),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["city"] == "Villeurbanne"
    assert body["vat_number"] == "FR44732829320"  # normalised by Company.clean
    assert body["share_capital"] == "15000.50"  # money is never a float
    company = Company.current()
    assert company.city == "Villeurbanne"
    assert company.legal_name == "Atelier Durand SARL"  # fields not sent are kept
    entry = AuditEntry.objects.filter(action="update").latest("at")
    assert entry.user == users["administrateur"]
    assert entry.changes["city"] == ["Lyon", "Villeurbanne"]


def test_the_session_of_a_signed_in_administrator_may_write(client_as):
    response = patch(client_as("administrateur"), {"city": "Annecy"})
    assert response.status_code == 200
    assert Company.current().city == "Annecy"


def test_a_call_center_operator_may_not_change_the_profile(client, users, token_for, bearer):
    response = patch(client, {"city": "Pirate"}, headers=bearer(token_for("teleconseiller")))
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert Company.current().city == "Lyon"


def test_a_bad_siren_is_a_422_with_the_field(client, users, token_for, bearer):
    response = patch(
        client, {"siren": "732829321", "city": "Paris"}, headers=bearer(token_for("administrateur"))
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"]
    assert [error["field"] for error in body["errors"]] == ["siren"]
    assert body["errors"][0]["message"]
    assert Company.current().city == "Lyon"  # nothing half-saved


def test_emptying_a_required_field_is_a_422(client, users, token_for, bearer):
    response = patch(client, {"legal_name": None}, headers=bearer(token_for("administrateur")))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["legal_name"]


def test_a_badly_typed_value_is_a_422_with_the_field(client, users, token_for, bearer):
    response = patch(
        client, {"fiscal_year_start_month": "march"}, headers=bearer(token_for("administrateur"))
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert [error["field"] for error in body["errors"]] == ["fiscal_year_start_month"]


def test_a_body_that_is_not_json_is_a_422(client, users, token_for, bearer):
    response = client.patch(
        URL,
        "not json",
        content_type="application/json",
        headers=bearer(token_for("administrateur")),
    )
    assert response.status_code in (400, 422)
    assert response.json()["code"] in ("bad_request", "validation_error")
