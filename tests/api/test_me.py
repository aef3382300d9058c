from comptoir.core.roles import ROLES


def test_me_gives_identity_roles_and_permissions(client, users, token_for, bearer):
    response = client.get("/api/v1/me", headers=bearer(token_for("comptable")))
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "comptable"
    assert body["email"] == "comptable@example.fr"
    assert body["language"] == "fr"
    assert body["roles"] == [{"code": "comptable", "label": str(ROLES["comptable"].label)}]
    assert "core.change_bankaccount" in body["permissions"]
    assert "core.change_company" not in body["permissions"]


def test_an_outsider_has_no_role_and_no_permission(client, users, token_for, bearer):
    body = client.get("/api/v1/me", headers=bearer(token_for("outsider"))).json()
    assert body["roles"] == []
    assert body["permissions"] == []
