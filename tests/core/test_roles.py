from django.contrib.auth.models import Group

from comptoir.core.roles import ROLES


def test_every_role_is_a_group_with_its_permissions(db):
    for code, role in ROLES.items():
        group = Group.objects.get(name=code)
        granted = {
            f"{app}.{codename}"
            for app, codename in group.permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        assert granted == set(role.permissions), code


def test_roles_of_design_exist():
    assert set(ROLES) == {
        "direction",
        "charge_clientele",
        "adv",
        "accueil",
        "service_client",
        "teleconseiller",
        "superviseur",
        "acheteur",
        "comptable",
        "prestataire",
        "administrateur",
    }


def test_outsourced_operator_and_outsider_have_no_permission(users):
    assert users["prestataire"].get_all_permissions() == set()
    assert users["outsider"].get_all_permissions() == set()


def test_only_the_administrator_changes_the_company(users):
    allowed = {code for code, user in users.items() if user.has_perm("core.change_company")}
    assert allowed == {"administrateur"}
