"""The operator's commands: createadmin, demo, serve's pre-flight check."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.utils import OperationalError
from schwifty import IBAN
from stdnum.fr import siren, siret, tva

from comptoir.core import demo
from comptoir.core.management.commands import serve
from comptoir.core.models import Attachment, AuditEntry, BankAccount, Company, TaxRate, User
from comptoir.core.roles import ROLES

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


# --- createadmin --------------------------------------------------------------------------


def test_createadmin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("COMPTOIR_ADMIN_PASSWORD", "Un-mot-de-passe-solide-42")
    monkeypatch.setenv("COMPTOIR_COMPANY_NAME", "Boulangerie Petit")

    output = run("createadmin", "--email", "chef@example.fr")

    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.email == "chef@example.fr"
    assert admin.check_password("Un-mot-de-passe-solide-42")
    assert admin.groups.filter(name="administrateur").exists()
    assert "Un-mot-de-passe-solide-42" not in output
    assert Company.current().legal_name == "Boulangerie Petit"


def test_createadmin_prints_a_generated_password_once(monkeypatch):
    monkeypatch.delenv("COMPTOIR_ADMIN_PASSWORD", raising=False)

    output = run("createadmin", "--username", "patron")

    password = re.search(r"Mot de passe : (\S+)", output).group(1)
    assert User.objects.get(username="patron").check_password(password)
    assert output.count(password) == 1
    assert Company.current().legal_name == "Mon entreprise"


def test_createadmin_if_missing_does_nothing_the_second_time(monkeypatch):
    monkeypatch.setenv("COMPTOIR_ADMIN_PASSWORD", "Un-mot-de-passe-solide-42")
    run("createadmin", "--if-missing")

    output = run("createadmin", "--if-missing", "--username", "autre")

    assert output.strip().count("\n") == 0 and "existe déjà" in output
    assert list(User.objects.values_list("username", flat=True)) == ["admin"]
    assert Company.objects.count() == 1


# --- demo ---------------------------------------------------------------------------------


def _counts():
    return {
        "companies": Company.objects.count(),
        "accounts": BankAccount.objects.count(),
        "users": User.objects.count(),
        "memberships": User.groups.through.objects.count(),
        "tax_rates": TaxRate.objects.count(),
        "attachments": Attachment.objects.count(),
        "audit": AuditEntry.objects.count(),
    }


def test_demo_twice_gives_the_same_data():
    output = run("demo")
    first = _counts()

    run("demo")

    assert _counts() == first
    assert first["companies"] == 1 and first["accounts"] == 1
    assert first["tax_rates"] == 5  # the French presets
    # A Kbis on the company record, the signed delivery note of a demo delivery.
    assert first["attachments"] == 2
    assert "demo" in output  # the demo password is in the summary


def test_demo_company_has_valid_identifiers():
    demo.load()

    company = Company.current()
    assert company.city == "Lyon" and company.legal_form == "SAS" and company.currency == "EUR"
    assert siren.is_valid(company.siren)
    assert siret.is_valid(company.siret) and company.siret.startswith(company.siren)
    assert tva.is_valid(company.vat_number) and company.vat_number.endswith(company.siren)
    account = company.bank_accounts.get()
    assert IBAN(account.iban).is_valid and account.is_default


def test_demo_users_have_their_roles():
    demo.load()

    for code in ROLES:
        user = User.objects.get(username=code)
        assert list(user.groups.values_list("name", flat=True)) == [code]
        assert user.check_password("demo")
        assert user.first_name and user.email.endswith("@vercors-equipements.fr")


def test_demo_if_empty_leaves_an_existing_company_alone(company):
    output = run("demo", "--if-empty")

    assert "pas de données" in output
    assert Company.objects.get() == company
    assert not User.objects.filter(username="adv").exists()


def test_demo_refuses_to_mix_with_a_real_company(company):
    with pytest.raises(Exception, match="Atelier Durand"):
        run("demo")


def test_demo_calls_each_app_hook(monkeypatch):
    seen = []
    monkeypatch.setattr(demo, "_app_hooks", lambda: iter([seen.append]))

    ctx = demo.load()

    assert seen == [ctx] and ctx.users["adv"].username == "adv"


# --- serve --------------------------------------------------------------------------------


def test_serve_preflight_passes_on_a_migrated_database():
    assert serve.preflight_problem() is None


def test_serve_preflight_asks_for_migrate_when_migrations_are_missing(monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)])

    assert serve.preflight_problem() == (
        "La base de données n'est pas à jour : lancez `comptoir migrate`."
    )


def test_serve_preflight_says_when_the_database_does_not_answer(monkeypatch):
    def refuse():
        raise OperationalError('connection to server at "db" failed\nmore details')

    monkeypatch.setattr(connection, "ensure_connection", refuse)

    problem = serve.preflight_problem()

    assert problem.startswith("La base de données ne répond pas")
    assert "\n" not in problem


def test_serve_stops_with_one_sentence_before_starting(monkeypatch, capsys):
    monkeypatch.setattr(serve, "preflight_problem", lambda: "La base est fermée.")
    monkeypatch.setattr(serve.os, "execv", lambda *a: pytest.fail("gunicorn started"))

    with pytest.raises(SystemExit) as stopped:
        call_command("serve")

    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip() == "La base est fermée."


def test_serve_runs_gunicorn_with_our_settings(monkeypatch):
    started = []
    monkeypatch.setattr(serve.os, "execv", lambda path, args: started.append(args))

    call_command("serve", "--bind", "0.0.0.0:9000", "--workers", "3", stdout=io.StringIO())

    command = started[0]
    assert "comptoir.conf.wsgi:application" in command
    assert command[command.index("--bind") + 1] == "0.0.0.0:9000"
    assert command[command.index("--workers") + 1] == "3"
    assert command[command.index("--access-logfile") + 1] == "-"
    assert Group.objects.exists()  # the database was not touched by the check
