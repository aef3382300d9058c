"""Fixtures every test may use: a company, one user per role, an outsider who must see nothing.

def test_something(users, client_as):
    client = client_as("comptable")
"""

import pytest
from django.contrib.auth.models import Group

from comptoir.core.models import Company, User
from comptoir.core.roles import ROLES

PASSWORD = "Comptoir-test-2026!"


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    # Tasks run inline in tests; the database backend is for real workers.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # A deliberately slow password hash costs seconds per fixture user; tests need none of it.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Uploaded and exported files go to a folder of the test's own, never to var/media.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
    }


@pytest.fixture
def company(db):
    return Company.objects.create(
        legal_name="Atelier Durand SARL",
        legal_form="SARL",
        siren="732829320",
        city="Lyon",
        country="FR",
        currency="EUR",
    )


def make_user(username: str, *roles: str, **fields) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.fr", **fields
    )
    for role in roles:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def users(db, company) -> dict[str, User]:
    """One user per role, keyed by role code, plus "outsider" who has no role at all."""
    found = {code: make_user(code, code) for code in ROLES}
    found["outsider"] = make_user("outsider")
    return found


@pytest.fixture
def client_as(client, users):
    def login(role: str):
        client.force_login(users[role])
        return client

    return login
