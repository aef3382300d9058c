"""`comptoir demo`: loads the demo company, its users and every app's demo data (core.demo)."""

from django.core.management.base import BaseCommand, CommandError

from comptoir.core import demo
from comptoir.core.models import Company


class Command(BaseCommand):
    help = "Loads believable demo data (a French SME); running it twice changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only into a database without a company yet (first start).",
        )

    def handle(self, *args, if_empty, **options):
        if if_empty and Company.objects.exists():
            self.stdout.write(
                "La base contient déjà une entreprise : pas de données de démonstration."
            )
            return
        try:
            ctx = demo.load()
        except demo.DemoRefused as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        for line in ctx.summary:
            self.stdout.write(f"  {line}")
