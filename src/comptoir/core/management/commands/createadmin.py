"""`comptoir createadmin`: the first administrator, without questions (for `make run` and
deployment scripts). The password comes from COMPTOIR_ADMIN_PASSWORD or is generated and
printed once."""

import os
import secrets

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from comptoir.core.audit import acting_as
from comptoir.core.models import User
from comptoir.core.services import company_ensure

ADMIN_ROLE = "administrateur"


def framed(lines: list[str]) -> str:
    width = max(len(line) for line in lines)
    border = "+" + "-" * (width + 2) + "+"
    return "\n".join([border, *(f"| {line.ljust(width)} |" for line in lines), border])


class Command(BaseCommand):
    help = "Creates a superuser with the administrator role (password printed once)."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="Do nothing when a superuser already exists.",
        )

    def handle(self, *args, username, email, if_missing, **options):
        with acting_as(None), transaction.atomic():
            # The profile page needs a row to complete; demo data may have made it already.
            company_ensure(legal_name=os.environ.get("COMPTOIR_COMPANY_NAME") or "Mon entreprise")
            if if_missing and User.objects.filter(is_superuser=True).exists():
                self.stdout.write("Un administrateur existe déjà : rien à faire.")
                return
            if User.objects.filter(username=username).exists():
                raise CommandError(f"L'identifiant « {username} » est déjà pris.")
            from_env = os.environ.get("COMPTOIR_ADMIN_PASSWORD")
            password = from_env or secrets.token_urlsafe(12)
            user = User.objects.create_superuser(username=username, email=email, password=password)
            user.groups.add(Group.objects.get(name=ADMIN_ROLE))
        if from_env:
            self.stdout.write(
                f"Administrateur « {username} » créé, avec le mot de passe de COMPTOIR_ADMIN_PASSWORD."
            )
            return
        self.stdout.write(
            framed(
                [
                    "Administrateur créé : notez ce mot de passe, il ne sera plus affiché.",
                    "",
                    f"  Identifiant  : {username}",
                    f"  Mot de passe : {password}",
                    "",
                    "Changez-le après la première connexion.",
                ]
            )
        )
