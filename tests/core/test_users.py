import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from comptoir.core import services
from comptoir.core.exceptions import NotAllowed
from comptoir.core.models import AuditEntry, User


def test_administrator_creates_an_account_with_roles(users):
    created = services.user_create(
        by=users["administrateur"],
        username="mlefevre",
        first_name="Marie",
        last_name="Lefèvre",
        email="marie@example.fr",
        roles=["adv", "comptable"],
    )
    assert set(created.groups.values_list("name", flat=True)) == {"adv", "comptable"}
    assert not created.has_usable_password()
    assert created.has_perm("core.change_bankaccount")


def test_unknown_role_is_refused(users):
    with pytest.raises(ValidationError):
        services.user_create(by=users["administrateur"], username="x", roles=["pirate"])
    assert not User.objects.filter(username="x").exists()


def test_weak_password_is_refused(users):
    with pytest.raises(ValidationError):
        services.user_create(by=users["administrateur"], username="y", password="123")


def test_others_may_not_create_accounts(users):
    with pytest.raises(NotAllowed):
        services.user_create(by=users["direction"], username="z")


def test_role_change_is_audited(users):
    services.user_update(
        by=users["administrateur"], user=users["accueil"], roles=["service_client"]
    )
    entry = AuditEntry.objects.filter(object_id=str(users["accueil"].pk)).latest("id")
    assert entry.user == users["administrateur"]
    assert "groups" in entry.changes


def test_password_never_reaches_the_audit_trail(users):
    user = users["accueil"]
    user.set_password("Another-pass-2026")
    user.save()
    assert not AuditEntry.objects.filter(changes__has_key="password").exists()


def test_administrator_cannot_lock_themselves_out(users):
    admin = users["administrateur"]
    with pytest.raises(ValidationError):
        services.user_update(by=admin, user=admin, roles=["comptable"])
    with pytest.raises(ValidationError):
        services.user_update(by=admin, user=admin, is_active=False)


def test_users_page_filters_and_query_count(client_as, users, django_assert_max_num_queries):
    client = client_as("administrateur")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("core:users"))
    assert response.status_code == 200
    for n in range(30):
        User.objects.create(username=f"extra{n}")
    with django_assert_max_num_queries(12):
        client.get(reverse("core:users"))
    response = client.get(reverse("core:users"), {"role": "comptable"})
    assert list(response.context["page"].object_list) == [users["comptable"]]


def test_users_page_htmx_returns_only_rows(client_as):
    response = client_as("administrateur").get(reverse("core:users"), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="user-rows"' in html and "<html" not in html


def test_users_page_forbidden_to_operators(client_as):
    assert client_as("teleconseiller").get(reverse("core:users")).status_code == 403


def test_create_through_the_form(client_as):
    client = client_as("administrateur")
    response = client.post(
        reverse("core:user-add"),
        {"username": "jdupont", "first_name": "Jean", "language": "fr", "roles": ["accueil"]},
    )
    assert response.status_code == 302
    assert User.objects.get(username="jdupont").groups.get().name == "accueil"


def test_profile_changes_language(client_as, users):
    client = client_as("comptable")
    client.post(reverse("core:profile"), {"first_name": "Luc", "language": "en", "email": ""})
    users["comptable"].refresh_from_db()
    assert users["comptable"].language == "en"
